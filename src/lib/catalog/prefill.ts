import {ASSUMED_CPU} from '../hardware/compute.js'
import {nvidiaDatacenterGeneration} from '../hardware/devices.js'
import type {Fit, GpuTarget, MachineTarget} from './fit.js'
import {UBATCH, type ModelFootprint} from './memory.js'
import type {CatalogRuntime} from './runtime-traits.js'
import type {LanguageModel} from './types.js'

/**
 * Fraction of dense FP16 peak that llama.cpp's prompt processing reaches (llama-bench pp512, Q4_0 7B),
 * median and p25..p75 over ../shared/reference/prefill-calibration.json: 20 NVIDIA GeForce and
 * workstation cards 0.57 (0.47-0.63); 6 rows of A100/H100/V100/T4, whose tensor cores llama.cpp
 * leaves mostly idle, 0.22 (0.20-0.28); 13 Apple M1-M4 rows 0.68 (0.66-0.72).
 */
const GPU_EFFICIENCY = {
  nvidia: {mid: 0.57, low: 0.47, high: 0.63},
  datacenter: {mid: 0.22, low: 0.2, high: 0.28},
  apple: {mid: 0.68, low: 0.66, high: 0.72},
}
/**
 * CPUs, against cores x clock x FP32 FLOPs a cycle: mainline llama.cpp pp512 on Llama 3.1 8B Q4_0,
 * Ryzen 7950X 123 t/s and Ryzen 5975WX 139 t/s (ik_llama.cpp PR #54, 2024-09), and a 4-core i5-6500
 * at 13.8 t/s (llama.cpp issue #34, 2023): 0.78, 0.55, 0.44 of peak.
 */
const CPU_EFFICIENCY = {mid: 0.55, low: 0.44, high: 0.78}
/** The all-core clock is not probed: a typical 3 GHz, from 2.2 (a laptop or a cloud vCPU) to 5 (a desktop's all-core boost). */
const CPU_GHZ = {mid: 3, low: 2.2, high: 5}
/** The calibration set has no MoE rows; routed experts get small batches each. Assumed, not fitted. */
const MOE_FACTOR = 0.5
/**
 * A split on a discrete GPU: llama.cpp runs each matrix multiply of a batch of 32 tokens or more on
 * the GPU (op offload, llama.cpp PR #6083), copying the weights of every layer left in RAM across for
 * each micro-batch, while attention over the cache those layers keep in RAM stays on the CPU. The
 * copy rate, from the PR's own runs on an RTX 3090 Ti under WSL: llama 7B Q4_0 pp1024 784.66 t/s at
 * ngl 18 and 1019.88 at 22 put 1.5 GB/s on the layers between; Mixtral Q3_K_L (19.03 GiB) at ngl 0,
 * 241.84 t/s, 5.6 GB/s. PCIe 4.0 x16 from pinned memory tops out near 25.
 */
const STREAM_GBPS = {mid: 5.6, low: 1.5, high: 25}
/** Cold load reads the weights once: NVMe at 2 GB/s (SATA is 0.5, a network disk less). */
const DISK_GBPS = 2

/** Seconds to read the weights from disk on a cold start. */
export function coldLoadSeconds(weightsBytes: number): number {
  return round(weightsBytes / (DISK_GBPS * 1e9))
}

export interface PrefillEstimate {
  prefillTokensPerSecond: number
  /** Seconds to the first token for `promptTokens` into an empty cache, load excluded; low..high range. */
  firstTokenSeconds: number
  firstTokenRange: {low: number; high: number}
  promptTokens: number
  basis: string
}

export interface PrefillInput {
  model: LanguageModel
  /** What a split streams to the GPU: the weights of each layer left in RAM. */
  size: Pick<ModelFootprint, 'layerWeightsBytes'>
  fit: Fit
  machine: MachineTarget
  runtime: Pick<CatalogRuntime, 'engine'>
  promptTokens: number
  /** llama.cpp's n_ubatch: a split copies its RAM layers across once per micro-batch. */
  microBatchTokens?: number
}

type Range = {mid: number; low: number; high: number}

function gpuEfficiency(gpu: GpuTarget, runtime: Pick<CatalogRuntime, 'engine'>): Range & {note?: string} {
  if (gpu.vendor === 'apple') return GPU_EFFICIENCY.apple
  // vLLM's GEMMs use the tensor cores llama.cpp leaves idle on data-centre parts; no vLLM rows to fit on.
  if (gpu.vendor === 'nvidia')
    return runtime.engine === 'llama.cpp' && nvidiaDatacenterGeneration(gpu.name) !== null
      ? GPU_EFFICIENCY.datacenter
      : GPU_EFFICIENCY.nvidia
  const {mid, low, high} = GPU_EFFICIENCY.nvidia
  return {mid, low: low * 0.5, high, note: `no published ${gpu.vendor} fit: NVIDIA's, range widened`}
}

/**
 * FLOPs for a whole prompt: 2 x active parameters a token for the matrix multiplies, plus attention
 * over the tokens already cached, 4 x width x depth a layer (QK^T and AV), integrated over the prompt;
 * sliding-window layers see at most their window (memory-math.md section 11).
 */
export function promptFlops(model: LanguageModel, promptTokens: number): number {
  return 2 * (model.activeParamsB ?? model.paramsB) * 1e9 * promptTokens + attentionFlops(model, promptTokens)
}

