import type {QuantId} from './quants.js'

export type Capability = 'tools' | 'vision' | 'reasoning' | 'code'

/** The numbers that size a model's memory, from its config.json (never hidden/heads for head_dim). */
export interface Architecture {
  layers: number
  /** KV heads (GQA); equals the attention heads for MHA models. */
  kvHeads: number
  headDim: number
  /** Embedding width (hidden_size). */
  hidden: number
  vocab: number
  /** Input and output embeddings are one tensor. */
  tiedEmbeddings?: boolean
  /**
   * Sliding-window (or chunked) attention: layer il is local iff il % period < period - 1, as
   * llama.cpp's set_swa_pattern(period) says; local layers keep only `window` tokens of KV.
   */
  slidingWindow?: {window: number; period: number}
  /** Multi-head latent attention (DeepSeek V3 family): each layer caches kvLoraRank + ropeDim per token, once. */
  mla?: {kvLoraRank: number; ropeDim: number}
  /**
   * Hybrid attention (Qwen3.5/3.6, Qwen3-Next): layer il has full attention, and a KV cache, iff
   * (il + 1) % fullAttentionInterval == 0; every other layer is linear attention (Gated DeltaNet)
   * with a fixed-size recurrent state per sequence, whatever the context.
   */
  hybrid?: {fullAttentionInterval: number; linear: LinearAttention}
  /**
   * Each layer's KV geometry where the layers differ, as llama.cpp allocates it (Gemma 4: sliding-window
   * layers 256 wide with more KV heads, full-attention ones 512 wide with fewer; the last layers of a
   * model with shared KV reuse an earlier layer's cache and keep none). The KV cache follows this
   * instead of kvHeads, headDim and slidingWindow.period; local layers keep slidingWindow.window.
   */
  layerKv?: LayerKv[]
}

export interface LayerKv {
  kvHeads: number
  keyDim: number
  valueDim: number
  /** Sliding-window attention: only the window's cells. */
  local: boolean
  /** False where the layer reads an earlier layer's cache. */
  ownCache: boolean
}

/** A Gated DeltaNet layer's shape (config.json linear_*): its state is valueHeads x keyDim x valueDim, plus the conv window. */
export interface LinearAttention {
  keyHeads: number
  valueHeads: number
  keyDim: number
  valueDim: number
  convKernel: number
}

export interface OllamaTag {
  tag: string
  quant: QuantId
  sizeBytes: number
  /** Where the size comes from: the exact /api/tags byte count, llama.cpp's tensor sizes, or ollama.com's rounded figure. */
  sizeSource: string
}

/**
 * One file of a model's GGUF repository that a public source names: the tag llama.cpp's `-hf repo:TAG`
 * and `hf download --include` select it by (Unsloth's dynamic quants are "UD-Q4_K_M", not "Q4_K_M"),
 * and its exact size.
 */
export interface GgufFile {
  quant: QuantId
  tag: string
  sizeBytes: number
  source: string
}

export interface VllmCheckpoint {
  repo: string
  quant: 'BF16' | 'AWQ' | 'GPTQ' | 'FP8' | 'MXFP4'
}

export interface LanguageModel {
  /** The name people type: the Ollama tag where Ollama has one. */
  id: string
  name: string
  family: string
  /** Total parameters, billions. Memory follows this (every expert is resident). */
  paramsB: number
  /** Active parameters per token for MoE models, billions. Speed follows this. */
  activeParamsB?: number
  arch: Architecture
  /** Native context window (tokens). */
  contextLength: number
  capabilities: Capability[]
  license: string
  /** Tags that exist in the Ollama library; the first is the default. */
  ollama?: OllamaTag[]
  /** `lms get` key (LM Studio catalog or a Hugging Face GGUF repository). */
  lmstudio?: string
  /** Hugging Face GGUF repository for `llama-server -hf repo:QUANT`. */
  gguf?: string
  /** The repository's files a source names; without them it is taken to have Q8_0 and Q4_K_M files tagged so. */
  ggufFiles?: GgufFile[]
  vllm?: VllmCheckpoint[]
  /** Where the architecture numbers and sizes come from. */
  source: string
  /** Exact weight bytes measured from a local file (GGUF tensor sizes); wins over every estimate. */
  measured?: {
    quant: QuantId; bytes: number; source: string
    /** The token embedding's and the output projection's tensor bytes (0 when the embedding is tied). */
    embeddings?: {token: number; output: number}
  }
  /** What its description could not say (a model from flags or a GGUF header), shown as warnings. */
  unknowns?: string[]
}

export interface ImageModel {
  id: string
  name: string
  paramsB: number
  activeParamsB?: number
  /** Smallest GPU memory it runs in with the usual offloading and fp8/quantized weights. */
  minVramGiB: number
  /** GPU memory for full-precision weights, no offloading. */
  comfortableVramGiB: number
  /** GPUs needed, for models that need several. */
  gpus?: number
  repo: string
  license: string
  source: string
}
