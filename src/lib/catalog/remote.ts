import {ExitCode, LocalclawError} from '../errors.js'
import type {HttpRequest} from '../net/http.js'
import {modelFromGguf} from './custom.js'
import {readGgufHeaderFrom, type ByteSource, type GgufHeader} from './gguf.js'
import {readThroughCache} from './header-cache.js'
import type {LanguageModel} from './types.js'

/**
 * A model the catalog does not know, sized exactly from its GGUF header read over HTTP: a Hugging Face
 * GGUF (`hf.co/<org>/<repo>:<QUANT>`, Ollama's own syntax), a `.gguf` URL, or an Ollama tag through the
 * registry's manifest and blob. Only the header is read, by Range, growing the range until the tensor
 * table is complete (a few MB even for a 400 GB model).
 */
export interface RemoteOptions {
  http: HttpRequest
  env: NodeJS.ProcessEnv
  /** Per request; every request is time-boxed. */
  timeoutMs?: number
  /** Where headers read before are kept, by digest (headerCacheDir); none: read every time. */
  cacheDir?: string | null
}

export interface RemoteModel {
  model: LanguageModel
  /** What `ollama pull` or the download would fetch: every file or layer, not only the weights. */
  downloadBytes: number | null
  /** Bytes read over the network to learn it: the header's ranges and the listings. */
  bytesRead: number
  /** The header came from the cache: only the listing or manifest was read. */
  fromCache: boolean
}

const FIRST_RANGE = 1 << 20
const MAX_RANGE = 64 << 20

/** Whether a name is one remote.ts can size: a Hugging Face GGUF, a .gguf URL, or an Ollama name:tag. */
export function isRemoteName(query: string): boolean {
  return (
    /^(hf\.co|huggingface\.co)\//i.test(query) || /^https?:\/\/\S+\.gguf(\?|$)/i.test(query) || /^[\w.-]+(\/[\w.-]+)?:[\w.-]+$/.test(query)
  )
}

function unreachable(what: string, detail: string): LocalclawError {
  return new LocalclawError(`Could not read ${what}: ${detail}.`, {
    code: 'network',
    exit: ExitCode.failed,
    suggestions: [
      'Check the network (this needs Hugging Face or the Ollama registry), or describe the model: --params <B> --layers <n> --kv-heads <n> --head-dim <n>',
    ],
  })
}

/** A URL read by Range: each read asks for at least twice the last, so a large header takes few requests. */
function rangeSource(http: HttpRequest, url: string, headers: Record<string, string>, timeoutMs: number,
  counter: {bytes: number}): ByteSource {
  let next = FIRST_RANGE
  const source: ByteSource = {
    size: null, label: url.replace(/\?.*$/, ''),
    async read(position, length) {
      const want = Math.min(MAX_RANGE, Math.max(length, next))
      next = Math.min(MAX_RANGE, want * 2)
      const answer = await http(url, {
        headers: {...headers, range: `bytes=${position}-${position + want - 1}`},
        timeoutMs,
        binary: true,
        retries: 2,
      })
      if (!answer.ok) throw unreachable(source.label, answer.message)
      if (answer.status !== 206 && answer.status !== 200) throw unreachable(source.label, `HTTP ${answer.status}`)
      let bytes = Buffer.from(answer.bytes ?? new Uint8Array())
      // A server that ignores Range sends the whole file from 0: keep only what was asked for.
      if (answer.status === 200) bytes = bytes.subarray(position, position + want)
      const total = /\/(\d+)$/.exec(answer.headers.get('content-range') ?? '')?.[1]
      if (total) source.size = Number(total)
      counter.bytes += bytes.length
      return bytes
    },
  }
  return source
}

