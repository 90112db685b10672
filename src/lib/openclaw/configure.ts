import {ExitCode, LocalclawError} from '../errors.js'
import type {Machine} from '../catalog/target.js'
import {runtimeById, RUNTIMES} from '../runtimes/registry.js'
import {serverRoot, type RuntimeId} from '../runtimes/runtime.js'
import type {System} from '../system.js'
import {providerTarget, type ModelFacts} from './blocks.js'
import {editDocument, parseDocument, type Json} from './document.js'
import {resolveFacts} from './facts.js'
import {planMerge, type Change} from './merge.js'
import {locateConfig} from './paths.js'
import {readConfigText} from './read.js'
import type {Strategy} from './strategy.js'
import {validateOurs} from './validate.js'
import {redactJson, redactText} from '../redact.js'
import {configSecrets, LOCAL_MARKERS, unifiedDiff} from './diff.js'
import {refuseReadOnly, writeConfig, writeNotes} from './write.js'

export interface ConfigureRequest {
  runtime: RuntimeId
  model: string
  url?: string
  providerId?: string
  strategy: Strategy
  configPath?: string
  profile?: string
  contextTokens?: number
  /** The provider timeout a caller already estimated (setup); else resolved from this machine. */
  timeoutSeconds?: number
  showSecrets?: boolean
  system: System
  machine?: () => Promise<Machine>
  timeoutMs?: number
}

export interface ConfigureResult {
  path: string
  /** Which rule chose the file (OPENCLAW_CONFIG_PATH, default location...). */
  pathReason: string
  created: boolean
  /** False when the config already says all this: nothing to write. */
  changed: boolean
  written: boolean
  backup: string | null
  ref: string
  provider: {id: string; baseUrl: string}
  model: ModelFacts
  changes: Change[]
  warnings: string[]
  /** The user's comments an edit had to drop (they stay in the backup). */
  lostComments: string[]
  diff: string
  /** The whole resulting config, secrets redacted unless showSecrets. */
  content: string
  sources: string[]
}

export interface ConfigurePlan {
  result: ConfigureResult
  /** Writes exactly the text the diff showed (refusing if the file changed since), then updates result. */
  apply(): Promise<ConfigureResult>
}

/** Plans the change to the user's OpenClaw config; nothing is written until apply(). */
export async function configure(request: ConfigureRequest): Promise<ConfigurePlan> {
  const {system} = request
  const runtime = runtimeById(request.runtime)
  if (!runtime) throw new LocalclawError(`Unknown runtime "${request.runtime}".`, {code: 'usage', exit: ExitCode.usage})
  const location = locateConfig({env: system.env, homedir: system.homedir, explicit: request.configPath, profile: request.profile})
  let original: string | null = null
  if (location.exists) {
    const read = await readConfigText(location.path)
    if ('failure' in read)
      throw new LocalclawError(`${read.failure.message}. Nothing was written.`, {
        code: 'config_read_failed',
        exit: ExitCode.failed,
        suggestions: [`${read.failure.fix}  (${read.failure.note})`],
      })
    original = read.text
  }
  // A missing or empty file starts as an empty object.
  const before = original === null || original.trim() === '' ? '{}\n' : original
  const document = parseDocument(before, location.path)

  const {target, warnings: urlWarnings} = providerTarget(runtime, `${runtime.defaultBaseUrl(system)}${runtime.openclaw.basePath}`, {
    url: request.url,
    providerId: request.providerId,
  })
  const resolved = await resolveFacts({
    target, model: request.model, contextTokens: request.contextTokens, http: system.http, timeoutMs: request.timeoutMs ?? 2000,
      machine: request.machine,
  })
  const plan = planMerge(document.value, {target, model: resolved.facts, strategy: request.strategy, fresh: original === null,
    timeoutSeconds: request.timeoutSeconds ?? resolved.timeoutSeconds})
  const {text: after, lostComments} = editDocument(before, plan.operations, location.path)
  const resultValue = parseDocument(after, location.path).value as Json
  const problems = validateOurs(resultValue, target.providerId)
  if (problems.length > 0) {
    throw new LocalclawError(
      `The merged config would not be valid for OpenClaw: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}. Nothing was written.`,
      {
        code: 'config_invalid',
        exit: ExitCode.failed,
      },
    )
  }
  const changed = after !== before || original === null
  if (changed && original !== null) await refuseReadOnly(location.path)
  // Nothing this result says may carry a secret of the file: not a description, a warning or a dropped comment.
  const secrets = configSecrets(before, after)
  const scrub = (text: string) => redactText(text, secrets)
  const result: ConfigureResult = {
    path: location.path, pathReason: location.reason, created: original === null, changed, written: false, backup: null,
    ref: plan.ref, provider: {id: target.providerId, baseUrl: scrub(target.baseUrl)}, model: resolved.facts,
    changes: plan.changes.map((change) => ({...change, description: scrub(change.description)})),
    warnings: [...urlWarnings, ...resolved.warnings, ...plan.warnings, ...(changed ? await writeNotes(location.path) : [])].map(scrub),
    lostComments: lostComments.map(scrub),
    diff: changed ? await unifiedDiff(location.path, original ?? '', after) : '',
    content: request.showSecrets ? after : `${JSON.stringify(redactJson(resultValue, LOCAL_MARKERS), null, 2)}\n`,
    sources: resolved.sources,
  }
  return {
    result,
    async apply() {
      if (!changed || result.written) return result
      const outcome = await writeConfig(location.path, after, {original})
      result.written = true
      result.backup = outcome.backup
      return result
    },
  }
}

/** Models to offer when --model is missing: what the runtime has, else recommend's picks for this machine. */
export async function modelChoices(runtimeId: RuntimeId, system: System, url: string | undefined,
  machine: () => Promise<Machine>): Promise<string[]> {
  const runtime = runtimeById(runtimeId)!
  const base = url ? serverRoot(url) : runtime.defaultBaseUrl(system)
  const served = await runtime.listModels(system.http, base, 2000)
  if (served && served.length > 0) return served
  const {recommendModels} = await import('../catalog/recommend.js')
  return recommendModels(await machine(), {use: 'agent', runtimes: RUNTIMES, runtime}, 8)
    .recommended.slice(0, 8)
    .map((evaluation) => evaluation.model)
}
