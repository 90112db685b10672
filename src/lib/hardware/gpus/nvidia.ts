/**
 * nvidia-smi output parsing. Formats: ../shared/reference/runtimes.md section 5.1 and the recordings
 * in test/fixtures/nvidia (", " separated cells, "N/A" or "[N/A]" for unavailable, MiB without units).
 */
export const NVIDIA_QUERY_FIELDS = [
  'index', 'name', 'uuid', 'pci.bus_id', 'memory.total', 'memory.used', 'memory.free', 'driver_version', 'compute_cap',
] as const

/** Drivers older than 510 reject compute_cap; we retry without it. */
export const NVIDIA_QUERY_FIELDS_LEGACY = NVIDIA_QUERY_FIELDS.filter((field) => field !== 'compute_cap')

export interface NvidiaRow {
  index: number
  name: string
  uuid: string | null
  pciBusId: string | null
  totalMiB: number | null
  usedMiB: number | null
  freeMiB: number | null
  driverVersion: string | null
  computeCap: string | null
}

function cell(value: string | undefined): string | null {
  if (value === undefined) return null
  const trimmed = value.trim()
  if (trimmed === '' || /^\[?N\/A\]?$/i.test(trimmed) || /^\[(Not Supported|Unknown Error)\]$/i.test(trimmed)) return null
  return trimmed
}

function numberCell(value: string | undefined): number | null {
  const text = cell(value)
  if (text === null) return null
  const number = Number(text)
  return Number.isFinite(number) ? number : null
}

export function parseNvidiaQuery(text: string, fields: readonly string[] = NVIDIA_QUERY_FIELDS): NvidiaRow[] {
  const rows: NvidiaRow[] = []
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue
    const cells = line.split(/,\s*/)
    if (cells.length < fields.length) continue
    const get = (field: string) => cells[fields.indexOf(field)]
    const name = cell(get('name'))
    if (!name) continue
    rows.push({
      index: numberCell(get('index')) ?? rows.length,
      name,
      uuid: cell(get('uuid')),
      pciBusId: cell(get('pci.bus_id')),
      totalMiB: numberCell(get('memory.total')),
      usedMiB: numberCell(get('memory.used')),
      freeMiB: numberCell(get('memory.free')),
      driverVersion: cell(get('driver_version')),
      computeCap: fields.includes('compute_cap') ? cell(get('compute_cap')) : null,
    })
  }
  return rows
}

export interface NvidiaHeader {
  driverVersion: string | null
  cudaVersion: string | null
}

export function parseNvidiaHeader(text: string): NvidiaHeader {
  return {
    driverVersion: /Driver Version:\s*([\d.]+)/.exec(text)?.[1] ?? null,
    cudaVersion: /CUDA Version:\s*([\d.]+)/.exec(text)?.[1] ?? null,
  }
}

export type NvidiaDriverProblem = 'driver-not-loaded' | 'driver-library-mismatch' | null

/** nvidia-smi ran but could not reach the driver: there IS an NVIDIA GPU, it just cannot be used. */
export function nvidiaDriverProblem(output: string): NvidiaDriverProblem {
  if (/Driver\/library version mismatch/i.test(output)) return 'driver-library-mismatch'
  if (/couldn't communicate with the NVIDIA driver|Failed to initialize NVML|libnvidia-ml\.so/i.test(output)) {
    return 'driver-not-loaded'
  }
  return null
}

export function isUnknownQueryField(output: string): boolean {
  return /is not a valid field to query/i.test(output)
}
