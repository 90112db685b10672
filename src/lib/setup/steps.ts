import {detectMachineFacts} from '../hardware/probe.js'
import {confirmAndWrite} from '../openclaw/confirm-write.js'
import type {ConfigurePlan} from '../openclaw/configure.js'
import {install} from '../runtimes/install.js'
import type {RuntimeId} from '../runtimes/runtime.js'
import type {System} from '../system.js'
import {pullWithProgress} from '../runtimes/pull-progress.js'
import {renderPlan} from '../openclaw/render.js'
import {planConfig, type SetupChoices, type SetupPlan, type SetupStep} from './plan.js'

export interface StepContext {
  /** The runtime's id for the announced quantization (SetupPlan.artifact). */
  model: string
  contextTokens: number
  timeoutSeconds: number
  runtime: RuntimeId
  choices: SetupChoices
  system: System
  canPrompt: boolean
  /** Human output; null under --json. */
  log: ((text: string) => void) | null
}

/** A step's detail once setup has carried it out: what is true now, not what it was going to do. */
const DONE_DETAIL: Record<SetupStep['id'], string> = {runtime: 'installed and running', model: 'downloaded', config: 'written'}

/**
 * Carry out one planned step (already confirmed) through the same services `install`, `pull` and
 * `config` use, then mark it done. The config step writes exactly the plan that was shown and confirmed.
 */
export async function carryOut(step: SetupStep, context: StepContext, configPlan?: ConfigurePlan): Promise<void> {
  await perform(step, context, configPlan)
  Object.assign(step, {state: 'done', detail: DONE_DETAIL[step.id], command: null})
}

async function perform(step: SetupStep, context: StepContext, configPlan?: ConfigurePlan): Promise<void> {
  const {system, log} = context
  if (step.id === 'runtime') {
    const outcome = await install({
      runtime: context.runtime, dryRun: false, yes: true, canPrompt: context.canPrompt, system,
      backends: async () => (await detectMachineFacts({system})).gpuTotals.backends,
      onPlan: (plan) => log?.(plan.commands.map((command) => `  $ ${command}`).join('\n')),
    })
    log?.(`✔ ${outcome.name} is running at ${outcome.url}`)
    return
  }
  if (step.id === 'model') {
    // Progress goes to stderr even under --json: stdout carries only the result, and a long download
    // must not look like a hang.
    const outcome = await pullWithProgress({model: context.model, runtime: context.runtime, retries: 5, verify: false, system},
      {json: false})
    log?.(`✔ ${outcome.model} is ready for ${outcome.runtime}`)
    return
  }
  const plan = configPlan ?? await planConfig(system, {runtime: context.runtime, artifact: context.model, choices: context.choices,
    contextTokens: context.contextTokens, timeoutSeconds: context.timeoutSeconds})
  await confirmAndWrite(plan, {dryRun: false, yes: true, confirm: null, log})
}

/**
 * Carry out every step still to do, in order, each through the gate: `confirm` asks before it (null
 * under --yes). The config step is planned again once the runtime has the model, so what is written is
 * what was shown. False when the user stopped at a step; the steps before it stay done.
 */
export async function carryOutSteps(plan: SetupPlan, context: StepContext,
  confirm: ((message: string) => Promise<boolean>) | null): Promise<boolean> {
  const {log} = context
  for (const step of plan.steps.filter((entry) => entry.state === 'todo')) {
    const configPlan = step.id === 'config'
      ? await planConfig(context.system, {runtime: context.runtime, artifact: plan.artifact, choices: context.choices,
        contextTokens: plan.contextTokens, timeoutSeconds: plan.timeoutSeconds})
      : undefined
    if (configPlan && confirm) log?.(`\n${renderPlan(configPlan.result)}`)
    if (confirm && !await confirm(`${step.title}: ${step.detail}. Go ahead?`)) {
      log?.(`Stopped before "${step.title}". Run localclaw setup again to continue from here.`)
      return false
    }
    await carryOut(step, context, configPlan)
  }
  return true
}
