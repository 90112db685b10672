
import {BaseCommand} from '../../base-command.js'
import {dryRunFlag, runtimeArg, yesFlag} from '../../flags.js'
import {unexpose, type ExposeResult} from '../../lib/tailscale/expose-service.js'
import {renderExposeOutcome, renderExposePlan} from '../../lib/tailscale/render.js'

export default class TailscaleUnexpose extends BaseCommand<typeof TailscaleUnexpose> {
  static override summary =
    'Undo what `tailscale expose` did: its tailnet forward, its listen address; then check the runtime is back on loopback.'

  static override examples = ['<%= config.bin %> tailscale unexpose --dry-run', '<%= config.bin %> tailscale unexpose ollama --yes']

  static override args = {
    runtime: runtimeArg('Runtime to take off the tailnet.'),
  }

  static override flags = {
    'dry-run': dryRunFlag(),
    yes: yesFlag('Run the plan without asking.'),
  }

  async run(): Promise<ExposeResult> {
    const {flags, args} = this
    const result = await unexpose({
      runtime: args.runtime,
      dryRun: flags['dry-run'],
      yes: flags.yes,
      canPrompt: this.canPrompt(),
      confirm: (message) => this.confirm(message),
      system: this.system(),
      onPlan: (plan) => (this.jsonEnabled() ? undefined : this.log(renderExposePlan(plan))),
    })
    const outcome = renderExposeOutcome(result, 'unexpose')
    if (outcome && !this.jsonEnabled()) this.log(outcome)
    return result
  }
}
