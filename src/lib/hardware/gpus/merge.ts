import {appleBandwidth, lookupDevice} from '../devices.js'
import type {Gpu, GpuBackend, GpuMemory, GpuVendor} from '../types.js'
import {MIB, GIB} from '../../units.js'
import {parseRocmSmi, type RocmRow} from './amd.js'
import {appleGpuMemoryLimit, parseSystemProfilerDisplays} from './apple.js'
import type {FallbackGpu} from './fallback.js'
import {nvidiaDriverProblem, parseNvidiaHeader, parseNvidiaQuery} from './nvidia.js'
import {samePciAddress, type PciGpu} from './pci.js'
import {adapterRamIsCapped, type WindowsGpuRow} from './windows.js'

/** Raw GPU facts as the probes collected them; every field is null when its probe did not run. */
export interface GpuFacts {
  nvidia: {
    /** stdout of the --query-gpu call when it succeeded. */
    query: string | null
    queryFields: readonly string[]
    /** stdout of plain `nvidia-smi` (the header with the CUDA version). */
    header: string | null
    /** Output of a failed nvidia-smi, e.g. the "couldn't communicate with the NVIDIA driver" text. */
    failure: string | null
  } | null
  rocm: string | null
  pci: PciGpu[] | null
  macDisplays: string | null
  windows: WindowsGpuRow[] | null
  fallback: FallbackGpu[] | null
}

export interface MemoryContext {
  totalRamBytes: number
  availableRamBytes: number
  /** macOS iogpu.wired_limit_mb, when set. */
  appleWiredLimitMb: number | null
}

type Draft = Omit<Gpu, 'index'>

function baseGpu(vendor: GpuVendor, name: string, memory: GpuMemory, backend: GpuBackend): Draft {
  const device = lookupDevice(name)
  return {
    vendor, name, integrated: false, unifiedMemory: device?.unifiedMemory ?? false, memory, backend,
    driverVersion: null, cudaVersion: null, computeCapability: device?.computeCapability ?? null,
    bandwidthGBps: device?.bandwidthGBps ?? null, pciBusId: null, notes: [],
  }
}

function unknownMemory(source: string, basis: string): GpuMemory {
  return {totalBytes: null, freeBytes: null, dedicatedBytes: null, sharedBytes: null, basis, source}
}

function nvidiaUnusableReason(facts: GpuFacts): string {
  const failure = facts.nvidia?.failure ?? null
  const problem = failure ? nvidiaDriverProblem(failure) : null
  const firstLine = failure?.trim().split('\n')[0] ?? ''
  if (problem === 'driver-library-mismatch') {
    return 'NVIDIA driver and library versions differ (usually after a driver update): reboot, or reload the nvidia kernel modules'
  }
  if (problem === 'driver-not-loaded') return `NVIDIA driver not loaded: nvidia-smi says "${firstLine}"`
  if (failure) return `nvidia-smi failed: ${firstLine}`
  return 'nvidia-smi not found: the NVIDIA driver is not installed'
}

