import {parseCpuinfo, parseCpuList, physicalCores, simdFromFlags, simdFromMacFeatures} from './cpu.js'
import {appleBandwidth} from './devices.js'
import {parseSysctl, parseVmStatAvailable} from './gpus/apple.js'
import {mergeGpus, type GpuFacts} from './gpus/merge.js'
import {parseMeminfo} from './memory.js'
import {detectContainer, detectWsl, parseOsReleaseName} from './os.js'
import {
  PROFILE_SCHEMA_VERSION, type CpuInfo, type Gpu, type GpuBackend, type GpuTotals, type MachineProfile,
  type MemoryInfo, type OsInfo,
} from './types.js'

/** Everything the probes read, as text and plain values. normalize() turns it into a profile. */
export interface RawFacts {
  platform: string
  arch: string
  release: string
  env: NodeJS.ProcessEnv
  osRelease: string | null
  procVersion: string | null
  dockerenv: boolean
  containerenv: boolean
  cgroup: string | null
  cpuinfo: string | null
  /** Cpus_allowed_list from /proc/self/status. */
  cpusAllowed: string | null
  nodeCpus: Array<{model: string; speed: number}>
  /** CPUs this process may use (os.availableParallelism, which honours affinity like nproc). */
  availableParallelism: number
  /** macOS `sysctl` "key: value" output. */
  sysctl: string | null
  /** macOS `vm_stat` output. */
  vmStat: string | null
  /** Windows Win32_Processor, from the same PowerShell call as the GPUs. */
  windowsCpu: {name: string | null; physicalCores: number | null} | null
  meminfo: string | null
  totalmem: number
  freemem: number
  gpu: GpuFacts
}

function normalizeOs(raw: RawFacts): OsInfo {
  const wsl = raw.platform === 'linux' ? detectWsl(raw.procVersion, raw.env) : {wsl: false, version: null}
  const sysctl = raw.sysctl ? parseSysctl(raw.sysctl) : null
  const macName = sysctl?.get('kern.osproductversion') ? `macOS ${sysctl.get('kern.osproductversion')}` : null
  return {
    platform: raw.platform,
    name: parseOsReleaseName(raw.osRelease) ?? macName,
    release: raw.release,
    arch: raw.arch,
    wsl: wsl.wsl,
    wslVersion: wsl.version,
    container: raw.platform === 'linux'
      ? detectContainer({dockerenv: raw.dockerenv, containerenv: raw.containerenv, cgroup: raw.cgroup, env: raw.env})
      : null,
  }
}

function normalizeCpu(raw: RawFacts): CpuInfo {
  const logicalCores = raw.availableParallelism
  const nodeModel = raw.nodeCpus[0]?.model?.trim() || null
  if (raw.cpuinfo) {
    const facts = parseCpuinfo(raw.cpuinfo)
    const allowed = raw.cpusAllowed ? parseCpuList(raw.cpusAllowed) : null
    return {model: facts.model ?? nodeModel, physicalCores: physicalCores(facts, allowed), logicalCores,
      simd: simdFromFlags(facts.flags, raw.arch)}
  }
  if (raw.sysctl) {
    const values = parseSysctl(raw.sysctl)
    const physical = Number(values.get('hw.physicalcpu'))
    const features = `${values.get('machdep.cpu.features') ?? ''} ${values.get('machdep.cpu.leaf7_features') ?? ''}`
    return {
      model: values.get('machdep.cpu.brand_string') ?? nodeModel,
      physicalCores: Number.isFinite(physical) && physical > 0 ? physical : null,
      logicalCores,
      simd: simdFromMacFeatures(features, raw.arch),
    }
  }
  const arm = raw.arch === 'arm64'
  return {
    model: raw.windowsCpu?.name ?? nodeModel,
    physicalCores: raw.windowsCpu?.physicalCores ?? null,
    logicalCores,
    // Not probed on this platform; AArch64 always has NEON.
    simd: {
      avx2: arm ? false : null,
      avx512: arm ? false : null,
      amx: arm ? false : null,
      neon: arm ? true : raw.arch === 'x64' ? false : null,
    },
  }
}

