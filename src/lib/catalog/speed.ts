import {nvidiaDatacenterGeneration} from '../hardware/devices.js'
import type {Fit, GpuTarget, MachineTarget} from './fit.js'
import type {ModelFootprint} from './memory.js'
import type {CatalogRuntime} from './runtime-traits.js'

/**
 * Decode speed from the bandwidth roofline (memory-math.md section 10): each token reads the active
 * weights and the KV cache once, so seconds_per_token = bytes / (eta x bandwidth) + c, with eta and
 * c fitted per vendor over ~200 published llama.cpp measurements. Partial offload adds the
 * system-RAM part, which dominates. The range is the fit's p25..p75 spread.
 */
export interface SpeedEstimate {
  tokensPerSecond: number
  low: number
  high: number
  basis: string
}

const FIT: Record<string, {eta: number; fixedMs: number}> = {
  apple: {eta: 0.87, fixedMs: 4.8},
  // Refit on the 2025 CUDA scoreboard (llama.cpp discussion #15013, tg128 of LLaMA 7B Q4_0 on 24
  // GeForce, workstation and H100 cards): eta 0.90 and 1.3 ms, median error 4.9% where section 10's
  // broader, older set (eta 0.80) left current builds 11% low.
  nvidia: {eta: 0.9, fixedMs: 1.3},
  amd: {eta: 0.82, fixedMs: 1.8},
  // No published fit for Intel GPUs: the AMD figures, with the range widened below.
  intel: {eta: 0.82, fixedMs: 1.8},
  other: {eta: 0.8, fixedMs: 2},
}
/**
 * Older data-centre parts (Volta, Turing, Ampere A100) spend about 2.8 ms more per token than the
 * roofline allows with a small model (the same scoreboard: A100 80GB 191-201 tok/s, V100 135, against
 * 270 and 170 at eta 0.90); the 70 W T4 more still, so their range is widened downwards.
 */
const OLDER_DATACENTER_FIT = {eta: 0.9, fixedMs: 2.8}
// Older published runs put an A100 or H100 with an 8B Q4 at 133-145 tok/s (XiongjieDai/GPU-Benchmarks-
// on-LLM-Inference, Dec 2023 and May 2024), about 4 ms a token of fixed cost on an H100: builds from
// around the arrival of CUDA graphs (llama.cpp PR #6766, 2024-04), which took most kernel launches
// out of each token. The Dec 2023 table has an RTX 4090 at 149 for LLaMA 2 7B Q4_0 (a 4090 D: 189-192
// on the 2025 scoreboard) and the H100 at 134 (268-281): the fits here follow current builds.
const olderNvidiaDatacenter = (gpu: GpuTarget) => gpu.vendor === 'nvidia' && nvidiaDatacenterGeneration(gpu.name) === 'older'
const CPU_FIT = {eta: 0.67, fixedMs: 12}
const FIT_LAYERS = 32
/** p25 and p75 of eta relative to its median (0.58 and 0.78 against 0.69). */
const SPREAD = {low: 0.58 / 0.69, high: 0.78 / 0.69}
/** Dual-channel DDR4-3200 (51 GB/s) to dual-channel DDR5-5600 (90 GB/s): the usual desktop range. */
const RAM_GUESS = {low: 40, mid: 60, high: 90}

export interface SpeedInput {
  model: ModelFootprint
  /** Active over total parameters (MoE reads only the routed experts per token). */
  activeFraction: number
  fit: Fit
  machine: MachineTarget
  runtime: Pick<CatalogRuntime, 'decodeFactor'>
}

function round(value: number): number {
  return value >= 10 ? Math.round(value) : Math.round(value * 10) / 10
}

