/**
 * rocm-smi output parsing, JSON or CSV (test/fixtures/amd). Values are strings of bytes.
 * Some rocm-smi builds print warnings before the JSON, so the object is cut out of the text.
 */
export interface RocmRow {
  card: string
  name: string | null
  vramTotalBytes: number | null
  vramUsedBytes: number | null
  gfxVersion: string | null
}

function pick(record: Record<string, string>, ...names: string[]): string | null {
  const lowered = new Map(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]))
  for (const name of names) {
    const value = lowered.get(name.toLowerCase())
    if (value !== undefined && value !== '' && value !== 'N/A') return value
  }
  return null
}

function bytes(value: string | null): number | null {
  if (value === null) return null
  const number = Number(value)
  return Number.isFinite(number) ? number : null
}

function rowFrom(card: string, record: Record<string, string>): RocmRow {
  return {
    card,
    name: pick(record, 'Card Series', 'Card series', 'Marketing Name', 'Card SKU'),
    vramTotalBytes: bytes(pick(record, 'VRAM Total Memory (B)')),
    vramUsedBytes: bytes(pick(record, 'VRAM Total Used Memory (B)')),
    gfxVersion: pick(record, 'GFX Version'),
  }
}

function parseCsv(text: string): RocmRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() && !/^WARNING/i.test(line))
  const header = lines.shift()?.split(',')
  if (!header || header[0] !== 'device') return []
  return lines.map((line) => {
    // Product names contain no commas in practice except inside brackets ("RX 6800/6800 XT / 6900 XT"
    // has none); split naively and map by header position.
    const cells = line.split(',')
    const record: Record<string, string> = {}
    header.forEach((key, index) => {
      record[key] = cells[index] ?? ''
    })
    return rowFrom(record.device ?? `card${cells[0]}`, record)
  })
}

export function parseRocmSmi(text: string): RocmRow[] {
  const start = text.indexOf('{')
  const end = text.lastIndexOf('}')
  if (start !== -1 && end > start) {
    try {
      const parsed = JSON.parse(text.slice(start, end + 1)) as Record<string, Record<string, string>>
      return Object.entries(parsed)
        .filter(([card]) => /^card\d+$/i.test(card))
        .map(([card, record]) => rowFrom(card, record))
    } catch {
      // fall through to CSV
    }
  }
  return parseCsv(text)
}
