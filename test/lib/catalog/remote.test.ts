import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {weightsBytes} from '../../../src/lib/catalog/memory.js'
import {headerCacheDir} from '../../../src/lib/catalog/header-cache.js'
import {isRemoteName, remoteModel} from '../../../src/lib/catalog/remote.js'
import {http as request} from '../../../src/lib/net/http.js'
import {archMetadata, writeGguf} from '../../helpers/gguf.js'
import {serve, type Reply} from '../../helpers/server.js'
import {tempDir} from '../../helpers/system.js'

const Q4_K = 12
const F32 = 0

/** A two-layer llama whose embedding alone is 74 MB: the header is a few hundred bytes at the front. */
function bigGguf(): Buffer {
  const file = path.join(tempDir(), 'big.gguf')
  const embedding = {name: 'token_embd.weight', dims: [4096, 32000], type: Q4_K, bytes: (4096 * 32000 / 256) * 144}
  const layers = [0, 1].flatMap((layer) => [
    {name: `blk.${layer}.attn_q.weight`, dims: [4096, 4096], type: Q4_K, bytes: ((4096 * 4096) / 256) * 144},
  ])
  writeGguf(file, archMetadata('llama', {
    block_count: 2, context_length: 131072, embedding_length: 4096, 'attention.head_count': 32, 'attention.head_count_kv': 8,
  }), [embedding, ...layers, {name: 'output_norm.weight', dims: [4096], type: F32, bytes: 4096 * 4}])
  return readFileSync(file)
}

/** Serves `bytes` with Range support, as the Hub's resolve URLs and the registry's blob URLs do. */
function ranged(bytes: Buffer, served: number[]): (request: http.IncomingMessage) => Reply {
  return (incoming) => ({
    handle(response) {
      const [, start, end] = /bytes=(\d+)-(\d+)/.exec(incoming.headers.range ?? '') ?? []
      if (start === undefined) {
        response.writeHead(200, {'content-length': String(bytes.length)})
        response.end(bytes)
        return
      }
      const chunk = bytes.subarray(Number(start), Math.min(bytes.length, Number(end) + 1))
      served.push(chunk.length)
      response.writeHead(206, {
        'content-range': `bytes ${start}-${Number(start) + chunk.length - 1}/${bytes.length}`,
        'content-length': String(chunk.length),
      })
      response.end(chunk)
    },
  })
}

const exactWeights = (4096 * 32000 / 256) * 144 + 2 * (4096 * 4096 / 256) * 144 + 4096 * 4

