import path from 'node:path'

import {LocalclawError, ExitCode} from '../errors.js'
import {execFailureText} from '../exec.js'
import {parseServerUrl} from '../net/server-url.js'
import {parseJson, type HttpRequest} from '../net/http.js'
import {portOpen, whichBinary, type System} from '../system.js'
import type {Distro} from '../hardware/os.js'
import type {CatalogRuntime} from '../catalog/runtime-traits.js'
import type {QuantId} from '../catalog/quants.js'
import type {ModelMatch} from '../catalog/lookup.js'
import type {LanguageModel} from '../catalog/types.js'
import type {ListenControl} from './listen.js'

export type RuntimeId = 'ollama' | 'lmstudio' | 'llamacpp' | 'vllm'

export interface RuntimeServer {
  url: string
  /** Something accepted a connection and answered HTTP. */
  answering: boolean
  /** The answer identifies this runtime (not merely something on its port). */
  identified: boolean
  version: string | null
  detail: string
}

export interface RuntimeStatus {
  id: string
  name: string
  /** null: unknown, because its probe did not finish in its time box. */
  installed: boolean | null
  binaryPath: string | null
  version: string | null
  server: RuntimeServer
}

/** The facts an install plan depends on. */
export interface InstallContext {
  platform: string
  arch: string
  /** 1 or 2 inside WSL, null outside it. */
  wsl: 1 | 2 | null
  /** GPU backends detect found working (cuda, rocm, metal, vulkan). */
  backends: string[]
  homedir: string
  /** Whether a program is on PATH (curl, brew, winget, apt-get, python3, systemctl). */
  has: (program: string) => boolean
  /** Running as root (no sudo needed). */
  root: boolean
  /** systemd is the init system (not just systemctl on PATH, as in most containers). */
  systemd: boolean
  /** Linux: the distribution and version from /etc/os-release; which packages exist depends on them. */
  distro?: Distro
}

export interface InstallStep {
  description: string
  /** Either argv to run directly, or a shell pipeline (run with sh -c, or PowerShell on Windows). */
  argv?: string[]
  shell?: string
  /** Needs administrator rights (sudo on Unix). */
  root?: boolean
  /** Leave it running in the background (a server), its output in a log file. */
  background?: boolean
  /** A download: its output is captured, so a failure reports the downloader's own message. */
  download?: boolean
  /** Environment for this step only (shown before the command): where a server should listen. */
  env?: Record<string, string>
  /** Stopped (its whole process group) after this long: a step that should take seconds. */
  timeoutMs?: number
}

export type InstallPlan =
  | {supported: true; method: string; steps: InstallStep[]; start: InstallStep | null; notes: string[]; logHint: string}
  | {supported: false; reason: string; suggestions: string[]}

/** What a running server says about one of its models; null fields are unknown. */
export interface RuntimeModelFacts {
  id: string
  contextWindow: number | null
  tools: boolean | null
  vision: boolean | null
  reasoning: boolean | null
}

/**
 * How OpenClaw 2026.9.6 talks to this runtime (openclaw.md section 4): the provider id it knows,
 * the api transport, the non-secret key marker, and whether the base URL ends in /v1.
 */
export interface OpenClawShape {
  providerId: string
  api: 'ollama' | 'openai-responses' | 'openai-completions'
  apiKey: string
  /** '/v1' for OpenAI-style servers; '' for Ollama's native API (a /v1 there breaks tool calling). */
  basePath: '' | '/v1'
  /** Extra model compat keys, e.g. llama.cpp's tool schema profile on a custom provider id. */
  compat?: Record<string, string>
  /** compat.thinkingFormat a reasoning model of this family needs on this runtime (OpenClaw's provider docs). */
  thinkingFormat?: (family: string) => string | undefined
  /** What OpenClaw answers when the model refs name this provider id and the config has no block for it. */
  missingBlockSymptom?: string
  /** An api OpenClaw also accepts for this runtime but handles worse than its own, and why. */
  legacyApi?: {api: OpenClawShape['api']; what: string; why: string}
  /** Keys earlier localclaw versions wrote that OpenClaw does not accept at run time: replaced, never kept. */
  staleApiKeys?: string[]
  /**
   * The model param OpenClaw sends as the per-request context (Ollama's params.num_ctx). OpenClaw has
   * changed how it derives num_ctx from contextTokens several times (openclaw#81878), so it is written
   * explicitly, equal to contextTokens, as OpenClaw's own docs recipe does.
   */
  contextParam?: string
}

/** A fix as doctor prints it: the command, and what it does. */
export interface RuntimeFix {
  run: string
  note: string
}

