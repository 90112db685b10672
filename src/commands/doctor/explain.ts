import {readFile} from 'node:fs/promises'

import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../../base-command.js'
import {configFileFlag, profileFlag} from '../../flags.js'
import {localProviders, readConfig} from '../../lib/doctor/configured.js'
import {matchProblems, valuesFromSetup, type ProblemMatch} from '../../lib/doctor/problems.js'
import {ExitCode, LocalclawError} from '../../lib/errors.js'

export interface ExplainResult {
  matched: boolean
  matches: ProblemMatch[]
  /** Where the fixes' model and runtime came from when the text did not name them: the OpenClaw config. */
  filledFrom: {config: string; model: string; runtime: string} | null
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The fix as a person reads it: a command that runs as printed on its own line, its note as a shell
 * comment; a command that still needs values, with what to fill in; or the fix in words.
 */
function fixLines(match: ProblemMatch): string[] {
  if (match.fix) return [`  Fix:     ${match.fix}`, ...(match.fixNote ? [`           # ${match.fixNote}`] : [])]
  if (match.fixTemplate) {
    const missing = match.needs!.map((name) => `<${name}>`).join(' and ')
    const note = `fill in ${missing}: neither the text nor the OpenClaw config names it${match.fixNote ? `; ${match.fixNote}` : ''}`
    return [`  Fix:     ${match.fixTemplate}`, `           # ${note}`]
  }
  return [`  To fix:  ${match.fixNote}`]
}

export default class DoctorExplain extends BaseCommand<typeof DoctorExplain> {
  static override summary = 'Explain a pasted error message or log excerpt: the known problem, its cause, and the fix.'

  static override description =
    'Reads the text from the arguments, --file, or stdin. Matches status codes and key phrases in any ' +
    'runtime version\'s wording (Ollama, LM Studio, llama.cpp, vLLM, OpenClaw, Tailscale, NVIDIA). Exit 1 when nothing matches.'

  static override examples = [
    '<%= config.bin %> doctor explain "Error: listen tcp 127.0.0.1:11434: bind: address already in use"',
    'journalctl -u ollama -n 100 | <%= config.bin %> doctor explain',
    '<%= config.bin %> doctor explain --file openclaw-error.txt --json',
  ]

  static override strict = false

  static override args = {
    // Piped text is read by input(), whole; oclif's parser would wait 10 ms on the pipe for an argument.
    text: Args.string({description: 'The error text (quote it, or pass several words).', ignoreStdin: true}),
  }

  static override flags = {
    file: Flags.string({description: 'Read the text from this file.'}),
    config: configFileFlag(
      'OpenClaw config whose model and runtime fill the fix where the text does not name them (default: where OpenClaw looks).',
    ),
    profile: profileFlag(),
  }

  async run(): Promise<ExplainResult> {
    const text = await this.input()
    const system = this.system()
    const config = await readConfig({system, configPath: this.flags.config, profile: this.flags.profile})
    const known = valuesFromSetup(localProviders(config.value, system))
    const matches = matchProblems(text, known)
    // Named only where it changed the advice: the same text without the config would say something else.
    const used = known.model !== undefined && JSON.stringify(matchProblems(text)) !== JSON.stringify(matches)
    const filledFrom = used ? {config: config.location.path, model: known.model!, runtime: known.runtime!} : null
    const result: ExplainResult = {matched: matches.length > 0, matches, filledFrom}
    if (matches.length === 0) {
      if (this.jsonEnabled()) this.exitWithResult(result, ExitCode.failed)
      throw new LocalclawError('No known problem matches this text.', {
        code: 'no_match',
        exit: ExitCode.failed,
        suggestions: [
          'Paste the error line itself (with its HTTP status or "Error:" message), or a few log lines around it',
          'Runtime logs: journalctl -u ollama -n 100 (Linux service), ~/.ollama/logs/server.log (macOS), ~/.lmstudio/server-logs',
          'localclaw doctor checks the whole setup without an error message',
        ],
      })
    }
    if (!this.jsonEnabled()) this.log(this.render(matches, filledFrom))
    return result
  }

  private async input(): Promise<string> {
    let text: string
    if (this.flags.file) {
      text = await readFile(this.flags.file, 'utf8').catch((error: Error) => {
        throw new LocalclawError(`Cannot read ${this.flags.file}: ${error.message}.`, {code: 'usage', exit: ExitCode.usage})
      })
    } else if (this.args.text !== undefined) {
      text = this.positional.join(' ')
    } else if (!process.stdin.isTTY) {
      text = await readStdin()
    } else {
      throw new LocalclawError('There is no error text to explain.', {
        code: 'missing_input',
        exit: ExitCode.usage,
        suggestions: ['Pass it as an argument (quoted), with --file <path>, or pipe it in: ... | localclaw doctor explain'],
      })
    }
    if (!text.trim())
      throw new LocalclawError('The error text is empty.', {
        code: 'usage',
        exit: ExitCode.usage,
        suggestions: ['Paste the error message itself'],
      })
    return text
  }

  private render(matches: ProblemMatch[], filledFrom: ExplainResult['filledFrom']): string {
    const [best, ...others] = matches
    const lines = [
      `● ${best!.title} (${best!.confidence} confidence)`,
      `  Matched: ${best!.evidence}`,
      `  Cause:   ${best!.cause}`,
      ...fixLines(best!),
    ]
    if (filledFrom)
      lines.push(`  Using:   ${filledFrom.runtime} model ${filledFrom.model}, from ${filledFrom.config} (the text does not name one)`)
    if (others.length > 0)
      lines.push(
        '',
        'Also possible:',
        ...others.slice(0, 3).flatMap((match) => [`○ ${match.title} (${match.confidence} confidence)`, ...fixLines(match)]),
      )
    return lines.join('\n')
  }
}