function nvidiaGpus(facts: GpuFacts, memory: MemoryContext): Draft[] {
  const nvidia = facts.nvidia
  const gpus: Draft[] = []
  if (nvidia?.query) {
    const header = nvidia.header ? parseNvidiaHeader(nvidia.header) : {driverVersion: null, cudaVersion: null}
    for (const row of parseNvidiaQuery(nvidia.query, nvidia.queryFields)) {
      const gpuMemory: GpuMemory = row.totalMiB === null
        // GB10/DGX Spark and other unified boards report memory as N/A: the GPU uses system RAM.
        ? {totalBytes: memory.totalRamBytes, freeBytes: memory.availableRamBytes, dedicatedBytes: null, sharedBytes: memory.totalRamBytes,
            basis: 'unified memory: nvidia-smi reports no VRAM figure, so system RAM is the pool', source: 'nvidia-smi + /proc/meminfo'}
        : {totalBytes: row.totalMiB * MIB, freeBytes: row.freeMiB === null ? null : row.freeMiB * MIB, dedicatedBytes: row.totalMiB * MIB,
            sharedBytes: null, basis: 'dedicated VRAM', source: 'nvidia-smi'}
      const gpu = baseGpu('nvidia', row.name, gpuMemory, 'cuda')
      gpu.unifiedMemory ||= row.totalMiB === null
      gpu.integrated = gpu.unifiedMemory
      gpu.driverVersion = row.driverVersion ?? header.driverVersion
      gpu.cudaVersion = header.cudaVersion
      gpu.computeCapability = row.computeCap ?? gpu.computeCapability
      gpu.pciBusId = row.pciBusId
      gpus.push(gpu)
    }
    return gpus
  }

  // nvidia-smi missing or failing. Any NVIDIA hardware we can still see is present but unusable.
  const why = nvidiaUnusableReason(facts)
  const problem = nvidia?.failure ? nvidiaDriverProblem(nvidia.failure) : null
  const pciNvidia = (facts.pci ?? []).filter((device) => device.vendor === 'nvidia')
  for (const device of pciNvidia) {
    const gpu = baseGpu(
      'nvidia',
      `NVIDIA GPU [10de:${device.deviceId.replace(/^0x/, '')}]`,
      unknownMemory('sysfs', 'unknown until the NVIDIA driver works'),
      'none',
    )
    gpu.pciBusId = device.address
    gpu.notes.push(why)
    if (device.driver === 'nouveau') gpu.notes.push('bound to the open-source nouveau driver, which CUDA cannot use')
    gpus.push(gpu)
  }
  const listedByWindows = (facts.windows ?? []).some((row) => row.vendor === 'nvidia')
  if (pciNvidia.length === 0 && problem && !listedByWindows) {
    // The driver text alone proves an NVIDIA GPU is installed, even where we cannot list PCI devices.
    const gpu = baseGpu('nvidia', 'NVIDIA GPU', unknownMemory('nvidia-smi', 'unknown until the NVIDIA driver works'), 'none')
    gpu.notes.push(why)
    gpus.push(gpu)
  }
  return gpus
}

/**
 * AMD integrated graphics: gfx IDs (Renoir/Cezanne gfx90c, Van Gogh, Rembrandt and Raphael gfx103x,
 * Phoenix gfx1103, Strix and Krackan gfx115x) and the names Windows and rocm-smi give them
 * ("AMD Radeon(TM) Graphics", "Radeon 780M", "Raphael").
 */
const AMD_APU_GFX = /^gfx(90c|1013|1033|103[5-9]|1103|115\d)$/
const AMD_APU_NAME =
  /raphael|phoenix|rembrandt|renoir|cezanne|strix|hawk point|krackan|van gogh|radeon(\(tm\))?\s*(\d{3}m\b|80[4-6]0s\b|graphics)/i

