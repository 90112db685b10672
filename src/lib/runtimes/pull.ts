import {closeMatches, modelSuggestions} from '../catalog/lookup.js'
import {ExitCode, LocalclawError} from '../errors.js'
import {StreamDropped, streamLines} from '../net/http.js'

/** What a pull reports while it runs; the UI draws bars from these, --json prints them as NDJSON. */
export type PullEvent =
  | {event: 'status'; status: string}
  | {event: 'progress'; layer: string; completed: number; total: number}
  | {event: 'retry'; attempt: number; of: number; waitMs: number; reason: string}

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
  signal?: AbortSignal
  sleep?: (ms: number) => Promise<void>
  fetch?: typeof globalThis.fetch
}

/** 429s back off from 10 s up to 2 minutes; a dropped connection retries sooner. */
export function retryDelayMs(reason: 'rate-limited' | 'dropped', attempt: number): number {
  return reason === 'rate-limited' ? Math.min(120_000, 10_000 * 2 ** (attempt - 1)) : Math.min(30_000, 2000 * 2 ** (attempt - 1))
}

type Failure =
  | {kind: 'not-found'}
  | {kind: 'rate-limited'; detail: string}
  | {kind: 'network'; detail: string}
  | {kind: 'disk'; detail: string}
  | {kind: 'other'; detail: string}

/** The error texts Ollama really sends (runtimes.md 1.2). */
export function classifyPullError(message: string): Failure {
  if (/file does not exist|invalid model name|not found/i.test(message)) return {kind: 'not-found'}
  if (/\b429\b|too many requests|rate.?limit/i.test(message)) return {kind: 'rate-limited', detail: message}
  if (/no space left on device/i.test(message)) return {kind: 'disk', detail: message}
  if (/max retries exceeded|dial tcp|i\/o timeout|connection reset|tls handshake|no such host|server misbehaving/i.test(message)) return {kind: 'network', detail: message}
  return {kind: 'other', detail: message}
}

function notFound(model: string, installed: string[]): LocalclawError {
  const suggestions = [...new Set([...closeMatches(model, installed), ...modelSuggestions(model)])].slice(0, 4)
  return new LocalclawError(`Model "${model}" was not found in the Ollama library (the registry answered "file does not exist").`, {
    code: 'model_not_found', exit: ExitCode.usage,
    suggestions: suggestions.length > 0 ? suggestions.map((name) => `localclaw pull ${name}`) : ['See `localclaw recommend` for models that fit this machine'],
  })
}

function gaveUp(model: string, failure: Failure, attempts: number): LocalclawError {
  switch (failure.kind) {
    case 'rate-limited':
      return new LocalclawError(`The registry kept refusing the download of ${model} with HTTP 429 (rate limited) after ${attempts} attempts.`, {
        code: 'rate_limited', exit: ExitCode.failed,
        suggestions: [
          'Wait a few minutes and run the same command: what was downloaded is kept and the pull resumes',
          ...(/hf\.co|huggingface/i.test(model + failure.detail) ? ['Hugging Face limits anonymous downloads: log in, or pass HF_TOKEN to the Ollama server'] : []),
          'Allow more attempts with --retries',
        ],
      })
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
        code: 'disk_full', exit: ExitCode.failed, suggestions: ['Free space where Ollama keeps models, or point OLLAMA_MODELS at a bigger disk'],
      })
    default:
      return new LocalclawError(`Pulling ${model} failed: ${failure.kind === 'other' ? failure.detail : 'unknown error'}`, {code: 'pull_failed', exit: ExitCode.failed})
  }
}

/**
 * POST /api/pull and follow the NDJSON stream. Errors arrive as {"error": ...} lines on an HTTP 200
 * (or as a 4xx/5xx body); 429s and dropped connections are retried with backoff, and Ollama resumes
 * the partial blobs it kept.
 */
export async function pullOllama(options: OllamaPullOptions): Promise<PullOutcome> {
  const started = performance.now()
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const layers = new Map<string, number>()
  const attemptsAllowed = options.retries + 1
  let lastFailure: Failure = {kind: 'other', detail: 'no answer'}
  for (let attempt = 1; attempt <= attemptsAllowed; attempt++) {
    let retryReason: 'rate-limited' | 'dropped'
    const response = await streamLines(`${options.baseUrl}/api/pull`, {
      method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({model: options.model, stream: true}),
      idleTimeoutMs: options.idleTimeoutMs ?? 60_000, signal: options.signal,
    }, options.fetch)
    if (!response.ok) {
      if (response.error === 'aborted') throw new LocalclawError('Interrupted.', {code: 'interrupted', exit: ExitCode.interrupted})
      if (response.error === 'refused' && attempt === 1) {
        throw new LocalclawError(`Ollama is not running at ${options.baseUrl}.`, {
          code: 'runtime_down', exit: ExitCode.failed, suggestions: ['Start it: `ollama serve` (or `sudo systemctl start ollama`, or open the Ollama app)', 'Not installed? See https://ollama.com/download'],
        })
      }
      lastFailure = {kind: 'network', detail: response.message}
      retryReason = 'dropped'
    } else {
      try {
        let finished = false
        for await (const line of response.lines) {
          let message: {status?: string; error?: string; digest?: string; total?: number; completed?: number}
          try {
            message = JSON.parse(line)
          } catch {
            continue
          }
          if (message.error !== undefined) throw new PullError(classifyPullError(message.error))
          if (message.status === 'success') {
            finished = true
            break
          }
          if (message.digest && typeof message.total === 'number') {
            layers.set(message.digest, message.total)
            options.onEvent({event: 'progress', layer: message.digest.replace(/^sha256:/, '').slice(0, 12), completed: message.completed ?? 0, total: message.total})
          } else if (message.status) {
            options.onEvent({event: 'status', status: message.status})
          }
        }
        if (finished) {
          options.onEvent({event: 'status', status: 'success'})
          return {model: options.model, totalBytes: [...layers.values()].reduce((sum, bytes) => sum + bytes, 0), attempts: attempt, durationMs: Math.round(performance.now() - started)}
        }
        if (response.status !== 200) throw new PullError({kind: 'other', detail: `HTTP ${response.status}`})
        lastFailure = {kind: 'network', detail: 'the stream ended before "success"'}
        retryReason = 'dropped'
      } catch (error) {
        if (error instanceof StreamDropped) {
          if (error.reason === 'aborted') throw new LocalclawError('Interrupted: the partial download is kept; run the same command to resume.', {code: 'interrupted', exit: ExitCode.interrupted})
          lastFailure = {kind: 'network', detail: error.message}
          retryReason = 'dropped'
        } else if (error instanceof PullError) {
          if (error.failure.kind === 'not-found') throw notFound(options.model, options.installed ?? [])
          if (error.failure.kind !== 'rate-limited') throw gaveUp(options.model, error.failure, attempt)
          lastFailure = error.failure
          retryReason = 'rate-limited'
        } else {
          throw error
        }
      }
    }
    if (attempt < attemptsAllowed) {
      const waitMs = retryDelayMs(retryReason, attempt)
      options.onEvent({
        event: 'retry', attempt: attempt + 1, of: attemptsAllowed, waitMs,
        reason: retryReason === 'rate-limited' ? 'the registry is rate-limiting downloads (HTTP 429)' : `the connection dropped (${lastFailure.kind === 'network' ? lastFailure.detail : 'no detail'}); resuming`,
      })
      await sleep(waitMs)
    }
  }
  throw gaveUp(options.model, lastFailure, attemptsAllowed)
}

class PullError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.kind)
  }
}
