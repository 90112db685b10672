import {readFile} from 'node:fs/promises'

import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../../base-command.js'
import {matchProblems, type ProblemMatch} from '../../lib/doctor/problems.js'
import {ExitCode, LocalclawError} from '../../lib/errors.js'

export interface ExplainResult {
  matched: boolean
  matches: ProblemMatch[]
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export default class DoctorExplain extends BaseCommand<typeof DoctorExplain> {
  static override summary = 'Explain a pasted error message or log excerpt: the known problem, its cause, and the fix.'

  static override description = 'Reads the text from the arguments, --file, or stdin. Matches status codes and key phrases in any '
    + 'runtime version\'s wording (Ollama, LM Studio, llama.cpp, vLLM, OpenClaw, Tailscale, NVIDIA). Exit 1 when nothing matches.'

  static override examples = [
    '<%= config.bin %> doctor explain "Error: listen tcp 127.0.0.1:11434: bind: address already in use"',
    'journalctl -u ollama -n 100 | <%= config.bin %> doctor explain',
    '<%= config.bin %> doctor explain --file openclaw-error.txt --json',
  ]

  static override strict = false

  static override args = {
    text: Args.string({description: 'The error text (quote it, or pass several words).'}),
  }

  static override flags = {
    file: Flags.string({description: 'Read the text from this file.'}),
  }

  async run(): Promise<ExplainResult> {
    const text = await this.input()
    const matches = matchProblems(text)
    const result: ExplainResult = {matched: matches.length > 0, matches}
    if (matches.length === 0) {
      if (this.jsonEnabled()) this.exitWithResult(result, ExitCode.failed)
      throw new LocalclawError('No known problem matches this text.', {
        code: 'no_match', exit: ExitCode.failed,
        suggestions: [
          'Paste the error line itself (with its HTTP status or "Error:" message), or a few log lines around it',
          'Runtime logs: journalctl -u ollama -n 100 (Linux service), ~/.ollama/logs/server.log (macOS), ~/.lmstudio/server-logs',
          'localclaw doctor checks the whole setup without an error message',
        ],
      })
    }
    if (!this.jsonEnabled()) this.log(this.render(matches))
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
        code: 'missing_input', exit: ExitCode.usage, suggestions: ['Pass it as an argument (quoted), with --file <path>, or pipe it in: ... | localclaw doctor explain'],
      })
    }
    if (!text.trim()) throw new LocalclawError('The error text is empty.', {code: 'usage', exit: ExitCode.usage, suggestions: ['Paste the error message itself']})
    return text
  }

  private render(matches: ProblemMatch[]): string {
    const [best, ...others] = matches
    const lines = [
      `● ${best!.title} (${best!.confidence} confidence)`,
      `  Matched: ${best!.evidence}`,
      `  Cause:   ${best!.cause}`,
      `  Fix:     ${best!.fix}`,
    ]
    if (others.length > 0) lines.push('', 'Also possible:', ...others.slice(0, 3).flatMap((match) => [`○ ${match.title} (${match.confidence} confidence)`, `  Fix:     ${match.fix}`]))
    return lines.join('\n')
  }
}
