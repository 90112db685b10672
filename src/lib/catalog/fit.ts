import type {CpuCompute} from '../hardware/compute.js'
import {GIB} from '../units.js'
import {runtimeReserve, weightSplit, type ModelFootprint} from './memory.js'
import {gpuRequirement, type CatalogRuntime} from './runtime-traits.js'

/** System RAM left for the OS and other programs when a model is placed there. */
export const RAM_MARGIN_BYTES = 2 * GIB

export type Placement = 'gpu' | 'partial' | 'cpu' | 'none'

/** One GPU as fit sees it; free memory is what counts, never total. */
export interface GpuTarget {
  name: string
  vendor: string
  backend: 'cuda' | 'rocm' | 'metal' | 'vulkan'
  totalBytes: number
  freeBytes: number
  bandwidthGBps: number | null
  /** Dense FP16 TFLOPS (hardware/compute.ts), which bounds prefill; null or absent when unknown. */
  fp16Tflops?: number | null
  /** Shares system RAM (Apple Silicon, APUs): what the GPU uses, the CPU cannot. */
  unified: boolean
}

export interface MachineTarget {
  gpus: GpuTarget[]
  ramTotalBytes: number
  ramAvailableBytes: number
  ramBandwidthGBps: number | null
  /** The CPU's prefill compute; absent: ASSUMED_CPU. */
  cpu?: CpuCompute
}

export interface Fit {
  placement: Placement
  gpuLayers: number
  totalLayers: number
  /** GPUs holding part of the model, in the order layers go to them. */
  gpus: GpuTarget[]
  /** Share of the repeating layers on each of those GPUs (sums to gpuLayers / totalLayers). */
  gpuShares: number[]
  gpuBytes: number
  ramBytes: number
  /** Memory the runtime holds back (driver context, buffers) on the GPUs used. */
  reserveBytes: number
  /** One sentence: why this placement. */
  reason: string
  /** vLLM tensor-parallel size and the memory utilization it needs. */
  vllm?: {tensorParallel: number; gpuMemoryUtilization: number}
}

/** The GPUs a runtime would use together: all of the best-served backend present. */
export function usableGpus(machine: MachineTarget, runtime: CatalogRuntime): GpuTarget[] {
  for (const backend of runtime.backends) {
    const gpus = machine.gpus.filter((gpu) => gpu.backend === backend && gpu.freeBytes > 0)
    if (gpus.length > 0) return gpus
  }
  return []
}

/**
 * RAM a plan may use: the total less what the OS and the programs beside the model keep (2 GiB, or a
 * tenth of RAM where that is more, since desktops grow with the machine). Planned on total memory,
 * not on what happens to be free, the ranking does not move between two runs seconds apart; free
 * memory only decides the warning (ramShortNow).
 */
export function ramReserveBytes(totalBytes: number): number {
  return Math.max(RAM_MARGIN_BYTES, totalBytes * 0.1)
}

function ramBudget(machine: MachineTarget, gpuBytesOnUnified: number): number {
  return machine.ramTotalBytes - ramReserveBytes(machine.ramTotalBytes) - gpuBytesOnUnified
}

/** The RAM a placement needs when that is more than is free right now (less the 2 GiB margin); null when it fits now. */
export function ramShortNow(machine: MachineTarget, fit: Fit): {neededBytes: number; freeBytes: number} | null {
  const neededBytes = fit.ramBytes + (fit.gpus.some((gpu) => gpu.unified) ? fit.gpuBytes : 0)
  return neededBytes > machine.ramAvailableBytes - RAM_MARGIN_BYTES ? {neededBytes, freeBytes: machine.ramAvailableBytes} : null
}

const fmt = (bytes: number) => `${(bytes / GIB).toFixed(1)} GiB`

