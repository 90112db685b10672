import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {parseServerUrl} from './lib/net/server-url.js'
import {STRATEGIES} from './lib/openclaw/strategy.js'
import {DEFAULT_RUNTIME, RUNTIME_IDS, runtimeById} from './lib/runtimes/registry.js'
import type {RuntimeId} from './lib/runtimes/runtime.js'

/** Shared flag (and argument) builders; each flag can also be set by a LOCALCLAW_* environment variable for CI. */

/**
 * --probe-timeout, one flag with one variable everywhere: the time box for each probe. Its default is
 * the command's own (hardware probes run a program; port and API probes wait on a socket).
 */
export const probeTimeoutFlag = (defaultMs = 4000, description = 'Time box for each hardware probe, in milliseconds.') => Flags.integer({
  description,
  env: 'LOCALCLAW_PROBE_TIMEOUT',
  default: defaultMs,
  helpValue: '<ms>',
  min: 100,
  max: 120_000,
})

/** A positive number of GiB, e.g. `--min-vram 7.5`. */
export const gibFlag = Flags.custom<number>({
  async parse(input) {
    const value = Number(input)
    if (!Number.isFinite(value) || value <= 0) throw new Error(`Expected a positive number of GiB, got "${input}"`)
    return value
  },
})

/** A runtime as the positional argument (`install lmstudio`), typed as a runtime id: the default runtime without it. */
const runtimeIdArg = Args.custom<RuntimeId>({
  async parse(input) {
    const runtime = runtimeById(input)
    if (!runtime) throw new Error(`Expected one of: ${RUNTIME_IDS.join(', ')}`)
    return runtime.id
  },
})
/**
 * Every positional argument sets ignoreStdin: otherwise oclif takes a missing one from stdin whenever
 * stdin is not a terminal, so `yes | localclaw install` asked to install a runtime named "y".
 */
export const runtimeArg = (description: string) =>
  runtimeIdArg({description, options: [...RUNTIME_IDS], default: DEFAULT_RUNTIME, ignoreStdin: true})

/** --runtime, typed as a runtime id; without it the command chooses. */
export const runtimeFlag = (description = 'Runtime to plan for (default: chosen for the hardware).') =>
  Flags.option({options: RUNTIME_IDS, env: 'LOCALCLAW_RUNTIME', description})()

/** --runtime for commands that act on one runtime: the default runtime without it. */
export const runtimeFlagWithDefault = (description: string) =>
  Flags.option({options: RUNTIME_IDS, env: 'LOCALCLAW_RUNTIME', default: DEFAULT_RUNTIME, description})()

/** --strategy: how the local model relates to the hosted ones already configured. */
export const strategyFlag = (description = 'How the local model relates to hosted ones.') =>
  Flags.option({options: STRATEGIES, default: 'local-first' as const, env: 'LOCALCLAW_STRATEGY', description})()

/** --config: the OpenClaw config file, where OpenClaw itself would look without it. */
export const configFileFlag = (description = 'Config file to edit (default: where OpenClaw looks).') =>
  Flags.string({description, env: 'LOCALCLAW_OPENCLAW_CONFIG'})

export const profileFlag = () => Flags.string({description: 'OpenClaw profile: ~/.openclaw-<profile>.'})

/** --context-tokens: the context OpenClaw asks for; below 1024 nothing works. */
export const contextTokensFlag = (description = 'Context OpenClaw uses (default: what recommend says fits).') =>
  Flags.integer({description, min: 1024})

export const yesFlag = (description: string) => Flags.boolean({char: 'y', description, env: 'LOCALCLAW_YES'})

export const dryRunFlag = (description = 'Show the plan; run nothing.') => Flags.boolean({description})

/** A positive number, e.g. `--bandwidth 1008`. */
export const positiveNumberFlag = Flags.custom<number>({
  async parse(input) {
    const value = Number(input)
    if (!Number.isFinite(value) || value <= 0) throw new Error(`Expected a positive number, got "${input}"`)
    return value
  },
})

/** `--port 11435` (repeatable): ports to probe on a peer whose runtime is not on its default port. */
export const peerPortFlag = () =>
  Flags.integer({
    description:
      'Probe this port on the peer instead of each runtime\'s default (repeatable): for a runtime moved off 11434, 1234, 8080 or 8000.',
    multiple: true,
    min: 1,
    max: 65_535,
    helpValue: '<port>',
  })

/** `--url`: a runtime's address, checked before anything runs (a typo is a usage error, exit 2, not a minute of retries). */
export const serverUrlFlag = Flags.custom<string>({
  async parse(input) {
    const url = parseServerUrl(input)
    if (!url) throw new Error(`Expected a server address like http://127.0.0.1:11434 or 127.0.0.1:11434, got "${input}"`)
    return url
  },
  helpValue: '<url>',
})
