import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../../base-command.js'
import {dryRunFlag, runtimeArg, yesFlag} from '../../flags.js'
import {EXPOSE_METHODS} from '../../lib/tailscale/expose.js'
import {expose, type ExposeResult} from '../../lib/tailscale/expose-service.js'
import {renderExposeOutcome, renderExposePlan} from '../../lib/tailscale/render.js'

export default class TailscaleExpose extends BaseCommand<typeof TailscaleExpose> {
  static override summary = 'Make a local runtime reachable from the tailnet, and from nowhere else.'

  static override description = [
    'Methods, safest that works first: bind (the runtime listens on this machine\'s tailnet address only; for Ollama a ' +
      'systemd drop-in, launchctl setenv on macOS, the user environment on Windows), serve (`tailscale serve --bg --tcp` ' +
      'forwards the tailnet port to the loopback runtime), lan (0.0.0.0: every network, only with --allow-lan).',
    'Shows the plan first; runs nothing without --yes off a terminal; verifies the runtime answers at the tailnet address. ' +
      'Undo with `localclaw tailscale unexpose`.',
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> tailscale expose --dry-run',
    '<%= config.bin %> tailscale expose ollama --yes',
    '<%= config.bin %> tailscale expose lmstudio --method serve',
  ]

  static override args = {
    runtime: runtimeArg('Runtime to expose.'),
  }

  static override flags = {
    method: Flags.option({description: 'How (default: the safest that works for this runtime and OS).', options: EXPOSE_METHODS})(),
    'allow-lan': Flags.boolean({description: 'Allow --method lan (0.0.0.0): reachable from every network, not just the tailnet.'}),
    'dry-run': dryRunFlag(),
    yes: yesFlag('Run the plan without asking.'),
  }

  async run(): Promise<ExposeResult> {
    const {flags, args} = this
    const result = await expose({
      runtime: args.runtime,
      method: flags.method,
      allowLan: flags['allow-lan'],
      dryRun: flags['dry-run'],
      yes: flags.yes,
      canPrompt: this.canPrompt(),
      confirm: (message) => this.confirm(message),
      system: this.system(),
      onPlan: (plan) => (this.jsonEnabled() ? undefined : this.log(renderExposePlan(plan))),
    })
    const outcome = renderExposeOutcome(result, 'expose')
    if (outcome && !this.jsonEnabled()) this.log(outcome)
    return result
  }
}