function amdGpus(facts: GpuFacts, memory: MemoryContext): Draft[] {
  const rocmRows: RocmRow[] = facts.rocm ? parseRocmSmi(facts.rocm) : []
  const pciAmd = (facts.pci ?? []).filter((device) => device.vendor === 'amd')
  const count = Math.max(rocmRows.length, pciAmd.length)
  const gpus: Draft[] = []
  for (let i = 0; i < count; i++) {
    const row = rocmRows[i]
    // rocm-smi numbers cards in DRM order, which follows PCI order; pair them only when counts agree.
    const device = rocmRows.length === 0 || rocmRows.length === pciAmd.length ? pciAmd[i] : undefined
    const name = row?.name ?? `AMD GPU [1002:${device?.deviceId.replace(/^0x/, '') ?? '?'}]`
    const vramTotal = device?.vramTotalBytes ?? row?.vramTotalBytes ?? null
    const vramUsed = device?.vramUsedBytes ?? row?.vramUsedBytes ?? null
    const gttTotal = device?.gttTotalBytes ?? null
    const gttUsed = device?.gttUsedBytes ?? 0
    const integrated = AMD_APU_GFX.test(row?.gfxVersion ?? '') || AMD_APU_NAME.test(name)
      || (vramTotal !== null && vramTotal < 2 * GIB && gttTotal !== null && gttTotal > vramTotal)
    const backend: GpuBackend = row ? 'rocm' : device?.driver === 'amdgpu' ? 'vulkan' : 'none'
    const source = device?.vramTotalBytes != null ? 'sysfs (amdgpu)' : row ? 'rocm-smi' : 'sysfs'
    let gpuMemory: GpuMemory
    if (integrated && gttTotal !== null) {
      // An APU's "VRAM" is a BIOS carve-out (64 MiB on Raphael); models live in GTT, i.e. system RAM.
      const gttFree = Math.min(gttTotal - gttUsed, memory.availableRamBytes)
      gpuMemory = {
        totalBytes: (vramTotal ?? 0) + gttTotal,
        freeBytes: (vramTotal !== null && vramUsed !== null ? vramTotal - vramUsed : 0) + Math.max(0, gttFree),
        dedicatedBytes: vramTotal, sharedBytes: gttTotal,
        basis: 'APU: carve-out VRAM plus GTT (system memory the GPU can map)', source,
      }
    } else {
      gpuMemory = {
        totalBytes: vramTotal, freeBytes: vramTotal !== null && vramUsed !== null ? vramTotal - vramUsed : null,
        dedicatedBytes: vramTotal, sharedBytes: null,
        basis: integrated ? 'APU carve-out only: GTT size unknown (sysfs not readable)' : 'dedicated VRAM', source,
      }
    }
    const gpu = baseGpu('amd', name, gpuMemory, backend)
    gpu.integrated = integrated
    gpu.unifiedMemory = integrated
    gpu.pciBusId = device?.address ?? null
    if (!row && device?.driver === 'amdgpu')
      gpu.notes.push('rocm-smi not found: ROCm is not installed, so only Vulkan backends (llama.cpp, LM Studio) can use this GPU')
    if (device && device.driver !== 'amdgpu') gpu.notes.push('no amdgpu kernel driver bound to this GPU')
    gpus.push(gpu)
  }
  return gpus
}

function intelGpus(facts: GpuFacts): Draft[] {
  return (facts.pci ?? []).filter((device) => device.vendor === 'intel').map((device) => {
    // Arc discrete cards are device IDs 0x56xx (Alchemist) and 0xe20x (Battlemage).
    const discrete = /^0x(56|e2)/.test(device.deviceId)
    const name = `Intel ${discrete ? 'Arc' : 'integrated'} GPU [8086:${device.deviceId.replace(/^0x/, '')}]`
    const gpu = baseGpu(
      'intel',
      name,
      unknownMemory(
        'sysfs',
        discrete ? 'VRAM size not exposed by the i915/xe driver' : 'integrated GPU: uses system RAM; not counted as GPU memory',
      ),
      device.driver === 'i915' || device.driver === 'xe' ? 'vulkan' : 'none',
    )
    gpu.integrated = !discrete
    gpu.pciBusId = device.address
    return gpu
  })
}

function appleGpus(facts: GpuFacts, memory: MemoryContext): Draft[] {
  if (!facts.macDisplays) return []
  return parseSystemProfilerDisplays(facts.macDisplays).map((row) => {
    if (row.vendor === 'apple') {
      const limit = appleGpuMemoryLimit(memory.totalRamBytes, memory.appleWiredLimitMb)
      const gpu = baseGpu('apple', row.name, {
        totalBytes: limit.bytes,
        freeBytes: Math.min(limit.bytes, memory.availableRamBytes),
        dedicatedBytes: null, sharedBytes: memory.totalRamBytes,
        basis: limit.basis, source: 'system_profiler + sysctl',
      }, 'metal')
      gpu.integrated = true
      gpu.unifiedMemory = true
      gpu.bandwidthGBps = appleBandwidth(row.name, row.cores)
      return gpu
    }
    const gpu = baseGpu(row.vendor, row.name, {
      totalBytes: row.vramBytes, freeBytes: null, dedicatedBytes: row.vramBytes, sharedBytes: null,
      basis: row.vramShared ? 'shared system memory reserved for graphics' : 'dedicated VRAM', source: 'system_profiler',
    }, 'none')
    gpu.integrated = row.builtIn
    gpu.notes.push('Ollama and LM Studio use the GPU only on Apple Silicon; on an Intel Mac models run on the CPU')
    return gpu
  })
}

