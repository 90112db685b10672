import {findModel, modelSuggestions} from '../catalog/lookup.js'
import {evaluateModel, recommendModels, type Evaluation} from '../catalog/recommend.js'
import {machineFromProfile, type Machine} from '../catalog/target.js'
import {ExitCode, LocalclawError} from '../errors.js'
import type {HardwareProfile} from '../detect.js'
import {providerTimeout} from '../openclaw/blocks.js'
import {configure, type ConfigurePlan} from '../openclaw/configure.js'
import type {Strategy} from '../openclaw/strategy.js'
import {installContext} from '../runtimes/install.js'
import {DEFAULT_RUNTIME, runtimeById, RUNTIMES} from '../runtimes/registry.js'
import {servesModel, type RuntimeId} from '../runtimes/runtime.js'
import {refuseUnfetchable} from '../runtimes/unfetchable.js'
import type {System} from '../system.js'
import {GIB} from '../units.js'

export interface SetupChoices {
  model?: string
  runtime?: RuntimeId
  strategy: Strategy
  configPath?: string
  profile?: string
  contextTokens?: number
}

export type StepId = 'runtime' | 'model' | 'config'

export interface SetupStep {
  id: StepId
  title: string
  /** done: nothing to do (a re-run skips it); todo: this run does it. */
  state: 'done' | 'todo'
  detail: string
  /** The command a person would run for this step. */
  command: string | null
}

export interface SetupPlan {
  model: string
  /** The runtime's id for the quantization the plan announced (qwen3:14b-q8_0): what is pulled and configured. */
  artifact: string
  /** The context the config gets: --context-tokens, else recommend's. */
  contextTokens: number
  /** The provider timeout: this machine's cold load and first token for the model, at least OpenClaw's 300 s. */
  timeoutSeconds: number
  runtime: RuntimeId
  evaluation: Evaluation
  steps: SetupStep[]
  config: ConfigurePlan
}

/**
 * What recommend offers for an OpenClaw agent here, best first, planned for the runtime setup will
 * use: its figures and ids, so `recommend --runtime <that runtime>` and setup name the same model.
 */
export function agentChoices(profile: HardwareProfile, runtime: RuntimeId, limit = 8): {machine: Machine; choices: Evaluation[]} {
  const machine = machineFromProfile(profile)
  return {machine, choices: recommendModels(machine, {use: 'agent', runtimes: RUNTIMES, runtime: runtimeById(runtime)}, limit).recommended}
}

/**
 * A recommended model a running runtime already has: kept, so running setup again does not download
 * another model and switch the primary because free memory moved a little.
 */
export async function alreadyServed(system: System, profile: HardwareProfile, runtimeId: RuntimeId,
  choices: Evaluation[]): Promise<Evaluation | null> {
  const runtime = runtimeById(runtimeId)!
  if (!profile.runtimes.find((entry) => entry.id === runtimeId)?.server.identified) return null
  const served = await runtime.listModels(system.http, runtime.defaultBaseUrl(system), 2000)
  return served ? choices.find((choice) => servesModel(runtime, served, choice.modelId ?? choice.model)) ?? null : null
}

/** --model and --runtime that cannot go together, said before anything runs: a catalog model this runtime cannot fetch. */
export function refuseWithoutDownload(model: string, runtimeId: RuntimeId): void {
  refuseUnfetchable(model, runtimeById(runtimeId), (_, other) => `--runtime ${other.id}`)
}

/** The model asked for, evaluated for this machine and runtime; a clear error when it is unknown or does not fit. */
export function evaluateChoice(machine: Machine, model: string, runtime?: RuntimeId): Evaluation {
  const catalog = findModel(model)?.model
  if (!catalog) {
    throw new LocalclawError(`"${model}" is not in the catalog.`, {
      code: 'unknown_model',
      exit: ExitCode.usage,
      suggestions: [...modelSuggestions(model).map((name) => `--model ${name}`), 'localclaw recommend lists what fits'],
    })
  }
  if (runtime !== undefined) refuseWithoutDownload(model, runtime)
  const forced = runtime === undefined ? undefined : runtimeById(runtime)
  const evaluation = evaluateModel(catalog, machine, {use: 'agent', runtimes: RUNTIMES, runtime: forced})
  if (!evaluation || evaluation.placement === 'none') {
    throw new LocalclawError(`${model} does not fit this machine${runtime ? ` with ${runtime}` : ''}.`, {
      code: 'does_not_fit',
      exit: ExitCode.failed,
      suggestions: ['localclaw recommend lists what fits'],
    })
  }
  return evaluation
}

/**
 * The runtime: the one asked for; else one already running or installed that setup can drive end to end
 * (Ollama, LM Studio: install starts them, pull fills them); else Ollama. llama.cpp and vLLM need a
 * server started with the model, so setup uses them only when asked (--runtime), even where recommend
 * rates them faster.
 */
export function chooseRuntime(profile: HardwareProfile, asked?: RuntimeId): RuntimeId {
  if (asked) return asked
  const status = (id: RuntimeId) => profile.runtimes.find((runtime) => runtime.id === id)
  const drivable: RuntimeId[] = ['ollama', 'lmstudio']
  return drivable.find((id) => status(id)?.server.identified) ?? drivable.find((id) => status(id)?.installed) ?? DEFAULT_RUNTIME
}

