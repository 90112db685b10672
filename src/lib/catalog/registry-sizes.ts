import type {QuantId} from './quants.js'
import type {OllamaTag} from './types.js'

/** What npm run catalog:refresh wrote (src/lib/catalog/ollama-manifests.json), as the catalog reads it. */
export interface RegistrySizes {
  fetchedAt: string | null
  tags: Record<string, {totalBytes: number}>
}

/** A tag's exact download size from the registry, where the last refresh read it; undefined otherwise. */
export function registryTag(sizes: RegistrySizes, tag: string, quant: QuantId): OllamaTag | undefined {
  const facts = sizes.tags[tag]
  return facts
    ? {tag, quant, sizeBytes: facts.totalBytes, sizeSource: `Ollama registry manifest (catalog:refresh ${sizes.fetchedAt})`}
    : undefined
}
