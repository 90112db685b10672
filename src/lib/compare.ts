/**
 * Sorts identifiers (probe ids, PCI addresses, host names) by their code units. Not localeCompare:
 * its first call initialises ICU's collator, about 7 ms of every command's startup (bench/startup.js),
 * and these keys need an order that is stable, not one that is linguistically right.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
