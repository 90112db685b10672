// What both halves of `npm run catalog:refresh` do with their reads: each key once, a few at a time,
// a failure kept with its reason (the previous entry stays), and the date moved only by a run that read.

export interface Reads {
  /** How many keys were read. */
  read: number
  failed: Array<{key: string; reason: string}>
}

/** Runs `read` for every distinct key, `concurrency` at a time; what throws is that key's failure. */
export async function readEach(keys: string[], read: (key: string) => Promise<void>, concurrency: number): Promise<Reads> {
  const queue = [...new Set(keys)]
  const outcome: Reads = {read: 0, failed: []}
  const worker = async () => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
      try {
        await read(key)
        outcome.read++
      } catch (error) {
        outcome.failed.push({key, reason: error instanceof Error ? error.message : String(error)})
      }
    }
  }
  await Promise.all(Array.from({length: concurrency}, worker))
  return outcome
}

/** The file's date: today's where the run read anything; a run without network keeps the last one's. */
export const refreshedOn = (reads: Reads, now: Date, previous: string | null): string | null =>
  (reads.read > 0 ? now.toISOString().slice(0, 10) : previous)

/** Entries in key order, so the committed file's diff shows only what changed. */
export const byKey = <T>(entries: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)))
