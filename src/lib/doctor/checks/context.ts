import {findModel} from '../../catalog/lookup.js'
import {evaluateModel} from '../../catalog/recommend.js'
import {machineFromProfile} from '../../catalog/target.js'
import {OPENCLAW_MIN_CONTEXT} from '../../catalog/openclaw-agent.js'
import {pass, problem, skip, type Check, type CheckResult, type Fix} from '../check.js'
import {configCommandFor} from '../commands.js'
import type {ConfiguredModel, DoctorContext, LocalProvider} from '../context.js'
import {RUNTIMES} from '../../runtimes/registry.js'

type Result = Omit<CheckResult, 'check'>
const FALLBACK_CONTEXT = 32768

/** What recommend says fits for an agent on this machine, or 32K within the model's window. */
async function suggestedContext(context: DoctorContext, provider: LocalProvider,
  model: ConfiguredModel): Promise<{tokens: number; basis: string}> {
  const catalog = findModel(model.id)?.model
  if (catalog && !provider.remote) {
    const evaluation = evaluateModel(catalog, machineFromProfile(await context.hardware()), {
      use: 'agent',
      runtimes: RUNTIMES,
      runtime: provider.runtime,
    })
    if (evaluation && evaluation.contextTokens >= OPENCLAW_MIN_CONTEXT)
      return {tokens: evaluation.contextTokens, basis: `what localclaw recommend ${model.id} says fits here`}
  }
  const cap = model.contextWindow !== null && model.contextWindow >= OPENCLAW_MIN_CONTEXT ? model.contextWindow : FALLBACK_CONTEXT
  return {tokens: Math.min(FALLBACK_CONTEXT, cap), basis: 'a 32K context, the usual size for an agent'}
}

/** What a per-request runtime (Ollama) uses when OpenClaw sends no context: loaded now, its log, its variable, else its VRAM default. */
async function requestDefault(
  context: DoctorContext,
  provider: LocalProvider,
  modelId: string,
  defaults: NonNullable<LocalProvider['runtime']['requestContext']>,
): Promise<{tokens: number; basis: string; live?: false}> {
  const {runtime} = provider
  const loaded = await runtime.servedContext(context.system.http, provider.serverUrl, modelId, context.timeoutMs)
  if (loaded) return loaded
  // Nothing loaded says what it runs now; what follows is what it will use, and says so when the server is not even up.
  const up = (await runtime.identify(context.system.http, provider.serverUrl, context.timeoutMs)).identified
  return {...(await requestDefaultFromSetup(context, provider, defaults)), ...(up ? {} : {live: false as const})}
}

async function requestDefaultFromSetup(
  context: DoctorContext,
  provider: LocalProvider,
  defaults: NonNullable<LocalProvider['runtime']['requestContext']>,
): Promise<{tokens: number; basis: string}> {
  const {runtime} = provider
  if (provider.remote) return {...defaults.byVram(0), basis: `${runtime.name}'s smallest default (the remote machine's VRAM is unknown)`}
  const logged = (await context.logs(runtime.id)).map((log) => defaults.fromLog(log.text)).find((tokens) => tokens !== null)
  if (logged) return {tokens: logged, basis: `${runtime.name}'s log`}
  const env = Number(context.system.env[defaults.envVar])
  if (env > 0) return {tokens: env, basis: defaults.envVar}
  return defaults.byVram((await context.hardware()).gpuTotals.totalBytes)
}

/** The context the server actually runs the model with, where it says so; null when OpenClaw sets it per request. */
async function servedContext(context: DoctorContext, provider: LocalProvider,
  model: ConfiguredModel): Promise<{tokens: number; basis: string; live?: false; fix: (needed: number) => Fix} | null> {
  const {runtime} = provider
  // A runtime OpenClaw gives the context with each request (Ollama's num_ctx) is fixed in the config; the others where they start.
  const fix = (needed: number): Fix =>
    runtime.requestContext
      ? {
          run: configCommandFor(provider, model.id, ` --context-tokens ${needed}`),
          note: `OpenClaw then sends it as num_ctx with every request; or on the server: ${runtime.contextFix(model.id, needed)}`,
        }
      : {run: runtime.contextFix(model.id, needed), note: `${runtime.name} runs a model with the context it was started with`}
  if (runtime.requestContext) {
    // OpenClaw sends num_ctx (params.num_ctx, else contextTokens) on the native api, and on /v1 unless injection is off.
    const sendsNumCtx = (model.numCtx ?? model.contextTokens) !== null && (provider.api === runtime.openclaw.api || provider.injectNumCtx)
    return sendsNumCtx ? null : {...await requestDefault(context, provider, model.id, runtime.requestContext), fix}
  }
  const served = await runtime.servedContext(context.system.http, provider.serverUrl, model.id, context.timeoutMs)
  return served && {...served, fix}
}

