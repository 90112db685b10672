import {detect, type HardwareProfile} from '../detect.js'
import {installContext} from '../runtimes/install.js'
import {RUNTIMES} from '../runtimes/registry.js'
import type {InstallContext, Runtime, RuntimeId} from '../runtimes/runtime.js'
import type {System} from '../system.js'
import {localProviders, readConfig, type ConfigState, type LocalProvider} from './configured.js'
import {readRecentLogs, type LogExcerpt} from './logs.js'

export {localProviders, readConfig, runtimeFor, type ConfigState, type ConfiguredModel, type LocalProvider} from './configured.js'

export interface DoctorOptions {
  system: System
  /** Time box for each network probe; checks are boxed at a few times this. */
  timeoutMs: number
  /** --config / --profile, as `config` takes them. */
  configPath?: string
  profile?: string
  /** --log: more log files to read (a container's log saved to a file). */
  extraLogs: string[]
  /** The Node running OpenClaw's commands here (process.versions.node). */
  nodeVersion: string
  /** --live: send real requests to each configured model (tools, context, speed). */
  live?: boolean
}

/**
 * What the checks share, each fact gathered at most once and only when a check asks for it, so the
 * checks run in parallel without probing the same thing twice.
 */
export interface DoctorContext extends DoctorOptions {
  hardware(): Promise<HardwareProfile>
  config(): Promise<ConfigState>
  /** Providers that map to a runtime, from models.providers and from model refs. */
  providers(): Promise<LocalProvider[]>
  logs(runtime: RuntimeId | 'localclaw'): Promise<LogExcerpt[]>
  installContext(runtime: Runtime): Promise<InstallContext>
}

function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined
  return () => (promise ??= make())
}

/**
 * The system as doctor probes it: each runtime OpenClaw is configured to use on this machine is looked
 * for at the configured URL (Docker, another port), through the runtime's own URL variable, since that
 * is where OpenClaw will send its requests.
 */
export function atConfiguredUrls(system: System, providers: LocalProvider[]): System {
  const env = {...system.env}
  for (const runtime of RUNTIMES) {
    const provider = providers.find((candidate) => candidate.runtime.id === runtime.id && candidate.hasBlock && !candidate.remote
      && !candidate.atDefaultUrl)
    if (!provider) continue
    try {
      if (/^https?:$/.test(new URL(provider.serverUrl).protocol)) env[runtime.urlEnv] = provider.serverUrl
    } catch {
      // an invalid URL is reported by the config check
    }
  }
  return {...system, env}
}

export function createContext(options: DoctorOptions): DoctorContext {
  const config = memo(() => readConfig(options))
  const logCache = new Map<string, Promise<LogExcerpt[]>>()
  const installContexts = new Map<string, Promise<InstallContext>>()
  const providers = memo(async () => localProviders((await config()).value, options.system))
  const hardware = memo(async () => detect({system: atConfiguredUrls(options.system, await providers()), timeoutMs: options.timeoutMs}))
  return {
    ...options,
    hardware,
    config,
    providers,
    logs(runtime) {
      if (!logCache.has(runtime)) logCache.set(runtime, readRecentLogs(options.system, runtime, options.timeoutMs))
      return logCache.get(runtime)!
    },
    installContext(runtime) {
      if (!installContexts.has(runtime.id)) {
        installContexts.set(runtime.id, installContext(options.system, runtime, async () => (await hardware()).gpuTotals.backends))
      }
      return installContexts.get(runtime.id)!
    },
  }
}
