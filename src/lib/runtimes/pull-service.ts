import {findModel} from '../catalog/lookup.js'
import type {QuantId} from '../catalog/quants.js'
import type {Machine} from '../catalog/target.js'
import {ExitCode, LocalclawError} from '../errors.js'
import {runAttached} from '../exec.js'
import {measureDisk} from '../hardware/probe.js'
import {parseJson} from '../net/http.js'
import type {System} from '../system.js'
import {formatBytes} from '../ui/format.js'
import {GIB} from '../units.js'
import {ollamaTag} from './ollama.js'
import {pullOllama, type PullEvent, type PullOutcome} from './pull.js'
import {recordPullFailure} from './pull-log.js'
import {runtimeById, RUNTIMES} from './registry.js'
import {serverRoot, servesModel, type Runtime, type RuntimeId} from './runtime.js'
import {refuseUnfetchable} from './unfetchable.js'

export interface PullRequest {
  model: string
  runtime: RuntimeId
  url?: string
  retries: number
  verify: boolean
  quant?: QuantId
  system: System
  onEvent: (event: PullEvent) => void
  signal?: AbortSignal
  machine?: () => Promise<Machine>
}

export interface VerifyResult {
  loadMs: number
  tokensPerSecond: number
  /** recommend's estimate for this machine, to compare with. */
  estimate: {tokensPerSecond: number; low: number; high: number} | null
}

export interface PullResult {
  runtime: RuntimeId
  /** What was asked for, and the identifier the runtime downloads. */
  requested: string
  model: string
  /** The command that did the download, for runtimes without an HTTP pull API. */
  command: string[] | null
  outcome: PullOutcome | null
  verify: VerifyResult | null
  warnings: string[]
}

/** Refuse before downloading when the model directory cannot hold the model (with 1 GiB to spare). */
async function checkDisk(system: System, runtime: Runtime, model: string, sizeBytes: number | null, warnings: string[]): Promise<void> {
  const store = await runtime.modelStore?.(system)
  const disk = store ? await measureDisk(store.dir, store.basis) : null
  if (sizeBytes === null || !disk || disk.freeBytes === null) {
    warnings.push(`free space not checked (${sizeBytes === null ? 'model size unknown' : 'model directory not measurable'})`)
    return
  }
  if (sizeBytes + GIB > disk.freeBytes) {
    throw new LocalclawError(
      `${model} needs ${formatBytes(sizeBytes)}, and only ${formatBytes(disk.freeBytes)} is free at ${disk.modelDir}.`,
      {
        code: 'disk_full',
        exit: ExitCode.failed,
        suggestions: [
          'Free some space there, or point OLLAMA_MODELS at a bigger disk (and restart Ollama)',
          'Or pick a smaller model: localclaw recommend',
        ],
      },
    )
  }
}

async function verifyOllama(request: PullRequest, baseUrl: string, tag: string): Promise<VerifyResult> {
  const result = await request.system.http(`${baseUrl}/api/generate`, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    timeoutMs: 600_000,
    body: JSON.stringify({
      model: tag,
      prompt: 'Reply with one short sentence about local models.',
      stream: false,
      options: {num_predict: 48},
    }),
  })
  const body = result.ok
    ? parseJson(result.body) as {load_duration?: number; eval_count?: number; eval_duration?: number; error?: string} | undefined
    : undefined
  if (!result.ok || result.status !== 200 || !body?.eval_count || !body.eval_duration) {
    throw new LocalclawError(
      `The model downloaded, but generating with it failed: ${body?.error ?? (result.ok ? `HTTP ${result.status}` : result.message)}.`,
      {
        code: 'verify_failed',
        exit: ExitCode.failed,
        suggestions: [
          'Check the Ollama server log (journalctl -u ollama, or ~/.ollama/logs/server.log) for the reason',
          'localclaw recommend <model> shows whether it fits this machine',
        ],
      },
    )
  }
  return {loadMs: Math.round((body.load_duration ?? 0) / 1e6),
    tokensPerSecond: Math.round((body.eval_count / (body.eval_duration / 1e9)) * 10) / 10, estimate: await estimateFor(request)}
}

/** recommend's decode estimate for this model on this machine and runtime, to compare a measurement with. */
async function estimateFor(request: PullRequest): Promise<VerifyResult['estimate']> {
  const catalog = findModel(request.model)?.model
  if (!catalog || !request.machine) return null
  const {evaluateModel} = await import('../catalog/recommend.js')
  const speed = evaluateModel(catalog, await request.machine(), {
    use: 'chat',
    runtimes: RUNTIMES,
    runtime: runtimeById(request.runtime),
  })?.speed
  return speed ? {tokensPerSecond: speed.tokensPerSecond, low: speed.low, high: speed.high} : null
}

/**
 * For a runtime without a pull API (LM Studio, llama.cpp, vLLM): when its server already serves the
 * model just downloaded (under the id downloaded, or the catalog name llama-server's --alias gives
 * it), one request the way OpenClaw sends it, timed. null when nothing serves it.
 */
