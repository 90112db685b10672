import {IMAGE_MODELS} from './images.js'
import {languageModels} from './models.js'
import MANIFESTS from './ollama-manifests.json' with {type: 'json'}
import type {QuantId} from './quants.js'
import {suitsUse, type Use} from './recommend.js'
import type {CatalogRuntime} from './runtime-traits.js'
import type {Capability, ImageModel, OllamaTag} from './types.js'

/**
 * What the catalog's facts were read from, with dates (../shared/reference/catalog-sources/README.md):
 * the architecture numbers from Hugging Face config.json files, tags, sizes and capabilities from the
 * Ollama library pages, exact sizes from the registry where `npm run catalog:refresh` last read it.
 */
export const CATALOG_SNAPSHOTS: ReadonlyArray<{what: string; asOf: string | null}> = [
  {what: 'Hugging Face config.json fields (architecture numbers)', asOf: '2026-05-12'},
  {what: 'Ollama library pages (tags, sizes, capabilities)', asOf: '2026-07-15'},
  {what: 'OpenClaw\'s llama.cpp plugin recipes (GGUF files and sizes; npm @openclaw/llama-cpp-provider 2026.9.5)', asOf: '2026-09-23'},
  {what: 'Ollama registry manifests (exact sizes, digests; npm run catalog:refresh)', asOf: MANIFESTS.fetchedAt},
]

export interface CatalogEntry {
  id: string
  name: string
  family: string
  paramsB: number
  activeParamsB: number | null
  contextLength: number
  capabilities: Capability[]
  license: string
  /** Each runtime that can fetch it: the quantizations, and the command that gets (or serves) the model's default one. */
  runtimes: Array<{runtime: string; quants: QuantId[]; command: string | null}>
  /** Ollama's tags with their sizes and where each size comes from. */
  ollamaTags: OllamaTag[]
  /** Where the architecture numbers come from. */
  source: string
}

export interface CatalogListing {
  use: Use | null
  runtime: string | null
  models: CatalogEntry[]
  /** Image models (for --use image, or with no --use and no --runtime: they are not served by these runtimes). */
  images: ImageModel[]
  sources: typeof CATALOG_SNAPSHOTS
}

/** The context a listed command is shown with: OpenClaw's usual 32K, or the model's window where smaller. */
const SHOWN_CONTEXT = 32_768

export interface CatalogQuery {
  use?: Use
  /** Only what this runtime can fetch; `runtimes` are the ones each entry is described for otherwise. */
  runtime?: CatalogRuntime
  runtimes: readonly CatalogRuntime[]
  /** Part of an id, name or family. */
  query?: string
}

/**
 * What localclaw knows, filtered: models suited to a use (an agent needs tools and 16K of context),
 * models a runtime can fetch, names containing `query`.
 */
export function listCatalog(options: CatalogQuery): CatalogListing {
  const wanted = options.query?.toLowerCase()
  const matches = (...names: Array<string | undefined>) => !wanted || names.some((name) => name?.toLowerCase().includes(wanted))
  const runtimes = options.runtime ? [options.runtime] : options.runtimes
  const models = options.use === 'image' ? [] : languageModels()
    .filter((model) => (options.use ? suitsUse(model, options.use) : true) && matches(model.id, model.name, model.family))
    .map((model): CatalogEntry => ({
      id: model.id, name: model.name, family: model.family, paramsB: model.paramsB, activeParamsB: model.activeParamsB ?? null,
      contextLength: model.contextLength, capabilities: model.capabilities, license: model.license,
      runtimes: runtimes.flatMap((runtime) => {
        const quants = runtime.quants(model)
        if (quants.length === 0) return []
        // The model's default quantization (its first Ollama tag's) where this runtime has it.
        const shown = quants.find((quant) => quant === model.ollama?.[0]?.quant) ?? quants[0]!
        const {command} = runtime.artifact(model, shown, Math.min(model.contextLength, SHOWN_CONTEXT))
        return [{runtime: runtime.id, quants, command}]
      }),
      ollamaTags: model.ollama ?? [], source: model.source,
    }))
    .filter((entry) => !options.runtime || entry.runtimes.length > 0)
  const showImages = options.use === 'image' || (!options.use && !options.runtime)
  const images = showImages ? IMAGE_MODELS.filter((model) => matches(model.id, model.name, model.repo)) : []
  return {use: options.use ?? null, runtime: options.runtime?.id ?? null, models, images, sources: CATALOG_SNAPSHOTS}
}
