/**
 * Node.js version ranges, as package.json "engines" writes them, kept without a semver dependency
 * so bin/run.js can check before anything else loads. A range is [lowest, below] (below: null for
 * no upper bound).
 */
export type VersionRange = readonly [string, string | null]

/**
 * What localclaw runs on: its production dependencies' engines (@inquirer/prompts and @inquirer/core
 * need ^22.22.2 || ^24.15.0 || >=26.0.0); package.json "engines" says the same (test/engines.test.ts).
 */
export const LOCALCLAW_NODE: readonly VersionRange[] = [['22.22.2', '23.0.0'], ['24.15.0', '25.0.0'], ['26.0.0', null]]

/** What OpenClaw runs on: openclaw@2026.9.6 package.json engines ">=24.16.0 <25 || >=26.1.0". */
export const OPENCLAW_NODE: readonly VersionRange[] = [['24.16.0', '25.0.0'], ['26.1.0', null]]

function compare(a: string, b: string): number {
  const parse = (version: string) => version.replace(/^v/, '').split(/[.-]/).slice(0, 3).map((part) => Number.parseInt(part, 10) || 0)
  const [x, y] = [parse(a), parse(b)]
  for (let index = 0; index < 3; index++) if (x[index] !== y[index]) return x[index]! - y[index]!
  return 0
}

export function satisfies(version: string, ranges: readonly VersionRange[]): boolean {
  return ranges.some(([lowest, below]) => compare(version, lowest) >= 0 && (below === null || compare(version, below) < 0))
}

/** "22.22.2+ (22.x), 24.15.0+ (24.x) or 26.0.0+": the ranges as a person reads them. */
export function describeRanges(ranges: readonly VersionRange[]): string {
  const parts = ranges.map(([lowest, below]) => (below === null ? `${lowest} or newer` : `${lowest}+ of ${lowest.split('.')[0]}.x`))
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}` : parts[0]!
}
