import {findModel} from '../../catalog/lookup.js'
import {OPENCLAW_BASE_PROMPT_TOKENS, OPENCLAW_LOCAL_TIMEOUT_SECONDS} from '../../catalog/openclaw-agent.js'
import {evaluateModel, recommendModels} from '../../catalog/recommend.js'
import {machineFromProfile} from '../../catalog/target.js'
import {fixText, matchProblems, PROBLEMS} from '../problems.js'
import {pass, problem, skip, type Check, type CheckResult, type Fix} from '../check.js'
import {configCommandFor} from '../commands.js'
import type {ConfiguredModel, DoctorContext, LocalProvider} from '../context.js'
import {PROBE_TOOL, sendProbe, type ProbeReply} from '../../runtimes/agent-request.js'
import {RUNTIMES} from '../../runtimes/registry.js'

type Result = Omit<CheckResult, 'check'>

/** How long OpenClaw waits for this provider: its timeoutSeconds, else the local watchdog. */
export function providerWaitSeconds(provider: LocalProvider): number {
  return provider.timeoutSeconds ?? OPENCLAW_LOCAL_TIMEOUT_SECONDS
}

/** A model that calls tools on this machine, for the fixes that say "use another model". */
async function agentPick(context: DoctorContext, provider: LocalProvider): Promise<string | null> {
  if (provider.remote) return null
  const machine = machineFromProfile(await context.hardware())
  return recommendModels(machine, {use: 'agent', runtimes: RUNTIMES, runtime: provider.runtime}, 1).recommended[0]?.modelId ?? null
}

async function useAnotherModel(context: DoctorContext, provider: LocalProvider): Promise<Fix> {
  const pick = await agentPick(context, provider)
  return pick
    ? {run: configCommandFor(provider, pick), note: 'a model that calls tools; localclaw recommend lists more'}
    : {run: `localclaw recommend --runtime ${provider.runtime.id}`, note: 'lists models that call tools on this machine'}
}

/** A known error text, with its fix made exact for this model where localclaw knows the command. */
async function knownError(context: DoctorContext, provider: LocalProvider, model: ConfiguredModel, id: string, status: number,
  body: string): Promise<Result> {
  // The fix names this model and runtime where the error text does not.
  const [match] = matchProblems(body, {model: model.id, key: model.id, runtime: provider.runtime.id})
  const ref = `${provider.providerId}/${model.id}`
  const excerpt = body.trim().slice(0, 200)
  if (!match) {
    return problem(
      'fail',
      id,
      `${ref}: HTTP ${status} to a request with tools: ${excerpt}`,
      'OpenClaw sends tools with every turn; this request has the same shape, so its turns fail alike.',
      {run: 'localclaw doctor', note: 'lists the runtime\'s recent errors from its log; --log <file> reads a container\'s'},
    )
  }
  const text = fixText(match)
  let fix: Fix = {run: text.run ?? undefined, note: text.note ?? undefined}
  const catalog = findModel(model.id)?.model
  // The configured model's own serve command, as recommend prints it (tool parser included).
  const {runtime} = provider
  const serve = catalog
    ? runtime.quants(catalog).map((quant) => runtime.artifact(catalog, quant, model.contextTokens ?? 32768))
      .find((artifact) => artifact.modelId === model.id)?.command ?? null
    : null
  const liveFix = PROBLEMS.find((known) => known.id === match.id)?.liveFix
  if (liveFix === 'serve-command' && serve) {
    fix = {run: serve, note: `restart ${runtime.name} with this command: it has the tool flags`}
  } else if (liveFix === 'tool-model') {
    fix = await useAnotherModel(context, provider)
  }
  return problem('fail', id, `${ref}: ${match.title} (HTTP ${status})`, match.cause, fix)
}

/** Tool-call JSON (or a template's <tool_call> tag) written into the answer's text instead of returned as a call. */
function toolCallAsText(content: string): boolean {
  return new RegExp(`"name"\\s*:\\s*"${PROBE_TOOL.name}"|<tool_call>|<\\|python_tag\\|>|\\[TOOL_CALLS\\]`).test(content)
}