async function getJson(options: RemoteOptions, url: string, headers: Record<string, string>, what: string,
  counter: {bytes: number}): Promise<unknown> {
  const answer = await options.http(url, {headers, timeoutMs: options.timeoutMs ?? 15_000, retries: 2})
  if (!answer.ok) throw unreachable(what, answer.message)
  counter.bytes += answer.body.length
  if (answer.status === 401 || answer.status === 403) {
    throw new LocalclawError(`${what} needs a token (HTTP ${answer.status}).`, {
      code: 'network',
      exit: ExitCode.failed,
      suggestions: ['Set HF_TOKEN to a Hugging Face token that may read the repository (gated models need their terms accepted)'],
    })
  }
  if (answer.status === 404)
    throw new LocalclawError(`${what} does not exist (HTTP 404).`, {
      code: 'unknown_model',
      exit: ExitCode.usage,
      suggestions: ['Check the name: hf.co/<org>/<repo>:<QUANT>, or an Ollama name:tag'],
    })
  if (answer.status !== 200) throw unreachable(what, `HTTP ${answer.status}`)
  try {
    return JSON.parse(answer.body)
  } catch {
    throw unreachable(what, 'the answer is not JSON')
  }
}

/** Where a runtime fetches it: Ollama pulls an hf.co name or its own tag as typed; llama.cpp and LM Studio take the repository. */
type Origin = {ollamaTag?: string; repo?: string; sizeSource: string}

/** The header behind a digest: from the cache where it was read before, else by Range. */
async function header(options: RemoteOptions, digest: string | undefined,
  network: ByteSource): Promise<{header: GgufHeader; fromCache: boolean}> {
  const {value, fromCache} = await readThroughCache(options.cacheDir, digest, network, readGgufHeaderFrom)
  return {header: value, fromCache}
}

function fromHeader(name: string, read: {header: GgufHeader; fromCache: boolean}, downloadBytes: number | null, bytesRead: number,
  source: string, origin?: Origin): RemoteModel {
  const measured = modelFromGguf(name, read.header)
  const quant = measured.measured!.quant
  const model: LanguageModel = {
    ...measured, id: name, name, source: read.fromCache ? `${source}, kept in localclaw's cache by its digest` : source,
    ...(origin?.ollamaTag ? {ollama: [{tag: origin.ollamaTag, quant, sizeBytes: downloadBytes ?? measured.measured!.bytes,
      sizeSource: origin.sizeSource}]} : {}),
    ...(origin?.repo ? {gguf: origin.repo, lmstudio: origin.repo} : {}),
  }
  return {model, downloadBytes, bytesRead, fromCache: read.fromCache}
}

/** hf.co/<org>/<repo>:<QUANT>: the repository's file list, the file for that quantization, its header. */
async function huggingFace(query: string, options: RemoteOptions): Promise<RemoteModel> {
  const [, repo, quant] = /^(?:hf\.co|huggingface\.co)\/([^/:\s]+\/[^/:\s]+)(?::(\S+))?$/i.exec(query) ?? []
  if (!repo)
    throw new LocalclawError(`"${query}" is not a Hugging Face GGUF name.`, {
      code: 'usage',
      exit: ExitCode.usage,
      suggestions: ['hf.co/<org>/<repo>:<QUANT>, e.g. hf.co/Qwen/Qwen3-8B-GGUF:Q4_K_M'],
    })
  // huggingface_hub's own variables: another endpoint (a mirror), and a token for gated repositories.
  const endpoint = (options.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '')
  const headers: Record<string, string> = options.env.HF_TOKEN ? {authorization: `Bearer ${options.env.HF_TOKEN}`} : {}
  const counter = {bytes: 0}
  const files = await getJson(options, `${endpoint}/api/models/${repo}/tree/main`, headers, `hf.co/${repo}`, counter)
  const ggufs = (Array.isArray(files) ? files : []).filter(
    (file): file is {path: string; size?: number; lfs?: {oid?: string}} =>
      typeof file?.path === 'string' && /\.gguf$/i.test(file.path) && !/mmproj/i.test(file.path),
  )
  const wanted = (quant ?? 'Q4_K_M').toLowerCase()
  const matching = ggufs.filter((file) => file.path.toLowerCase().includes(wanted))
  const choice = matching.find((file) => !/-\d{5}-of-\d{5}\.gguf$/i.test(file.path))
  if (!choice) {
    const split = matching.length > 0
    throw new LocalclawError(
      split
        ? `hf.co/${repo} has ${quant ?? 'Q4_K_M'} only as split files, whose headers each hold part of the tensors.`
        : `hf.co/${repo} has no ${quant ?? 'Q4_K_M'} GGUF.`,
      {
        code: 'no_variant',
        exit: ExitCode.usage,
        suggestions: split
          ? ['Download it and measure the files: --gguf <first part> (or pick a quantization in one file)']
          : [`It has: ${ggufs.map((file) => file.path).join(', ') || 'no GGUF files'}`],
      },
    )
  }
  const url = `${endpoint}/${repo}/resolve/main/${choice.path.split('/').map(encodeURIComponent).join('/')}`
  // The Hub lists each LFS file's sha256: the cache's name for its header.
  const read = await header(options, choice.lfs?.oid, rangeSource(options.http, url, headers, options.timeoutMs ?? 15_000, counter))
  return fromHeader(query, read, choice.size ?? null, counter.bytes, `GGUF header of ${url} (read by range)`, {
    ollamaTag: `hf.co/${repo}:${quant ?? 'Q4_K_M'}`, repo, sizeSource: 'exact: the Hugging Face file list',
  })
}

