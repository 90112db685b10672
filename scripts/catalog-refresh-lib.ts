// The logic of `npm run catalog:refresh` (scripts/catalog-refresh.ts), apart so the tests can drive it
// against a loopback registry: read each catalog tag's manifest from the Ollama registry, keep its
// digest and exact sizes, read what the model layer's GGUF header and the tag's template say, and
// name the tags that moved since the last refresh and the catalog entries that disagree with them.
import type {HttpRequest} from '../src/lib/net/http.js'
import {modelFromManifest, registryUrls} from '../src/lib/catalog/remote.js'
import {byKey, readEach, refreshedOn} from './refresh-reads.js'
import type {LanguageModel} from '../src/lib/catalog/types.js'

/** The architecture as the model layer's GGUF header gives it (read by Range). */
export interface HeaderFacts {
  layers: number
  kvHeads: number
  headDim: number
  contextLength: number
}

/** One tag as the registry's manifest describes it (Docker manifest v2 with Ollama's layer media types). */
export interface TagFacts {
  /** The model layer's digest: a new one means the tag was re-pointed to another build. */
  digest: string
  /** The GGUF model layer alone. */
  modelBytes: number
  /** Every layer (model, projector, template, params, license): what `ollama pull` downloads. */
  totalBytes: number
  /** Read from the model layer's header; kept while the digest stays the same. */
  header?: HeaderFacts
  /**
   * Whether Ollama offers tools for the tag: its template uses .Tools, or its config names a built-in
   * parser (ollama server/images.go: `slices.Contains(vars, "tools") || builtinParser.HasToolSupport()`).
   */
  tools?: boolean
}

export interface ManifestsFile {
  /** ISO date of the refresh; null before the first one. */
  fetchedAt: string | null
  registry: string
  tags: Record<string, TagFacts>
}

const MODEL_LAYER = 'application/vnd.ollama.image.model'
const TEMPLATE_LAYER = 'application/vnd.ollama.image.template'
const CONFIG_LAYER = 'application/vnd.docker.container.image.v1+json'

/** The facts of one manifest, or why it is not one localclaw can use. */
export function manifestFacts(json: unknown): TagFacts | {error: string} {
  const layers = (json as {layers?: unknown} | null)?.layers
  if (!Array.isArray(layers)) return {error: 'no layers in the manifest'}
  const sized = layers.filter((layer): layer is {mediaType: string; digest: string; size: number} =>
    typeof layer?.mediaType === 'string' && typeof layer?.digest === 'string' && typeof layer?.size === 'number')
  const model = sized.find((layer) => layer.mediaType === MODEL_LAYER)
  if (!model) return {error: `no ${MODEL_LAYER} layer`}
  return {digest: model.digest, modelBytes: model.size, totalBytes: sized.reduce((sum, layer) => sum + layer.size, 0)}
}

/** library/qwen3:8b -> its manifest URL; a bare name is :latest, as Ollama reads it. */
export const manifestUrl = (registry: string, tag: string): string => registryUrls(registry, tag).manifest

/** What a template and a config blob say about tools, as Ollama decides it. */
export function offersTools(template: string | null, config: unknown): boolean {
  const parser = (config as {parser?: unknown} | null)?.parser
  return /\.Tools\b/.test(template ?? '') || (typeof parser === 'string' && parser !== '')
}

/** The digest of a manifest's layer of this media type, if it has one. */
function layerDigest(json: unknown, mediaType: string): string | undefined {
  const layers = (json as {layers?: unknown; config?: unknown} | null)
  const all = [...(Array.isArray(layers?.layers) ? layers.layers : []), layers?.config]
  return all.find(
    (layer): layer is {mediaType: string; digest: string} => layer?.mediaType === mediaType && typeof layer?.digest === 'string',
  )?.digest
}

/**
 * The header and tool facts of one tag: its model layer's GGUF header by Range (through the header cache),
 * its template and config blobs.
 */
