import {llamacpp} from './llamacpp.js'
import {lmstudio} from './lmstudio.js'
import {ollama} from './ollama.js'
import type {LanguageModel} from '../catalog/types.js'
import type {Runtime, RuntimeId} from './runtime.js'
import {vllm} from './vllm.js'

/** Every runtime localclaw knows, in the order we suggest them to newcomers. */
export const RUNTIMES: readonly Runtime[] = [ollama, lmstudio, llamacpp, vllm]

export function runtimeById(id: RuntimeId): Runtime
export function runtimeById(id: string): Runtime | undefined
export function runtimeById(id: string): Runtime | undefined {
  return RUNTIMES.find((runtime) => runtime.id === id)
}

export const RUNTIME_IDS: RuntimeId[] = RUNTIMES.map((runtime) => runtime.id)

/** What every command that takes a runtime assumes without one: the one newcomers are pointed at. */
export const DEFAULT_RUNTIME: RuntimeId = (RUNTIMES.find((runtime) => runtime.role === 'default') ?? RUNTIMES[0]!).id

/**
 * For a catalog model this runtime cannot fetch (qwen3.8:27b is not in the Ollama library; glm-4.6 has
 * no GGUF): the runtimes that can. null where it can, or for a name the catalog does not know.
 */
export function fetchedOnlyBy(model: LanguageModel | undefined, runtime: Runtime): Runtime[] | null {
  if (!model || runtime.quants(model).length > 0) return null
  return RUNTIMES.filter((other) => other.quants(model).length > 0)
}