/** Where the registry keeps a tag, as Ollama reads the name: a bare name is :latest, in the library namespace. */
export function registryUrls(registry: string, query: string): {manifest: string; blob: (digest: string) => string} {
  const [name, tag = 'latest'] = query.split(':')
  const base = `${registry.replace(/\/+$/, '')}/v2/${name!.includes('/') ? name! : `library/${name}`}`
  return {manifest: `${base}/manifests/${tag}`, blob: (digest) => `${base}/blobs/${digest}`}
}

const ollamaRegistry = (options: RemoteOptions) => options.env.LOCALCLAW_OLLAMA_REGISTRY ?? 'https://registry.ollama.ai'

/** An Ollama tag: its manifest from the registry, then the model layer's header from the blob. */
async function ollamaTag(query: string, options: RemoteOptions): Promise<RemoteModel> {
  const counter = {bytes: 0}
  const accept = {accept: 'application/vnd.docker.distribution.manifest.v2+json'}
  const manifestUrl = registryUrls(ollamaRegistry(options), query).manifest
  const manifest = await getJson(options, manifestUrl, accept, `${query} in the Ollama registry`, counter)
  return modelFromManifest(query, manifest, options, counter)
}

/** The model an Ollama manifest names, sized from its model layer's header (the refresh script has the manifest already). */
export async function modelFromManifest(query: string, manifest: unknown, options: RemoteOptions,
  counter = {bytes: 0}): Promise<RemoteModel> {
  const urls = registryUrls(ollamaRegistry(options), query)
  const listed = (manifest as {layers?: unknown} | null)?.layers
  const layers = (Array.isArray(listed) ? listed : []) as Array<{mediaType?: string; digest?: string; size?: number}>
  const model = layers.find((layer) => layer.mediaType === 'application/vnd.ollama.image.model' && typeof layer.digest === 'string')
  if (!model) throw unreachable(`${query} in the Ollama registry`, 'its manifest has no model layer')
  const blob = rangeSource(options.http, urls.blob(model.digest!), {}, options.timeoutMs ?? 15_000, counter)
  const read = await header(options, model.digest, blob)
  const downloadBytes = layers.reduce((sum, layer) => sum + (typeof layer.size === 'number' ? layer.size : 0), 0)
  return fromHeader(
    query,
    read,
    downloadBytes,
    counter.bytes,
    `GGUF header of ${query}'s model layer in the Ollama registry (read by range)`,
    {
      ollamaTag: query,
      sizeSource: 'exact: the Ollama registry manifest',
    },
  )
}

/** The model behind a remote name, sized from its header. */
export async function remoteModel(query: string, options: RemoteOptions): Promise<RemoteModel> {
  if (/^(hf\.co|huggingface\.co)\//i.test(query)) return huggingFace(query, options)
  if (/^https?:\/\//i.test(query)) {
    const counter = {bytes: 0}
    // A bare URL names no digest to cache by: its header is read each time.
    const read = await header(options, undefined, rangeSource(options.http, query, {}, options.timeoutMs ?? 15_000, counter))
    return fromHeader(query.replace(/^.*\//, '').replace(/\?.*$/, ''), read, null, counter.bytes, `GGUF header of ${query} (read by range)`)
  }
  return ollamaTag(query, options)
}
