import {LocalclawError, ExitCode} from '../errors.js'
import {ASSUMED_CPU, cpuCompute, fp16Tflops} from '../hardware/compute.js'
import {deviceSuggestions, findDevice} from '../hardware/device-lookup.js'
import {appleGpuMemoryLimit} from '../hardware/gpus/apple.js'
import type {MachineProfile} from '../hardware/types.js'
import {GIB} from '../units.js'
import {ramReserveBytes, type GpuTarget, type MachineTarget} from './fit.js'

/** The machine recommend plans for, with how it was described. */
export interface Machine extends MachineTarget {
  /** 'detected' from this machine, or 'hypothetical' from flags. */
  source: 'detected' | 'hypothetical'
  /** Identical machines available (multi-node plans). */
  nodes: number
  /** Assumptions made, shown to the user. */
  assumptions: string[]
}

export function machineFromProfile(profile: MachineProfile): Machine {
  const assumptions: string[] = []
  const gpus: GpuTarget[] = []
  for (const gpu of profile.gpus) {
    if (gpu.backend === 'none' || gpu.memory.totalBytes === null) continue
    if (gpu.memory.freeBytes === null && !gpu.unifiedMemory)
      assumptions.push(`${gpu.name}: free memory unknown, so all of it is assumed free`)
    // Unified memory is RAM: its "free" is RAM's, which moves from second to second. Planned like RAM,
    // on the total less the reserve (fit.ts ramReserveBytes); what is free now only warns.
    const planned = gpu.unifiedMemory
      ? Math.min(gpu.memory.totalBytes, profile.memory.totalBytes - ramReserveBytes(profile.memory.totalBytes))
      : gpu.memory.freeBytes ?? gpu.memory.totalBytes
    gpus.push({
      name: gpu.name, vendor: gpu.vendor, backend: gpu.backend, totalBytes: gpu.memory.totalBytes,
      freeBytes: planned, bandwidthGBps: gpu.bandwidthGBps, fp16Tflops: fp16Tflops(gpu.name), unified: gpu.unifiedMemory,
    })
  }
  return {
    source: 'detected', nodes: 1, assumptions, gpus, cpu: cpuCompute(profile.cpu),
    ramTotalBytes: profile.memory.totalBytes, ramAvailableBytes: profile.memory.availableBytes,
      ramBandwidthGBps: profile.memory.bandwidthGBps,
  }
}

export interface HypotheticalSpec {
  gpuNames?: string[]
  vramGiB?: number
  ramGiB?: number
  bandwidthGBps?: number
  /** Dense FP16 TFLOPS of the GPU (for one not in the device table, or to override it). */
  tflops?: number
  unified?: boolean
  cpuOnly?: boolean
  nodes?: number
  /** This machine's RAM, kept when --ram is not given (a plan for another GPU still has this machine's memory). */
  detectedRam?: {totalBytes: number; availableBytes: number}
}

function positive(value: number | undefined, flag: string, unit: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new LocalclawError(`--${flag} must be a positive number of ${unit}, got ${value}.`, {
      code: 'invalid_hardware',
      exit: ExitCode.usage,
    })
  }
}