async function toolsResult(context: DoctorContext, provider: LocalProvider, model: ConfiguredModel, reply: ProbeReply): Promise<Result> {
  const id = `live.tools.${provider.providerId}/${model.id}`
  const ref = `${provider.providerId}/${model.id}`
  const call = reply.toolCalls.find((candidate) => candidate.name === PROBE_TOOL.name)
  if (call) return pass(id, `${ref}: called ${call.name}(${call.arguments}) as a structured tool call`)
  if (toolCallAsText(reply.content)) {
    return problem(
      'fail',
      id,
      `${ref}: the tool call came back as text in the answer, not as a tool call`,
      'The model\'s template does not emit structured tool calls on this runtime (qwen2.5-coder does this: ollama/ollama#12174), so OpenClaw sees a chat reply and never runs the tool.',
      await useAnotherModel(context, provider),
    )
  }
  if (reply.content.trim() === '' && reply.thinking.trim() !== '') {
    return problem('fail', id, `${ref}: the answer was empty, with everything in the thinking`,
      'The model spent its whole reply reasoning: OpenClaw shows an empty turn and no tool runs.',
      await useAnotherModel(context, provider))
  }
  if (reply.content.trim() === '') {
    return problem(
      'fail',
      id,
      `${ref}: an empty answer and no tool call`,
      'Nothing came back for OpenClaw to show or run.',
      await useAnotherModel(context, provider),
    )
  }
  return problem('warn', id, `${ref}: answered in text without calling ${PROBE_TOOL.name}`,
    'Asked plainly to use a tool, the model did not: an agent built on it will rarely act.', await useAnotherModel(context, provider))
}

const perSecond = (tokens: number | null, seconds: number | null): number | null =>
  tokens !== null && seconds !== null && seconds > 0 ? Math.round((tokens / seconds) * 10) / 10 : null

function speedResult(context: DoctorContext, provider: LocalProvider, model: ConfiguredModel, reply: ProbeReply,
  estimate: {decode: number; firstToken: number | null} | null): Result {
  const id = `live.speed.${provider.providerId}/${model.id}`
  const ref = `${provider.providerId}/${model.id}`
  const {timings} = reply
  const prefill = perSecond(timings.promptTokens, timings.promptSeconds)
  const decode = perSecond(timings.outputTokens, timings.outputSeconds)
  const parts: string[] = []
  if (timings.loadSeconds !== null) parts.push(`load ${timings.loadSeconds.toFixed(1)} s`)
  if (prefill !== null) parts.push(`prefill ${prefill} tok/s`)
  if (decode !== null) parts.push(`decode ${decode} tok/s`)
  if (parts.length === 0) {
    const overall = perSecond(timings.outputTokens, reply.wallSeconds)
    parts.push(
      `${reply.wallSeconds.toFixed(1)} s for the answer${overall !== null ? ` (${overall} tok/s overall, prefill included)` : ''}; ${provider.runtime.name} reports no timings of its own`,
    )
  }
  if (estimate)
    parts.push(
      `recommend estimated ~${estimate.decode} tok/s decode${estimate.firstToken !== null ? `, first token ~${estimate.firstToken} s` : ''}`,
    )
  const wait = providerWaitSeconds(provider)
  if (prefill === null) return pass(id, `${ref}: ${parts.join(', ')}`)
  // A short prompt under-fills the batches, so this overstates the time: a warning, never a failure.
  const firstToken = Math.round(OPENCLAW_BASE_PROMPT_TOKENS / prefill)
  const message = `${ref}: ${parts.join(', ')}; at that prefill rate OpenClaw's ${OPENCLAW_BASE_PROMPT_TOKENS}-token prompt takes ~${firstToken} s`
  if (firstToken + (timings.loadSeconds ?? 0) <= wait) return pass(id, `${message}, within the ${wait} s OpenClaw waits`)
  return problem(
    'warn',
    id,
    `${message}, past the ${wait} s OpenClaw waits`,
    'Measured on a short prompt, which fills the batches less, so the real figure is likely lower; still, turns may time out before the first token.',
    {
      run: `openclaw config set models.providers.${provider.providerId}.timeoutSeconds ${Math.ceil(((firstToken + (timings.loadSeconds ?? 0)) * 1.25) / 60) * 60} --strict-json`,
      note: 'or use a smaller model (localclaw recommend); OpenClaw rewrites the file as plain JSON',
    },
  )
}