function windowsGpus(facts: GpuFacts, alreadyFromNvidiaSmi: boolean): Draft[] {
  return (facts.windows ?? [])
    // nvidia-smi already described NVIDIA cards precisely (free VRAM, CUDA); skip the WMI copy.
    .filter((row) => !(alreadyFromNvidiaSmi && row.vendor === 'nvidia'))
    .map((row) => {
      const capped = adapterRamIsCapped(row.adapterRamBytes)
      const bytes = row.registryBytes ?? (capped ? null : row.adapterRamBytes)
      const integrated = row.vendor === 'intel' ? !/\barc\b/i.test(row.name) : AMD_APU_NAME.test(row.name)
      const backend: GpuBackend = row.vendor === 'nvidia' ? 'none' : row.vendor === 'amd' || row.vendor === 'intel' ? 'vulkan' : 'none'
      const gpu = baseGpu(row.vendor, row.name, {
        totalBytes: integrated ? null : bytes, freeBytes: null, dedicatedBytes: bytes, sharedBytes: null,
        basis: integrated ? 'integrated GPU: uses system RAM; not counted as GPU memory'
          : row.registryBytes !== null ? 'dedicated VRAM (registry HardwareInformation.qwMemorySize)'
            : capped ? 'unknown: WMI AdapterRAM stops at 4 GiB and the registry has no qwMemorySize' : 'dedicated VRAM (WMI AdapterRAM)',
        source: row.registryBytes !== null ? 'registry' : 'WMI',
      }, backend)
      gpu.integrated = integrated
      gpu.driverVersion = row.driverVersion
      if (row.vendor === 'nvidia') gpu.notes.push(`${nvidiaUnusableReason(facts)}; CUDA cannot be used until nvidia-smi works`)
      return gpu
    })
}

function fallbackGpus(facts: GpuFacts): Draft[] {
  return (facts.fallback ?? []).map((row) => {
    const vendorText = `${row.vendor} ${row.model}`.toLowerCase()
    const vendor: GpuVendor = vendorText.includes('nvidia') ? 'nvidia' : /amd|ati|radeon/.test(vendorText) ? 'amd'
      : vendorText.includes('intel') ? 'intel' : vendorText.includes('apple') ? 'apple' : 'other'
    const bytes = row.vramMiB === null ? null : row.vramMiB * MIB
    const gpu = baseGpu(vendor, row.model, {
      totalBytes: null, freeBytes: null, dedicatedBytes: bytes, sharedBytes: null,
      basis: 'not trusted: systeminformation reports the PCI BAR size on Linux and at most 4 GiB on Windows',
      source: 'systeminformation',
    }, 'none')
    gpu.integrated = row.vramDynamic
    gpu.notes.push('found only by the generic fallback probe; its memory figure is not used for recommendations')
    return gpu
  })
}

export function mergeGpus(facts: GpuFacts, memory: MemoryContext): Gpu[] {
  const nvidia = nvidiaGpus(facts, memory)
  const fromNvidiaSmi = Boolean(facts.nvidia?.query)
  const direct = [...nvidia, ...amdGpus(facts, memory), ...appleGpus(facts, memory), ...windowsGpus(facts, fromNvidiaSmi),
    ...intelGpus(facts)]
  // Two sources can describe one device (sysfs and nvidia-smi): keep the first, richer one.
  const unique = direct.filter((gpu, index) => !gpu.pciBusId
    || direct.findIndex((other) => samePciAddress(other.pciBusId, gpu.pciBusId)) === index)
  const all = unique.length > 0 ? unique : fallbackGpus(facts)
  return all.map((gpu, index) => ({index, ...gpu}))
}