/** A machine described by flags, for scripts and CI: `--gpu "RTX 4090" --ram 64`. GPUs are assumed idle. */
export function hypotheticalMachine(spec: HypotheticalSpec): Machine {
  positive(spec.vramGiB, 'vram', 'GiB')
  positive(spec.ramGiB, 'ram', 'GiB')
  positive(spec.bandwidthGBps, 'bandwidth', 'GB/s')
  positive(spec.tflops, 'tflops', 'TFLOPS')
  if (spec.nodes !== undefined && !(Number.isInteger(spec.nodes) && spec.nodes >= 1)) {
    throw new LocalclawError(`--nodes must be a whole number of machines, 1 or more, got ${spec.nodes}.`, {
      code: 'invalid_hardware',
      exit: ExitCode.usage,
    })
  }
  if (spec.cpuOnly && (spec.gpuNames?.length || spec.vramGiB !== undefined)) {
    throw new LocalclawError('--cpu-only cannot be combined with --gpu or --vram.', {code: 'invalid_hardware', exit: ExitCode.usage})
  }
  if (spec.cpuOnly && spec.tflops !== undefined) {
    throw new LocalclawError('--tflops describes a GPU, and --cpu-only plans without one.', {
      code: 'invalid_hardware',
      exit: ExitCode.usage,
    })
  }
  const assumptions: string[] = ['GPUs are assumed idle: all their memory free']
  // RAM: --ram; else a named unified chip's own common configuration (an M1 is not 32 GB); else this machine's.
  const unifiedDevice = spec.cpuOnly ? undefined
    : (spec.gpuNames ?? []).map((name) => findDevice(name)).find((device) => device?.unifiedMemory)
  let ramBytes = 32 * GIB
  let ramAvailable: number | null = null
  if (spec.ramGiB !== undefined) ramBytes = spec.ramGiB * GIB
  else if (unifiedDevice) {
    ramBytes = unifiedDevice.vramGiB * GIB
    assumptions.push(`${unifiedDevice.name}: its common ${unifiedDevice.vramGiB} GiB configuration assumed (pass --ram for yours)`)
  } else if (spec.detectedRam) {
    ramBytes = spec.detectedRam.totalBytes
    ramAvailable = spec.detectedRam.availableBytes
    assumptions.push(`this machine's ${(ramBytes / GIB).toFixed(1)} GiB of RAM (pass --ram to plan for another amount)`)
  } else assumptions.push('32 GiB of system RAM assumed (pass --ram)')
  const gpus: GpuTarget[] = []
  if (!spec.cpuOnly) {
    for (const name of spec.gpuNames ?? []) {
      const device = findDevice(name)
      if (!device) {
        const close = deviceSuggestions(name)
        throw new LocalclawError(`Unknown GPU "${name}".`, {
          code: 'unknown_gpu',
          exit: ExitCode.usage,
          suggestions:
            close.length > 0 ? close.map((candidate) => `--gpu "${candidate}"`) : ['Describe it instead: --vram <GiB> --bandwidth <GB/s>'],
        })
      }
      const unified = spec.unified ?? device.unifiedMemory ?? false
      const vendor = /^apple/i.test(device.name) ? 'apple' : /^amd/i.test(device.name) ? 'amd' : 'nvidia'
      let total = (spec.vramGiB ?? device.vramGiB) * GIB
      if (unified && vendor === 'apple' && spec.vramGiB === undefined) {
        const limit = appleGpuMemoryLimit(ramBytes, null)
        total = limit.bytes
        assumptions.push(`${device.name}: ${limit.basis}`)
      }
      gpus.push({
        name: device.name, vendor, backend: vendor === 'apple' ? 'metal' : vendor === 'amd' ? 'rocm' : 'cuda',
        totalBytes: total, freeBytes: total, bandwidthGBps: spec.bandwidthGBps ?? device.bandwidthGBps,
          fp16Tflops: spec.tflops ?? fp16Tflops(device.name), unified,
      })
    }
    if (gpus.length === 0 && spec.vramGiB !== undefined) {
      const total = spec.vramGiB * GIB
      if (spec.bandwidthGBps === undefined) assumptions.push('GPU bandwidth unknown (pass --bandwidth): no speed estimate')
      if (spec.tflops === undefined) assumptions.push('GPU compute unknown (pass --tflops): no time-to-first-token estimate')
      gpus.push({
        name: `GPU with ${spec.vramGiB} GiB`, vendor: spec.unified ? 'apple' : 'nvidia', backend: spec.unified ? 'metal' : 'cuda',
        totalBytes: total, freeBytes: total, bandwidthGBps: spec.bandwidthGBps ?? null, fp16Tflops: spec.tflops ?? null,
          unified: spec.unified ?? false,
      })
    }
  }
  if (spec.unified && gpus.length === 0) {
    throw new LocalclawError('--unified describes a GPU that shares system RAM: name one with --gpu or --vram.', {
      code: 'invalid_hardware',
      exit: ExitCode.usage,
    })
  }
  if (spec.tflops !== undefined && gpus.length === 0) {
    throw new LocalclawError('--tflops describes a GPU: name one with --gpu or --vram.', {code: 'invalid_hardware', exit: ExitCode.usage})
  }
  if (gpus.length === 0) assumptions.push(`prompt processing on ${ASSUMED_CPU.basis}`)
  const ramBandwidth = gpus.length === 0 ? spec.bandwidthGBps ?? null : gpus.find((gpu) => gpu.unified)?.bandwidthGBps ?? null
  // Unified GPUs draw on the same RAM: what the GPU may use is not also available to the CPU.
  return {
    source: 'hypothetical', nodes: spec.nodes ?? 1, assumptions, gpus,
    ramTotalBytes: ramBytes, ramAvailableBytes: ramAvailable ?? Math.round(ramBytes * 0.9), ramBandwidthGBps: ramBandwidth,
  }
}