export function estimateSpeed({model, activeFraction, fit, machine, runtime}: SpeedInput): SpeedEstimate | null {
  if (fit.placement === 'none') return null
  // Bytes per token: active weights, plus the KV cache half full on average.
  const perLayer = model.layerWeightsBytes * activeFraction + model.layerKvBytes / 2
  const gpuLayerShare = fit.gpuLayers / fit.totalLayers
  // Wherever a GPU holds layers it holds the output layer too: llama.cpp offloads that one first.
  const outputOnGpu = fit.gpus.length > 0
  const notes: string[] = []

  let gpuSeconds = 0
  let fixedMs = 0
  if (fit.gpus.length > 0) {
    const first = fit.gpus[0]!
    const {eta, fixedMs: c} = olderNvidiaDatacenter(first) ? OLDER_DATACENTER_FIT : FIT[first.vendor] ?? FIT.other!
    fixedMs = c
    if (fit.vllm && fit.vllm.tensorParallel > 1) {
      // Tensor parallel: every GPU reads its slice at once, and each step waits for the slowest.
      if (fit.gpus.some((gpu) => !gpu.bandwidthGBps)) return null
      const bandwidth = Math.min(...fit.gpus.map((gpu) => gpu.bandwidthGBps!)) * fit.gpus.length
      gpuSeconds = (perLayer * fit.totalLayers + model.outputBytes) / (eta * bandwidth * 1e9)
    } else {
      // Layer split: GPUs take turns, each reading its own layers.
      for (const [index, gpu] of fit.gpus.entries()) {
        if (gpu.bandwidthGBps === null) return null
        const bytes = perLayer * fit.totalLayers * fit.gpuShares[index]! + (outputOnGpu && index === fit.gpus.length - 1 ? model.outputBytes
          : 0)
        gpuSeconds += bytes / (eta * gpu.bandwidthGBps * 1e9)
      }
    }
    notes.push(`${fit.gpus[0]!.name} ${fit.gpus[0]!.bandwidthGBps} GB/s${fit.gpus.length > 1 ? ` x${fit.gpus.length}` : ''}`)
  }

  const cpuBytes = perLayer * fit.totalLayers * (1 - gpuLayerShare) + (outputOnGpu ? 0 : model.outputBytes)
  const ram = machine.ramBandwidthGBps
  const cpuSeconds = (bandwidth: number) => cpuBytes / (CPU_FIT.eta * bandwidth * 1e9)
  if (cpuBytes > 0) {
    fixedMs = Math.max(fixedMs, CPU_FIT.fixedMs)
    notes.push(ram === null ? `system RAM bandwidth unknown, ${RAM_GUESS.low}-${RAM_GUESS.high} GB/s assumed` : `system RAM ${ram} GB/s`)
  }
  // The fixed cost is per layer (kernel launches, synchronisation), fitted on 32-layer 7B models.
  fixedMs *= model.layers / FIT_LAYERS
  const at = (ramBandwidth: number) => 1 / (gpuSeconds + (cpuBytes > 0 ? cpuSeconds(ramBandwidth) : 0) + fixedMs / 1000)
  const runtimeFactor = runtime.decodeFactor?.factor ?? 1
  const mid = at(ram ?? RAM_GUESS.mid) * runtimeFactor
  let low = at(ram ?? RAM_GUESS.low) * runtimeFactor * SPREAD.low
  let high = at(ram ?? RAM_GUESS.high) * runtimeFactor * SPREAD.high
  // CPUs scatter widely around the fit (memory-math.md section 10): many-core parts fall far below it
  // with small models, while a fast desktop (13900K, DDR5-6400: 18.3 tok/s on 7B Q4_0, llama.cpp#34)
  // beats its fixed per-token cost. Widen both ends rather than pretend.
  if (cpuBytes > 0 || fit.gpus[0]?.vendor === 'intel' || (fit.gpus[0] !== undefined && olderNvidiaDatacenter(fit.gpus[0]))) low *= 0.6
  if (cpuBytes > 0) high *= 1.15
  const moe = activeFraction < 1 ? `, MoE reads ${Math.round(activeFraction * 100)}% of weights per token` : ''
  return {
    tokensPerSecond: round(mid),
    low: round(low),
    high: round(high),
    basis: `bandwidth roofline: ${notes.join(' + ')}${moe}${runtime.decodeFactor ? `, ${runtime.decodeFactor.note}` : ''}`,
  }
}
