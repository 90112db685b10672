import {detectHardware} from '../hardware/probe.js'
import {confirmAndWrite} from '../openclaw/confirm-write.js'
import {configure} from '../openclaw/configure.js'
import {install} from '../runtimes/install.js'
import type {RuntimeId} from '../runtimes/runtime.js'
import type {System} from '../system.js'
import {pullWithProgress} from '../ui/pull-progress.js'
import type {SetupChoices, SetupStep} from './plan.js'

export interface StepContext {
  model: string
  runtime: RuntimeId
  choices: SetupChoices
  system: System
  json: boolean
  canPrompt: boolean
  /** Human output; null under --json. */
  log: ((text: string) => void) | null
}

/** Carry out one planned step (already confirmed) through the same services `install`, `pull` and `config` use. */
export async function carryOut(step: SetupStep, context: StepContext): Promise<void> {
  const {system, log} = context
  if (step.id === 'runtime') {
    const outcome = await install({
      runtime: context.runtime, dryRun: false, yes: true, canPrompt: context.canPrompt, confirm: async () => true, system,
      backends: async () => (await detectHardware({system})).gpuTotals.backends,
      onPlan: (plan) => log?.(plan.commands.map((command) => `  $ ${command}`).join('\n')),
    })
    log?.(`✔ ${outcome.name} is running at ${outcome.url}`)
    return
  }
  if (step.id === 'model') {
    const outcome = await pullWithProgress({model: context.model, runtime: context.runtime, retries: 5, verify: false, system}, {json: context.json})
    log?.(`✔ ${outcome.model} is ready for ${outcome.runtime}`)
    return
  }
  // Planned again now the runtime has the model: its real context and capabilities go into the entry.
  const plan = await configure({runtime: context.runtime, model: context.model, system, timeoutMs: 2000, ...context.choices})
  await confirmAndWrite(plan, {dryRun: false, yes: true, canPrompt: false, log})
}