/** Whether setup can use a runtime here: installed or running already, or installable on this OS and hardware; else why not. */
export interface RuntimeOption {
  id: RuntimeId
  available: boolean
  reason?: string
  suggestions?: string[]
}

export async function runtimeOptions(system: System, profile: HardwareProfile): Promise<RuntimeOption[]> {
  return Promise.all(RUNTIMES.map(async (runtime): Promise<RuntimeOption> => {
    const status = profile.runtimes.find((entry) => entry.id === runtime.id)
    if (status?.installed || status?.server.identified) return {id: runtime.id, available: true}
    const plan = runtime.installPlan(await installContext(system, runtime, async () => profile.gpuTotals.backends))
    return plan.supported ? {id: runtime.id, available: true} : {id: runtime.id, available: false, reason: plan.reason,
      suggestions: plan.suggestions}
  }))
}

/** A runtime asked for by --runtime that cannot run here: the real reason, before any step runs. */
export function refuseUnavailable(option: RuntimeOption | undefined): void {
  if (option && !option.available) {
    throw new LocalclawError(`${runtimeById(option.id)!.name} cannot be set up here: ${option.reason}.`, {
      code: 'runtime_unavailable',
      exit: ExitCode.failed,
      suggestions: option.suggestions,
    })
  }
}

/** Each step, and whether it is already done: a re-run reports them and does only what is left. */
export async function planSetup(system: System, profile: HardwareProfile, machine: Machine, model: string, runtimeId: RuntimeId,
  choices: SetupChoices): Promise<SetupPlan> {
  const runtime = runtimeById(runtimeId)!
  const evaluation = evaluateChoice(machine, model, runtimeId)
  const status = profile.runtimes.find((entry) => entry.id === runtimeId)
  const running = status?.server.identified === true
  if (status && status.server.answering && !running) {
    // Another program holds the runtime's port: install and start would "succeed" and then fail.
    const url = new URL(status.server.url)
    const port = Number(url.port) || runtime.defaultPort
    throw new LocalclawError(`Port ${port}, where ${runtime.name} should answer, is held by another program (${status.server.detail}).`, {
      code: 'port_in_use', exit: ExitCode.failed,
      suggestions: runtime.portAdvice(port, await installContext(system, runtime, async () => profile.gpuTotals.backends),
        evaluation.modelId ?? model),
    })
  }
  const steps: SetupStep[] = [
    {
      id: 'runtime',
      title: `${runtime.name} installed and running`,
      state: running ? 'done' : 'todo',
      detail: running
        ? `${runtime.name}${status?.version ? ` ${status.version}` : ''} answers at ${status?.server.url}`
        : status?.installed
          ? 'installed, not running: it will be started'
          : 'not installed: it will be installed the official way',
      command: running ? null : `localclaw install ${runtimeId}`,
    },
  ]
  const served = running ? await runtime.listModels(system.http, runtime.defaultBaseUrl(system), 2000) : null
  // The quantization announced is the one pulled and configured: its own tag, not the model's default.
  const artifact = evaluation.modelId ?? model
  const have = served !== null && servesModel(runtime, served, artifact)
  steps.push({
    id: 'model', title: `${artifact} on ${runtime.name}`, state: have ? 'done' : 'todo',
    detail: have ? 'already downloaded' : `${evaluation.quant}, about ${(evaluation.memory.weightsBytes / GIB).toFixed(1)} GiB to download`,
    command: have ? null : `localclaw pull ${artifact}${runtimeId === DEFAULT_RUNTIME ? '' : ` --runtime ${runtimeId}`}`,
  })
  const contextTokens = choices.contextTokens ?? evaluation.contextTokens
  const timeoutSeconds = providerTimeout(evaluation.speed)
  const config = await planConfig(system, {runtime: runtimeId, artifact, choices, contextTokens, timeoutSeconds})
  steps.push({
    id: 'config',
    title: 'OpenClaw config',
    state: config.result.changed ? 'todo' : 'done',
    detail: config.result.changed
      ? `${config.result.created ? 'create' : 'update'} ${config.result.path}: ${config.result.ref} (${choices.strategy})`
      : `${config.result.path} already uses ${config.result.ref}`,
    command: config.result.changed
      ? `localclaw config --runtime ${runtimeId} --model ${artifact} --strategy ${choices.strategy}${choices.contextTokens ? ` --context-tokens ${choices.contextTokens}` : ''}`
      : null,
  })
  return {model, artifact, contextTokens, timeoutSeconds, runtime: runtimeId, evaluation, steps, config}
}

/** The config change setup makes, planned against the file and the runtime as they are now. */
export function planConfig(
  system: System,
  what: {runtime: RuntimeId; artifact: string; choices: SetupChoices; contextTokens: number; timeoutSeconds: number},
): Promise<ConfigurePlan> {
  const {choices} = what
  return configure({
    runtime: what.runtime, model: what.artifact, strategy: choices.strategy, configPath: choices.configPath, profile: choices.profile,
    contextTokens: what.contextTokens, timeoutSeconds: what.timeoutSeconds, system, timeoutMs: 2000,
  })
}
