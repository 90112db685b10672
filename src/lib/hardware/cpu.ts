import type {CpuInfo} from './types.js'

export interface CpuinfoFacts {
  model: string | null
  /** (processor number, "physical id:core id") for each logical CPU that reports its core. */
  processors: Array<{processor: number; core: string}>
  flags: Set<string>
}

/**
 * /proc/cpuinfo: x86 lists SIMD in "flags", ARM in "Features" (asimd = NEON); "physical id" and
 * "core id" tie each logical CPU to its core.
 */
export function parseCpuinfo(text: string): CpuinfoFacts {
  const processors: CpuinfoFacts['processors'] = []
  const flags = new Set<string>()
  let model: string | null = null
  for (const block of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>()
    for (const line of block.split('\n')) {
      const separator = line.indexOf(':')
      if (separator !== -1) fields.set(line.slice(0, separator).trim(), line.slice(separator + 1).trim())
    }
    model ??= fields.get('model name') ?? null
    const flagList = fields.get('flags') ?? fields.get('Features')
    if (flagList && flags.size === 0) for (const flag of flagList.split(/\s+/)) flags.add(flag)
    const processor = fields.get('processor')
    const coreId = fields.get('core id')
    if (processor !== undefined && coreId !== undefined && /^\d+$/.test(processor)) {
      processors.push({processor: Number(processor), core: `${fields.get('physical id') ?? '0'}:${coreId}`})
    }
  }
  return {model, processors, flags}
}

/** "0-3,8-11" (Cpus_allowed_list in /proc/self/status) as a set of CPU numbers. */
export function parseCpuList(text: string): Set<number> {
  const cpus = new Set<number>()
  for (const part of text.trim().split(',')) {
    const [start, end] = part.split('-').map(Number)
    if (start === undefined || Number.isNaN(start)) continue
    for (let cpu = start; cpu <= (end ?? start); cpu++) cpus.add(cpu)
  }
  return cpus
}

/**
 * Physical cores this process may run on. In a container pinned to 2 CPUs of a 64-core host,
 * cpuinfo lists all 64; llama.cpp's thread count must follow the 2, so we count only allowed CPUs.
 */
export function physicalCores(facts: CpuinfoFacts, allowed: Set<number> | null): number | null {
  const cores = new Set(facts.processors.filter(({processor}) => !allowed || allowed.has(processor)).map(({core}) => core))
  return cores.size > 0 ? cores.size : null
}

export function simdFromFlags(flags: Set<string>, arch: string): CpuInfo['simd'] {
  const isArm = arch === 'arm64' || arch === 'arm'
  return {
    avx2: isArm ? false : flags.has('avx2'),
    avx512: isArm ? false : flags.has('avx512f'),
    amx: isArm ? false : flags.has('amx_tile'),
    // Advanced SIMD is mandatory on AArch64; 32-bit ARM lists "neon".
    neon: arch === 'arm64' ? true : isArm ? flags.has('neon') || flags.has('asimd') : false,
  }
}

/** macOS Intel: machdep.cpu.features / leaf7_features list "AVX2", "AVX512F". */
export function simdFromMacFeatures(features: string, arch: string): CpuInfo['simd'] {
  const flags = new Set(features.toLowerCase().split(/\s+/).filter(Boolean))
  return simdFromFlags(flags, arch)
}
