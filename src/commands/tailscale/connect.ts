import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../../base-command.js'
import {
  configFileFlag,
  contextTokensFlag,
  dryRunFlag,
  peerPortFlag,
  probeTimeoutFlag,
  profileFlag,
  runtimeFlag,
  strategyFlag,
  yesFlag,
} from '../../flags.js'
import {ExitCode, LocalclawError} from '../../lib/errors.js'
import {configure, type ConfigureResult} from '../../lib/openclaw/configure.js'
import {confirmAndWrite} from '../../lib/openclaw/confirm-write.js'
import {runtimeById} from '../../lib/runtimes/registry.js'
import {servesModel} from '../../lib/runtimes/runtime.js'
import {locateRemote} from '../../lib/tailscale/connect.js'

export default class TailscaleConnect extends BaseCommand<typeof TailscaleConnect> {
  static override summary = 'Use a model on another machine of the tailnet: check it, then write its OpenClaw provider.'

  static override description = 'Finds the peer by name, MagicDNS name or tailnet IP; checks Tailscale here, the peer online, and '
    + 'a runtime really answering on its tailnet address; then writes a provider for it through `config` (its own id per '
    + 'machine, e.g. ollama-gpubox, so several machines can be primary and fallbacks). The config uses the peer\'s 100.x '
    + 'address: Ollama refuses *.ts.net Host headers when it listens on loopback behind tailscale serve.'

  static override examples = [
    '<%= config.bin %> tailscale connect gpubox --model qwen3:8b --yes',
    '<%= config.bin %> tailscale connect 100.88.88.88 --strategy local-fallback --dry-run',
  ]

  static override args = {
    peer: Args.string({description: 'Peer host name, MagicDNS name, or tailnet IP.', required: true, ignoreStdin: true}),
  }

  static override flags = {
    runtime: runtimeFlag('Runtime to use on the peer (default: the one that answers).'),
    model: Flags.string({description: 'Model id as the peer serves it (default: its only model, or a choice).', env: 'LOCALCLAW_MODEL'}),
    strategy: strategyFlag('How the remote model relates to the others.'),
    config: configFileFlag(),
    profile: profileFlag(),
    'context-tokens': contextTokensFlag('Context OpenClaw uses (default: from the remote runtime).'),
    'dry-run': dryRunFlag('Show the diff; write nothing.'),
    yes: yesFlag('Write without asking.'),
    'probe-timeout': probeTimeoutFlag(2000, 'Time box for each probe, in milliseconds.'),
    port: peerPortFlag(),
  }

  async run(): Promise<ConfigureResult> {
    const {flags, args} = this
    const system = this.system()
    const {target, choices} = await locateRemote(system, args.peer, {
      runtime: flags.runtime,
      timeoutMs: flags['probe-timeout'],
      ports: flags.port,
    })
    let remote = target.runtime
    if (choices.length > 1 && !flags.runtime) {
      if (!this.canPrompt())
        throw this.choiceNeeded(
          'runtime',
          `${args.peer} serves several runtimes`,
          choices.map((choice) => choice.runtime),
        )
      const id = await this.choose(
        'Which runtime?',
        choices.map((choice) => ({name: `${choice.name} at ${choice.url}`, value: choice.runtime})),
      )
      remote = choices.find((choice) => choice.runtime === id)!
    }
    const model = flags.model ?? await this.chooseModel(remote.models, args.peer, remote.name)
    const runtime = runtimeById(remote.runtime)!
    if (flags.model && !servesModel(runtime, remote.models, flags.model)) {
      throw new LocalclawError(`${remote.name} on ${args.peer} does not have ${flags.model}.`, {
        code: 'model_not_found',
        exit: ExitCode.usage,
        suggestions: [
          `It has: ${remote.models.join(', ') || 'nothing yet'}`,
          `Get it there: localclaw pull ${flags.model} --url ${remote.url}`,
        ],
      })
    }
    if (!this.jsonEnabled()) this.log(`${remote.name}${remote.version ? ` ${remote.version}` : ''} answers at ${remote.url}`)
    const name = (target.peer?.hostName ?? target.host).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
    const plan = await configure({
      runtime: remote.runtime, model, url: remote.url, providerId: `${runtime.openclaw.providerId}-${name}`, strategy: flags.strategy,
      configPath: flags.config, profile: flags.profile, contextTokens: flags['context-tokens'], system,
    })
    return confirmAndWrite(plan, {dryRun: flags['dry-run'], yes: flags.yes, confirm: this.asker(), log: this.humanLog()})
  }

  private choiceNeeded(flag: string, what: string, options: string[]): LocalclawError {
    return new LocalclawError(`${what}, and there is no terminal to ask which one.`, {
      code: 'missing_input',
      exit: ExitCode.usage,
      suggestions: options.map((option) => `--${flag} ${option}`),
    })
  }

  private async chooseModel(models: string[], peer: string, runtimeName: string): Promise<string> {
    if (models.length === 1) return models[0]!
    if (models.length === 0) {
      throw new LocalclawError(`${runtimeName} on ${peer} has no models yet.`, {
        code: 'no_models',
        exit: ExitCode.failed,
        suggestions: ['On that machine: localclaw pull <model> (localclaw recommend there says which fits)'],
      })
    }
    if (!this.canPrompt()) throw this.choiceNeeded('model', `${peer} has ${models.length} models`, models)
    return this.choose('Which model should OpenClaw use?', models.map((id) => ({name: id, value: id})))
  }
}
