/** Human units. Never prints NaN, "undefined" or a raw float: unknown values say "unknown". */
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return 'unknown'
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  const digits = unit === 0 ? 0 : value >= 100 ? 0 : 1
  return `${value.toFixed(digits)} ${UNITS[unit]}`
}

export function formatBandwidth(gbps: number | null | undefined): string {
  if (gbps === null || gbps === undefined || !Number.isFinite(gbps)) return 'unknown'
  return `${gbps >= 100 ? Math.round(gbps) : Number(gbps.toFixed(1))} GB/s`
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

