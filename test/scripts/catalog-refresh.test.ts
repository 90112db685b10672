import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {manifestFacts, manifestUrl, refreshManifests, type ManifestsFile} from '../../scripts/catalog-refresh-lib.js'
import {registryTag} from '../../src/lib/catalog/registry-sizes.js'
import {fixture} from '../helpers/fixtures.js'
import {serve} from '../helpers/server.js'

const manifest = JSON.parse(fixture('ollama/registry-manifest.COMPOSED.json')) as {layers: Array<{digest: string; size: number}>}

describe('npm run catalog:refresh (against a loopback registry)', () => {
  it('a manifest gives the model layer\'s digest and size, and the whole download', () => {
    expect(manifestFacts(manifest)).toEqual({
      digest: 'sha256:633fc5be925f9a484b61d6f9b9a78021eeb462100bd557309f01ba84cac26adf', modelBytes: 2_176_177_120, totalBytes: 2_176_177_120 + 1084 + 148 + 78,
    })
    expect(manifestFacts({layers: [{mediaType: 'application/vnd.ollama.image.license', digest: 'sha256:x', size: 1}]})).toEqual({error: 'no application/vnd.ollama.image.model layer'})
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
      fetchedAt: '2026-07-15', registry: server.url,
      tags: {'qwen3:4b': {digest: 'sha256:old', modelBytes: 2_500_000_000, totalBytes: 2_500_001_000}, gone: {digest: 'sha256:kept', modelBytes: 1, totalBytes: 1}},
    }
    const fetchJson = async (url: string) => {
      const response = await fetch(url)
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      return response.json()
    }
    const {file, repointed, failed} = await refreshManifests(['phi3:mini', 'qwen3:4b', 'gone', 'phi3:mini'], previous, fetchJson, new Date('2026-12-01T10:00:00Z'))
    expect(file.fetchedAt).toBe('2026-12-01')
    expect(Object.keys(file.tags)).toEqual(['gone', 'phi3:mini', 'qwen3:4b'])
    expect(file.tags['qwen3:4b']).toMatchObject({digest: 'sha256:0123', modelBytes: 5_000_000_000})
    expect(file.tags.gone).toEqual(previous.tags.gone)
    expect(repointed).toEqual(['qwen3:4b'])
    expect(failed).toEqual([{tag: 'gone', reason: 'HTTP 404'}])
  })

  it('a run that reads nothing (no network) keeps the date of the last one that did', async () => {
    const previous: ManifestsFile = {fetchedAt: '2026-07-15', registry: 'http://127.0.0.1:1', tags: {}}
    const {file, failed} = await refreshManifests(['qwen3:8b'], previous, async () => {
      throw new Error('fetch failed')
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

describe('the catalog sizes a tag the refresh read exactly, over the library page', () => {
  it('registryTag: the manifest total with its date; nothing for a tag the refresh did not read', () => {
    const sizes = {fetchedAt: '2026-12-01', tags: {'qwen3:8b': {totalBytes: 5_225_388_164}}}
    expect(registryTag(sizes, 'qwen3:8b', 'Q4_K_M')).toEqual({tag: 'qwen3:8b', quant: 'Q4_K_M', sizeBytes: 5_225_388_164, sizeSource: 'Ollama registry manifest (catalog:refresh 2026-12-01)'})
    expect(registryTag(sizes, 'qwen3:14b', 'Q4_K_M')).toBeUndefined()
  })
})
