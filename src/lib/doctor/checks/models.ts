import {findModel} from '../../catalog/lookup.js'
import {closeMatches} from '../../names.js'
import {DEFAULT_RUNTIME, fetchedOnlyBy} from '../../runtimes/registry.js'
import {servesModel, type Runtime} from '../../runtimes/runtime.js'
import {pass, problem, skip, type Check, type CheckResult, type Fix} from '../check.js'
import {configCommandFor} from '../commands.js'
import type {DoctorContext, LocalProvider} from '../context.js'
import {startCommand} from './runtimes.js'

type Result = Omit<CheckResult, 'check'>

const TAILNET = /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.|\.ts\.net$/

/** Starting a runtime on the configured port: its own command, or (a server started with its model) what to add to that. */
function startOnPortFix(runtime: Runtime, port: number): Fix {
  const start = runtime.startOnPort?.(port)
  return (
    start ?? {
      run: `localclaw recommend --runtime ${runtime.id}`,
      note: `prints the command that serves a model; ${runtime.serveOnPort(port)}`,
    }
  )
}

/** Why a provider's server does not answer, and the fix: start it here, or reach the other machine. */
async function unreachable(context: DoctorContext, provider: LocalProvider, detail: string): Promise<Result> {
  const id = `server.${provider.providerId}`
  const {runtime} = provider
  if (!provider.remote) {
    return problem(
      'fail',
      id,
      `nothing answers at ${provider.serverUrl} (${detail})`,
      `OpenClaw's ${provider.providerId} provider points there, and ${runtime.name} is not running on that port.`,
      provider.atDefaultUrl ? await startCommand(context, runtime) : startOnPortFix(runtime, Number(new URL(provider.serverUrl).port)),
    )
  }
  const host = new URL(provider.serverUrl).hostname
  const tailscale = (await context.hardware()).tailscale
  if (TAILNET.test(host) && !tailscale.running) {
    return problem(
      'fail',
      id,
      `${provider.serverUrl} is on the tailnet, and Tailscale is not running here (${tailscale.detail})`,
      'Tailnet addresses only resolve and route while tailscaled runs and is logged in.',
      'sudo systemctl start tailscaled && sudo tailscale up (macOS/Windows: open the Tailscale app)',
    )
  }
  return problem(
    'fail',
    id,
    `the remote ${runtime.name} at ${provider.serverUrl} does not answer (${detail})`,
    `The other machine is off, ${runtime.name} is not running there, or it listens on loopback only.`,
    `On that machine: localclaw tailscale expose ${runtime.id} (it listens on loopback only by default); then from here: localclaw tailscale status`,
  )
}

async function providerModels(context: DoctorContext, provider: LocalProvider): Promise<Result[]> {
  const {runtime} = provider
  const {runtimes} = await context.hardware()
  const atDefault = provider.atDefaultUrl
  const served = await runtime.listModels(context.system.http, provider.serverUrl, context.timeoutMs)
  if (served === null) {
    // At the runtime's default URL the runtime check already says it is down; say it once.
    if (atDefault && !runtimes.find((entry) => entry.id === runtime.id)?.server.identified) {
      return provider.models.map((model) => skip(`model.${provider.providerId}/${model.id}`, `not checked: ${runtime.name} is not running`))
    }
    const server = await runtime.identify(context.system.http, provider.serverUrl, context.timeoutMs)
    return [await unreachable(context, provider, server.detail)]
  }
  const notLoaded = new Set(await runtime.unloadedModels?.list(context.system.http, provider.serverUrl, context.timeoutMs) ?? [])
  return provider.models.map((model): Result => {
    const id = `model.${provider.providerId}/${model.id}`
    if (servesModel(runtime, served, model.id)) {
      if (runtime.unloadedModels && notLoaded.has(model.id)) {
        return problem(
          'warn',
          id,
          `${model.id} is on ${runtime.name} but not loaded`,
          'The first request loads it (a cold start of seconds to minutes), and OpenClaw may time out waiting.',
          runtime.unloadedModels.fix(model.id),
        )
      }
      return pass(id, `${model.id} is on ${runtime.name}${provider.remote ? ` at ${provider.serverUrl}` : ''}`)
    }
    if (runtime.anyModelName) return pass(id, `llama.cpp serves ${served[0] ?? 'its model'} for ${model.id}`)
    const elsewhere = fetchedOnlyBy(findModel(model.id)?.model, runtime)
    if (elsewhere) {
      return problem('fail', id, `${model.id} is not on ${runtime.name}, and ${runtime.name} has no download of it`,
        `OpenClaw asks ${runtime.name} for ${model.id} and gets "model not found"; no pull gets it there (${elsewhere.map((other) => other.name).join(', ')} fetch it).`,
        elsewhere.length > 0
          ? {run: `localclaw config --runtime ${elsewhere[0]!.id} --model ${model.id}`,
            note: `then get and start it there: localclaw recommend ${model.id} --runtime ${elsewhere[0]!.id} prints the command`}
          : `localclaw catalog ${model.id}`)
    }
    const similar = closeMatches(model.id, served)
    const url = provider.serverUrl
    const pullArgs = `${runtime.id === DEFAULT_RUNTIME ? '' : ` --runtime ${runtime.id}`}${atDefault ? '' : ` --url ${url}`}`
    // pull resolves a catalog name ("qwen3-8b") to the runtime's own id (qwen3:8b): OpenClaw must then ask for that one.
    const pulled = runtime.pulledAs?.(model.id) ?? model.id
    if (similar.length === 0 && !servesModel(runtime, [pulled], model.id)) {
      return problem(
        'fail',
        id,
        `${model.id} is not on ${runtime.name} at ${url}, and ${runtime.name} would file it as ${pulled}`,
        `OpenClaw asks ${runtime.name} for ${model.id} and gets "model not found"; pulling it leaves it under ${pulled}.`,
        {
          run: `localclaw pull ${pulled}${pullArgs} && ${configCommandFor(provider, pulled)}`,
          note: `doctor --fix also renames the ${model.id} entry and its refs`,
        },
        model.listed
          ? {kind: 'pull-and-rename', runtime: runtime.id, url, providerId: provider.providerId, from: model.id, to: pulled}
          : undefined,
      )
    }
    const fix: Fix =
      similar.length > 0
        ? {run: configCommandFor(provider, similar[0]!), note: `the name it has; or localclaw pull ${model.id}${pullArgs}`}
        : runtime.serveCommand
          ? {
              run: runtime.serveCommand(model.id),
              note: `${runtime.name} serves the model it was started with: ${served.join(', ') || 'none'}`,
            }
          : `localclaw pull ${model.id}${pullArgs}`
    const known = similar.length > 0 ? `; did you mean ${similar.join(' or ')}?` : ''
    return problem('fail', id, `${model.id} is not on ${runtime.name} at ${url}${known}`,
      `OpenClaw asks ${runtime.name} for ${model.id} and gets "model not found".`, fix,
      similar.length === 0 && !runtime.serveCommand ? {kind: 'pull-model', runtime: runtime.id, model: model.id, url} : undefined)
  })
}

/** Every model the OpenClaw config uses exists on the runtime that serves it. */
export const modelCheck: Check = {
  id: 'models',
  title: 'Configured models',
  async run(context) {
    const providers = await context.providers()
    if (providers.length === 0) return [skip('models', 'no local provider in the OpenClaw config')]
    return (await Promise.all(providers.map((provider) => providerModels(context, provider)))).flat()
  },
}
