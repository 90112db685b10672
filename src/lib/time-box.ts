/** The work did not finish within its time box; it was told to stop through its signal. */
export class TimedOut extends Error {
  constructor(readonly limitMs: number) {
    super(`no answer within ${limitMs} ms`)
  }
}

/**
 * Runs `work` under a time limit: its value, or a TimedOut rejection once `limitMs` passes. The
 * signal aborts at that moment, so work that started child processes can kill them instead of
 * outliving the caller. The one time box behind detect's probes, doctor's checks and peer sweeps.
 */
export async function timeBox<T>(limitMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(new TimedOut(limitMs))
    }, limitMs)
  })
  try {
    return await Promise.race([work(controller.signal), expired])
  } finally {
    clearTimeout(timer)
  }
}