export interface GpuUseReport {
  /** The log line that says it found no GPU at start, or null. */
  noGpuInLog(log: string): string | null
  /** Each loaded model's size and the part of it in GPU memory; null when the server did not say. */
  loaded(http: HttpRequest, baseUrl: string, timeoutMs: number): Promise<Array<{model: string; bytes: number; vramBytes: number}> | null>
  /** How to have it look for the GPU again, where that works now. */
  restart(where: {container: boolean; nvidia: boolean}): RuntimeFix
}

/**
 * One local-model runtime. Everything that differs between runtimes lives behind this interface,
 * so commands loop over the registry instead of branching on names.
 */
export interface Runtime extends CatalogRuntime {
  id: RuntimeId
  name: string
  defaultPort: number
  /** Executable names to look for on PATH. */
  binaries: string[]
  /** Install locations that are often not on PATH (e.g. ~/.lmstudio/bin). */
  extraBinaryDirs(system: System): string[]
  versionArgs: string[]
  /** The version from the output of `<binary> <versionArgs>` (stdout and stderr together). */
  parseVersion(output: string): string | null
  /**
   * The environment variable that moves this runtime's server for localclaw (OLLAMA_HOST for Ollama,
   * as its own client reads it; LOCALCLAW_<ID>_URL for the others).
   */
  urlEnv: string
  /** The base URL a client would use by default on this machine: the `urlEnv` override, else the runtime's own default. */
  defaultBaseUrl(system: System): string
  /** Ask the server at baseUrl whether it is this runtime, without trusting the port alone. */
  identify(http: HttpRequest, baseUrl: string, timeoutMs: number): Promise<RuntimeServer>
  /** Model ids the server has; null when it did not answer like this runtime. */
  listModels(http: HttpRequest, baseUrl: string, timeoutMs: number): Promise<string[] | null>
  /** Context window and capabilities of one model, as the server reports them. */
  modelFacts(http: HttpRequest, baseUrl: string, modelId: string, timeoutMs: number): Promise<RuntimeModelFacts | null>
  /**
   * The id to configure for a catalog model (matched as the user typed it): the one it serves the
   * model under, from the server's list when it has it, else the id the command localclaw prints
   * serves it under (`planned`, recommend's for this machine).
   */
  catalogModelId(match: ModelMatch, query: string, served: string[] | null, planned: () => Promise<string | null>): Promise<string>
  /** The id the server files a model under: to Ollama a bare "qwen3" is "qwen3:latest". */
  canonicalModelId(id: string): string
  /** The context the server runs a model with now, and where that figure comes from; null when it does not say. */
  servedContext(http: HttpRequest, baseUrl: string, modelId: string, timeoutMs: number): Promise<{tokens: number; basis: string} | null>
  /** The runtime's own way to serve a model with this much context. */
  contextFix(modelId: string, tokens: number): string
  /**
   * For runtimes whose client picks the context per request (Ollama's num_ctx): what the server uses
   * when a request names none, from its log, its environment variable, or its VRAM-based default.
   */
  /** What it answers when a client posts to /chat/completions without the /v1 prefix. */
  missingV1Symptom: string
  /** Servers that run the one model they were started with: how to start one with this model. */
  serveCommand?(modelId: string): string
  /** It answers every request with its one model, whatever model name the request carries. */
  anyModelName?: boolean
  /** Models it has on disk but loads only on the first request (a cold start), and how to load one first. */
  unloadedModels?: {list(http: HttpRequest, baseUrl: string, timeoutMs: number): Promise<string[]>; fix(modelId: string): string}
  requestContext?: {envVar: string; fromLog(log: string): number | null; byVram(totalVramBytes: number): {tokens: number; basis: string}}
  openclaw: OpenClawShape
  /** How to install it the official way on this OS, or why not. */
  installPlan(context: InstallContext): InstallPlan
  /**
   * How to run it on another port when `port` is taken: the runtime's own mechanism, then the config
   * for OpenClaw (for `modelId` when known).
   */
  portAdvice(port: number, context: InstallContext, modelId?: string): string[]
  /** Said beside serveOnPort's command where the runtime has no --port flag, so nobody adds one. */
  noPortFlag?: string
  /** The runtime's own way to start its server on `port` (never a --port flag Ollama does not have): a command, or what to add to one. */
  serveOnPort(port: number): string
  /**
   * A command that starts it on `port` by itself, no model needed (Ollama, LM Studio); absent where
   * the port belongs in a model's serve command.
   */
  startOnPort?(port: number): string
  /** How its server is moved onto the tailnet address and back (`tailscale expose` / `unexpose`). */
  listen: ListenControl
  /** The environment that makes a server started here listen at `url` (Ollama's OLLAMA_HOST). */
  serveEnv?(url: string): Record<string, string>
  /** It runs models only on a GPU of its backends, never on the CPU. */
  gpuOnly?: boolean
  /** How it shows models running without the GPU, where it says so. */
  gpuUse?: GpuUseReport
  /** Where it keeps the models it downloads on this machine, and why there. */
  modelStore?(system: System): Promise<{dir: string; basis: string}>
  /**
   * Where its own installer writes the server's log on this machine, beside the one localclaw writes
   * when it starts a server: log files, and the systemd unit whose journal holds it.
   */
  logSources?(system: System): Promise<{files: string[]; journalUnit?: string}>
  /** The id `localclaw pull <query>` leaves the model under, where pull resolves catalog names (Ollama's tags). */
  pulledAs?(query: string): string
  /**
   * The program that downloads a model for `localclaw pull` (LM Studio's lms, the Hugging Face CLI),
   * as argv whose third word is the id downloaded; absent where the server pulls over its own API
   * (Ollama's /api/pull).
   */
  downloadCommand?(request: {model: string; quant?: QuantId; system: System}): Promise<string[]>
}

