import type {Fit, GpuTarget} from './fit.js'
import type {QuantId} from './quants.js'
import type {LanguageModel} from './types.js'

/** What a runtime needs to serve one model: the command that gets (or serves) it, and the id it is then served under. */
export interface RuntimeArtifact {
  /** The exact command, runnable as printed; null when this runtime has no download of this quantization. */
  command: string | null
  /** The id the runtime serves the model under once the command ran; null when only the runtime can tell. */
  modelId: string | null
  reasons: string[]
  warnings: string[]
}

/** vLLM with Ray across machines: the checkpoint it would serve and the commands that start it. */
export interface ClusterServing {
  checkpoint(model: LanguageModel): {repo: string; quant: QuantId} | null
  commands(model: LanguageModel, repo: string, gpusPerNode: number, nodes: number, contextTokens: number): string[]
  warnings: string[]
}

/**
 * What the catalog needs to know about a runtime to size, place and time a model on it. Each runtime's
 * adapter (src/lib/runtimes/) supplies these, so the catalog never names a runtime and never imports one.
 */
export interface CatalogRuntime {
  id: string
  name: string
  /**
   * Whose memory and speed rules apply: llama.cpp's (layers split between GPU and RAM, the cache padded
   * to 256 cells, llama-server's --fit margin; Ollama runs llama-server since v0.30, LM Studio embeds
   * llama.cpp), or a paged-attention server's like vLLM's (GPU only, a fixed share of total GPU memory,
   * the cache allocated in blocks, tensor parallel across GPUs).
   */
  engine: 'llama.cpp' | 'paged'
  /**
   * What it downloads, which sizes the weights: an Ollama registry blob (for a multimodal model it holds
   * the vision tower too), a GGUF file from Hugging Face (the text model alone), or a checkpoint.
   */
  downloads: 'ollama-blob' | 'gguf-file' | 'checkpoint'
  /** How the fit rule's basis names this runtime: "Ollama (llama-server since v0.30)". */
  engineLabel: string
  /** The GPU backends it runs models on, the best served first. */
  backends: readonly GpuTarget['backend'][]
  /** Decode speed against its engine's fit, where it differs, and the note that says so. */
  decodeFactor?: {factor: number; note: string}
  /**
   * When recommend picks it without being asked: the default, the one for machines where the default
   * has no GPU path (CPU only, Vulkan-only GPUs), or the one for serving at scale (several data-centre
   * GPUs, many users).
   */
  role?: 'default' | 'no-gpu-path' | 'scale'
  /** The quantizations it can fetch for a catalog model, in any order; empty when it has none. */
  quants(model: LanguageModel): QuantId[]
  /**
   * The command for this model with what an agent needs: the context OpenClaw will ask for, `slots`
   * requests at once, and tool calls that come back as tool calls.
   */
  artifact(model: LanguageModel, quant: QuantId, contextTokens: number, fit?: Fit, slots?: number): RuntimeArtifact
  /** Serving one model across several machines, where the runtime can. */
  cluster?: ClusterServing
}

const BACKEND_NAMES: Record<GpuTarget['backend'], string> = {
  cuda: 'NVIDIA (CUDA)',
  rocm: 'AMD (ROCm)',
  metal: 'Apple (Metal)',
  vulkan: 'Vulkan',
}

/** "NVIDIA (CUDA) or AMD (ROCm)": the GPUs a runtime runs on, in words. */
export function backendsInWords(backends: readonly GpuTarget['backend'][]): string {
  const names = backends.map((backend) => BACKEND_NAMES[backend])
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`
}

/** Why a GPU-only runtime cannot run here: "vLLM needs a working NVIDIA (CUDA) or AMD (ROCm) GPU". */
export function gpuRequirement(runtime: Pick<CatalogRuntime, 'name' | 'backends'>): string {
  return `${runtime.name} needs a working ${backendsInWords(runtime.backends)} GPU`
}
