import {ExitCode, LocalclawError} from '../errors.js'
import {isLoopbackHost} from '../net/server-url.js'
import {BUILT_IN_PROVIDER_IDS} from './builtin-providers.js'
import type {Runtime} from '../runtimes/runtime.js'
import type {Json} from './document.js'


/** A provider localclaw writes: which runtime, under which id, at which URL. */
export interface ProviderTarget {
  runtime: Runtime
  providerId: string
  baseUrl: string
  /** On another machine (not loopback): gets its own provider id, so several machines can coexist. */
  remote: boolean
}

export interface ModelFacts {
  /** The id the runtime serves the model under (Ollama tag, LM Studio key, vLLM served name). */
  id: string
  name: string
  contextWindow: number
  contextTokens: number
  maxTokens: number
  reasoning: boolean
  /** The catalog family (qwen3, llama3.1...), for settings a family needs; absent for a model outside the catalog. */
  family?: string
  vision: boolean
  /** null when neither the runtime nor the catalog says. */
  tools: boolean | null
}

/**
 * The base URL OpenClaw needs for this runtime: Ollama's native API without /v1 (a /v1 URL with
 * the ollama api breaks tool calling), everything else with /v1.
 */
export function providerTarget(runtime: Runtime, defaultUrl: string,
  options: {url?: string; providerId?: string} = {}): {target: ProviderTarget; warnings: string[]} {
  const warnings: string[] = []
  let url: URL
  try {
    url = new URL(options.url ?? defaultUrl)
  } catch {
    throw new LocalclawError(`--url "${options.url}" is not a URL.`, {
      code: 'usage',
      exit: ExitCode.usage,
      suggestions: [`For example: --url ${defaultUrl}`],
    })
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LocalclawError(`--url "${options.url}" is not an http(s) URL; OpenClaw talks to ${runtime.name} over HTTP.`, {
      code: 'usage',
      exit: ExitCode.usage,
      suggestions: [`For example: --url ${defaultUrl}`],
    })
  }
  let pathname = url.pathname.replace(/\/+$/, '')
  if (runtime.openclaw.basePath === '' && pathname.endsWith('/v1')) {
    pathname = pathname.slice(0, -3)
    warnings.push(`${runtime.name}: OpenClaw uses the native API, so /v1 was dropped from the URL (a /v1 URL breaks tool calling)`)
  }
  if (runtime.openclaw.basePath === '/v1' && !pathname.endsWith('/v1')) pathname += '/v1'
  const baseUrl = `${url.protocol}//${url.host}${pathname}`
  const remote = !isLoopbackHost(url.hostname)
  // Several machines can serve the same runtime: each gets its own id, e.g. ollama-gpubox.
  const slug = url.hostname.split('.')[0]!.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
  const providerId =
    options.providerId ??
    (remote
      ? `${runtime.openclaw.providerId}-${/^\d+$/.test(slug) ? url.hostname.replace(/[.:]/g, '-') : slug}`
      : runtime.openclaw.providerId)
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(providerId)) {
    throw new LocalclawError(`Provider id "${providerId}" has characters OpenClaw model refs cannot carry.`, {
      code: 'usage',
      exit: ExitCode.usage,
      suggestions: ['Pass --provider-id with letters, digits, ".", "_" or "-"'],
    })
  }
  if (BUILT_IN_PROVIDER_IDS.has(providerId) && providerId !== runtime.openclaw.providerId) {
    throw new LocalclawError(
      `"${providerId}" is one of OpenClaw's own provider ids: a block for ${runtime.name} there would send every ${providerId}/... model ref (fallbacks included) to this server.`,
      {
        code: 'usage',
        exit: ExitCode.usage,
        suggestions: [
          `Pass --provider-id with a name of its own, e.g. --provider-id ${runtime.openclaw.providerId}-${remote ? 'remote' : 'local'}`,
        ],
      },
    )
  }
  return {target: {runtime, providerId, baseUrl, remote}, warnings}
}

/**
 * How long OpenClaw waits on this provider before it gives a turn up. A local model's cold load and
 * its first answer to OpenClaw's ~13K-token opening prompt can take minutes, and OpenClaw's idle
 * watchdog (120 s for hosted providers, 300 s for local ones) kills such turns (openclaw#84063,
 * #113092, #65551). 300 s, written explicitly, holds for a provider on another machine too, and for a
 * model localclaw cannot estimate; where recommend estimates this machine's cold load and first token,
 * the timeout covers them (providerTimeout).
 */
export const PROVIDER_TIMEOUT_SECONDS = 300

/** Cold load plus the slow end of the first-token range, with a quarter to spare, in whole minutes; never below the default. */
export function providerTimeout(speed: {loadSeconds: number; firstTokenRange: {high: number} | null} | null | undefined): number {
  if (!speed?.firstTokenRange) return PROVIDER_TIMEOUT_SECONDS
  return Math.max(PROVIDER_TIMEOUT_SECONDS, Math.ceil(((speed.loadSeconds + speed.firstTokenRange.high) * 1.25) / 60) * 60)
}

export function providerBlock(target: ProviderTarget,
  timeoutSeconds = PROVIDER_TIMEOUT_SECONDS): {baseUrl: string; api: string; apiKey: string; timeoutSeconds: number} {
  return {baseUrl: target.baseUrl, api: target.runtime.openclaw.api, apiKey: target.runtime.openclaw.apiKey, timeoutSeconds}
}

/** One model entry with every field OpenClaw's onboarding writes (openclaw.md section 7). */
export function modelEntry(target: ProviderTarget, facts: ModelFacts): {[key: string]: Json} {
  const compat: {[key: string]: Json} = {}
  if (facts.tools !== null) compat.supportsTools = facts.tools
  Object.assign(compat, target.runtime.openclaw.compat ?? {})
  const thinkingFormat = facts.reasoning && facts.family ? target.runtime.openclaw.thinkingFormat?.(facts.family) : undefined
  if (thinkingFormat) compat.thinkingFormat = thinkingFormat
  const {contextParam} = target.runtime.openclaw
  return {
    id: facts.id,
    name: facts.name,
    reasoning: facts.reasoning,
    input: facts.vision ? ['text', 'image'] : ['text'],
    cost: {input: 0, output: 0, cacheRead: 0, cacheWrite: 0},
    contextWindow: facts.contextWindow,
    contextTokens: facts.contextTokens,
    maxTokens: facts.maxTokens,
    ...(contextParam ? {params: {[contextParam]: facts.contextTokens}} : {}),
    ...(Object.keys(compat).length > 0 ? {compat} : {}),
  }
}

export function modelRef(target: ProviderTarget, modelId: string): string {
  return `${target.providerId}/${modelId}`
}
