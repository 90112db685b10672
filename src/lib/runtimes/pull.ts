import {modelSuggestions} from '../catalog/lookup.js'
import {ExitCode, LocalclawError} from '../errors.js'
import {closeMatches} from '../names.js'
import {StreamDropped, streamLines} from '../net/http.js'
import {parseRetryAfter, RATE_LIMIT_RETRY, RESUME_RETRY, retryDelayMs} from '../net/retry.js'
import type {ProgressEvent} from '../ui/progress.js'

/** What a pull reports while it runs; the UI draws bars from these, --json prints them as NDJSON. */
/** A pull's events are what the progress display shows. */
export type PullEvent = ProgressEvent

export interface PullOutcome {
  model: string
  /** Bytes of every layer the registry listed (cached ones included). */
  totalBytes: number
  attempts: number
  durationMs: number
}

export interface OllamaPullOptions {
  baseUrl: string
  model: string
  /** Extra attempts after a 429 or a dropped connection. */
  retries: number
  onEvent: (event: PullEvent) => void
  /** Models the server already has, for "did you mean". */
  installed?: string[]
  idleTimeoutMs?: number
  /** Give up on an attempt whose stream keeps talking but moves no byte and no step for this long. */
  stallTimeoutMs?: number
  /** How long the server may take to answer the request at all (it answers at once when it is there). */
  answerTimeoutMs?: number
  signal?: AbortSignal
  sleep?: (ms: number) => Promise<void>
  fetch?: typeof globalThis.fetch
}

type Failure =
  | {kind: 'not-found'}
  | {kind: 'rate-limited'; detail: string; retryAfterMs?: number}
  | {kind: 'unavailable'; detail: string; retryAfterMs?: number}
  | {kind: 'network'; detail: string}
  | {kind: 'disk'; detail: string}
  | {kind: 'other'; detail: string}

/** The error texts Ollama really sends (runtimes.md 1.2). */
export function classifyPullError(message: string): Failure {
  if (/file does not exist|invalid model name|not found/i.test(message)) return {kind: 'not-found'}
  if (/\b429\b|too many requests|rate.?limit/i.test(message)) return {kind: 'rate-limited', detail: message}
  if (/no space left on device/i.test(message)) return {kind: 'disk', detail: message}
  if (/max retries exceeded|dial tcp|i\/o timeout|connection reset|tls handshake|no such host|server misbehaving/i.test(message))
    return {kind: 'network', detail: message}
  return {kind: 'other', detail: message}
}

function notFound(model: string, installed: string[]): LocalclawError {
  // Never suggest the very name that just failed.
  const suggestions = [...new Set([...closeMatches(model, installed),
    ...modelSuggestions(model)])].filter((name) => name !== model).slice(0, 4)
  return new LocalclawError(`Model "${model}" was not found in the Ollama library (the registry answered "file does not exist").`, {
    code: 'model_not_found',
    exit: ExitCode.usage,
    suggestions:
      suggestions.length > 0
        ? suggestions.map((name) => `localclaw pull ${name}`)
        : ['See `localclaw recommend` for models that fit this machine'],
  })
}

function gaveUp(model: string, failure: Failure, attempts: number): LocalclawError {
  switch (failure.kind) {
    case 'unavailable':
      return new LocalclawError(`The registry stayed unavailable (HTTP 503) for the download of ${model} after ${attempts} attempts.`, {
        code: 'registry_unavailable',
        exit: ExitCode.failed,
        suggestions: [
          'Wait a few minutes and run the same command: what was downloaded is kept and the pull resumes',
          'Allow more attempts with --retries',
        ],
      })
    case 'rate-limited':
      return new LocalclawError(
        `The registry kept refusing the download of ${model} with HTTP 429 (rate limited) after ${attempts} attempts.`,
        {
          code: 'rate_limited',
          exit: ExitCode.failed,
          suggestions: [
            'Wait a few minutes and run the same command: what was downloaded is kept and the pull resumes',
            ...(/hf\.co|huggingface/i.test(model + failure.detail)
              ? ['Hugging Face limits anonymous downloads: log in, or pass HF_TOKEN to the Ollama server']
              : []),
            'Allow more attempts with --retries',
          ],
        },
      )
    case 'network':
      return new LocalclawError(`Ollama could not reach the registry: ${failure.detail}`, {
        code: 'network', exit: ExitCode.failed,
        suggestions: [
          'Check the Ollama server\'s internet access and DNS (it downloads, not localclaw)',
          'Behind a proxy, set HTTPS_PROXY for the Ollama service (systemctl edit ollama), then restart it',
          'Run the same command again: the partial download is kept',
        ],
      })
    case 'disk':
      return new LocalclawError(`The Ollama server ran out of disk space: ${failure.detail}`, {
        code: 'disk_full',
        exit: ExitCode.failed,
        suggestions: ['Free space where Ollama keeps models, or point OLLAMA_MODELS at a bigger disk'],
      })
    default:
      return new LocalclawError(`Pulling ${model} failed: ${failure.kind === 'other' ? failure.detail : 'unknown error'}`, {
        code: 'pull_failed',
        exit: ExitCode.failed,
      })
  }
}

