import {GIB} from '../units.js'
import {KV_BYTES, QUANTS, type KvType, type QuantId} from './quants.js'
import type {CatalogRuntime} from './runtime-traits.js'
import type {Architecture, LanguageModel, LayerKv, LinearAttention} from './types.js'

/** llama.cpp's default micro-batch (n_ubatch), which sizes the compute buffer and SWA caches. */
export const UBATCH = 512

export interface WeightsEstimate {
  bytes: number
  /** Where the number comes from, in words. */
  basis: string
  /** A published or measured file size rather than an estimate. */
  exact: boolean
}

/** Parameters in the token embedding (and the output projection when it is a separate tensor). */
export function embeddingParams(arch: Architecture): number {
  return arch.vocab * arch.hidden * (arch.tiedEmbeddings ? 1 : 2)
}

/** The model llama.cpp's file-type mixes were measured on (memory-math.md section 2). */
const LLAMA_31_8B = {params: 8.03e9, vocab: 128256, hidden: 4096, tiedEmbeddings: false}

/**
 * Bytes of weights: the real file size when the catalog knows it, else the embeddings at their own
 * types and the other parameters at the file type's effective bits per weight. vLLM checkpoints
 * (AWQ/GPTQ/FP8) quantize the linear layers only; embeddings stay 16-bit.
 */
export function weightsBytes(model: LanguageModel, quant: QuantId, downloads: CatalogRuntime['downloads'] = 'ollama-blob'): WeightsEstimate {
  if (model.measured?.quant === quant) return {bytes: model.measured.bytes, basis: model.measured.source, exact: true}
  const tag = model.ollama?.find((candidate) => candidate.quant === quant && !candidate.sizeSource.startsWith('derived'))
  const file = model.ggufFiles?.find((candidate) => candidate.quant === quant)
  const blobSize = tag && {bytes: tag.sizeBytes, basis: tag.sizeSource}
  const fileSize = file && {bytes: file.sizeBytes, basis: file.source}
  // The size of what this runtime downloads first; the other of the same quantization is the next best.
  const known = downloads === 'gguf-file' ? fileSize ?? blobSize : blobSize ?? fileSize
  if (known) return {...known, exact: true}
  const params = model.paramsB * 1e9
  const info = QUANTS[quant]
  if (info.format === 'checkpoint') {
    const embeddings = Math.min(embeddingParams(model.arch), params * 0.5)
    const bytes = ((params - embeddings) * info.bpw) / 8 + embeddings * 2
    return {bytes: Math.round(bytes), basis: `estimated: ${info.bpw} bits per weight on linear layers, 16-bit embeddings`, exact: false}
  }
  // The mix is Llama-3.1-8B's whole file; without its embedding and output at their own types the
  // rest is a little narrower (Q4_K_M: 4.80). Small models are largely embedding, at the embedding's
  // type; where the width is not a multiple of the block, most matrices take the fallback type.
  // gpt-oss's MXFP4 is its experts' type, its embeddings BF16.
  const reference = embeddingBits(quant, LLAMA_31_8B)
  const referenceEmbedding = LLAMA_31_8B.vocab * LLAMA_31_8B.hidden
  const restBpw = quant === 'MXFP4' ? info.bpw
    : (info.bpw * LLAMA_31_8B.params - referenceEmbedding * (reference.token + reference.output))
      / (LLAMA_31_8B.params - 2 * referenceEmbedding)
  const {base} = info
  const widthBpw = model.arch.hidden % base.block === 0 ? restBpw : Math.max(restBpw, base.fallbackBpw)
  const embeddings = embeddingTensorBytes(model, quant)
  const rest = Math.max(0, params - embeddingParams(model.arch))
  return {
    bytes: Math.round((rest * widthBpw) / 8 + embeddings.token + embeddings.output),
    basis: `estimated: ${model.paramsB} B parameters, the embeddings at their own types and the rest at ${widthBpw.toFixed(2)}`
      + ` bits per weight (llama.cpp's ${quant} mix)`,
    exact: false,
  }
}

/** llama.cpp rounds the context up to a multiple of 256 cells. */
export function pad256(tokens: number): number {
  return Math.ceil(tokens / 256) * 256
}