async function contextResult(context: DoctorContext, provider: LocalProvider, model: ConfiguredModel): Promise<Result> {
  const id = `live.context.${provider.providerId}/${model.id}`
  const ref = `${provider.providerId}/${model.id}`
  const wanted = model.numCtx ?? model.contextTokens
  const served = await provider.runtime.servedContext(context.system.http, provider.serverUrl, model.id, context.timeoutMs)
  if (!served) return skip(id, `${ref}: ${provider.runtime.name} does not say what context it runs the model with`)
  if (wanted === null) return pass(id, `${ref}: runs with ${served.tokens} tokens of context (${served.basis}); the config sets none`)
  if (served.tokens < wanted) {
    return problem('fail', id, `${ref}: the server runs it with ${served.tokens} tokens of context, the config plans for ${wanted}`,
      'OpenClaw fills the context it was told about; the server cuts what does not fit, starting with the agent\'s instructions.',
      provider.runtime.contextFix(model.id, wanted))
  }
  return pass(id, `${ref}: runs with ${served.tokens} tokens of context (${served.basis}), at least the ${wanted} configured`)
}

async function probeModel(context: DoctorContext, provider: LocalProvider, model: ConfiguredModel): Promise<Result[]> {
  const ref = `${provider.providerId}/${model.id}`
  const wait = providerWaitSeconds(provider)
  const outcome = await sendProbe(context.system.http, {
    api: provider.api ?? provider.runtime.openclaw.api, baseUrl: provider.baseUrl, model: model.id, bearer: provider.bearer,
    numCtx: model.numCtx ?? model.contextTokens, timeoutMs: wait * 1000,
  })
  const toolsId = `live.tools.${ref}`
  if (outcome.kind === 'no-answer') {
    if (outcome.error === 'timeout') {
      return [
        problem(
          'fail',
          toolsId,
          `${ref}: no answer within ${wait} s`,
          'OpenClaw waits as long (timeoutSeconds) and would end the turn the same way: a cold load, or a model too large for this machine.',
          {
            run: `localclaw recommend --runtime ${provider.runtime.id}`,
            note: 'lists models that answer in time here; a slow first load alone passes on the next run',
          },
        ),
      ]
    }
    return [
      skip(toolsId, `${ref}: ${provider.runtime.name} did not answer at ${provider.baseUrl} (${outcome.message}); see the runtime check`),
    ]
  }
  if (outcome.kind === 'http-error') return [await knownError(context, provider, model, toolsId, outcome.status, outcome.body)]
  if (outcome.kind === 'unreadable') {
    return [
      problem(
        'fail',
        toolsId,
        `${ref}: the reply is not what the ${provider.api ?? provider.runtime.openclaw.api} api returns: ${outcome.body.trim().slice(0, 120)}`,
        'Something else answers at that URL, or the api in the config does not match the server.',
        {run: configCommandFor(provider, model.id), note: 'writes the api and baseUrl this runtime needs'},
      ),
    ]
  }
  const catalog = findModel(model.id)?.model
  const evaluation =
    catalog && !provider.remote
      ? evaluateModel(catalog, machineFromProfile(await context.hardware()), {use: 'agent', runtimes: RUNTIMES, runtime: provider.runtime})
      : null
  const estimate = evaluation?.speed ? {decode: evaluation.speed.tokensPerSecond, firstToken: evaluation.speed.firstTokenSeconds} : null
  return [
    await toolsResult(context, provider, model, outcome.reply),
    await contextResult(context, provider, model),
    speedResult(context, provider, model, outcome.reply, estimate),
  ]
}

/**
 * `doctor --live`: real requests through the route OpenClaw will use, one model at a time per
 * provider (a second model on the same GPU waits for the first). Without --live, no inference request.
 */
export const liveCheck: Check = {
  id: 'live',
  title: 'Live requests',
  timeBoxMs: (options) => (options.live ? 60 * 60 * 1000 : undefined),
  async run(context) {
    if (!context.live) return []
    const providers = (await context.providers()).filter((provider) => provider.models.length > 0)
    if (providers.length === 0) return [skip('live', 'no local model configured to send a request to')]
    const results = await Promise.all(providers.map(async (provider) => {
      const out: Result[] = []
      for (const model of provider.models) out.push(...await probeModel(context, provider, model))
      return out
    }))
    return results.flat()
  },
}