/** llama.cpp, Ollama and LM Studio: layers fill the GPUs back to front; the rest run from RAM. */
function fitLlamaFamily(model: ModelFootprint, machine: MachineTarget, runtime: CatalogRuntime): Fit {
  const gpus = usableGpus(machine, runtime)
  const layerBytes = model.layerWeightsBytes + model.layerKvBytes
  const cpuNeed = model.weightsBytes + model.kvBytes + model.computeBytes
  const cpuFit = (why: string): Fit => {
    const fits = cpuNeed <= ramBudget(machine, 0)
    return {
      placement: fits ? 'cpu' : 'none', gpuLayers: 0, totalLayers: model.layers, gpus: [], gpuShares: [], gpuBytes: 0,
      ramBytes: cpuNeed, reserveBytes: 0,
      reason: fits
        ? `${why}; runs from system RAM (${fmt(cpuNeed)} of ${fmt(ramBudget(machine, 0))} usable)`
        : `${why}, and system RAM is too small too (${fmt(cpuNeed)} needed, ${fmt(Math.max(0, ramBudget(machine, 0)))} usable)`,
    }
  }
  if (gpus.length === 0) return cpuFit('no GPU this runtime can use')

  const reserve = gpus.map(() => runtimeReserve(runtime))
  // Room for layers on each GPU; the compute buffer lives on the first.
  const room = gpus.map((gpu, index) =>
    Math.max(0, gpu.freeBytes - reserve[index]!.perGpuBytes - reserve[index]!.marginBytes - (index === 0 ? model.computeBytes : 0)))
  const totalRoom = room.reduce((sum, bytes) => sum + bytes, 0)
  const reserveBytes = reserve.reduce((sum, r) => sum + r.perGpuBytes, 0) + model.computeBytes
  const allLayers = model.layers * layerBytes + model.outputBytes
  const unifiedUse = (bytes: number) => (gpus.some((gpu) => gpu.unified) ? bytes : 0)
  const shares = (layers: number) => room.map((bytes) => (totalRoom === 0 ? 0 : (bytes / totalRoom) * (layers / model.layers)))
  const freeText = `${fmt(totalRoom)} free for the model on ${gpus.length === 1 ? gpus[0]!.name : `${gpus.length} GPUs`}`

  // Beside a GPU, RAM holds the token embedding, the CPU's layers where some are left there and the
  // host compute buffer (the graph's inputs): not a second full compute buffer.
  const split = (gpuLayers: number) => {
    const weights = weightSplit(model, gpuLayers + 1)
    return {
      gpuBytes: weights.deviceBytes + gpuLayers * model.layerKvBytes + reserveBytes,
      ramBytes: weights.hostBytes + (model.layers - gpuLayers) * model.layerKvBytes + model.hostComputeBytes,
    }
  }
  const whole = split(model.layers)
  if (allLayers <= totalRoom && whole.ramBytes <= ramBudget(machine, unifiedUse(whole.gpuBytes))) {
    return {
      placement: 'gpu', gpuLayers: model.layers, totalLayers: model.layers, gpus, gpuShares: shares(model.layers), ...whole, reserveBytes,
      reason: `fits entirely in GPU memory (${fmt(allLayers)} of ${freeText})`,
    }
  }
  // The output layer goes first (weightSplit), so --n-gpu-layers is one more than the repeating layers.
  const gpuLayers = Math.min(model.layers - 1, Math.floor((totalRoom - model.outputBytes) / layerBytes))
  if (gpuLayers >= 1) {
    const {gpuBytes, ramBytes} = split(gpuLayers)
    if (ramBytes <= ramBudget(machine, unifiedUse(gpuBytes))) {
      return {
        placement: 'partial', gpuLayers, totalLayers: model.layers, gpus, gpuShares: shares(gpuLayers), gpuBytes, ramBytes, reserveBytes,
        reason: `the output layer and ${gpuLayers} of ${model.layers} layers fit on the GPU (${freeText}; llama.cpp's`
          + ` --n-gpu-layers ${gpuLayers + 1}); the rest run from system RAM, which is much slower`,
      }
    }
  }
  return cpuFit(`too large for ${freeText}`)
}

