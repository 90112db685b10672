import {findModel} from '../../catalog/lookup.js'
import {evaluateModel} from '../../catalog/recommend.js'
import {machineFromProfile} from '../../catalog/target.js'
import {parseJson} from '../../net/http.js'
import {OPENCLAW_MIN_CONTEXT} from '../../openclaw/blocks.js'
import {isRecord} from '../../runtimes/runtime.js'
import {pass, problem, skip, type Check, type CheckResult} from '../check.js'
import type {ConfiguredModel, DoctorContext, LocalProvider} from '../context.js'

type Result = Omit<CheckResult, 'check'>
const FALLBACK_CONTEXT = 32768
const GIB = 1024 ** 3

/** What recommend says fits for an agent on this machine, or 32K within the model's window. */
async function suggestedContext(context: DoctorContext, provider: LocalProvider, model: ConfiguredModel): Promise<{tokens: number; basis: string}> {
  const catalog = findModel(model.id)?.model
  if (catalog && !provider.remote) {
    const evaluation = evaluateModel(catalog, machineFromProfile(await context.hardware()), {use: 'agent', runtime: provider.runtime.id})
    if (evaluation && evaluation.contextTokens >= OPENCLAW_MIN_CONTEXT) return {tokens: evaluation.contextTokens, basis: `what localclaw recommend ${model.id} says fits here`}
  }
  const cap = model.contextWindow !== null && model.contextWindow >= OPENCLAW_MIN_CONTEXT ? model.contextWindow : FALLBACK_CONTEXT
  return {tokens: Math.min(FALLBACK_CONTEXT, cap), basis: 'a 32K context, the usual size for an agent'}
}

/** Ollama's default context when a request sends no num_ctx: /api/ps, its log, else the VRAM tiers (runtimes.md 1.4). */
async function ollamaDefaultContext(context: DoctorContext, provider: LocalProvider, modelId: string): Promise<{tokens: number; basis: string}> {
  const answer = await context.system.http(`${provider.serverUrl}/api/ps`, {timeoutMs: context.timeoutMs})
  const ps = answer.ok && answer.status === 200 ? parseJson(answer.body) : null
  const loaded = isRecord(ps) && Array.isArray(ps.models)
    ? ps.models.filter(isRecord).find((entry) => entry.name === modelId || entry.name === `${modelId}:latest`)
    : undefined
  if (loaded && typeof loaded.context_length === 'number') return {tokens: loaded.context_length, basis: 'loaded now with that context (/api/ps)'}
  if (!provider.remote) {
    const logged = (await context.logs('ollama')).map((log) => [...log.text.matchAll(/default_num_ctx=(\d+)/g)].at(-1)?.[1]).find(Boolean)
    if (logged) return {tokens: Number(logged), basis: 'Ollama\'s log: "vram-based default context"'}
    const env = Number(context.system.env.OLLAMA_CONTEXT_LENGTH)
    if (env > 0) return {tokens: env, basis: 'OLLAMA_CONTEXT_LENGTH'}
    const vram = (await context.hardware()).gpuTotals.totalBytes
    return {tokens: vram < 24 * GIB ? 4096 : vram < 48 * GIB ? 32768 : 262144, basis: 'Ollama\'s default for this much VRAM (4096 below 24 GiB)'}
  }
  return {tokens: 4096, basis: 'Ollama\'s default below 24 GiB of VRAM (the remote machine\'s is unknown)'}
}

