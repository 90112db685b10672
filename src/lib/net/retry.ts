/**
 * The one retry policy: exponential backoff from a base, capped, or the server's own Retry-After
 * (capped too, so a server asking for an hour does not hang a command that long).
 */
export interface RetryPolicy {
  baseMs: number
  maxMs: number
}

/** Plain requests (a probe, an API call): quick retries. */
export const REQUEST_RETRY: RetryPolicy = {baseMs: 500, maxMs: 60_000}
/** A registry rate-limiting or unavailable (429, 503): back off from 10 s up to 2 minutes. */
export const RATE_LIMIT_RETRY: RetryPolicy = {baseMs: 10_000, maxMs: 120_000}
/** A dropped or stalled download: resume sooner, the runtime keeps what it has. */
export const RESUME_RETRY: RetryPolicy = {baseMs: 2000, maxMs: 30_000}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/** How long to wait before retry number `attempt` (1 for the first retry). */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxMs)
  return Math.min(policy.baseMs * 2 ** (attempt - 1), policy.maxMs)
}
