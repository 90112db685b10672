/**
 * The hardware profile `detect --json` prints and `recommend` consumes. Field names are a public
 * contract (README "detect --json"); sizes are bytes, bandwidth GB/s (10^9 bytes per second).
 */
export const PROFILE_SCHEMA_VERSION = 1

export type GpuVendor = 'nvidia' | 'amd' | 'apple' | 'intel' | 'other'
export type GpuBackend = 'cuda' | 'rocm' | 'metal' | 'vulkan' | 'none'

export interface GpuMemory {
  /** Memory a model can be placed in on this GPU (see `basis`). null when unknown. */
  totalBytes: number | null
  /** Of that, free now. Fit is checked against this, never against total. */
  freeBytes: number | null
  /** Dedicated VRAM (or an APU's carve-out) as the driver reports it. */
  dedicatedBytes: number | null
  /** System memory the GPU may also map (AMD GTT); null when not applicable or unknown. */
  sharedBytes: number | null
  /** How totalBytes was obtained, in words. */
  basis: string
  /** Where the figures came from: nvidia-smi, rocm-smi, sysfs, system_profiler, registry, systeminformation. */
  source: string
}

export interface Gpu {
  index: number
  vendor: GpuVendor
  name: string
  integrated: boolean
  /** GPU and CPU share one pool of memory (Apple Silicon, NVIDIA GB10, AMD APUs). */
  unifiedMemory: boolean
  memory: GpuMemory
  backend: GpuBackend
  driverVersion: string | null
  /** The highest CUDA version the driver supports (nvidia-smi header), not the installed toolkit. */
  cudaVersion: string | null
  computeCapability: string | null
  /** Vendor-spec memory bandwidth, from the device table; null when the device is not in it. */
  bandwidthGBps: number | null
  pciBusId: string | null
  /** Facts a person should know about this GPU, e.g. "driver not loaded". */
  notes: string[]
}

export interface OsInfo {
  platform: string
  /** Distribution or product name, e.g. "Debian GNU/Linux 12 (bookworm)". */
  name: string | null
  release: string
  arch: string
  wsl: boolean
  wslVersion: 1 | 2 | null
  /** Container runtime this process runs in (docker, podman, kubernetes, lxc, ...), or null. */
  container: string | null
}

export interface CpuInfo {
  model: string | null
  physicalCores: number | null
  logicalCores: number
  /** SIMD features llama.cpp uses for CPU inference; null when not probed on this platform. */
  simd: {avx2: boolean | null; avx512: boolean | null; amx: boolean | null; neon: boolean | null}
}

export interface MemoryInfo {
  totalBytes: number
  availableBytes: number
  bandwidthGBps: number | null
  bandwidthBasis: string
}

export interface DiskInfo {
  /** The directory models will be stored in. */
  modelDir: string
  /** Why that directory: OLLAMA_MODELS, the service's default, the user's default. */
  basis: string
  /** The existing directory that was measured (modelDir or its nearest existing parent). */
  measuredPath: string | null
  freeBytes: number | null
  totalBytes: number | null
}

export type ProbeStatus = 'ok' | 'failed' | 'timeout' | 'skipped'

export interface ProbeRecord {
  id: string
  status: ProbeStatus
  durationMs: number
  /** Why it failed or was skipped. */
  detail?: string
}

export interface GpuTotals {
  count: number
  totalBytes: number
  freeBytes: number
  /** Largest single GPU's model memory: the figure `--min-vram` checks. */
  largestBytes: number
  /** Backends with a working driver stack on this machine. */
  backends: GpuBackend[]
}

/** The machine itself, as its probes found it; src/lib/detect.ts adds the runtimes, Tailscale and disk. */
export interface MachineProfile {
  schemaVersion: number
  os: OsInfo
  cpu: CpuInfo
  memory: MemoryInfo
  gpus: Gpu[]
  gpuTotals: GpuTotals
  probes: ProbeRecord[]
  warnings: string[]
}
