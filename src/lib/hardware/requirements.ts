import {formatBytes} from '../ui/format.js'
import {GIB} from '../units.js'
import type {GpuBackend, MachineProfile} from './types.js'

/** What a CI job can demand of a machine: `detect --require-gpu --min-vram 16 --require cuda`. */
export interface HardwareRequirements {
  requireGpu?: boolean
  minVramGiB?: number
  minRamGiB?: number
  require?: Array<Exclude<GpuBackend, 'none'>>
}

export interface RequirementResult {
  requirement: string
  met: boolean
  /** One line; for an unmet requirement it says what was found instead. */
  message: string
}

export interface RequirementsReport {
  met: boolean
  results: RequirementResult[]
}

export function checkRequirements(profile: MachineProfile, wanted: HardwareRequirements): RequirementsReport {
  const results: RequirementResult[] = []
  const usable = profile.gpus.filter((gpu) => gpu.backend !== 'none')
  const unusable = profile.gpus.filter((gpu) => gpu.backend === 'none')
  const whyNot = unusable.length > 0
    ? `; found ${unusable.map((gpu) => `${gpu.name} (${gpu.notes[0] ?? 'no GPU backend'})`).join(', ')}`
    : ''

  if (wanted.requireGpu) {
    results.push(usable.length > 0
      ? {requirement: 'gpu', met: true, message: `usable GPU: ${usable.map((gpu) => `${gpu.name} (${gpu.backend})`).join(', ')}`}
      : {requirement: 'gpu', met: false, message: `no usable GPU${whyNot || ' found'}`})
  }
  if (wanted.minVramGiB !== undefined) {
    const need = wanted.minVramGiB * GIB
    const have = profile.gpuTotals.largestBytes
    results.push({
      requirement: 'min-vram',
      met: have >= need,
      message: have >= need
        ? `largest GPU memory ${formatBytes(have)} >= ${wanted.minVramGiB} GiB`
        : `largest usable GPU memory is ${have > 0 ? formatBytes(have) : 'none'}, need at least ${wanted.minVramGiB} GiB${whyNot}`,
    })
  }
  if (wanted.minRamGiB !== undefined) {
    const need = wanted.minRamGiB * GIB
    const have = profile.memory.totalBytes
    results.push({
      requirement: 'min-ram',
      met: have >= need,
      message: `RAM ${formatBytes(have)} ${have >= need ? '>=' : 'is below'} ${wanted.minRamGiB} GiB`,
    })
  }
  for (const backend of wanted.require ?? []) {
    const met = profile.gpuTotals.backends.includes(backend)
    results.push({
      requirement: backend,
      met,
      message: met
        ? `${backend} available`
        : `${backend} not available (backends here: ${profile.gpuTotals.backends.join(', ') || 'none'})${whyNot}`,
    })
  }
  return {met: results.every((result) => result.met), results}
}
