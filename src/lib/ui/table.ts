/** Rows in aligned columns, two spaces apart (a header is the first row); the last column is not padded. */
export function columns(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)))
  return rows.map((cells) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '))
}

/** Label/value rows with the values aligned; continuation lines (label '') indent under the value. */
export function labelled(rows: Array<[label: string, value: string]>): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2
  return rows.map(([label, value]) => `${label.padEnd(width)}${value}`).join('\n')
}
