import {evaluateModel, type Evaluation} from '../catalog/recommend.js'
import {findModel} from '../catalog/lookup.js'
import {contextBelowAgentMinimum, OPENCLAW_LOCAL_TIMEOUT_SECONDS} from '../catalog/openclaw-agent.js'
import type {Machine} from '../catalog/target.js'
import type {HttpRequest} from '../net/http.js'
import {serverRoot, type Runtime, type RuntimeModelFacts} from '../runtimes/runtime.js'
import {providerTimeout, type ModelFacts, type ProviderTarget} from './blocks.js'
import {fetchedOnlyBy, RUNTIMES} from '../runtimes/registry.js'

/** OpenClaw's onboarding writes 8192; never more than half the context. */
const MAX_OUTPUT_TOKENS = 8192
const FALLBACK_CONTEXT = 32768

export interface FactsInput {
  target: ProviderTarget
  /** What the user typed: a catalog id, an Ollama tag, or the runtime's own model id. */
  model: string
  contextTokens?: number
  http: HttpRequest
  timeoutMs: number
  /** This machine, for recommend's context (skipped for remote runtimes and when --context-tokens is given). */
  machine?: () => Promise<Machine>
}

export interface ResolvedFacts {
  facts: ModelFacts
  /** Where each value came from, in words. */
  sources: string[]
  warnings: string[]
  /** The runtime answered and listed its models. */
  served: string[] | null
  /** The provider timeout this machine needs for the model (cold load + first token of OpenClaw's prompt). */
  timeoutSeconds: number
}

/**
 * The id to write, never a rewrite of what the runtime will serve: the server's own entry when it
 * answers; exactly what the user typed when that is already one of this runtime's ids (a vLLM repo, an
 * LM Studio key); else, for a catalog name, the id the command localclaw prints serves it under.
 */
async function runtimeModelId(query: string, runtime: Runtime, served: string[] | null,
  planned: () => Promise<string | null>): Promise<string> {
  const match = findModel(query)
  if (!match || served?.includes(query)) return query
  return runtime.catalogModelId(match, query, served, planned)
}

/**
 * Context window and capabilities from the running runtime first (Ollama /api/show, LM Studio
 * /api/v0/models, llama.cpp and vLLM /v1/models), else from the catalog; contextTokens from what
 * recommend says fits this machine, never below OpenClaw's 16K.
 */
export async function resolveFacts(input: FactsInput): Promise<ResolvedFacts> {
  const {target, http, timeoutMs} = input
  const runtime = target.runtime
  const sources: string[] = []
  const warnings: string[] = []
  const served = await runtime.listModels(http, serverRoot(target.baseUrl), timeoutMs)
  const requested = findModel(input.model)?.model
  // What recommend plans for this machine (its command and context), detected only when needed;
  // remote machines are not measured here.
  let planning: Promise<Evaluation | null> | undefined
  const plan = () =>
    (planning ??=
      requested && !target.remote && input.machine
        ? input
            .machine()
            .then((machine) =>
              evaluateModel(requested, machine, {use: 'agent', runtimes: RUNTIMES, runtime, contextTokens: input.contextTokens}),
            )
        : Promise.resolve(null))
  const id = await runtimeModelId(input.model, runtime, served, async () => (await plan())?.modelId ?? null)
  const catalog = requested ?? findModel(id)?.model
  let live: RuntimeModelFacts | null = null
  // A catalog model this runtime cannot fetch is served only if the user made it so (ollama create).
  const fetchedElsewhere = served?.includes(id) ? null : fetchedOnlyBy(requested, runtime)
  if (fetchedElsewhere) {
    warnings.push(`${runtime.name} has no download of ${requested!.id}: OpenClaw would ask for a model it does not serve; `
      + (fetchedElsewhere.length > 0
        ? `use a runtime that fetches it: ${fetchedElsewhere.map((other) => `--runtime ${other.id}`).join(', ')}`
        : `localclaw catalog ${requested!.id} says how it is fetched`))
  }
  if (served === null) {
    warnings.push(`${runtime.name} did not answer at ${target.baseUrl}: values come from the catalog; check them once it runs`)
  } else if (!served.includes(id) && !fetchedElsewhere) {
    warnings.push(
      `${runtime.name} does not have ${id} yet: get it before starting OpenClaw (localclaw recommend ${input.model} shows the command)`,
    )
  } else {
    live = await runtime.modelFacts(http, serverRoot(target.baseUrl), id, timeoutMs)
  }

  let contextWindow = live?.contextWindow ?? null
  if (contextWindow !== null) sources.push(`context window from ${runtime.name}`)
  else if (catalog) {
    contextWindow = catalog.contextLength
    sources.push('context window from the catalog')
  } else {
    contextWindow = FALLBACK_CONTEXT
    warnings.push(`context window of ${id} unknown: ${FALLBACK_CONTEXT} assumed (pass --context-tokens to set what OpenClaw uses)`)
  }

  let contextTokens = input.contextTokens
  if (contextTokens !== undefined) sources.push('context tokens from --context-tokens')
  else {
    const evaluation = await plan()
    if (evaluation && evaluation.placement !== 'none') {
      contextTokens = evaluation.contextTokens
      sources.push(
        `context tokens from recommend (${evaluation.placement === 'gpu' ? 'fits on the GPU' : evaluation.placement} at ${evaluation.contextTokens})`,
      )
    }
  }
  if (contextTokens === undefined) {
    contextTokens = Math.min(FALLBACK_CONTEXT, contextWindow)
    sources.push(`context tokens: ${contextTokens} (32K target, capped at the window)`)
  }
  if (contextTokens > contextWindow) {
    warnings.push(`context tokens ${contextTokens} exceed the model's window ${contextWindow}: capped`)
    contextTokens = contextWindow
  }
  const tooSmall = contextBelowAgentMinimum(contextTokens)
  if (tooSmall) warnings.push(tooSmall)

  // The watchdog must outlast a cold load and the first token of OpenClaw's prompt on this machine.
  const speed = (await plan())?.speed
  const timeoutSeconds = providerTimeout(speed)
  if (speed?.firstTokenRange) {
    sources.push(
      `timeoutSeconds ${timeoutSeconds}: cold load ~${speed.loadSeconds} s + first token up to ${speed.firstTokenRange.high} s on this machine (recommend's estimate)`,
    )
    if (speed.firstTokenSeconds! > OPENCLAW_LOCAL_TIMEOUT_SECONDS) {
      warnings.push(
        `on this machine the first token of OpenClaw's ${speed.promptTokens}-token prompt takes about ${speed.firstTokenSeconds} s: every turn starts that slowly (localclaw recommend lists models that answer in time)`,
      )
    }
  }

  const capability = (live: boolean | null | undefined, name: 'tools' | 'vision' | 'reasoning') =>
    live ?? (catalog ? catalog.capabilities.includes(name) : null)
  return {
    facts: {
      id,
      name: catalog?.name ?? id,
      contextWindow,
      contextTokens,
      maxTokens: Math.min(MAX_OUTPUT_TOKENS, Math.floor(contextTokens / 2)),
      reasoning: capability(live?.reasoning, 'reasoning') ?? false,
      ...(catalog ? {family: catalog.family} : {}),
      vision: capability(live?.vision, 'vision') ?? false,
      tools: capability(live?.tools, 'tools'),
    },
    sources, warnings, served, timeoutSeconds,
  }
}
