import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../base-command.js'
import {gibFlag, probeTimeoutFlag} from '../flags.js'
import {ExitCode} from '../lib/errors.js'
import {glyph, paint} from '../lib/ui/style.js'
import {detect, type HardwareProfile} from '../lib/detect.js'
import {renderProfile} from '../lib/detect-render.js'
import {checkRequirements, type RequirementsReport} from '../lib/hardware/requirements.js'

export type DetectResult = HardwareProfile & {requirements?: RequirementsReport}

export default class Detect extends BaseCommand<typeof Detect> {
  static override summary = 'Show this machine\'s hardware profile for running a local model.'

  static override description = [
    'GPUs with total and free memory, CPU and SIMD features, RAM, disk space for models, installed runtimes and ' +
      'whether they are serving, and Tailscale. All probes run in parallel, each time-boxed; a failing probe is ' +
      'reported, never fatal.',
    'For CI, --require-gpu, --min-vram, --min-ram and --require exit 1 with one line per unmet requirement.',
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> detect',
    '<%= config.bin %> detect --json',
    '<%= config.bin %> detect --require-gpu --min-vram 16 --require cuda',
  ]

  static override flags = {
    'require-gpu': Flags.boolean({description: 'Exit 1 unless a GPU with a working backend is present.', env: 'LOCALCLAW_REQUIRE_GPU'}),
    'min-vram': gibFlag({
      description: 'Exit 1 unless the largest usable GPU has at least this many GiB.',
      env: 'LOCALCLAW_MIN_VRAM',
      helpValue: '<GiB>',
    }),
    'min-ram': gibFlag({
      description: 'Exit 1 unless the machine has at least this many GiB of RAM.',
      env: 'LOCALCLAW_MIN_RAM',
      helpValue: '<GiB>',
    }),
    require: Flags.string({
      description: 'Exit 1 unless this GPU backend is available (repeatable).',
      options: ['cuda', 'rocm', 'metal', 'vulkan'],
      multiple: true,
    }),
    'probe-timeout': probeTimeoutFlag(),
  }

  async run(): Promise<DetectResult> {
    const {flags} = this
    const spinner = await this.spinner('Detecting hardware')
    const profile = await detect({timeoutMs: flags['probe-timeout']})
    spinner.stop()

    const wantsCheck = flags['require-gpu'] || flags['min-vram'] !== undefined || flags['min-ram'] !== undefined || flags.require
    const requirements = wantsCheck
      ? checkRequirements(profile, {
          requireGpu: flags['require-gpu'],
          minVramGiB: flags['min-vram'],
          minRamGiB: flags['min-ram'],
          require: flags.require as Array<'cuda' | 'rocm' | 'metal' | 'vulkan'> | undefined,
        })
      : undefined
    const result: DetectResult = requirements ? {...profile, requirements} : profile

    if (!this.jsonEnabled()) {
      this.log(renderProfile(profile, {verbose: flags.verbose}))
      for (const unmet of requirements?.results.filter((check) => !check.met) ?? []) {
        this.logToStderr(`${paint('red', glyph.fail, process.stderr)} requirement not met (${unmet.requirement}): ${unmet.message}`)
      }
    }
    if (requirements && !requirements.met) this.exitWithResult(result, ExitCode.failed)
    return result
  }
}
