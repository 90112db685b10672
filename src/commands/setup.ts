import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../base-command.js'
import {configFileFlag, contextTokensFlag, profileFlag, runtimeFlag, strategyFlag, yesFlag} from '../flags.js'
import {contextBelowAgentMinimum} from '../lib/catalog/openclaw-agent.js'
import {speedText, WHERE} from '../lib/catalog/render.js'
import {diagnose} from '../lib/doctor/diagnose.js'
import {renderReport} from '../lib/doctor/report.js'
import {summarize, type Summary} from '../lib/doctor/runner.js'
import {ExitCode, LocalclawError} from '../lib/errors.js'
import {renderProfile} from '../lib/detect-render.js'
import {detect, type HardwareProfile} from '../lib/detect.js'
import {RUNTIMES} from '../lib/runtimes/registry.js'
import type {Runtime, RuntimeId} from '../lib/runtimes/runtime.js'
import {
  agentChoices,
  alreadyServed,
  chooseRuntime,
  evaluateChoice,
  planSetup,
  refuseUnavailable,
  refuseWithoutDownload,
  runtimeOptions,
  type RuntimeOption,
  type SetupStep,
} from '../lib/setup/plan.js'
import {carryOutSteps} from '../lib/setup/steps.js'

export interface SetupResult {
  /** planned: shown, nothing changed (no terminal and no --yes); done: every step carried out or already done. */
  action: 'planned' | 'done'
  model: string
  runtime: RuntimeId
  steps: SetupStep[]
  doctor: Summary | null
}

export default class Setup extends BaseCommand<typeof Setup> {
  static override summary = 'The whole path in one go: detect, pick a model, install the runtime, pull, configure OpenClaw, check.'

  static override description = [
    'What `npx localclaw` runs. In a terminal it asks at each choice and before each change. With --yes it takes the flags ' +
      '(or recommend\'s first pick) and asks nothing. Without a terminal and without --yes it prints the plan and exits 0.',
    'Re-running is safe: steps already done (runtime running, model present, config already pointing at it) are reported ' +
      'and skipped. Ctrl-C leaves nothing half-written: the config is only touched at its step, and a pull resumes.',
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %>',
    '<%= config.bin %> setup --yes',
    '<%= config.bin %> setup --model qwen3:8b --runtime ollama --strategy local-fallback --yes',
  ]

  static override flags = {
    model: Flags.string({
      description: 'Model to set up (a catalog id, e.g. qwen3:8b); default: recommend\'s first pick for an agent.',
      env: 'LOCALCLAW_MODEL',
    }),
    runtime: runtimeFlag('Runtime to use (default: an installed one that suits, else recommend\'s choice).'),
    strategy: strategyFlag(),
    config: configFileFlag('OpenClaw config file (default: where OpenClaw looks).'),
    profile: profileFlag(),
    'context-tokens': contextTokensFlag(),
    yes: yesFlag('Carry out every step without asking.'),
  }