export interface KvOptions {
  /** Parallel sequences sharing the cache (each local layer keeps window x nSeq cells). */
  nSeq?: number
  /** vLLM allocates per token in blocks; llama.cpp pads to 256. */
  padTo256?: boolean
}

/**
 * One linear-attention layer's recurrent state for one sequence, in F32 as llama.cpp and vLLM keep
 * it: the delta-rule state (value heads x key dim x value dim) and the last convKernel - 1 inputs of
 * the causal conv over q, k and v.
 */
function recurrentStateBytes(linear: LinearAttention): number {
  const convChannels = 2 * linear.keyHeads * linear.keyDim + linear.valueHeads * linear.valueDim
  return 4 * (linear.valueHeads * linear.keyDim * linear.valueDim + (linear.convKernel - 1) * convChannels)
}

/** The recurrent state of a hybrid model's linear-attention layers, once per sequence. */
function linearStateBytes(arch: Architecture, hybrid: NonNullable<Architecture['hybrid']>, nSeq: number): number {
  return (arch.layers - Math.floor(arch.layers / hybrid.fullAttentionInterval)) * recurrentStateBytes(hybrid.linear) * nSeq
}

/**
 * KV cache bytes at a context, as llama.cpp allocates it (memory-math.md section 5):
 * 2 (K and V) x cells x kv_heads x head_dim x bytes per layer; sliding-window layers hold only
 * pad256(window x nSeq + ubatch) cells; MLA layers cache one latent of kv_lora_rank + rope_dim.
 * A hybrid model caches KV on its full-attention layers only, and adds each linear layer's
 * recurrent state once per sequence (llama.cpp's hybrid memory: a KV cache plus a recurrent one).
 * Where the layers differ (layerKv), each layer with its own cache counts its own heads and widths.
 */
export function kvCacheBytes(arch: Architecture, contextTokens: number, kvType: KvType = 'f16', options: KvOptions = {}): number {
  const bytesPerElement = KV_BYTES[kvType]
  const pad = options.padTo256 === false ? (tokens: number) => tokens : pad256
  const fullCells = pad(contextTokens)
  if (arch.mla) return arch.layers * fullCells * (arch.mla.kvLoraRank + arch.mla.ropeDim) * bytesPerElement
  if (arch.layerKv) {
    const window = arch.slidingWindow?.window
    const windowCells = window === undefined ? fullCells : Math.min(fullCells, pad(window * (options.nSeq ?? 1) + UBATCH))
    const layerBytes = (layer: LayerKv) =>
      (layer.local ? windowCells : fullCells) * layer.kvHeads * (layer.keyDim + layer.valueDim) * bytesPerElement
    const kv = arch.layerKv.filter((layer) => layer.ownCache).reduce((sum, layer) => sum + layerBytes(layer), 0)
    return kv + (arch.hybrid ? linearStateBytes(arch, arch.hybrid, options.nSeq ?? 1) : 0)
  }
  const perCell = 2 * arch.kvHeads * arch.headDim * bytesPerElement
  if (arch.hybrid) {
    const fullLayers = Math.floor(arch.layers / arch.hybrid.fullAttentionInterval)
    return fullLayers * fullCells * perCell + linearStateBytes(arch, arch.hybrid, options.nSeq ?? 1)
  }
  const swa = arch.slidingWindow
  if (!swa) return arch.layers * fullCells * perCell
  const localCells = Math.min(fullCells, pad(swa.window * (options.nSeq ?? 1) + UBATCH))
  let total = 0
  for (let layer = 0; layer < arch.layers; layer++) {
    const local = layer % swa.period < swa.period - 1
    total += (local ? localCells : fullCells) * perCell
  }
  return total
}

/**
 * Compute (graph) buffer with flash attention, which llama.cpp turns on by itself ("auto") on CPU,
 * CUDA and Metal: its peak is the end of the graph, where the f32 logits of one micro-batch
 * and the final hidden state are alive at once. Every layer's scratch fits inside that and is reused,
 * so it does not grow with the context (Qwen2.5 0.5B: 298.50 MiB at 2K and at 32K). Matches llama.cpp's
 * logged buffer to the MiB for every model in test/fixtures/calibration; without flash attention the
 * scores matrix (n_ubatch x n_ctx x heads x 4 B) would outgrow it at long contexts. llama-server
 * since llama.cpp #23861 (2026-05) reserves logits for one token a slot and needs less (Ollama 0.32.13
 * logged 104.27 MiB for a 102400-token vocabulary at 2K); this larger figure errs towards a smaller plan.
 */
