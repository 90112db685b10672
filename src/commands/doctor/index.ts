import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../../base-command.js'
import {configFileFlag, profileFlag, yesFlag} from '../../flags.js'
import type {CheckResult} from '../../lib/doctor/check.js'
import {createContext, type DoctorOptions} from '../../lib/doctor/context.js'
import {planFix} from '../../lib/doctor/fixes.js'
import {renderReport} from '../../lib/doctor/report.js'
import {diagnose} from '../../lib/doctor/diagnose.js'
import {summarize, type Summary} from '../../lib/doctor/runner.js'
import {ExitCode, LocalclawError} from '../../lib/errors.js'

interface FixRecord {
  id: string
  description: string
  outcome: 'fixed' | 'declined' | 'failed'
  detail: string
}

export interface DoctorResult {
  ok: boolean
  summary: Summary
  results: CheckResult[]
  fixes?: FixRecord[]
}

export default class Doctor extends BaseCommand<typeof Doctor> {
  static override summary = 'Find what is wrong with the local model setup, say why, and give the command that fixes it.'

  static override description = [
    'Checks, all at once and each time-boxed: Node and OS, disk space for models, each runtime (installed, running, really '
    + 'that runtime), who holds the runtime ports, GPU driver and CPU fallback, the OpenClaw config (parses, api/baseUrl, '
    + 'apiKey, refs), that every configured model exists on its runtime, the context window against OpenClaw\'s needs and '
    + 'what the server runs, and the runtimes\' recent logs (429s, out of memory, missing driver).',
    'Exit 3 when anything fails, 0 when there are only warnings. --fix starts a stopped runtime, pulls a missing model and '
    + 'sets the context, each shown and confirmed (or allowed by --yes), then checks again.',
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> doctor',
    '<%= config.bin %> doctor --fix',
    '<%= config.bin %> doctor --json | jq \'.results[] | select(.status == "fail")\'',
    '<%= config.bin %> doctor --log ./ollama-container.log',
  ]

  static override flags = {
    live: Flags.boolean({description: 'Also send each configured model one real request through OpenClaw\'s route: does it call a tool, with what context, how fast.'}),
    fix: Flags.boolean({description: 'Apply the safe fixes found (start a runtime, pull a missing model, set the context), then check again.'}),
    yes: yesFlag('With --fix: apply without asking.'),
    config: configFileFlag('OpenClaw config file to check (default: where OpenClaw looks).'),
    profile: profileFlag(),
    log: Flags.string({description: 'Also read this log file (e.g. a container\'s log saved with docker logs).', multiple: true}),
    'probe-timeout': Flags.integer({description: 'Time box for each probe, in milliseconds.', default: 1000, min: 100, max: 60_000, helpValue: '<ms>', env: 'LOCALCLAW_PROBE_TIMEOUT'}),
  }

  async run(): Promise<DoctorResult> {
    const {flags} = this
    const system = this.system()
    const options: DoctorOptions = {
      system, timeoutMs: flags['probe-timeout'], configPath: flags.config, profile: flags.profile, extraLogs: flags.log ?? [], nodeVersion: process.versions.node, live: flags.live,
    }
    const spinner = await this.spinner('Checking')
    let results = await diagnose(options)
    spinner.stop()
    if (!this.jsonEnabled()) this.write(renderReport(results, summarize(results), {verbose: flags.verbose}))

    let fixes: FixRecord[] | undefined
    if (flags.fix) {
      fixes = await this.applyFixes(results, options)
      const rerun = new Set(results.filter((result) => result.status === 'fail' || fixes!.some((fix) => fix.id === result.id)).map((result) => result.check))
      if (fixes.some((fix) => fix.outcome === 'fixed') && rerun.size > 0) {
        const again = await diagnose(options, rerun)
        results = [...results.filter((result) => !rerun.has(result.check)), ...again]
        if (!this.jsonEnabled()) {
          this.log('\nChecked again:')
          this.write(renderReport(again, summarize(results), {verbose: flags.verbose}))
        }
      }
    }
    const summary = summarize(results)
    const result: DoctorResult = {ok: summary.fail === 0, summary, results, ...(fixes ? {fixes} : {})}
    if (summary.fail > 0) this.exitWithResult(result, ExitCode.checksFailed)
    return result
  }

  private async applyFixes(results: CheckResult[], options: DoctorOptions): Promise<FixRecord[]> {
    const fixable = results.filter((result) => result.action && result.status !== 'pass')
    if (fixable.length === 0) {
      if (!this.jsonEnabled()) this.log('\nNothing here that doctor can fix by itself; the Fix lines above say what to run.')
      return []
    }
    if (!this.flags.yes && !this.canPrompt()) {
      throw new LocalclawError(`--fix would change ${fixable.length} thing${fixable.length === 1 ? '' : 's'}, and there is no terminal to ask in.`, {
        code: 'missing_input', exit: ExitCode.usage, suggestions: ['Pass --yes to apply them'],
      })
    }
    const records: FixRecord[] = []
    for (const result of fixable) {
      const record = (outcome: FixRecord['outcome'], description: string, detail: string) => records.push({id: result.id, description, outcome, detail})
      try {
        const fix = await planFix(result.action!, {
          system: options.system, configPath: options.configPath, profile: options.profile,
          backends: async () => (await createContext(options).hardware()).gpuTotals.backends,
          json: this.jsonEnabled(),
        })
        if (!this.jsonEnabled()) {
          this.log(`\nFix: ${fix.description}`)
          if (fix.diff) this.log(fix.diff)
        }
        if (!this.flags.yes && !await this.confirm('Apply this fix?', true)) {
          record('declined', fix.description, 'not applied')
          continue
        }
        const detail = await fix.apply()
        record('fixed', fix.description, detail)
        if (!this.jsonEnabled()) this.log(`✔ ${detail}`)
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        record('failed', result.fix ?? result.id, message)
        if (!this.jsonEnabled()) this.logToStderr(`✖ ${message}`)
      }
    }
    return records
  }
}