/** The Hugging Face CLI (hf, or the older huggingface-cli), which llama.cpp and vLLM downloads go through. */
export async function huggingFaceCli(system: System, runtimeName: string): Promise<string> {
  const hf = await whichBinary(system, ['hf']) ?? await whichBinary(system, ['huggingface-cli'])
  if (hf) return hf
  throw new LocalclawError(`Downloading for ${runtimeName} needs the Hugging Face CLI (hf or huggingface-cli), which was not found.`, {
    code: 'tool_missing',
    exit: ExitCode.failed,
    suggestions: [
      'pip install -U huggingface_hub',
      'vLLM can also download on first `vllm serve <repo>`; llama.cpp on `llama-server -hf <repo>`',
    ],
  })
}

/**
 * The quantizations a model's GGUF repository carries for llama.cpp and LM Studio: gpt-oss ships as
 * MXFP4 only; other GGUF repositories reliably carry Q4_K_M and Q8_0. None without a GGUF source.
 */
export function ggufQuants(model: LanguageModel): QuantId[] {
  if (!model.gguf && !model.lmstudio) return []
  if (model.gguf && model.ggufFiles?.length) return model.ggufFiles.map((file) => file.quant)
  return model.ollama?.[0]?.quant === 'MXFP4' ? ['MXFP4'] : ['Q8_0', 'Q4_K_M']
}

/** The tag that selects a quantization's file in the model's GGUF repository: its own name unless a source names the file. */
export function ggufTag(model: LanguageModel, quant: QuantId): string {
  return model.ggufFiles?.find((file) => file.quant === quant)?.tag ?? quant
}

/** A server's root URL: no trailing slash, no OpenAI-style /v1 suffix. */
export function serverRoot(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '')
}

/**
 * The URL in a runtime's LOCALCLAW_<ID>_URL variable, or `fallback` when it is unset. A bare
 * "host:port" means http; a value that is not an http(s) URL is an error naming the variable,
 * never silently replaced by the default port.
 */
export function urlFromEnv(system: System, variable: string, fallback: string): string {
  const value = system.env[variable]?.trim()
  if (!value) return fallback
  const url = parseServerUrl(value)
  if (!url) {
    throw new LocalclawError(`${variable} is not a server URL: "${value}".`, {
      code: 'bad_env',
      exit: ExitCode.usage,
      suggestions: [`Set it like ${variable}=${fallback.replace(/:\d+$/, ':8081')}, or unset it to use ${fallback}`],
    })
  }
  return serverRoot(url)
}

/** The first version-looking token: "ollama version is 0.6.2", "v0.3.31", "0.9.1". */
export function firstVersion(output: string): string | null {
  return /\bv?(\d+\.\d+(?:\.\d+)?(?:[-+.][\w.]+)?)\b/.exec(output)?.[1] ?? null
}

/** Whether the server's model list has this model, under the id the runtime files it as. */
export function servesModel(runtime: Runtime, served: string[], id: string): boolean {
  const wanted = runtime.canonicalModelId(id)
  return served.some((entry) => runtime.canonicalModelId(entry) === wanted)
}

export interface JsonAnswer {
  status: number
  json: unknown
  body: string
}

/** GET a URL and parse the body as JSON when it is JSON; `failure` when nothing answered. */
export async function getJson(http: HttpRequest, url: string, timeoutMs: number): Promise<JsonAnswer | {failure: string}> {
  const result = await http(url, {timeoutMs})
  if (!result.ok) return {failure: result.message}
  return {status: result.status, json: parseJson(result.body), body: result.body}
}

export function notAnswering(url: string, reason: string): RuntimeServer {
  return {url, answering: false, identified: false, version: null, detail: reason}
}