async function modelContext(context: DoctorContext, provider: LocalProvider, model: ConfiguredModel): Promise<Result[]> {
  const ref = `${provider.providerId}/${model.id}`
  const id = `context.${ref}`
  const configured = model.numCtx ?? model.contextTokens ?? model.contextWindow
  const action = async (tokens?: number) => {
    const suggestion = tokens ? {tokens, basis: ''} : await suggestedContext(context, provider, model)
    return {
      suggestion,
      action: model.listed
        ? {kind: 'set-context' as const, providerId: provider.providerId, modelId: model.id, contextTokens: suggestion.tokens}
        : undefined,
    }
  }
  if (configured !== null && configured < OPENCLAW_MIN_CONTEXT) {
    const {suggestion, action: fixAction} = await action()
    return [
      problem(
        'fail',
        id,
        `${ref}: context ${configured} is below the ${OPENCLAW_MIN_CONTEXT} tokens OpenClaw needs`,
        'OpenClaw\'s system prompt and tools alone take most of a small window; older OpenClaw refuses it ("Minimum is 16000"), current versions compact constantly.',
        {run: configCommandFor(provider, model.id, ` --context-tokens ${suggestion.tokens}`), note: suggestion.basis},
        fixAction,
      ),
    ]
  }
  const results: Result[] = []
  if (model.contextTokens !== null && model.contextWindow !== null && model.contextTokens > model.contextWindow) {
    results.push(
      problem(
        'warn',
        `${id}.window`,
        `${ref}: contextTokens ${model.contextTokens} is larger than contextWindow ${model.contextWindow}`,
        'OpenClaw caps the budget at the window, and the server cannot run beyond the model\'s native window.',
        configCommandFor(provider, model.id, ` --context-tokens ${model.contextWindow}`),
      ),
    )
  }
  const served = await servedContext(context, provider, model)
  const needed = configured ?? OPENCLAW_MIN_CONTEXT
  if (served && served.tokens < needed) {
    const {action: fixAction} = served.tokens >= OPENCLAW_MIN_CONTEXT && !provider.runtime.requestContext ? await action(served.tokens)
      : await action()
    const runs =
      served.live === false
        ? `${ref}: OpenClaw sends no context, so ${provider.runtime.name} (not answering now) will run it with its default of ${served.tokens} tokens (${served.basis})`
        : `${ref}: the server runs it with ${served.tokens} tokens of context (${served.basis})`
    results.push(
      problem(
        'fail',
        id,
        `${runs}, and OpenClaw expects ${needed}`,
        'Prompts longer than the served context are cut off or refused, so the agent loses its instructions and tool results.',
        served.fix(needed),
        fixAction,
      ),
    )
  } else if (configured !== null) {
    const catalog = findModel(model.id)?.model
    const evaluation =
      catalog && !provider.remote
        ? evaluateModel(catalog, machineFromProfile(await context.hardware()), {
            use: 'agent',
            runtimes: RUNTIMES,
            runtime: provider.runtime,
            contextTokens: configured,
          })
        : null
    if (evaluation && evaluation.maxContextTokens < configured) {
      results.push(
        problem(
          'warn',
          id,
          `${ref}: context ${configured} may not fit in memory here (recommend: up to ${evaluation.maxContextTokens})`,
          'The KV cache grows with the context; past what fits, the runtime spills to the CPU or fails to load the model.',
          {
            run: configCommandFor(provider, model.id, ` --context-tokens ${evaluation.maxContextTokens}`),
            note: `localclaw recommend ${model.id} shows what fits here and why`,
          },
        ),
      )
    } else {
      results.push(pass(id, `${ref}: context ${configured}${served ? ` (server: ${served.tokens})` : ''}`))
    }
  } else if (!served) {
    results.push(skip(id, `${ref}: no context configured; OpenClaw uses what the server reports`))
  }
  return results
}

/** The context the agent gets: configured against OpenClaw's 16K minimum, and against what the server really runs. */
export const contextCheck: Check = {
  id: 'context',
  title: 'Context window',
  async run(context) {
    const providers = await context.providers()
    if (providers.length === 0) return [skip('context', 'no local model configured, so no context window to check')]
    const perModel = providers.flatMap((provider) => provider.models.map((model) => modelContext(context, provider, model)))
    return (await Promise.all(perModel)).flat()
  },
}