async function verifyServed(request: PullRequest, runtime: Runtime, ids: string[]): Promise<VerifyResult | null> {
  const {system} = request
  const base = serverRoot(request.url ?? runtime.defaultBaseUrl(system))
  const served = await runtime.listModels(system.http, base, 2000) ?? []
  // llama-server answers to any name, so only the id it reports counts: the one it was started with.
  const id = served.find((entry) => ids.some((wanted) => (runtime.anyModelName ? entry === wanted : servesModel(runtime, [entry], wanted))))
  if (!id) return null
  const {sendProbe} = await import('./agent-request.js')
  const outcome = await sendProbe(system.http, {
    api: runtime.openclaw.api,
    baseUrl: `${base}${runtime.openclaw.basePath}`,
    model: id,
    bearer: null,
    numCtx: null,
    timeoutMs: 600_000,
  })
  if (outcome.kind !== 'reply') {
    throw new LocalclawError(
      `The model downloaded, but ${runtime.name} did not answer a request for it: ${outcome.kind === 'http-error' ? `HTTP ${outcome.status} ${outcome.body.slice(0, 160)}` : outcome.kind === 'no-answer' ? outcome.message : 'an unreadable reply'}.`,
      {
        code: 'verify_failed',
        exit: ExitCode.failed,
        suggestions: ['localclaw doctor --live sends the same request through the configured provider and explains the failure'],
      },
    )
  }
  const {timings, wallSeconds} = outcome.reply
  const seconds = timings.outputSeconds ?? wallSeconds
  if (!timings.outputTokens || !seconds) return null
  return {loadMs: Math.round((timings.loadSeconds ?? 0) * 1000), tokensPerSecond: Math.round((timings.outputTokens / seconds) * 10) / 10,
    estimate: await estimateFor(request)}
}

/** Download a model; a failure (other than Ctrl-C) is also recorded in pull.log, for doctor to read back. */
export async function pull(request: PullRequest): Promise<PullResult> {
  try {
    return await download(request)
  } catch (error) {
    if (error instanceof LocalclawError && error.code !== 'interrupted') {
      await recordPullFailure(request.system.homedir, {model: request.model, runtime: request.runtime, message: error.message})
    }
    throw error
  }
}

async function download(request: PullRequest): Promise<PullResult> {
  const runtime = runtimeById(request.runtime)
  if (!runtime) throw new LocalclawError(`Unknown runtime "${request.runtime}".`, {code: 'usage', exit: ExitCode.usage})
  refuseUnfetchable(request.model, runtime, (modelId, other) => `localclaw pull ${modelId} --runtime ${other.id}`)
  const warnings: string[] = []
  // A runtime with a download program (lms, the Hugging Face CLI) runs it; Ollama pulls over its API.
  if (runtime.downloadCommand) {
    const command = await runtime.downloadCommand({model: request.model, quant: request.quant, system: request.system})
    const code = await runAttached(command[0]!, command.slice(1), request.system.env)
    if (code !== 0) {
      throw new LocalclawError(`${command.join(' ')} ${code === null ? 'could not start' : `exited with ${code}`}.`, {
        code: 'pull_failed',
        exit: code === 130 ? ExitCode.interrupted : ExitCode.failed,
      })
    }
    let verify: VerifyResult | null = null
    if (request.verify) {
      // Measured where a server already serves what was downloaded; otherwise how to get there.
      verify = await verifyServed(request, runtime, [command[2]!, request.model])
      if (!verify) {
        const start = runtime.serveCommand?.(command[2]!) ?? runtime.unloadedModels?.fix(command[2]!)
        warnings.push(
          `--verify measures a model ${runtime.name} serves, and ${runtime.name} does not serve it yet: ${start ? `start it with the model (${start}), ` : 'load the model, '}then run localclaw pull again with --verify, or localclaw doctor --live`,
        )
      }
    }
    return {runtime: request.runtime, requested: request.model, model: command[2]!, command, outcome: null, verify, warnings}
  }

  const baseUrl = serverRoot(request.url ?? runtime.defaultBaseUrl(request.system))
  const {tag, sizeBytes} = ollamaTag(request.model)
  const installed = await runtime.listModels(request.system.http, baseUrl, 3000)
  const local = /\/\/(127\.|localhost|\[::1\])/.test(baseUrl)
  const present = installed?.some((name) => name === tag || name === `${tag}:latest`) ?? false
  if (local && installed !== null && !present) await checkDisk(request.system, runtime, tag, sizeBytes, warnings)
  if (!local) warnings.push('free space not checked: the model goes to the disk of the machine at ' + baseUrl)
  const outcome = await pullOllama({baseUrl, model: tag, retries: request.retries, onEvent: request.onEvent, installed: installed ?? [],
    signal: request.signal})
  const verify = request.verify ? await verifyOllama(request, baseUrl, tag) : null
  return {runtime: runtime.id, requested: request.model, model: tag, command: null, outcome, verify, warnings}
}
