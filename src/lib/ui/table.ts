/** Label/value rows with the values aligned; continuation lines (label '') indent under the value. */
export function labelled(rows: Array<[label: string, value: string]>): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2
  return rows.map(([label, value]) => `${label.padEnd(width)}${value}`).join('\n')
}
