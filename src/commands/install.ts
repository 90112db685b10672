import {BaseCommand} from '../base-command.js'
import {dryRunFlag, runtimeArg, serverUrlFlag, yesFlag} from '../flags.js'
import {install, type InstallResult} from '../lib/runtimes/install.js'

export default class Install extends BaseCommand<typeof Install> {
  static override summary = 'Install and start a runtime the official way for this OS; --dry-run shows the plan.'

  static override description = [
    'Ollama: its install script (Linux, macOS) or PowerShell installer (Windows). LM Studio: the headless installer, then '
    + '`lms daemon up`. llama.cpp: Homebrew, winget or apt. vLLM: a Python virtual environment, only where CUDA or ROCm works.',
    'Shows every command before running it. Without a terminal nothing runs unless --yes. Already installed and running is '
    + 'success. A port held by another program is named, with how to move the runtime to another port.',
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> install --dry-run',
    '<%= config.bin %> install ollama --yes',
    '<%= config.bin %> install lmstudio',
  ]

  static override args = {
    runtime: runtimeArg('Runtime to install.'),
  }

  static override flags = {
    url: serverUrlFlag({description: 'Where the server should answer (default: its local port).'}),
    'dry-run': dryRunFlag(),
    yes: yesFlag('Run the plan without asking.'),
  }

  async run(): Promise<InstallResult> {
    const {flags, args} = this
    let shownPlan = false
    const result = await install({
      runtime: args.runtime, url: flags.url, dryRun: flags['dry-run'], yes: flags.yes, canPrompt: this.canPrompt(),
      system: this.system(),
      confirm: (message) => this.confirm(message),
      onPlan: (plan) => {
        if (!this.jsonEnabled()) this.log(this.planText(plan))
        shownPlan = true
      },
      backends: async () => (await (await import('../lib/hardware/probe.js')).detectMachineFacts({})).gpuTotals.backends,
    })
    if (!this.jsonEnabled()) this.log(shownPlan ? this.statusText(result) : this.planText(result))
    return result
  }

  private statusText(result: InstallResult): string {
    const plan = result.plan?.supported ? result.plan : null
    if (result.action === 'planned') return 'Nothing was run.'
    return `✔ ${result.name}${result.version ? ` ${result.version}` : ''} is ${result.action === 'installed' && !plan?.start ? 'installed' : `running at ${result.url}`}`
  }

  private planText(result: InstallResult): string {
    if (result.action === 'already-running')
      return `✔ ${result.name}${result.version ? ` ${result.version}` : ''} is installed and running at ${result.url}: nothing to do.`
    const plan = result.plan?.supported ? result.plan : null
    // Installed but stopped: nothing is installed, so no installer is named.
    const heading =
      plan && plan.steps.length === 0 && plan.start
        ? `${result.name} is installed but not running; localclaw starts it:`
        : `${result.name} via ${plan?.method ?? 'its installer'}:`
    const lines = [heading, ...result.commands.map((command) => `  $ ${command}`), ...result.notes.map((note) => `  note: ${note}`)]
    if (result.action !== 'planned') lines.push(this.statusText(result))
    else if (this.flags['dry-run']) lines.push('Nothing was run (--dry-run).')
    return lines.join('\n')
  }
}