/**
 * vLLM: GPU only. It reserves gpu_memory_utilization x TOTAL memory at start and fails if that much
 * is not free, then needs weights + activations per GPU, the rest becoming KV cache (runtimes.md 3).
 */
function fitVllm(model: ModelFootprint, machine: MachineTarget, runtime: CatalogRuntime): Fit {
  const gpus = usableGpus(machine, runtime)
  const none = (reason: string): Fit => ({
    placement: 'none',
    gpuLayers: 0,
    totalLayers: model.layers,
    gpus: [],
    gpuShares: [],
    gpuBytes: 0,
    ramBytes: 0,
    reserveBytes: 0,
    reason,
  })
  if (gpus.length === 0) return none(gpuRequirement(runtime))
  // Tensor parallelism over a power of two GPUs. Identical GPUs: all of them, since each adds its
  // bandwidth. Mismatched ones run at the pace of the slowest, so the fewest that hold the model
  // (the largest alone where it can).
  const largest = 2 ** Math.floor(Math.log2(gpus.length))
  if (new Set(gpus.map((gpu) => gpu.name)).size === 1) return fitVllmOn(model, gpus, largest, runtime, none)
  const sizes = Array.from({length: Math.log2(largest) + 1}, (_, power) => 2 ** power)
  const fits = sizes.map((size) => fitVllmOn(model, gpus, size, runtime, none))
  return fits.find((fit) => fit.placement === 'gpu') ?? fits.at(-1)!
}

function fitVllmOn(model: ModelFootprint, gpus: GpuTarget[], tensorParallel: number, runtime: CatalogRuntime,
  none: (reason: string) => Fit): Fit {
  const used = [...gpus].sort((a, b) => b.freeBytes - a.freeBytes).slice(0, tensorParallel)
  const smallest = used.at(-1)!
  const utilization = Math.min(0.9, Math.floor((smallest.freeBytes / smallest.totalBytes - 0.01) * 100) / 100)
  const reserve = runtimeReserve(runtime).perGpuBytes
  const perGpuBudget = smallest.totalBytes * utilization
  const perGpuNeed = (model.weightsBytes + model.kvBytes) / tensorParallel + reserve
  const where = tensorParallel === 1 ? smallest.name : `${tensorParallel} GPUs (tensor parallel)`
  if (utilization < 0.5)
    return none(
      `only ${Math.round((smallest.freeBytes / smallest.totalBytes) * 100)}% of ${smallest.name} is free; vLLM needs most of the GPU`,
    )
  if (perGpuNeed > perGpuBudget) {
    return none(
      `needs ${fmt(perGpuNeed)} per GPU on ${where}, ${fmt(perGpuBudget)} available at gpu-memory-utilization ${utilization}; vLLM cannot offload to RAM`,
    )
  }
  return {
    placement: 'gpu', gpuLayers: model.layers, totalLayers: model.layers, gpus: used, gpuShares: used.map(() => 1 / tensorParallel),
    gpuBytes: perGpuNeed * tensorParallel, ramBytes: 0, reserveBytes: reserve * tensorParallel,
    reason: `fits on ${where} (${fmt(perGpuNeed)} of ${fmt(perGpuBudget)} per GPU at gpu-memory-utilization ${utilization})`,
    vllm: {tensorParallel, gpuMemoryUtilization: utilization},
  }
}

export function fitModel(model: ModelFootprint, machine: MachineTarget, runtime: CatalogRuntime): Fit {
  return runtime.engine === 'paged' ? fitVllm(model, machine, runtime) : fitLlamaFamily(model, machine, runtime)
}

export const PLACEMENT_RANK: Record<Placement, number> = {gpu: 3, partial: 2, cpu: 1, none: 0}