export function answeredButNot(url: string, runtimeName: string, what: string): RuntimeServer {
  return {url, answering: true, identified: false, version: null, detail: `something answered, but not ${runtimeName} (${what})`}
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** OpenAI-style /v1/models entries (vLLM, llama.cpp): id plus whatever else the server adds. */
export async function openAiModels(http: HttpRequest, baseUrl: string, timeoutMs: number): Promise<Array<Record<string, unknown>> | null> {
  const answer = await getJson(http, `${baseUrl}/v1/models`, timeoutMs)
  if ('failure' in answer || answer.status !== 200 || !isRecord(answer.json) || !Array.isArray(answer.json.data)) return null
  return answer.json.data.filter(isRecord)
}

/** The ids an OpenAI-style /v1/models lists; null when it does not answer as one. */
export async function openAiModelIds(http: HttpRequest, baseUrl: string, timeoutMs: number): Promise<string[] | null> {
  return (await openAiModels(http, baseUrl, timeoutMs))?.map((model) => String(model.id)) ?? null
}

/**
 * One /v1/models entry's facts: its context, where the server's own field (`contextOf`) reports a
 * number; nothing about tools, vision or reasoning, which the OpenAI shape does not carry.
 */
export async function openAiModelFacts(http: HttpRequest, baseUrl: string, modelId: string, timeoutMs: number,
  contextOf: (entry: Record<string, unknown>) => unknown): Promise<RuntimeModelFacts | null> {
  const model = (await openAiModels(http, baseUrl, timeoutMs))?.find((entry) => entry.id === modelId)
  if (!model) return null
  const context = contextOf(model)
  return {id: modelId, contextWindow: typeof context === 'number' ? context : null, tools: null, vision: null, reasoning: null}
}

/** OpenAI-style /v1/models: the owned_by of the first model ("vllm", "llamacpp", "library"). */
export function ownedBy(json: unknown): string | null {
  if (!isRecord(json) || !Array.isArray(json.data)) return null
  const first = json.data[0]
  return isRecord(first) && typeof first.owned_by === 'string' ? first.owned_by : null
}

async function identifyIfListening(system: System, baseUrl: string, runtime: Runtime, timeoutMs: number): Promise<RuntimeServer> {
  const url = new URL(baseUrl)
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
  if (!await portOpen(system, url.hostname, port, timeoutMs)) return notAnswering(baseUrl, `nothing is listening on port ${port}`)
  return runtime.identify(system.http, baseUrl, timeoutMs)
}

/** Installed? which version? is a server answering and is it really this runtime? All in parallel. */
export async function detectRuntime(system: System, runtime: Runtime, timeoutMs: number): Promise<RuntimeStatus> {
  const baseUrl = runtime.defaultBaseUrl(system)
  const [binaryPath, server] = await Promise.all([
    whichBinary(system, runtime.binaries, runtime.extraBinaryDirs(system)),
    identifyIfListening(system, baseUrl, runtime, timeoutMs),
  ])
  let version = server.version
  if (binaryPath) {
    const result = await system.exec(binaryPath, runtime.versionArgs, {timeoutMs, env: system.env})
    version = runtime.parseVersion(`${result.stdout}\n${result.stderr}`) ?? version
    if (version === null && result.exitCode !== 0)
      server.detail += `; ${binaryPath} ${runtime.versionArgs.join(' ')}: ${execFailureText(result)}`
  }
  // A server that identifies itself counts as installed even when its binary is not on our PATH
  // (a service running as another user, a container, the desktop app).
  return {id: runtime.id, name: runtime.name, installed: binaryPath !== null || server.identified, binaryPath, version, server}
}

export function unsupported(reason: string, suggestions: string[] = []): InstallPlan {
  return {supported: false, reason, suggestions}
}

/**
 * An official install script, downloaded as its own step and then run: `curl | sh` hides curl's exit
 * status, so a failed download looked like an installer that ran and left nothing on PATH.
 */
export function downloadAndRun(
  url: string,
  context: InstallContext,
  shell: 'sh' | 'bash',
  options: {root?: boolean; description?: string} = {},
): InstallStep[] {
  const file = path.join(context.homedir, '.localclaw', 'downloads', url.replace(/^https?:\/\//, '').replace(/[^\w.-]+/g, '_'))
  return [
    {description: `download ${url}`, argv: ['curl', '-fsSL', '--create-dirs', '-o', file, url], download: true},
    {description: options.description ?? `run the downloaded ${path.basename(url)}`, argv: [shell, file], root: options.root},
  ]
}

/** The official scripts fetched with curl on Linux and macOS. */
export function needsCurl(context: InstallContext): InstallPlan | null {
  return context.has('curl')
    ? null
    : unsupported('curl is needed to fetch the official installer and was not found', [
        'Install curl with your package manager (e.g. sudo apt-get install -y curl), then run this again',
      ])
}