/** The largest layer a progress line may claim (1 PiB): anything bigger, or negative, is not a real count. */
const MAX_LAYER_BYTES = 2 ** 50
/** A pull stream's lines are short JSON objects; a megabyte without a newline is not one. */
const MAX_LINE_BYTES = 1024 * 1024

/** A progress count as a number the renderer can draw: finite, whole, within 0..MAX_LAYER_BYTES; null if not. */
function byteCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_LAYER_BYTES ? Math.floor(value) : null
}

/** The server's own words for a failed request: its {"error": ...} or its plain text. */
function errorText(lines: string[]): string {
  for (const line of lines) {
    try {
      const parsed = JSON.parse(line) as {error?: unknown}
      if (parsed && typeof parsed === 'object' && parsed.error !== undefined)
        return typeof parsed.error === 'string' ? parsed.error : JSON.stringify(parsed.error)
    } catch {
      // plain text
    }
  }
  return lines.join(' ').slice(0, 500)
}

/** Where the local server should run, in its own words: OLLAMA_HOST for a port that is not the default. */
function startAdvice(baseUrl: string): string[] {
  const url = new URL(baseUrl)
  const local = /^(127\.|localhost$|\[::1\]$)/.test(url.hostname)
  const serve = url.port && url.port !== '11434' ? `OLLAMA_HOST=${url.host} ollama serve` : 'ollama serve'
  return local
    ? [`Start it: ${serve} (or sudo systemctl start ollama, or open the Ollama app)`, 'Not installed: localclaw install ollama']
    : [`Start Ollama on ${url.hostname}, or check the address: localclaw tailscale status`]
}

/**
 * POST /api/pull and follow the NDJSON stream. Errors arrive as {"error": ...} lines on an HTTP 200
 * (or as a 4xx/5xx body, JSON or plain text); 429 and 503 are retried honouring Retry-After, dropped
 * and stalled streams resume (Ollama keeps the partial blobs). A server that does not answer at all
 * is the local server's problem, not the registry's, and is not retried.
 */