/** The attention part of promptFlops: over the tokens already cached, on the layers that attend. */
function attentionFlops(model: LanguageModel, promptTokens: number): number {
  const {layers, hidden, slidingWindow, hybrid} = model.arch
  // A hybrid's linear-attention layers cost the same per token at any depth: their matrix
  // multiplies are in the 2 x active term, and they attend over nothing.
  const attending = hybrid ? Math.floor(layers / hybrid.fullAttentionInterval) : layers
  const localLayers = slidingWindow ? Math.floor(layers * (slidingWindow.period - 1) / slidingWindow.period) : 0
  const n = promptTokens
  const fullDepthSum = (n * n) / 2
  const window = slidingWindow?.window ?? 0
  const localDepthSum = n <= window ? fullDepthSum : window * n - (window * window) / 2
  return 4 * hidden * ((attending - localLayers) * fullDepthSum + localLayers * localDepthSum)
}

function round(value: number): number {
  return value >= 10 ? Math.round(value) : Math.round(value * 10) / 10
}

/**
 * Time to first token: compute-bound, so the prompt's FLOPs over each device's share of the layers
 * at its fitted fraction of peak; a split on a discrete GPU adds the copies of its RAM layers
 * (STREAM_GBPS). Null when a GPU holding layers has no known FP16 figure.
 */
export function estimatePrefill({model, size, fit, machine, runtime, promptTokens, microBatchTokens = UBATCH}: PrefillInput,
): PrefillEstimate | null {
  if (fit.placement === 'none') return null
  const flops = promptFlops(model, promptTokens)
  const moe = model.activeParamsB ? MOE_FACTOR : 1
  const notes: string[] = []
  const gpuShare = fit.gpuLayers / fit.totalLayers
  const cpu = machine.cpu ?? ASSUMED_CPU
  const cpuSeconds = (work: number, pick: keyof Range) =>
    work / (cpu.cores * CPU_GHZ[pick] * 1e9 * cpu.flopsPerCycle * CPU_EFFICIENCY[pick])
  const first = fit.gpus[0]
  const streamed = fit.placement === 'partial' && first !== undefined && !first.unified && Boolean(first.fp16Tflops)
    && ['cuda', 'rocm', 'vulkan'].includes(first.backend)
  const microBatches = Math.ceil(promptTokens / microBatchTokens)
  const streamedBytes = (fit.totalLayers - fit.gpuLayers) * size.layerWeightsBytes
  const seconds = (pick: keyof Range): number | null => {
    let total = 0
    if (gpuShare > 0) {
      if (fit.gpus.some((gpu) => !gpu.fp16Tflops)) return null
      if (fit.vllm && fit.vllm.tensorParallel > 1) {
        // Each layer waits for the slowest GPU's slice.
        const peak = Math.min(...fit.gpus.map((gpu) => gpu.fp16Tflops! * gpuEfficiency(gpu, runtime)[pick])) * fit.gpus.length
        total += (flops * gpuShare) / (peak * 1e12 * moe)
      } else {
        for (const [index, gpu] of fit.gpus.entries()) {
          total += (flops * fit.gpuShares[index]!) / (gpu.fp16Tflops! * 1e12 * gpuEfficiency(gpu, runtime)[pick] * moe)
        }
      }
    }
    if (gpuShare < 1 && streamed) {
      // The RAM layers' matrix multiplies on the first GPU, their weights copied across for each
      // micro-batch; their attention, over the cache they keep in RAM, on the CPU.
      const attention = attentionFlops(model, promptTokens) * (1 - gpuShare)
      const matmul = flops * (1 - gpuShare) - attention
      total += matmul / (first.fp16Tflops! * 1e12 * gpuEfficiency(first, runtime)[pick] * moe)
        + (microBatches * streamedBytes) / (STREAM_GBPS[pick] * 1e9) + cpuSeconds(attention, pick)
    } else if (gpuShare < 1) {
      // The slow end pairs the low clock with the low efficiency, and so on.
      total += cpuSeconds(flops * (1 - gpuShare), pick) / moe
    }
    return total
  }
  const mid = seconds('mid')
  if (mid === null) return null
  if (gpuShare > 0) {
    const gpu = fit.gpus[0]!
    const efficiency = gpuEfficiency(gpu, runtime)
    notes.push(
      `${gpu.name} ${gpu.fp16Tflops} FP16 TFLOPS${fit.gpus.length > 1 ? ` x${fit.gpus.length}` : ''} at ${efficiency.mid} of peak${efficiency.note ? ` (${efficiency.note})` : ''}`,
    )
  }
  if (gpuShare < 1) {
    const cpuText = `CPU: ${cpu.basis} at ${CPU_GHZ.mid} GHz (not probed), ${CPU_EFFICIENCY.mid} of peak`
    const share = `${Math.round((1 - gpuShare) * 100)}% of layers`
    notes.push(
      streamed
        ? `${share} in RAM, their weights copied to the GPU for each of ${microBatches} micro-batches at ${STREAM_GBPS.mid} GB/s`
          + ` (${STREAM_GBPS.low}-${STREAM_GBPS.high}), their attention on the ${cpuText}`
        : `${gpuShare > 0 ? `${share} on the ` : ''}${cpuText}`,
    )
  }
  if (moe < 1) notes.push('MoE at half the dense efficiency (assumed)')
  return {
    prefillTokensPerSecond: round(promptTokens / mid),
    firstTokenSeconds: round(mid),
    // The fast end of the device is the short end of the time.
    firstTokenRange: {low: round(seconds('high')!), high: round(seconds('low')!)},
    promptTokens,
    basis: `compute-bound prefill of ${promptTokens} tokens: ${notes.join(' + ')}; load from disk at ${DISK_GBPS} GB/s`,
  }
}