export function computeBufferBytes(arch: Architecture): number {
  return 4 * UBATCH * (arch.vocab + arch.hidden)
}

/**
 * The host compute buffer llama.cpp allocates beside a GPU ("CUDA_Host compute buffer size"): the
 * graph's inputs are host tensors, page-locked when a GPU is present. It holds the F32 attention mask
 * of one micro-batch against every cell of the cache (and a second against the sliding-window cache
 * where there is one; llama-graph.cpp builds both as F32 inputs, casting to F16 on the device for
 * flash attention) and two F32 hidden states of the micro-batch: the token-embedding lookup, which
 * runs where the embedding lives, and its copy across. The GPU keeps the full compute buffer whatever
 * the split, and the CPU's layers add their weights and KV, not a second one. Within 1% of every
 * logged buffer in test/fixtures/calibration (2K to 254K cells; on Metal it is the CPU's).
 */
export function hostComputeBufferBytes(arch: Pick<Architecture, 'hidden' | 'slidingWindow'>, cells: number, nSeq = 1): number {
  const tokens = Math.min(UBATCH, cells)
  const fullCells = pad256(cells)
  const swa = arch.slidingWindow
  const windowCells = swa ? Math.min(fullCells, pad256(swa.window * nSeq + UBATCH)) : 0
  return 4 * tokens * (fullCells + windowCells + 2 * arch.hidden)
}

/** What each runtime keeps back per GPU, and why; documented in its `basis`. */
export interface RuntimeReserve {
  /** Driver context and runtime buffers per GPU. */
  perGpuBytes: number
  /** Free memory the runtime insists on leaving per GPU. */
  marginBytes: number
  basis: string
}

export function runtimeReserve(runtime: CatalogRuntime): RuntimeReserve {
  if (runtime.engine === 'paged') {
    // vLLM reserves gpu_memory_utilization (0.9) of TOTAL memory; activations and CUDA graphs come out of it.
    return {
      perGpuBytes: 1.5 * GIB,
      marginBytes: 0,
      basis: 'vLLM: 90% of total GPU memory (gpu-memory-utilization 0.9), about 1.5 GiB of it for activations and CUDA graphs',
    }
  }
  // One rule for the llama.cpp family, llama-server's --fit: weights + KV + compute buffer on the
  // device, with 1 GiB of it left free (memory-math.md TL;DR 7 and section 8). The free memory it
  // measures already excludes the driver's context. Ollama runs llama-server since v0.30 (its
  // scheduler's older 457 MiB-per-GPU reserve went with the old estimator); LM Studio embeds llama.cpp.
  return {
    perGpuBytes: 0,
    marginBytes: GIB,
    basis: `${runtime.engineLabel}: weights, KV and compute buffer on the GPU with 1 GiB of it left free (llama-server --fit)`,
  }
}

/**
 * The token embedding and the output projection as llama.cpp's quantizer writes them
 * (llama-quant.cpp): the embedding keeps the file type's base type; the output takes Q6_K, or Q8_0
 * where the width is not a multiple of Q6_K's 256-block (a Q8_0 or 16-bit file keeps its own type);
 * a tied embedding is quantized as the output. A GGUF's own tensor sizes win where the catalog has them.
 */
function embeddingTensorBytes(model: LanguageModel, quant: QuantId): {token: number; output: number} {
  if (model.measured?.quant === quant && model.measured.embeddings) return model.measured.embeddings
  const {hidden, vocab, tiedEmbeddings} = model.arch
  const bits = embeddingBits(quant, model.arch)
  const bytes = (bpw: number) => Math.round((vocab * hidden * bpw) / 8)
  return {token: bytes(bits.token), output: tiedEmbeddings ? 0 : bytes(bits.output)}
}

