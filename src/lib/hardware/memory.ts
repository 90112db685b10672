/** /proc/meminfo, in kB. MemAvailable is what the kernel could give a new process without swapping. */
export function parseMeminfo(text: string): {totalBytes: number; availableBytes: number} | null {
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s*kB`, 'm').exec(text)
    return match ? Number(match[1]) * 1024 : null
  }
  const total = field('MemTotal')
  if (total === null) return null
  // Kernels before 3.14 have no MemAvailable; free + cache is the old approximation.
  const available = field('MemAvailable') ?? (field('MemFree') ?? 0) + (field('Cached') ?? 0) + (field('Buffers') ?? 0)
  return {totalBytes: total, availableBytes: available}
}