/** The context the server actually runs the model with, where it says so; null when it decides per request. */
async function servedContext(context: DoctorContext, provider: LocalProvider, model: ConfiguredModel): Promise<{tokens: number; basis: string; fix: (needed: number) => string} | null> {
  const {system, timeoutMs} = context
  if (provider.runtime.id === 'vllm') {
    const facts = await provider.runtime.modelFacts(system.http, provider.serverUrl, model.id, timeoutMs)
    return facts?.contextWindow ? {tokens: facts.contextWindow, basis: 'vLLM\'s max_model_len', fix: (needed) => `vllm serve ${model.id} --max-model-len ${needed}`} : null
  }
  if (provider.runtime.id === 'llamacpp') {
    const answer = await system.http(`${provider.serverUrl}/props`, {timeoutMs})
    const props = answer.ok && answer.status === 200 ? parseJson(answer.body) : null
    const settings = isRecord(props) && isRecord(props.default_generation_settings) ? props.default_generation_settings : null
    return typeof settings?.n_ctx === 'number' ? {tokens: settings.n_ctx, basis: 'llama-server\'s n_ctx (/props)', fix: (needed) => `restart llama-server with -c ${needed}`} : null
  }
  if (provider.runtime.id === 'ollama') {
    // OpenClaw sends num_ctx (params.num_ctx, else contextTokens) natively, and on /v1 unless injection is off.
    const sendsNumCtx = (model.numCtx ?? model.contextTokens) !== null && (provider.api === 'ollama' || provider.injectNumCtx)
    if (sendsNumCtx) return null
    const served = await ollamaDefaultContext(context, provider, model.id)
    return {...served, fix: (needed) => `Set contextTokens so OpenClaw sends num_ctx (localclaw doctor --fix), or on the server: OLLAMA_CONTEXT_LENGTH=${needed}`}
  }
  return null
}

async function modelContext(context: DoctorContext, provider: LocalProvider, model: ConfiguredModel): Promise<Result[]> {
  const ref = `${provider.providerId}/${model.id}`
  const id = `context.${ref}`
  const configured = model.numCtx ?? model.contextTokens ?? model.contextWindow
  const action = async (tokens?: number) => {
    const suggestion = tokens ? {tokens, basis: ''} : await suggestedContext(context, provider, model)
    return {suggestion, action: model.listed ? {kind: 'set-context' as const, providerId: provider.providerId, modelId: model.id, contextTokens: suggestion.tokens} : undefined}
  }
  if (configured !== null && configured < OPENCLAW_MIN_CONTEXT) {
    const {suggestion, action: fixAction} = await action()
    return [problem('fail', id, `${ref}: context ${configured} is below the ${OPENCLAW_MIN_CONTEXT} tokens OpenClaw needs`,
      'OpenClaw\'s system prompt and tools alone take most of a small window; older OpenClaw refuses it ("Minimum is 16000"), current versions compact constantly.',
      `Set contextTokens to ${suggestion.tokens} (${suggestion.basis}): localclaw doctor --fix, or localclaw config --runtime ${provider.runtime.id} --model ${model.id} --context-tokens ${suggestion.tokens}`, fixAction)]
  }
  const results: Result[] = []
  if (model.contextTokens !== null && model.contextWindow !== null && model.contextTokens > model.contextWindow) {
    results.push(problem('warn', `${id}.window`, `${ref}: contextTokens ${model.contextTokens} is larger than contextWindow ${model.contextWindow}`,
      'OpenClaw caps the budget at the window, and the server cannot run beyond the model\'s native window.', `Lower contextTokens to ${model.contextWindow} or less: localclaw config --model ${model.id} --context-tokens ${model.contextWindow}`))
  }
  const served = await servedContext(context, provider, model)
  const needed = configured ?? OPENCLAW_MIN_CONTEXT
  if (served && served.tokens < needed) {
    const {action: fixAction} = served.tokens >= OPENCLAW_MIN_CONTEXT && provider.runtime.id !== 'ollama' ? await action(served.tokens) : await action()
    results.push(problem('fail', id, `${ref}: the server runs it with ${served.tokens} tokens of context (${served.basis}), and OpenClaw expects ${needed}`,
      'Prompts longer than the served context are cut off or refused, so the agent loses its instructions and tool results.', served.fix(needed), fixAction))
  } else if (configured !== null) {
    const catalog = findModel(model.id)?.model
    const evaluation = catalog && !provider.remote
      ? evaluateModel(catalog, machineFromProfile(await context.hardware()), {use: 'agent', runtime: provider.runtime.id, contextTokens: configured})
      : null
    if (evaluation && evaluation.maxContextTokens < configured) {
      results.push(problem('warn', id, `${ref}: context ${configured} may not fit in memory here (recommend: up to ${evaluation.maxContextTokens})`,
        'The KV cache grows with the context; past what fits, the runtime spills to the CPU or fails to load the model.',
        `localclaw recommend ${model.id}; then localclaw config --runtime ${provider.runtime.id} --model ${model.id} --context-tokens ${evaluation.maxContextTokens}`))
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
