import {parseRetryAfter, REQUEST_RETRY, retryDelayMs} from './retry.js'

export interface HttpRequestOptions {
  method?: string
  headers?: Record<string, string>
  body?: string
  /** Per attempt. Every request is time-boxed; there is no "wait forever". */
  timeoutMs?: number
  /** Extra attempts after a 429/503 or a connection failure. 0 = one attempt. */
  retries?: number
  signal?: AbortSignal
  /** Keep the body as bytes (`bytes`), for binary answers such as a file's first megabytes; `body` is then empty. */
  binary?: boolean
}

export type HttpResult =
  | {ok: true; status: number; headers: Headers; body: string; bytes?: Uint8Array; url: string; attempts: number; durationMs: number}
  | {ok: false; error: HttpFailure; message: string; url: string; attempts: number; durationMs: number}

/** Why no HTTP response arrived. A response with status 4xx/5xx is `ok: true` (the server answered). */
export type HttpFailure = 'timeout' | 'refused' | 'unreachable' | 'dns' | 'reset' | 'aborted' | 'other'

export type HttpRequest = (url: string, options?: HttpRequestOptions) => Promise<HttpResult>

export interface HttpDeps {
  fetch: typeof globalThis.fetch
  sleep: (ms: number) => Promise<void>
}

const DEFAULT_TIMEOUT_MS = 5000

const defaultDeps: HttpDeps = {
  fetch: (...args) => globalThis.fetch(...args),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

function classify(error: unknown, timedOut: boolean, aborted: boolean): {error: HttpFailure; message: string} {
  if (aborted) return {error: 'aborted', message: 'request aborted'}
  if (timedOut) return {error: 'timeout', message: 'no answer before the timeout'}
  const cause = (error as {cause?: {code?: string; message?: string}}).cause
  const code = cause?.code ?? (error as NodeJS.ErrnoException).code
  const message = cause?.message ?? (error as Error).message ?? String(error)
  switch (code) {
    case 'ECONNREFUSED': return {error: 'refused', message: 'connection refused (nothing listening)'}
    case 'EHOSTUNREACH':
    case 'ENETUNREACH': return {error: 'unreachable', message}
    case 'ENOTFOUND':
    case 'EAI_AGAIN': return {error: 'dns', message}
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET': return {error: 'reset', message}
    default: return {error: 'other', message}
  }
}

/**
 * One HTTP request with a timeout per attempt, retried with backoff on 429/503 and on dropped
 * connections, honouring Retry-After. Never throws; the caller decides what a status means.
 */
export function createHttp(deps: HttpDeps = defaultDeps): HttpRequest {
  return async (url, options = {}) => {
    const started = performance.now()
    const retries = options.retries ?? 0
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    let attempt = 0
    for (;;) {
      attempt++
      const controller = new AbortController()
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        controller.abort()
      }, timeoutMs)
      const onOuterAbort = () => controller.abort()
      options.signal?.addEventListener('abort', onOuterAbort, {once: true})
      const durationMs = () => Math.round(performance.now() - started)
      try {
        const response = await deps.fetch(url, {
          method: options.method ?? 'GET',
          headers: options.headers,
          body: options.body,
          signal: controller.signal,
        })
        const bytes = options.binary ? new Uint8Array(await response.arrayBuffer()) : undefined
        const body = bytes ? '' : await response.text()
        const retryable = response.status === 429 || response.status === 503
        if (retryable && attempt <= retries) {
          await deps.sleep(retryDelayMs(REQUEST_RETRY, attempt, parseRetryAfter(response.headers.get('retry-after'))))
          continue
        }
        return {ok: true, status: response.status, headers: response.headers, body, ...(bytes ? {bytes} : {}), url, attempts: attempt,
          durationMs: durationMs()}
      } catch (error) {
        const failure = classify(error, timedOut, options.signal?.aborted ?? false)
        const retryable = failure.error === 'refused' || failure.error === 'reset' || failure.error === 'timeout'
        if (retryable && attempt <= retries) {
          await deps.sleep(retryDelayMs(REQUEST_RETRY, attempt))
          continue
        }
        return {ok: false, ...failure, url, attempts: attempt, durationMs: durationMs()}
      } finally {
        clearTimeout(timer)
        options.signal?.removeEventListener('abort', onOuterAbort)
      }
    }
  }
}

export const http: HttpRequest = createHttp()

/** Parse a JSON body without throwing; undefined when it is not JSON. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

/** The connection went quiet or broke partway through a stream: resumable, unlike an error answer. */
export class StreamDropped extends Error {
  constructor(readonly reason: 'idle' | 'reset' | 'aborted' | 'oversize', message: string) {
    super(message)
    this.name = 'StreamDropped'
  }
}

export interface StreamOptions {
  method?: string
  headers?: Record<string, string>
  body?: string
  /** Give up when no byte arrives for this long (a stalled download). */
  idleTimeoutMs: number
  /** Give up when the response itself (its status line) takes longer than this; default idleTimeoutMs. */
  answerTimeoutMs?: number
  /** A line longer than this is not a line of the expected stream: stop reading (StreamDropped 'oversize'). */
  maxLineBytes?: number
  signal?: AbortSignal
}

export type StreamResponse =
  | {ok: true; status: number; headers: Headers; lines: AsyncGenerator<string>}
  | {ok: false; error: HttpFailure; message: string}

/**
 * A streamed response read line by line (NDJSON). The idle timer restarts with every chunk, so a
 * long download is fine and a silent one is cut off; a break mid-stream throws StreamDropped.
 */
export async function streamLines(url: string, options: StreamOptions,
  fetchImpl: typeof globalThis.fetch = globalThis.fetch): Promise<StreamResponse> {
  const controller = new AbortController()
  let idle = false
  let timer: NodeJS.Timeout | undefined
  const arm = (ms = options.idleTimeoutMs) => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      idle = true
      controller.abort()
    }, ms)
  }
  const onOuterAbort = () => controller.abort()
  options.signal?.addEventListener('abort', onOuterAbort, {once: true})
  arm(options.answerTimeoutMs ?? options.idleTimeoutMs)
  let response: Response
  try {
    response = await fetchImpl(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
      signal: controller.signal,
    })
  } catch (error) {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onOuterAbort)
    return {ok: false, ...classify(error, idle, options.signal?.aborted ?? false)}
  }
  arm()
  const maxLine = options.maxLineBytes ?? Number.POSITIVE_INFINITY
  async function* lines(): AsyncGenerator<string> {
    const decoder = new TextDecoder()
    let pending = ''
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        arm()
        pending += decoder.decode(chunk, {stream: true})
        let newline = pending.indexOf('\n')
        while (newline !== -1) {
          const line = pending.slice(0, newline).trim()
          pending = pending.slice(newline + 1)
          if (line) yield line
          newline = pending.indexOf('\n')
        }
        // Without newlines the buffer would grow without bound.
        if (pending.length > maxLine) {
          controller.abort()
          throw new StreamDropped('oversize', `more than ${maxLine} bytes without a line break`)
        }
      }
      const rest = (pending + decoder.decode()).trim()
      if (rest) yield rest
    } catch (error) {
      if (error instanceof StreamDropped) throw error
      if (options.signal?.aborted) throw new StreamDropped('aborted', 'stopped')
      throw new StreamDropped(
        idle ? 'idle' : 'reset',
        idle ? `no data for ${Math.round(options.idleTimeoutMs / 1000)} s` : `connection broke: ${(error as Error).message}`,
      )
    } finally {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onOuterAbort)
    }
  }
  return {ok: true, status: response.status, headers: response.headers, lines: lines()}
}
