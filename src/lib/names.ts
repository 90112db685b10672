/**
 * Matching the names people type (models, GPUs, commands) against known ones: data-free, so a
 * command that matches a GPU or a command name does not load the model catalog.
 */

/** Lower case, vendor prefixes and marketing words dropped, spaces and underscores as dashes. */
export const normalizeName = (text: string) =>
  text.toLowerCase().replace(/^(nvidia|amd|apple)\s+/, '').replace(/geforce\s+|radeon\s+/g, '').replace(/[\s_]+/g, '-').trim()

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!
    previous[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!
      previous[j] = Math.min(previous[j]! + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return previous[b.length]!
}

/** The closest names, best first: a typo ("llama3.1-8b") or a partial name ("qwen3") finds its models. */
export function closeMatches(query: string, names: string[], limit = 3): string[] {
  const wanted = normalizeName(query)
  const scored = [...new Set(names)].map((name) => {
    const candidate = normalizeName(name)
    const contains = candidate.includes(wanted) || wanted.includes(candidate)
    return {name, score: editDistance(wanted, candidate) - (contains ? 100 : 0)}
  })
  const threshold = Math.max(3, Math.floor(wanted.length / 3))
  return scored.filter((entry) => entry.score <= threshold).sort((a, b) => a.score - b.score).slice(0, limit).map((entry) => entry.name)
}
