// The logic of `npm run catalog:refresh` (scripts/catalog-refresh.ts), apart so the tests can drive it
// against a loopback registry: read each catalog tag's manifest from the Ollama registry, keep its
// digest and exact sizes, and say which tags moved since the last refresh.

/** One tag as the registry's manifest describes it (Docker manifest v2 with Ollama's layer media types). */
export interface TagFacts {
  /** The model layer's digest: a new one means the tag was re-pointed to another build. */
  digest: string
  /** The GGUF model layer alone. */
  modelBytes: number
  /** Every layer (model, projector, template, params, license): what `ollama pull` downloads. */
  totalBytes: number
}

export interface ManifestsFile {
  /** ISO date of the refresh; null before the first one. */
  fetchedAt: string | null
  registry: string
  tags: Record<string, TagFacts>
}

const MODEL_LAYER = 'application/vnd.ollama.image.model'

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
export function manifestUrl(registry: string, tag: string): string {
  const [name, version = 'latest'] = tag.split(':')
  const path = name!.includes('/') ? name! : `library/${name}`
  return `${registry.replace(/\/+$/, '')}/v2/${path}/manifests/${version}`
}

export interface RefreshOutcome {
  file: ManifestsFile
  /** Tags whose model layer changed since the previous file: their catalog entries describe another build now. */
  repointed: string[]
  /** Tags whose manifest could not be read, with why (kept as they were). */
  failed: Array<{tag: string; reason: string}>
}

/** Fetch every tag's manifest (a few at a time) and fold the answers into the previous file. */
export async function refreshManifests(
  tags: string[], previous: ManifestsFile, fetchJson: (url: string) => Promise<unknown>, now: Date, concurrency = 4,
): Promise<RefreshOutcome> {
  const entries: Record<string, TagFacts> = {...previous.tags}
  let read = 0
  const repointed: string[] = []
  const failed: Array<{tag: string; reason: string}> = []
  const queue = [...new Set(tags)]
  const worker = async () => {
    for (let tag = queue.shift(); tag !== undefined; tag = queue.shift()) {
      try {
        const facts = manifestFacts(await fetchJson(manifestUrl(previous.registry, tag)))
        if ('error' in facts) {
          failed.push({tag, reason: facts.error})
          continue
        }
        const before = previous.tags[tag]
        if (before && before.digest !== facts.digest) repointed.push(tag)
        entries[tag] = facts
        read++
      } catch (error) {
        failed.push({tag, reason: error instanceof Error ? error.message : String(error)})
      }
    }
  }
  await Promise.all(Array.from({length: concurrency}, worker))
  const sorted = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)))
  // A run that read nothing (no network) leaves the date of the last one that did.
  const fetchedAt = read > 0 ? now.toISOString().slice(0, 10) : previous.fetchedAt
  return {file: {fetchedAt, registry: previous.registry, tags: sorted}, repointed: repointed.sort(), failed}
}
