import {GIB, MIB} from '../../units.js'

/**
 * macOS: `system_profiler SPDisplaysDataType -json`, `sysctl` and `vm_stat` parsing.
 * Apple Silicon GPU entries have no VRAM key at all (runtimes.md 5.3); Intel/AMD Macs have
 * spdisplays_vram ("4 GB") or spdisplays_vram_shared ("1536 MB").
 */
export interface MacDisplayGpu {
  name: string
  vendor: 'apple' | 'amd' | 'intel' | 'nvidia' | 'other'
  builtIn: boolean
  cores: number | null
  metal: string | null
  vramBytes: number | null
  vramShared: boolean
}

export function parseMacSize(text: string | undefined): number | null {
  if (!text) return null
  const match = /([\d.]+)\s*(TB|GB|MB|KB)/i.exec(text)
  if (!match) return null
  const unit = match[2]!.toUpperCase()
  const scale = unit === 'TB' ? 1024 ** 4 : unit === 'GB' ? GIB : unit === 'MB' ? MIB : 1024
  return Math.round(Number(match[1]) * scale)
}

function vendorOf(entry: Record<string, unknown>, name: string): MacDisplayGpu['vendor'] {
  const vendor = String(entry.spdisplays_vendor ?? '').toLowerCase()
  const haystack = `${vendor} ${name.toLowerCase()}`
  if (/apple|kHW_Apple/i.test(haystack) || /^apple m\d/i.test(name)) return 'apple'
  if (/amd|ati|radeon/.test(haystack)) return 'amd'
  if (/intel/.test(haystack)) return 'intel'
  if (/nvidia/.test(haystack)) return 'nvidia'
  return 'other'
}

export function parseSystemProfilerDisplays(json: string): MacDisplayGpu[] {
  const parsed = JSON.parse(json) as {SPDisplaysDataType?: Array<Record<string, unknown>>}
  return (parsed.SPDisplaysDataType ?? []).map((entry) => {
    const rawName = String(entry.sppci_model ?? entry._name ?? 'Unknown GPU')
    // macOS 11 named the M1 entry "kHW_AppleM1Item"; turn it back into the chip name.
    const name = rawName.replace(/^kHW_Apple(M\d\w*)Item$/, 'Apple $1')
    const dedicated = parseMacSize(entry.spdisplays_vram as string | undefined)
    const shared = parseMacSize(entry.spdisplays_vram_shared as string | undefined)
    const cores = Number.parseInt(String(entry.sppci_cores ?? ''), 10)
    return {
      name,
      vendor: vendorOf(entry, name),
      builtIn: /builtin|built-in/i.test(String(entry.sppci_bus ?? '')) || /^Apple M/i.test(name),
      cores: Number.isFinite(cores) ? cores : null,
      metal: (entry.spdisplays_mtlgpufamilysupport ?? entry.spdisplays_metalfamily ?? null) as string | null,
      vramBytes: dedicated ?? shared,
      vramShared: dedicated === null && shared !== null,
    }
  })
}

/** `sysctl a b c` prints "a: value" lines; unknown OIDs go to stderr and are simply absent. */
export function parseSysctl(text: string): Map<string, string> {
  const values = new Map<string, string>()
  for (const line of text.split(/\r?\n/)) {
    const match = /^([\w.]+):\s*(.*)$/.exec(line.trim())
    if (match) values.set(match[1]!, match[2]!.trim())
  }
  return values
}

/**
 * The share of unified memory Metal lets the GPU wire by default (recommendedMaxWorkingSetSize):
 * about 2/3 of RAM up to 36 GiB and 3/4 above. `sudo sysctl iogpu.wired_limit_mb=N` overrides it.
 */
export function appleGpuMemoryLimit(totalRamBytes: number, wiredLimitMb: number | null): {bytes: number; basis: string} {
  if (wiredLimitMb !== null && wiredLimitMb > 0) {
    return {bytes: wiredLimitMb * 1024 * 1024, basis: `iogpu.wired_limit_mb is set to ${wiredLimitMb}`}
  }
  if (totalRamBytes <= 36 * GIB) {
    return {bytes: Math.floor((totalRamBytes * 2) / 3), basis: 'Metal default: about 2/3 of unified memory (36 GiB or less)'}
  }
  return {bytes: Math.floor((totalRamBytes * 3) / 4), basis: 'Metal default: about 3/4 of unified memory (above 36 GiB)'}
}

/**
 * `vm_stat` page counts. macOS keeps free pages low on purpose, so "available" is free plus the
 * pages it drops on demand (inactive, speculative, purgeable), as Activity Monitor counts it.
 */
export function parseVmStatAvailable(text: string): number | null {
  const pageSize = Number(/page size of (\d+) bytes/.exec(text)?.[1])
  if (!Number.isFinite(pageSize)) return null
  const pages = (label: string) => Number(new RegExp(`^Pages ${label}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0)
  const free = pages('free') + pages('inactive') + pages('speculative') + pages('purgeable')
  return free > 0 ? free * pageSize : null
}
