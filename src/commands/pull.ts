import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../base-command.js'
import {runtimeFlagWithDefault, serverUrlFlag} from '../flags.js'
import {parseQuant} from '../lib/catalog/quants.js'
import {ExitCode, LocalclawError} from '../lib/errors.js'
import type {PullResult} from '../lib/runtimes/pull-service.js'
import {formatBytes, formatDuration} from '../lib/ui/format.js'
import {pullWithProgress} from '../lib/runtimes/pull-progress.js'

export default class Pull extends BaseCommand<typeof Pull> {
  static override summary = 'Download a model through its runtime, with progress, surviving rate limits and dropped connections.'

  static override description = [
    'Ollama: streams /api/pull with a progress bar per layer; HTTP 429 from the registry is retried with backoff, a dropped ' +
      'connection resumes (Ollama keeps partial blobs), and a wrong name gets close matches. Disk space is checked first.',
    'LM Studio: `lms get`. vLLM and llama.cpp: `hf download` of the Hugging Face repository. Catalog names resolve to each ' +
      "runtime's identifier. --json prints progress events as NDJSON.",
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> pull qwen3:8b',
    '<%= config.bin %> pull qwen3:8b --verify',
    '<%= config.bin %> pull gpt-oss:20b --runtime llamacpp',
    '<%= config.bin %> pull qwen3:8b --json | jq -c \'select(.event == "retry")\'',
  ]

  static override args = {
    model: Args.string({description: 'A catalog name (qwen3:8b) or the runtime\'s own identifier.', required: true, ignoreStdin: true}),
  }

  static override flags = {
    runtime: runtimeFlagWithDefault('Runtime to download for.'),
    url: serverUrlFlag({description: 'Base URL of the Ollama server (another machine).'}),
    retries: Flags.integer({
      description: 'Extra attempts after HTTP 429 or a dropped connection.',
      default: 5,
      min: 0,
      max: 50,
      env: 'LOCALCLAW_RETRIES',
    }),
    verify: Flags.boolean({
      description:
        'Generate a few tokens with the model and compare the speed with recommend (Ollama loads it; LM Studio, llama.cpp and vLLM must already serve it).',
    }),
    quant: Flags.string({description: 'Quantization to download for llama.cpp/vLLM (e.g. Q4_K_M, Q8_0, AWQ).'}),
  }

  /** One line per JSON document, so the event stream is NDJSON. */
  protected override logJson(json: unknown): void {
    this.write(`${JSON.stringify(json)}\n`)
  }

  async run(): Promise<PullResult> {
    const {flags, args} = this
    const quant = flags.quant === undefined ? undefined : parseQuant(flags.quant)
    if (flags.quant !== undefined && !quant)
      throw new LocalclawError(`Unknown quantization "${flags.quant}".`, {code: 'usage', exit: ExitCode.usage})
    const result = await pullWithProgress(
      {
        model: args.model,
        runtime: flags.runtime,
        url: flags.url,
        retries: flags.retries,
        verify: flags.verify,
        quant,
        system: this.system(),
        machine: async () => (await import('../lib/detect.js')).detectMachine(),
      },
      {json: this.jsonEnabled(), onJsonEvent: (event) => this.logJson(event)},
    )
    if (!this.jsonEnabled()) {
      for (const warning of result.warnings) this.warn(warning)
      const size = result.outcome ? ` (${formatBytes(result.outcome.totalBytes)} in ${formatDuration(result.outcome.durationMs)})` : ''
      this.log(`✔ ${result.model} is ready for ${result.runtime}${size}`)
      if (result.verify) {
        const estimate = result.verify.estimate
          ? `; recommend estimated ${result.verify.estimate.tokensPerSecond} (${result.verify.estimate.low}-${result.verify.estimate.high})`
          : ''
        // A server already running has no load time to report: say only what was measured.
        const loaded = result.verify.loadMs > 0 ? `loaded in ${formatDuration(result.verify.loadMs)}, ` : ''
        this.log(`  ${loaded}${result.verify.tokensPerSecond} tokens/s measured${estimate}`)
      }
    }
    return {event: 'done', ...result} as PullResult
  }
}
