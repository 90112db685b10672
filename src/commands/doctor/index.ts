import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../../base-command.js'
import {configFileFlag, probeTimeoutFlag, profileFlag, yesFlag} from '../../flags.js'
import type {CheckResult} from '../../lib/doctor/check.js'
import type {DoctorOptions} from '../../lib/doctor/context.js'
import {fixAndRecheck, type FixRecord} from '../../lib/doctor/fix-run.js'
import {renderReport} from '../../lib/doctor/report.js'
import {diagnose} from '../../lib/doctor/diagnose.js'
import {summarize, type Summary} from '../../lib/doctor/runner.js'
import {ExitCode} from '../../lib/errors.js'

export interface DoctorResult {
  ok: boolean
  summary: Summary
  results: CheckResult[]
  fixes?: FixRecord[]
}

export default class Doctor extends BaseCommand<typeof Doctor> {
  static override summary = 'Find what is wrong with the local model setup, say why, and give the command that fixes it.'

  static override description = [
    'Checks, all at once and each time-boxed: Node and OS, disk space for models, each runtime (installed, running, really ' +
      'that runtime), who holds the runtime ports, GPU driver and CPU fallback, the OpenClaw config (parses, api/baseUrl, ' +
      'apiKey, refs), that every configured model exists on its runtime, the context window against OpenClaw\'s needs and ' +
      'what the server runs, and the runtimes\' recent logs (429s, out of memory, missing driver).',
    'Exit 3 when anything fails, 0 when there are only warnings. --fix starts a stopped runtime, pulls a missing model and ' +
      'sets the context, each shown and confirmed (or allowed by --yes), then checks again.',
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> doctor',
    '<%= config.bin %> doctor --fix',
    '<%= config.bin %> doctor --json | jq \'.results[] | select(.status == "fail")\'',
    '<%= config.bin %> doctor --log ./ollama-container.log',
  ]

  static override flags = {
    live: Flags.boolean({
      description:
        'Also send each configured model one real request through OpenClaw\'s route: does it call a tool, with what context, how fast.',
    }),
    fix: Flags.boolean({
      description: 'Apply the safe fixes found (start a runtime, pull a missing model, set the context), then check again.',
    }),
    yes: yesFlag('With --fix: apply without asking.'),
    config: configFileFlag('OpenClaw config file to check (default: where OpenClaw looks).'),
    profile: profileFlag(),
    log: Flags.string({description: 'Also read this log file (e.g. a container\'s log saved with docker logs).', multiple: true}),
    'probe-timeout': probeTimeoutFlag(1000, 'Time box for each probe, in milliseconds.'),
  }

  async run(): Promise<DoctorResult> {
    const {flags} = this
    const system = this.system()
    const options: DoctorOptions = {
      system,
      timeoutMs: flags['probe-timeout'],
      configPath: flags.config,
      profile: flags.profile,
      extraLogs: flags.log ?? [],
      nodeVersion: process.versions.node,
      live: flags.live,
    }
    const spinner = await this.spinner('Checking')
    let results = await diagnose(options)
    spinner.stop()
    if (!this.jsonEnabled()) this.write(renderReport(results, summarize(results), {verbose: flags.verbose}))

    let fixes: FixRecord[] | undefined
    if (flags.fix) {
      const human = !this.jsonEnabled()
      const run = await fixAndRecheck(results, options, {
        yes: flags.yes,
        confirm: this.asker(true),
        log: this.humanLog(),
        logError: human ? (text) => this.logToStderr(text) : null,
      })
      fixes = run.fixes
      results = run.results
      if (run.rechecked && human) {
        this.log('\nChecked again:')
        this.write(renderReport(run.rechecked, summarize(results), {verbose: flags.verbose}))
      }
    }
    const summary = summarize(results)
    const result: DoctorResult = {ok: summary.fail === 0, summary, results, ...(fixes ? {fixes} : {})}
    if (summary.fail > 0) this.exitWithResult(result, ExitCode.checksFailed)
    return result
  }
}