describe('a model outside the catalog, sized from its GGUF header over HTTP', () => {
  it('hf.co/<org>/<repo>:<QUANT>: the file list, the file for that quantization, only its header (by Range)', async () => {
    const gguf = bigGguf()
    const served: number[] = []
    const tree = [
      {type: 'file', path: 'README.md', size: 10},
      {type: 'file', path: 'Tiny-Q8_0.gguf', size: 1},
      {type: 'file', path: 'Tiny-Q4_K_M.gguf', size: gguf.length},
      {type: 'file', path: 'mmproj-Tiny-Q4_K_M.gguf', size: 5},
    ]
    const hub = await serve({
      'GET /api/models/acme/Tiny-GGUF/tree/main': (incoming) => ({
        status: incoming.headers.authorization === 'Bearer hf_test' ? 200 : 401,
        body: JSON.stringify(tree),
      }),
      'GET /acme/Tiny-GGUF/resolve/main/Tiny-Q4_K_M.gguf': ranged(gguf, served),
    })
    const {model, downloadBytes, bytesRead} = await remoteModel('hf.co/acme/Tiny-GGUF:Q4_K_M', {
      http: request,
      env: {HF_ENDPOINT: hub.url, HF_TOKEN: 'hf_test'},
    })
    expect(model).toMatchObject({
      id: 'hf.co/acme/Tiny-GGUF:Q4_K_M',
      contextLength: 131072,
      arch: {layers: 2, kvHeads: 8, headDim: 128, hidden: 4096},
    })
    expect(weightsBytes(model, 'Q4_K_M')).toMatchObject({bytes: exactWeights, exact: true})
    expect(downloadBytes).toBe(gguf.length)
    // One range of 1 MiB holds the whole header: 74 MB were never read.
    expect(served).toEqual([Math.min(gguf.length, 1 << 20)])
    expect(bytesRead).toBeLessThan(1.1 * 2 ** 20)
  })

  it('an Ollama tag the catalog does not know: its manifest, then the model layer\'s header from the blob', async () => {
    const gguf = bigGguf()
    const served: number[] = []
    const manifest = {schemaVersion: 2, layers: [
      {mediaType: 'application/vnd.ollama.image.model', digest: 'sha256:abc', size: gguf.length},
      {mediaType: 'application/vnd.ollama.image.template', digest: 'sha256:def', size: 148},
    ]}
    const registry = await serve({
      'GET /v2/library/tiny/manifests/2b': {body: JSON.stringify(manifest)},
      'GET /v2/library/tiny/blobs/sha256:abc': ranged(gguf, served),
    })
    const {model, downloadBytes} = await remoteModel('tiny:2b', {http: request, env: {LOCALCLAW_OLLAMA_REGISTRY: registry.url}})
    expect(weightsBytes(model, 'Q4_K_M').bytes).toBe(exactWeights)
    expect(downloadBytes).toBe(gguf.length + 148)
    expect(served.reduce((sum, bytes) => sum + bytes, 0)).toBeLessThan(gguf.length / 10)
  })

  it('a header read once is kept by its digest: the next read fetches only the manifest, a re-pointed tag is read again, a damaged entry is replaced', async () => {
    const gguf = bigGguf()
    const digest = `sha256:${createHash('sha256').update(gguf).digest('hex')}`
    const served: number[] = []
    let layer = digest
    const registry = await serve({
      'GET /v2/library/tiny/manifests/2b': () => ({
        body: JSON.stringify({
          schemaVersion: 2,
          layers: [{mediaType: 'application/vnd.ollama.image.model', digest: layer, size: gguf.length}],
        }),
      }),
      [`GET /v2/library/tiny/blobs/${digest}`]: ranged(gguf, served),
      'GET /v2/library/tiny/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000': ranged(gguf, served),
    })
    const cacheDir = headerCacheDir({XDG_CACHE_HOME: tempDir()}, '/nonexistent')
    const options = {http: request, env: {LOCALCLAW_OLLAMA_REGISTRY: registry.url}, cacheDir}
    const first = await remoteModel('tiny:2b', options)
    expect(first.fromCache).toBe(false)
    expect(served).toHaveLength(1)
    const entry = `${cacheDir}/sha256-${digest.slice(7)}.header`
    expect(existsSync(entry)).toBe(true)

    const second = await remoteModel('tiny:2b', options)
    expect(second).toMatchObject({fromCache: true, model: {arch: first.model.arch}})
    expect(weightsBytes(second.model, 'Q4_K_M').bytes).toBe(exactWeights)
    expect(second.model.source).toMatch(/kept in localclaw's cache by its digest$/)
    // No range of the blob was asked for again: only the manifest (a few hundred bytes).
    expect(served).toHaveLength(1)
    expect(second.bytesRead).toBeLessThan(1000)

    // The tag now points at another layer: another digest, read from the registry.
    layer = 'sha256:0000000000000000000000000000000000000000000000000000000000000000'
    expect((await remoteModel('tiny:2b', options)).fromCache).toBe(false)
    expect(served).toHaveLength(2)

    // An entry that no longer parses is read again and rewritten, never an error for the user.
    layer = digest
    writeFileSync(entry, 'not a gguf header')
    const repaired = await remoteModel('tiny:2b', options)
    expect(repaired.fromCache).toBe(false)
    expect(weightsBytes(repaired.model, 'Q4_K_M').bytes).toBe(exactWeights)
    expect(readFileSync(entry).subarray(0, 4).toString()).toBe('GGUF')
    expect(readdirSync(cacheDir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('a Hugging Face GGUF is kept by the LFS sha256 its file list gives', async () => {
    const gguf = bigGguf()
    const served: number[] = []
    const tree = [
      {
        type: 'file',
        path: 'Tiny-Q4_K_M.gguf',
        size: gguf.length,
        lfs: {oid: createHash('sha256').update(gguf).digest('hex'), size: gguf.length},
      },
    ]
    const hub = await serve({
      'GET /api/models/acme/Tiny-GGUF/tree/main': {body: JSON.stringify(tree)},
      'GET /acme/Tiny-GGUF/resolve/main/Tiny-Q4_K_M.gguf': ranged(gguf, served),
    })
    const options = {http: request, env: {HF_ENDPOINT: hub.url}, cacheDir: headerCacheDir({XDG_CACHE_HOME: tempDir()}, '/nonexistent')}
    expect((await remoteModel('hf.co/acme/Tiny-GGUF:Q4_K_M', options)).fromCache).toBe(false)
    const again = await remoteModel('hf.co/acme/Tiny-GGUF:Q4_K_M', options)
    expect(again.fromCache).toBe(true)
    expect(weightsBytes(again.model, 'Q4_K_M').bytes).toBe(exactWeights)
    expect(served).toHaveLength(1)
  })

  it('the cache lives under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(headerCacheDir({XDG_CACHE_HOME: '/var/cache/me'}, '/home/me')).toBe('/var/cache/me/localclaw/gguf-headers')
    expect(headerCacheDir({}, '/home/me')).toBe('/home/me/.cache/localclaw/gguf-headers')
  })

  it('says plainly what is missing: a quantization the repository lacks, a name nobody has, no network', async () => {
    const hub = await serve({'GET /api/models/acme/Tiny-GGUF/tree/main': {body: JSON.stringify([{type: 'file', path: 'Tiny-Q8_0.gguf'}])}})
    await expect(remoteModel('hf.co/acme/Tiny-GGUF:Q4_K_M', {http: request, env: {HF_ENDPOINT: hub.url}})).rejects.toThrow(
      'hf.co/acme/Tiny-GGUF has no Q4_K_M GGUF.',
    )
    await expect(remoteModel('nothing:1b', {http: request, env: {LOCALCLAW_OLLAMA_REGISTRY: hub.url}})).rejects.toMatchObject({
      code: 'unknown_model',
    })
    await expect(
      remoteModel('tiny:2b', {http: request, env: {LOCALCLAW_OLLAMA_REGISTRY: 'http://127.0.0.1:1'}, timeoutMs: 1000}),
    ).rejects.toMatchObject({code: 'network'})
  })

  it('knows which names are remote', () => {
    expect(
      ['hf.co/Qwen/Qwen3-8B-GGUF:Q4_K_M', 'https://example.com/m.gguf', 'phi4-mini-reasoning:3.8b', 'someone/model:q8'].map(isRemoteName),
    ).toEqual([true, true, true, true])
    expect(['my-model', 'qwen3', 'https://example.com/page'].map(isRemoteName)).toEqual([false, false, false])
  })
})