/** The bits per weight of embeddingTensorBytes' two tensors, by the quantizer's rule. */
function embeddingBits(quant: QuantId, arch: Pick<Architecture, 'hidden' | 'tiedEmbeddings'>): {token: number; output: number} {
  const {base} = QUANTS[quant]
  const output = base.bpw >= QUANTS.Q8_0.base.bpw ? base.bpw : arch.hidden % 256 === 0 ? QUANTS.Q6_K.base.bpw : QUANTS.Q8_0.base.bpw
  return {token: arch.tiedEmbeddings ? output : arch.hidden % base.block === 0 ? base.bpw : base.fallbackBpw, output}
}

/** The numbers a placement needs: per-layer sizes, and what lives outside the repeating layers. */
export interface ModelFootprint {
  weightsBytes: number
  weightsBasis: string
  kvBytes: number
  computeBytes: number
  /** The host compute buffer beside a GPU (llama.cpp family; 0 for vLLM), in place of computeBytes in RAM. */
  hostComputeBytes: number
  layers: number
  /** Weights of one repeating block. */
  layerWeightsBytes: number
  /** KV of one layer at the chosen context (the average across local and global layers). */
  layerKvBytes: number
  /** Token embedding: llama.cpp keeps it in host memory (CPU_Mapped) even with every layer on the GPU. */
  hostOnlyBytes: number
  /**
   * The output projection, on the output layer's device: llama.cpp offloads it before any repeating
   * layer. A tied embedding is loaded there a second time (Qwen3-4B: the 304.28 MiB embedding in
   * CPU_Mapped, and the whole file on CUDA0).
   */
  outputBytes: number
}

/**
 * How llama.cpp splits the weights at --n-gpu-layers n (llama-model.cpp: i_gpu_start = n_layer + 1 - n):
 * the output layer goes first, then repeating layers from the last one down, and the token embedding
 * stays in host memory. qwen2.5:7b Q4_K_M at 27 of 29: 3883.68 MiB on the GPU, 576.77 in CPU_Mapped.
 */
export function weightSplit(model: ModelFootprint, nGpuLayers: number): {deviceBytes: number; hostBytes: number} {
  const outputOnGpu = nGpuLayers >= 1
  const gpuLayers = Math.max(0, Math.min(model.layers, nGpuLayers - 1))
  return {
    deviceBytes: gpuLayers * model.layerWeightsBytes + (outputOnGpu ? model.outputBytes : 0),
    hostBytes: model.hostOnlyBytes + (model.layers - gpuLayers) * model.layerWeightsBytes + (outputOnGpu ? 0 : model.outputBytes),
  }
}

/**
 * The memory of a model at a context, for `slots` requests at once, each with the whole context:
 * Ollama allocates num_ctx x OLLAMA_NUM_PARALLEL (ollama/ollama#9246, llm/server.go), llama-server
 * shares -c among its --parallel slots (so -c is context x slots), and vLLM's paged cache needs
 * the same tokens to serve them without preempting. Sliding-window layers keep window x slots cells.
 */
export function footprint(model: LanguageModel, quant: QuantId, contextTokens: number, kvType: KvType, runtime: CatalogRuntime,
  slots = 1): ModelFootprint {
  const paged = runtime.engine === 'paged'
  const weights = weightsBytes(model, quant, runtime.downloads)
  const embeddings = embeddingTensorBytes(model, quant)
  const output = model.arch.tiedEmbeddings ? embeddings.token : embeddings.output
  const kv = kvCacheBytes(model.arch, contextTokens * slots, kvType, {padTo256: !paged, nSeq: slots})
  const layerWeights = Math.max(0, (weights.bytes - embeddings.token - embeddings.output) / model.arch.layers)
  return {
    weightsBytes: weights.bytes,
    weightsBasis: weights.basis,
    kvBytes: kv,
    computeBytes: computeBufferBytes(model.arch),
    hostComputeBytes: paged ? 0 : hostComputeBufferBytes(model.arch, contextTokens * slots, slots),
    layers: model.arch.layers,
    layerWeightsBytes: layerWeights,
    layerKvBytes: kv / model.arch.layers,
    // vLLM holds every weight on the GPU, the embedding once.
    hostOnlyBytes: paged ? 0 : embeddings.token,
    outputBytes: output,
  }
}