export async function tagDetails(registry: string, tag: string, manifest: unknown, io: {http: HttpRequest; cacheDir?: string | null}):
  Promise<{header: HeaderFacts; tools: boolean}> {
  const {model} = await modelFromManifest(tag, manifest, {http: io.http, env: {LOCALCLAW_OLLAMA_REGISTRY: registry}, cacheDir: io.cacheDir})
  const blob = async (digest: string | undefined): Promise<string | null> => {
    if (!digest) return null
    const answer = await io.http(registryUrls(registry, tag).blob(digest), {timeoutMs: 20_000, retries: 2})
    if (!answer.ok || answer.status !== 200) throw new Error(`blob ${digest}: ${answer.ok ? `HTTP ${answer.status}` : answer.message}`)
    return answer.body
  }
  const template = await blob(layerDigest(manifest, TEMPLATE_LAYER))
  const config = await blob(layerDigest(manifest, CONFIG_LAYER))
  return {
    header: {layers: model.arch.layers, kvHeads: model.arch.kvHeads, headDim: model.arch.headDim, contextLength: model.contextLength},
    tools: offersTools(template, config === null ? null : JSON.parse(config)),
  }
}

/** One way a catalog entry disagrees with what the registry serves under its tag. */
export interface Drift {
  tag: string
  field: 'layers' | 'kvHeads' | 'headDim' | 'contextLength' | 'tools'
  catalog: number | boolean
  registry: number | boolean
}

/**
 * Where the catalog's entries disagree with the refreshed facts of their tags: the architecture
 * numbers memory and speed are computed from, and tool support (an agent pick must call tools).
 */
export function catalogDrift(models: LanguageModel[], file: ManifestsFile): Drift[] {
  const drift: Drift[] = []
  for (const model of models) {
    for (const {tag} of model.ollama ?? []) {
      const facts = file.tags[tag]
      if (!facts) continue
      const compare = (field: Drift['field'], catalog: number | boolean, registry: number | boolean | undefined) => {
        if (registry !== undefined && registry !== catalog) drift.push({tag, field, catalog, registry})
      }
      compare('layers', model.arch.layers, facts.header?.layers)
      compare('kvHeads', model.arch.kvHeads, facts.header?.kvHeads)
      compare('headDim', model.arch.headDim, facts.header?.headDim)
      compare('contextLength', model.contextLength, facts.header?.contextLength)
      compare('tools', model.capabilities.includes('tools'), facts.tools)
    }
  }
  return drift
}

export interface RefreshOutcome {
  file: ManifestsFile
  /** Tags whose model layer changed since the previous file: their catalog entries describe another build now. */
  repointed: string[]
  /** Tags whose manifest could not be read, with why (kept as they were). */
  failed: Array<{tag: string; reason: string}>
}

/** How the refresh reads: manifests as JSON, and (optionally) each new digest's header and template. */
export interface RefreshIo {
  fetchJson: (url: string) => Promise<unknown>
  details?: (tag: string, manifest: unknown) => Promise<{header: HeaderFacts; tools: boolean}>
}

/**
 * Fetch every tag's manifest (a few at a time) and fold the answers into the previous file. A tag whose
 * model layer is the one read before keeps its header and tool facts; a new or re-pointed one is read.
 */
export async function refreshManifests(tags: string[], previous: ManifestsFile, io: RefreshIo, now: Date, concurrency = 4):
  Promise<RefreshOutcome> {
  const entries: Record<string, TagFacts> = {...previous.tags}
  const repointed: string[] = []
  const reads = await readEach(tags, async (tag) => {
    const manifest = await io.fetchJson(manifestUrl(previous.registry, tag))
    const facts: TagFacts | {error: string} = manifestFacts(manifest)
    if ('error' in facts) throw new Error(facts.error)
    const before = previous.tags[tag]
    if (before && before.digest !== facts.digest) repointed.push(tag)
    const known = before?.digest === facts.digest && before.header && before.tools !== undefined
    if (known) Object.assign(facts, {header: before.header, tools: before.tools})
    else if (io.details) Object.assign(facts, await io.details(tag, manifest))
    entries[tag] = facts
  }, concurrency)
  return {
    file: {fetchedAt: refreshedOn(reads, now, previous.fetchedAt), registry: previous.registry, tags: byKey(entries)},
    repointed: repointed.sort(), failed: reads.failed.map(({key, reason}) => ({tag: key, reason})),
  }
}
