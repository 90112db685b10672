import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../base-command.js'
import {
  configFileFlag,
  contextTokensFlag,
  dryRunFlag,
  profileFlag,
  runtimeFlagWithDefault,
  serverUrlFlag,
  strategyFlag,
  yesFlag,
} from '../flags.js'
import {configure, modelChoices, type ConfigureResult} from '../lib/openclaw/configure.js'
import {confirmAndWrite} from '../lib/openclaw/confirm-write.js'
import {ExitCode, LocalclawError} from '../lib/errors.js'

export default class Config extends BaseCommand<typeof Config> {
  static override summary = 'Write the OpenClaw provider block for a local model, merged into your config.'

  static override description = [
    'Adds or updates one provider and model in openclaw.json (JSON5) and routes agents to it: local-first (default: the local ' +
      'model is primary, hosted models become fallbacks), local-fallback (hosted primary stays) or local-only.',
    'Only what localclaw owns is touched; comments elsewhere are kept. Shows the diff, backs up (openclaw.json.bak ring), writes atomically. ' +
      'Running it twice changes nothing the second time.',
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> config --runtime ollama --model qwen3:8b',
    '<%= config.bin %> config --runtime lmstudio --model qwen/qwen3-8b --strategy local-fallback --dry-run',
    '<%= config.bin %> config --runtime ollama --model qwen3:8b --url http://gpubox.tail1234.ts.net:11434 --yes',
    '<%= config.bin %> config --runtime vllm --model Qwen/Qwen3-8B-AWQ --print --config ./openclaw.json',
  ]

  static override flags = {
    runtime: runtimeFlagWithDefault('Runtime serving the model.'),
    model: Flags.string({description: 'Model id as the runtime serves it, or a catalog id (qwen3:8b).', env: 'LOCALCLAW_MODEL'}),
    url: serverUrlFlag({description: 'Base URL of the runtime (another machine, the tailnet); default: its local port.'}),
    'provider-id': Flags.string({description: 'OpenClaw provider id (default: the runtime\'s, or <runtime>-<host> for another machine).'}),
    strategy: strategyFlag(),
    config: configFileFlag(),
    profile: profileFlag(),
    'context-tokens': contextTokensFlag(),
    'dry-run': {...dryRunFlag('Show the diff; write nothing.'), exclusive: ['print']},
    print: Flags.boolean({description: 'Print the whole resulting config to stdout; write nothing.', exclusive: ['dry-run']}),
    'show-secrets': Flags.boolean({
      description: 'With --print: do not redact keys and tokens (nothing else ever shows them).',
      dependsOn: ['print'],
    }),
    yes: yesFlag('Write without asking.'),
  }

  async run(): Promise<ConfigureResult> {
    const {flags} = this
    const system = this.system()
    // Detected only when a plan needs it (detection loads modules config otherwise never does).
    const machine = async () => (await import('../lib/detect.js')).detectMachine()
    let model = flags.model
    if (!model) {
      if (!this.canPrompt()) throw this.missingAnswer('model', 'A model')
      const available = await modelChoices(flags.runtime, system, flags.url, machine)
      if (available.length === 0) {
        throw new LocalclawError(`${flags.runtime} lists no models to choose from.`, {
          code: 'no_models',
          exit: ExitCode.usage,
          suggestions: ['Pass --model, or see `localclaw recommend` for one to get'],
        })
      }
      model = await this.choose(
        'Which model should OpenClaw use?',
        available.map((id) => ({name: id, value: id})),
      )
    }
    const plan = await configure({
      runtime: flags.runtime,
      model,
      url: flags.url,
      providerId: flags['provider-id'],
      strategy: flags.strategy,
      configPath: flags.config,
      profile: flags.profile,
      contextTokens: flags['context-tokens'],
      showSecrets: flags['show-secrets'],
      system,
      machine,
    })
    const {result} = plan
    if (flags.print) {
      this.showSecrets = flags['show-secrets']
      if (!this.jsonEnabled()) this.write(result.content)
      return result
    }
    return confirmAndWrite(plan, {dryRun: flags['dry-run'], yes: flags.yes, confirm: this.asker(), log: this.humanLog()})
  }
}
