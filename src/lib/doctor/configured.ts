import {parseDocument, type Json} from '../openclaw/document.js'
import {configuredProviders, isObject, modelRefs, type JsonObject} from '../openclaw/shape.js'
import {locateConfig, type ConfigLocation} from '../openclaw/paths.js'
import {readConfigText} from '../openclaw/read.js'
import {runtimeById, RUNTIMES} from '../runtimes/registry.js'
import {serverRoot, type Runtime, type RuntimeId} from '../runtimes/runtime.js'
import type {System} from '../system.js'

// The OpenClaw config as doctor reads it, and the local providers in it: apart from the doctor's
// context (which probes hardware and runtimes), so doctor explain can fill its fixes without loading that.

/** The OpenClaw config as read: its text and value, or why it could not be read. */
export interface ConfigState {
  location: ConfigLocation
  text: string | null
  value: Json | null
  /** A parse error (with line and column) or a read error. */
  error: string | null
  /** For a file that could not be read at all: the command that deals with it. */
  readFix?: {run: string; note: string}
}

export interface ConfiguredModel {
  id: string
  contextWindow: number | null
  contextTokens: number | null
  /** params.num_ctx: what OpenClaw sends Ollama instead of contextTokens. */
  numCtx: number | null
  /** Listed in the provider's models (false: only referenced from agents.defaults.model). */
  listed: boolean
}

/** A provider block that talks to a local-model runtime (on this machine or another one). */
export interface LocalProvider {
  providerId: string
  runtime: Runtime
  api: string | null
  /** As configured, or the built-in default for a bundled provider without one. */
  baseUrl: string
  /** The server root, without /v1: where the runtime's own API lives. */
  serverUrl: string
  remote: boolean
  /** Where the runtime's own clients look on this machine (its default port, OLLAMA_HOST). */
  atDefaultUrl: boolean
  /** Has its own block under models.providers (false: only referenced, relying on a built-in). */
  hasBlock: boolean
  hasApiKey: boolean
  /** The key OpenClaw will send as the Bearer token, ${VAR} filled from the environment; never printed. */
  bearer: string | null
  /** models.providers.<id>.timeoutSeconds: how long OpenClaw waits for this provider. */
  timeoutSeconds: number | null
  injectNumCtx: boolean
  models: ConfiguredModel[]
}

const number = (value: Json | undefined): number | null => typeof value === 'number' && Number.isFinite(value) ? value : null

/** The OpenClaw config where doctor (and OpenClaw) would find it, read without ever throwing. */
export async function readConfig(options: {system: System; configPath?: string; profile?: string}): Promise<ConfigState> {
  const location = locateConfig({env: options.system.env, homedir: options.system.homedir, explicit: options.configPath,
    profile: options.profile})
  if (!location.exists) return {location, text: null, value: null, error: null}
  const read = await readConfigText(location.path)
  if ('failure' in read)
    return {location, text: null, value: null, error: read.failure.message, readFix: {run: read.failure.fix, note: read.failure.note}}
  const {text} = read
  try {
    return {location, text, value: parseDocument(text, location.path).value, error: null}
  } catch (error) {
    return {location, text, value: null, error: (error as Error).message.replace(/ Nothing was written\.$/, '')}
  }
}

/** Which runtime a provider talks to: its id, its api, or the port of its base URL. */
export function runtimeFor(providerId: string, provider: JsonObject): Runtime | null {
  const byId = runtimeById(providerId as RuntimeId)
  if (byId) return byId
  // A runtime's own api (not one of the OpenAI ones several runtimes share) names it.
  const byApi = RUNTIMES.find((runtime) => runtime.openclaw.api === provider.api && !runtime.openclaw.api.startsWith('openai-'))
  if (byApi) return byApi
  if (typeof provider.baseUrl !== 'string') return null
  try {
    const port = Number(new URL(provider.baseUrl).port)
    return RUNTIMES.find((runtime) => runtime.defaultPort === port) ?? null
  } catch {
    return null
  }
}

/** localhost and 127.0.0.1 are the same server to a client. */
function sameServer(a: string, b: string): boolean {
  const loopback = (url: string) => url.replace('//localhost:', '//127.0.0.1:').replace(/\/+$/, '')
  return loopback(a) === loopback(b)
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0'])

/** An apiKey as OpenClaw sends it: a string, with ${VAR} taken from the environment (a SecretRef object is not resolved here). */
function bearerToken(apiKey: Json | undefined, env: NodeJS.ProcessEnv): string | null {
  if (typeof apiKey !== 'string' || apiKey === '') return null
  const variable = /^\$\{(\w+)\}$/.exec(apiKey)?.[1]
  return variable ? env[variable] ?? null : apiKey
}

export function localProviders(config: Json | null, system: System): LocalProvider[] {
  const providers = configuredProviders(config)
  const refs = modelRefs(config)
  const ids = new Set([...Object.keys(providers), ...refs.map((ref) => ref.split('/')[0]!)])
  const result: LocalProvider[] = []
  for (const providerId of ids) {
    const provider = isObject(providers[providerId]) ? providers[providerId] : {}
    const runtime = runtimeFor(providerId, provider)
    if (!runtime) continue
    const fallbackUrl = `${runtime.defaultBaseUrl(system)}${runtime.openclaw.basePath}`
    const baseUrl = typeof provider.baseUrl === 'string' ? provider.baseUrl.replace(/\/+$/, '') : fallbackUrl
    let host = ''
    try {
      host = new URL(baseUrl).hostname
    } catch {
      // an invalid URL is reported by the config check
    }
    const models: ConfiguredModel[] = (Array.isArray(provider.models) ? provider.models : []).filter(isObject)
      .filter((model) => typeof model.id === 'string')
      .map((model) => ({
        id: model.id as string, contextWindow: number(model.contextWindow), contextTokens: number(model.contextTokens),
        numCtx: isObject(model.params) ? number(model.params.num_ctx) : null, listed: true,
      }))
    for (const ref of refs) {
      const [refProvider, ...rest] = ref.split('/')
      const id = rest.join('/')
      if (refProvider === providerId && id && !models.some((model) => model.id === id)) {
        models.push({id, contextWindow: null, contextTokens: null, numCtx: null, listed: false})
      }
    }
    const serverUrl = serverRoot(baseUrl)
    const remote = host !== '' && !LOOPBACK.has(host)
    result.push({
      providerId, runtime, api: typeof provider.api === 'string' ? provider.api : null, baseUrl,
      serverUrl, remote, atDefaultUrl: !remote && sameServer(serverUrl, runtime.defaultBaseUrl(system)),
        hasBlock: isObject(providers[providerId]),
      hasApiKey: provider.apiKey !== undefined && provider.apiKey !== '', bearer: bearerToken(provider.apiKey, system.env),
      timeoutSeconds: number(provider.timeoutSeconds), injectNumCtx: provider.injectNumCtxForOpenAICompat !== false, models,
    })
  }
  return result
}