  async run(): Promise<SetupResult> {
    const {flags} = this
    const system = this.system()
    const interactive = this.canPrompt()
    const spinner = await this.spinner('Detecting hardware')
    const profile = await detect({system})
    spinner.stop()
    const human = !this.jsonEnabled()
    if (human) this.log(renderProfile(profile))
    // A runtime that cannot run here, or a model name that does not exist, is said before any prompt.
    if (flags.model && flags.runtime) refuseWithoutDownload(flags.model, flags.runtime)
    const options = await runtimeOptions(system, profile)
    refuseUnavailable(options.find((option) => option.id === flags.runtime))
    const planned = chooseRuntime(profile, flags.runtime)
    const {machine, choices} = agentChoices(profile, planned)
    if (flags.model) evaluateChoice(machine, flags.model, planned)
    const kept = flags.model ? null : await alreadyServed(system, profile, planned, choices)
    const ordered = kept ? [kept, ...choices.filter((choice) => choice !== kept)] : choices
    const model = flags.model ?? (interactive && ordered.length > 1 ? await this.pickModel(ordered, kept) : ordered[0]?.model)
    if (!model) {
      throw new LocalclawError('No model in the catalog runs well enough for an agent on this machine.', {
        code: 'nothing_fits',
        exit: ExitCode.failed,
        suggestions: [
          'localclaw recommend shows each model and the figure that ruled it out',
          'Or use a machine with a GPU over your tailnet: localclaw tailscale connect, with that machine\'s name',
        ],
      })
    }
    const runtime = flags.runtime ?? (interactive ? await this.pickRuntime(profile, options, planned) : planned)
    const choicesMade = {strategy: flags.strategy, configPath: flags.config, profile: flags.profile, contextTokens: flags['context-tokens']}
    const plan = await planSetup(system, profile, machine, model, runtime, choicesMade)
    if (human) this.log(this.renderSteps(plan.steps))
    // What the config would make of the choice (a context below what an agent needs), said before anything runs.
    const below = contextBelowAgentMinimum(plan.config.result.model.contextTokens)
    if (below) this.warn(below)
    const result: SetupResult = {action: 'planned', model, runtime, steps: plan.steps, doctor: null}
    if (!flags.yes && !interactive) {
      if (human)
        this.log('\nNothing was changed: there is no terminal to ask in. Run `localclaw setup --yes` to carry out the steps marked ○.')
      return result
    }
    const context = {
      model: plan.artifact,
      contextTokens: plan.contextTokens,
      timeoutSeconds: plan.timeoutSeconds,
      runtime,
      choices: choicesMade,
      system,
      canPrompt: interactive,
      log: this.humanLog(),
    }
    if (!(await carryOutSteps(plan, context, flags.yes ? null : (message) => this.confirm(message, true)))) return result
    result.action = 'done'
    // The end of setup is the agent working: doctor with one live request (a tool call, the context, the speed).
    const results = await diagnose({
      system,
      timeoutMs: 1000,
      configPath: flags.config,
      profile: flags.profile,
      extraLogs: [],
      nodeVersion: process.versions.node,
      live: true,
    })
    result.doctor = summarize(results)
    if (human)
      this.log(
        `\nChecking the result (localclaw doctor --live):\n${renderReport(
          results.filter((entry) => entry.status !== 'pass'),
          result.doctor,
          {verbose: false},
        )}`,
      )
    if (result.doctor.fail > 0) this.exitWithResult(result, ExitCode.checksFailed)
    return result
  }

  private renderSteps(steps: SetupStep[]): string {
    return [
      '',
      'Setup:',
      ...steps.map(
        (step) => `  ${step.state === 'done' ? '✔' : '○'} ${step.title}: ${step.detail}${step.command ? `\n      ${step.command}` : ''}`,
      ),
    ].join('\n')
  }

  private async pickModel(
    choices: ReturnType<typeof agentChoices>['choices'],
    kept: ReturnType<typeof agentChoices>['choices'][number] | null,
  ): Promise<string> {
    return this.choose(
      'Which model? (best first for an OpenClaw agent on this machine)',
      choices.map((evaluation) => ({
        name: `${evaluation.model.padEnd(22)} ${evaluation.quant}, ${Math.round(evaluation.contextTokens / 1024)}K ctx, ${WHERE[evaluation.placement]}, ${speedText(evaluation)}${evaluation === kept ? ' (already downloaded)' : ''}`,
        value: evaluation.model,
      })),
    )
  }

  private async pickRuntime(profile: HardwareProfile, options: RuntimeOption[], suggested: RuntimeId): Promise<RuntimeId> {
    const status = (id: string) => profile.runtimes.find((entry) => entry.id === id)
    const installedFirst = (a: Runtime, b: Runtime) => Number(status(b.id)?.installed ?? false) - Number(status(a.id)?.installed ?? false)
    const ordered = [...RUNTIMES].sort((a, b) => installedFirst(a, b) || Number(b.id === suggested) - Number(a.id === suggested))
    return this.choose(
      'Which runtime?',
      ordered.map((runtime) => ({
        name: `${runtime.name}${status(runtime.id)?.server.identified ? ' (running)' : status(runtime.id)?.installed ? ' (installed)' : ''}${runtime.id === suggested ? ' - suggested' : ''}`,
        value: runtime.id,
        // Shown, so the user sees why it is missing, but not selectable.
        ...(options.find((option) => option.id === runtime.id)?.available === false
          ? {disabled: options.find((option) => option.id === runtime.id)!.reason}
          : {}),
      })),
    ) as Promise<RuntimeId>
  }
}