/** Linux: /proc/meminfo; macOS: vm_stat (os.freemem counts only free pages there); else Node's figures. */
function ramOf(raw: RawFacts): {totalBytes: number; availableBytes: number} {
  const meminfo = raw.meminfo ? parseMeminfo(raw.meminfo) : null
  const macAvailable = raw.vmStat ? parseVmStatAvailable(raw.vmStat) : null
  return {totalBytes: meminfo?.totalBytes ?? raw.totalmem, availableBytes: meminfo?.availableBytes ?? macAvailable ?? raw.freemem}
}

function normalizeMemory(raw: RawFacts, {totalBytes, availableBytes}: {totalBytes: number; availableBytes: number},
  gpus: Gpu[]): MemoryInfo {
  // Unified-memory chips have one published bandwidth for CPU and GPU alike.
  const unified = gpus.find((gpu) => gpu.unifiedMemory && gpu.bandwidthGBps !== null)
  if (unified) {
    return {
      totalBytes,
      availableBytes,
      bandwidthGBps: unified.bandwidthGBps,
      bandwidthBasis: `${unified.name} unified memory (vendor spec)`,
    }
  }
  const sysctl = raw.sysctl ? parseSysctl(raw.sysctl) : null
  const chip = sysctl?.get('machdep.cpu.brand_string')
  const chipBandwidth = chip ? appleBandwidth(chip, null) : null
  if (chip && chipBandwidth !== null) {
    return {totalBytes, availableBytes, bandwidthGBps: chipBandwidth, bandwidthBasis: `${chip} unified memory (vendor spec)`}
  }
  return {
    totalBytes, availableBytes, bandwidthGBps: null,
    bandwidthBasis: 'unknown: DIMM speed and channel count are readable only as root (dmidecode); CPU speed estimates use a range',
  }
}

export function gpuTotals(gpus: Gpu[]): GpuTotals {
  const usable = gpus.filter((gpu) => gpu.backend !== 'none' && gpu.memory.totalBytes !== null)
  const backends = [
    ...new Set(gpus.map((gpu) => gpu.backend).filter((backend): backend is Exclude<GpuBackend, 'none'> => backend !== 'none')),
  ]
  return {
    count: gpus.length,
    totalBytes: usable.reduce((sum, gpu) => sum + (gpu.memory.totalBytes ?? 0), 0),
    freeBytes: usable.reduce((sum, gpu) => sum + (gpu.memory.freeBytes ?? 0), 0),
    largestBytes: usable.reduce((max, gpu) => Math.max(max, gpu.memory.totalBytes ?? 0), 0),
    backends,
  }
}

function warningsFor(profile: Omit<MachineProfile, 'warnings' | 'probes'>): string[] {
  const warnings: string[] = []
  if (profile.os.wsl && profile.os.wslVersion === 1)
    warnings.push('WSL 1 cannot use the GPU and Ollama refuses to install there: convert with `wsl --set-version <distro> 2`')
  for (const gpu of profile.gpus) {
    if (gpu.backend === 'none' && gpu.vendor === 'nvidia') warnings.push(`${gpu.name}: ${gpu.notes[0] ?? 'not usable'}`)
  }
  if (profile.os.container && profile.gpus.length === 0) {
    warnings.push(`running inside ${profile.os.container}: a host GPU is visible only if passed through (e.g. docker --gpus all)`)
  }
  return warnings
}

export function normalize(raw: RawFacts): Omit<MachineProfile, 'probes'> {
  const sysctl = raw.sysctl ? parseSysctl(raw.sysctl) : null
  const wired = Number(sysctl?.get('iogpu.wired_limit_mb'))
  const ram = ramOf(raw)
  const gpus = mergeGpus(raw.gpu, {
    totalRamBytes: ram.totalBytes,
    availableRamBytes: ram.availableBytes,
    appleWiredLimitMb: Number.isFinite(wired) && wired > 0 ? wired : null,
  })
  const profile = {
    schemaVersion: PROFILE_SCHEMA_VERSION,
    os: normalizeOs(raw),
    cpu: normalizeCpu(raw),
    memory: normalizeMemory(raw, ram, gpus),
    gpus,
    gpuTotals: gpuTotals(gpus),
  }
  return {...profile, warnings: warningsFor(profile)}
}
