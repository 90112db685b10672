import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {
  catalogDrift,
  manifestFacts,
  manifestUrl,
  offersTools,
  refreshManifests,
  tagDetails,
  type ManifestsFile,
} from '../../scripts/catalog-refresh-lib.js'
import {findModel} from '../../src/lib/catalog/lookup.js'
import {languageModels} from '../../src/lib/catalog/models.js'
import {registryTag} from '../../src/lib/catalog/registry-sizes.js'
import {http} from '../../src/lib/net/http.js'
import {fixture} from '../helpers/fixtures.js'
import {archMetadata, writeGguf} from '../helpers/gguf.js'
import {serve} from '../helpers/server.js'
import {tempDir} from '../helpers/system.js'

const sha = (bytes: Buffer | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

/** A registry with one tag: a 36-layer GGUF header as its model layer, a template and a config blob. */
async function registryWith(template: string, config: object) {
  const file = path.join(tempDir(), 'model.gguf')
  writeGguf(
    file,
    archMetadata('qwen3', {
      block_count: 36,
      context_length: 40960,
      embedding_length: 4096,
      'attention.head_count': 32,
      'attention.head_count_kv': 8,
      'attention.key_length': 128,
    }),
    [{name: 'blk.0.attn_q.weight', dims: [4096, 16], type: 0, bytes: 4096 * 16 * 4}],
  )
  const gguf = readFileSync(file)
  const configText = JSON.stringify(config)
  const manifest = {
    schemaVersion: 2,
    config: {mediaType: 'application/vnd.docker.container.image.v1+json', digest: sha(configText), size: configText.length},
    layers: [
      {mediaType: 'application/vnd.ollama.image.model', digest: sha(gguf), size: gguf.length},
      {mediaType: 'application/vnd.ollama.image.template', digest: sha(template), size: template.length},
    ],
  }
  const server = await serve({
    'GET /v2/library/qwen3/manifests/8b': {body: JSON.stringify(manifest)},
    [`GET /v2/library/qwen3/blobs/${sha(gguf)}`]: {handle: (response) => response.end(gguf)},
    [`GET /v2/library/qwen3/blobs/${sha(template)}`]: {body: template},
    [`GET /v2/library/qwen3/blobs/${sha(configText)}`]: {body: configText},
  })
  return {server, manifest}
}

const manifest = JSON.parse(fixture('ollama/registry-manifest.COMPOSED.json')) as {layers: Array<{digest: string; size: number}>}

describe('npm run catalog:refresh (against a loopback registry)', () => {
  it('a manifest gives the model layer\'s digest and size, and the whole download', () => {
    expect(manifestFacts(manifest)).toEqual({
      digest: 'sha256:633fc5be925f9a484b61d6f9b9a78021eeb462100bd557309f01ba84cac26adf',
      modelBytes: 2_176_177_120,
      totalBytes: 2_176_177_120 + 1084 + 148 + 78,
    })
    expect(manifestFacts({layers: [{mediaType: 'application/vnd.ollama.image.license', digest: 'sha256:x', size: 1}]})).toEqual({
      error: 'no application/vnd.ollama.image.model layer',
    })
    expect(manifestFacts({errors: [{code: 'MANIFEST_UNKNOWN'}]})).toEqual({error: 'no layers in the manifest'})
  })

  it('names as Ollama reads them: a bare name is :latest, the library namespace unless one is given', () => {
    expect(manifestUrl('https://registry.ollama.ai/', 'qwen3:8b')).toBe('https://registry.ollama.ai/v2/library/qwen3/manifests/8b')
    expect(manifestUrl('https://registry.ollama.ai', 'gemma4')).toBe('https://registry.ollama.ai/v2/library/gemma4/manifests/latest')
    expect(manifestUrl('https://registry.ollama.ai', 'someone/model:q8')).toBe('https://registry.ollama.ai/v2/someone/model/manifests/q8')
  })

  it('reads every tag, keeps what it could not read as it was, and names the tags that were re-pointed', async () => {
    const moved = {...manifest, layers: [{...manifest.layers[0]!, digest: 'sha256:0123', size: 5_000_000_000}, ...manifest.layers.slice(1)]}
    const server = await serve({
      'GET /v2/library/phi3/manifests/mini': {body: JSON.stringify(manifest)},
      'GET /v2/library/qwen3/manifests/4b': {body: JSON.stringify(moved)},
      'GET /v2/library/gone/manifests/latest': {status: 404, body: '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'},
    })
    const previous: ManifestsFile = {
      fetchedAt: '2026-07-15',
      registry: server.url,
      tags: {
        'qwen3:4b': {digest: 'sha256:old', modelBytes: 2_500_000_000, totalBytes: 2_500_001_000},
        gone: {digest: 'sha256:kept', modelBytes: 1, totalBytes: 1},
      },
    }
    const fetchJson = async (url: string) => {
      const response = await fetch(url)
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      return response.json()
    }
    const {file, repointed, failed} = await refreshManifests(
      ['phi3:mini', 'qwen3:4b', 'gone', 'phi3:mini'],
      previous,
      {fetchJson},
      new Date('2026-12-01T10:00:00Z'),
    )
    expect(file.fetchedAt).toBe('2026-12-01')
    expect(Object.keys(file.tags)).toEqual(['gone', 'phi3:mini', 'qwen3:4b'])
    expect(file.tags['qwen3:4b']).toMatchObject({digest: 'sha256:0123', modelBytes: 5_000_000_000})
    expect(file.tags.gone).toEqual(previous.tags.gone)
    expect(repointed).toEqual(['qwen3:4b'])
    expect(failed).toEqual([{tag: 'gone', reason: 'HTTP 404'}])
  })

  it('a run that reads nothing (no network) keeps the date of the last one that did', async () => {
    const previous: ManifestsFile = {fetchedAt: '2026-07-15', registry: 'http://127.0.0.1:1', tags: {}}
    const {file, failed} = await refreshManifests(['qwen3:8b'], previous, {
      fetchJson: async () => {
        throw new Error('fetch failed')
      },
    }, new Date('2026-12-01T10:00:00Z'))
    expect(file.fetchedAt).toBe('2026-07-15')
    expect(failed).toEqual([{tag: 'qwen3:8b', reason: 'fetch failed'}])
  })

  it('the committed file has the shape the catalog reads', () => {
    const file = JSON.parse(readFileSync(new URL('../../src/lib/catalog/ollama-manifests.json', import.meta.url), 'utf8')) as ManifestsFile
    expect(file.registry).toBe('https://registry.ollama.ai')
    expect(file.fetchedAt === null || /^\d{4}-\d{2}-\d{2}$/.test(file.fetchedAt)).toBe(true)
    for (const [tag, facts] of Object.entries(file.tags)) {
      expect(facts.digest, tag).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(facts.totalBytes, tag).toBeGreaterThanOrEqual(facts.modelBytes)
    }
  })
})

describe('catalog:refresh reads what each tag is: its GGUF header and whether Ollama offers it tools', () => {
  it('the header gives the architecture; the template\'s .Tools (or a built-in parser in the config) gives tools', async () => {
    const withTools = await registryWith('{{ if .Tools }}<tools>{{ range .Tools }}{{ . }}{{ end }}</tools>{{ end }}{{ .Prompt }}', {
      model_family: 'qwen3',
    })
    const facts = await tagDetails(withTools.server.url, 'qwen3:8b', withTools.manifest, {http})
    expect(facts).toEqual({header: {layers: 36, kvHeads: 8, headDim: 128, contextLength: 40960}, tools: true})
    // The refresh has the manifest already: the registry is asked for blobs only.
    expect(withTools.server.hits.filter((hit) => hit.includes('/manifests/'))).toEqual([])
    const without = await registryWith('{{ .System }} {{ .Prompt }}', {model_family: 'qwen3'})
    expect((await tagDetails(without.server.url, 'qwen3:8b', without.manifest, {http})).tools).toBe(false)
    // Newer tags ship an empty template and name a parser Ollama has built in (qwen3.5, gemma4).
    expect(offersTools('', {parser: 'qwen3-coder', renderer: 'qwen3-coder'})).toBe(true)
    expect(offersTools(null, null)).toBe(false)
  })

  it('a tag whose model layer is the one read before keeps its facts; a new or re-pointed one is read', async () => {
    const reads: string[] = []
    const manifestFor = (digest: string) => ({layers: [{mediaType: 'application/vnd.ollama.image.model', digest, size: 10}]})
    const manifests: Record<string, object> = {'phi3:mini': manifestFor('sha256:same'), 'qwen3:4b': manifestFor('sha256:new')}
    const previous: ManifestsFile = {
      fetchedAt: '2026-07-15',
      registry: 'http://registry.test',
      tags: {
        'phi3:mini': {
          digest: 'sha256:same',
          modelBytes: 10,
          totalBytes: 10,
          header: {layers: 32, kvHeads: 32, headDim: 96, contextLength: 4096},
          tools: false,
        },
      },
    }
    const {file} = await refreshManifests(['phi3:mini', 'qwen3:4b'], previous, {
      fetchJson: async (url) => manifests[url.includes('phi3') ? 'phi3:mini' : 'qwen3:4b'],
      details: async (tag) => (reads.push(tag), {header: {layers: 36, kvHeads: 8, headDim: 128, contextLength: 262144}, tools: true}),
    }, new Date('2026-12-01T10:00:00Z'))
    expect(reads).toEqual(['qwen3:4b'])
    expect(file.tags['phi3:mini']).toEqual(previous.tags['phi3:mini'])
    expect(file.tags['qwen3:4b']).toMatchObject({digest: 'sha256:new', header: {contextLength: 262144}, tools: true})
  })

  it('names every catalog entry that disagrees with its tag: the numbers memory is computed from, and tools', () => {
    const qwen = findModel('qwen3:8b')!.model
    const file: ManifestsFile = {fetchedAt: '2026-12-01', registry: 'https://registry.ollama.ai', tags: {
      'qwen3:8b': {digest: 'sha256:x', modelBytes: 1, totalBytes: 1, tools: qwen.capabilities.includes('tools'),
        header: {layers: qwen.arch.layers, kvHeads: qwen.arch.kvHeads, headDim: qwen.arch.headDim, contextLength: qwen.contextLength}},
    }}
    expect(catalogDrift(languageModels(), file)).toEqual([])
    file.tags['qwen3:8b']!.header!.layers += 4
    file.tags['qwen3:8b']!.tools = false
    expect(catalogDrift(languageModels(), file)).toEqual([
      {tag: 'qwen3:8b', field: 'layers', catalog: qwen.arch.layers, registry: qwen.arch.layers + 4},
      {tag: 'qwen3:8b', field: 'tools', catalog: true, registry: false},
    ])
  })

  it('the committed file agrees with the catalog wherever the last refresh read a tag', () => {
    const file = JSON.parse(readFileSync(new URL('../../src/lib/catalog/ollama-manifests.json', import.meta.url), 'utf8')) as ManifestsFile
    expect(catalogDrift(languageModels(), file)).toEqual([])
  })
})

describe('the catalog sizes a tag the refresh read exactly, over the library page', () => {
  it('registryTag: the manifest total with its date; nothing for a tag the refresh did not read', () => {
    const sizes = {fetchedAt: '2026-12-01', tags: {'qwen3:8b': {totalBytes: 5_225_388_164}}}
    expect(registryTag(sizes, 'qwen3:8b', 'Q4_K_M')).toEqual({
      tag: 'qwen3:8b',
      quant: 'Q4_K_M',
      sizeBytes: 5_225_388_164,
      sizeSource: 'Ollama registry manifest (catalog:refresh 2026-12-01)',
    })
    expect(registryTag(sizes, 'qwen3:14b', 'Q4_K_M')).toBeUndefined()
  })
})