export async function pullOllama(options: OllamaPullOptions): Promise<PullOutcome> {
  const started = performance.now()
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const stallTimeoutMs = options.stallTimeoutMs ?? 5 * 60_000
  const layers = new Map<string, number>()
  const attemptsAllowed = options.retries + 1
  let lastFailure: Failure = {kind: 'other', detail: 'no answer'}
  for (let attempt = 1; attempt <= attemptsAllowed; attempt++) {
    let retry: {policy: typeof RATE_LIMIT_RETRY; reason: string; retryAfterMs?: number}
    const response = await streamLines(`${options.baseUrl}/api/pull`, {
      method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({model: options.model, stream: true}),
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000, answerTimeoutMs: options.answerTimeoutMs ?? 15_000, maxLineBytes: MAX_LINE_BYTES,
        signal: options.signal,
    }, options.fetch)
    if (!response.ok) {
      if (response.error === 'aborted') throw new LocalclawError('Interrupted.', {code: 'interrupted', exit: ExitCode.interrupted})
      if ((response.error === 'refused' || response.error === 'dns' || response.error === 'unreachable') && attempt === 1) {
        throw new LocalclawError(`Ollama is not running at ${options.baseUrl} (${response.message}).`, {
          code: 'runtime_down',
          exit: ExitCode.failed,
          suggestions: startAdvice(options.baseUrl),
        })
      }
      if (response.error === 'timeout' && attempt === 1) {
        throw new LocalclawError(
          `Nothing answered at ${options.baseUrl} within ${Math.round((options.answerTimeoutMs ?? 15_000) / 1000)} s: the connection opened, but no Ollama replied.`,
          {
            code: 'runtime_unresponsive',
            exit: ExitCode.failed,
            suggestions: ['localclaw doctor (says what holds the port and whether it is Ollama)', ...startAdvice(options.baseUrl)],
          },
        )
      }
      lastFailure = {kind: 'network', detail: response.message}
      retry = {policy: RESUME_RETRY, reason: `the connection dropped (${response.message}); resuming`}
    } else if (response.status === 429 || response.status === 503) {
      // Rate limited or unavailable, whatever the body looks like (JSON, an error line, plain text).
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
      const detail = errorText(await firstLines(response.lines, 5))
      lastFailure = response.status === 429 ? {kind: 'rate-limited', detail, retryAfterMs} : {kind: 'unavailable', detail, retryAfterMs}
      retry = {
        policy: RATE_LIMIT_RETRY,
        retryAfterMs,
        reason: response.status === 429 ? 'the registry is rate-limiting downloads (HTTP 429)' : 'the registry is unavailable (HTTP 503)',
      }
    } else if (response.status !== 200) {
      const failure = classifyPullError(errorText(await firstLines(response.lines, 20)) || `HTTP ${response.status}`)
      if (failure.kind === 'not-found') throw notFound(options.model, options.installed ?? [])
      if (failure.kind !== 'rate-limited')
        throw gaveUp(
          options.model,
          failure.kind === 'other' ? {kind: 'other', detail: `HTTP ${response.status}: ${failure.detail}`} : failure,
          attempt,
        )
      lastFailure = failure
      retry = {policy: RATE_LIMIT_RETRY, reason: 'the registry is rate-limiting downloads (HTTP 429)'}
    } else {
      try {
        let finished = false
        let lastAdvance = performance.now()
        let progressKey = ''
        for await (const line of response.lines) {
          let message: unknown
          try {
            message = JSON.parse(line)
          } catch {
            continue
          }
          // null, a number, an array: not a progress message.
          if (!message || typeof message !== 'object' || Array.isArray(message)) continue
          type Progress = {status?: unknown; error?: unknown; digest?: unknown; total?: unknown; completed?: unknown}
          const {status, error, digest, total, completed} = message as Progress
          if (error !== undefined) throw new PullError(classifyPullError(typeof error === 'string' ? error : JSON.stringify(error)))
          if (status === 'success') {
            finished = true
            break
          }
          const layerTotal = byteCount(total)
          if (typeof digest === 'string' && layerTotal !== null) {
            const done = Math.min(byteCount(completed) ?? 0, layerTotal)
            layers.set(digest, layerTotal)
            options.onEvent({event: 'progress', layer: digest.replace(/^sha256:/, '').slice(0, 12), completed: done, total: layerTotal})
          } else if (typeof status === 'string') {
            options.onEvent({event: 'status', status})
          }
          // A stream that repeats itself forever never finishes: only new bytes or a new step count as progress.
          const key = `${String(status)}|${String(digest)}|${String(completed)}`
          const now = performance.now()
          if (key !== progressKey) {
            progressKey = key
            lastAdvance = now
          } else if (now - lastAdvance > stallTimeoutMs) {
            throw new StreamDropped('idle', `no progress for ${Math.round(stallTimeoutMs / 1000)} s`)
          }
        }
        if (finished) {
          options.onEvent({event: 'status', status: 'success'})
          return {model: options.model, totalBytes: [...layers.values()].reduce((sum, bytes) => sum + bytes, 0), attempts: attempt,
            durationMs: Math.round(performance.now() - started)}
        }
        lastFailure = {kind: 'network', detail: 'the stream ended before "success"'}
        retry = {policy: RESUME_RETRY, reason: `the connection dropped (${lastFailure.detail}); resuming`}
      } catch (error) {
        if (error instanceof StreamDropped) {
          if (error.reason === 'aborted')
            throw new LocalclawError('Interrupted: the partial download is kept; run the same command to resume.', {
              code: 'interrupted',
              exit: ExitCode.interrupted,
            })
          if (error.reason === 'oversize')
            throw gaveUp(
              options.model,
              {kind: 'other', detail: `${options.baseUrl} sent ${error.message}, which is not Ollama's pull stream`},
              attempt,
            )
          lastFailure = {kind: 'network', detail: error.message}
          retry = {policy: RESUME_RETRY, reason: `the connection dropped (${error.message}); resuming`}
        } else if (error instanceof PullError) {
          if (error.failure.kind === 'not-found') throw notFound(options.model, options.installed ?? [])
          if (error.failure.kind !== 'rate-limited') throw gaveUp(options.model, error.failure, attempt)
          lastFailure = error.failure
          retry = {policy: RATE_LIMIT_RETRY, reason: 'the registry is rate-limiting downloads (HTTP 429)'}
        } else {
          throw error
        }
      }
    }
    if (attempt < attemptsAllowed) {
      const waitMs = retryDelayMs(retry.policy, attempt, retry.retryAfterMs)
      options.onEvent({event: 'retry', attempt: attempt + 1, of: attemptsAllowed, waitMs, reason: retry.reason})
      await sleep(waitMs)
    }
  }
  throw gaveUp(options.model, lastFailure, attemptsAllowed)
}

/** The first few lines of an error body, and no more: it is read to say what went wrong. */
async function firstLines(lines: AsyncGenerator<string>, count: number): Promise<string[]> {
  const taken: string[] = []
  try {
    for await (const line of lines) {
      taken.push(line)
      if (taken.length >= count) break
    }
  } catch {
    // a body cut off while reading: what arrived is enough
  }
  return taken
}

class PullError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.kind)
  }
}
