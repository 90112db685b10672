// Subpath imports: the package root loads help, ux and more on every run (~50 ms; see bench/).
import {Command} from '@oclif/core/command'
import {ExitError} from '@oclif/core/errors'
import * as Flags from '@oclif/core/flags'
import type {Interfaces} from '@oclif/core'

import {ExitCode, LocalclawError, reportError} from './lib/errors.js'
import {redactText} from './lib/redact.js'
import {writeStdout} from './lib/stdout.js'
import {realSystem, type System} from './lib/system.js'
import {glyph, paint} from './lib/ui/style.js'
import {spinnerMode, startSpinner, type Spinner, runningInCi} from './lib/ui/spinner.js'

/**
 * Every localclaw command: `--json` (the command returns typed data, printed as JSON; human output
 * only without it), the interactivity gate, and errors rendered once with suggestions and the
 * documented exit code.
 */
export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

let systemFactory: () => System = realSystem

/**
 * The machine commands act on: the real one, or one a test hands in to run a command in-process
 * (test/helpers/capture.ts runCommand). Returns the factory it replaced, to put back.
 */
export function setSystemFactory(factory: () => System): () => System {
  const previous = systemFactory
  systemFactory = factory
  return previous
}

export type Choice = {name: string; value: string; description?: string; disabled?: string}

export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    'non-interactive': Flags.boolean({
      description: 'Never prompt; a missing answer is an error that names the flag to pass.',
      env: 'LOCALCLAW_NON_INTERACTIVE',
      helpGroup: 'GLOBAL',
    }),
    verbose: Flags.boolean({
      description: 'Show diagnostic detail, such as each probe\'s time and result.',
      env: 'LOCALCLAW_VERBOSE',
      helpGroup: 'GLOBAL',
    }),
  }

  protected flags!: CommandFlags<T>
  protected args!: CommandArgs<T>
  /** Every positional argument in order, including extras a non-strict command accepts. */
  protected positional: string[] = []

  /** Parse once, here, so every command and this base class see the same typed flags. */
  public override async init(): Promise<void> {
    await super.init()
    const {args, flags, argv} = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = flags as CommandFlags<T>
    this.args = args as CommandArgs<T>
    this.positional = argv.map(String)
  }

  /** Prompts only with a terminal on both ends, without --json, without CI, without --non-interactive. */
  protected canPrompt(): boolean {
    return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !this.jsonEnabled() && !runningInCi()
      && !this.flags['non-interactive']
  }

  /** The machine this command acts on (its files, programs, network, environment). */
  protected system(): System {
    return systemFactory()
  }

  /** A yes/no question; the prompt library is loaded only when someone is asked. */
  protected async confirm(message: string, defaultAnswer = false): Promise<boolean> {
    return (await import('./lib/ui/prompts.js')).confirm(message, defaultAnswer)
  }

  /** A way to ask yes/no, or null where nobody can be asked (a gate then refuses, naming --yes). */
  protected asker(defaultAnswer = false): ((message: string) => Promise<boolean>) | null {
    return this.canPrompt() ? (message) => this.confirm(message, defaultAnswer) : null
  }

  /** Progress lines for a person; null under --json, where only the result is printed. */
  protected humanLog(): ((text: string) => void) | null {
    return this.jsonEnabled() ? null : (text) => this.log(text)
  }

  /** One of several choices; a `disabled` choice is shown with its reason but cannot be taken. */
  protected async choose(message: string, choices: Choice[]): Promise<string> {
    return (await import('./lib/ui/prompts.js')).choose(message, choices)
  }

  /** The error for a question we may not ask: it names the flag that answers it. */
  protected missingAnswer(flag: string, what: string): LocalclawError {
    return new LocalclawError(`${what} is needed and there is no terminal to ask in.`, {
      code: 'missing_input',
      exit: ExitCode.usage,
      suggestions: [`Pass --${flag}`],
    })
  }

  /** Set only by a command asked to print secrets (config --print --show-secrets); everything else is redacted on the way out. */
  protected showSecrets = false

  /** Every line localclaw prints passes here: no token shape or URL credential reaches a terminal, a pipe or a CI log. */
  protected scrub(text: string): string {
    return this.showSecrets ? text : redactText(text)
  }

  public override log(message = '', ...args: unknown[]): void {
    super.log(this.scrub(message), ...args)
  }

  public override logToStderr(message = '', ...args: unknown[]): void {
    super.logToStderr(this.scrub(message), ...args)
  }

  /** Warnings given under --json: they join the result's warnings[] instead of being printed. */
  private jsonWarnings: string[] = []

  /** A warning: `! text` on stderr for a person; under --json, one more entry in the result's warnings[]. */
  public override warn(input: string | Error): string | Error {
    const text = typeof input === 'string' ? input : input.message
    if (this.jsonEnabled()) this.jsonWarnings.push(this.scrub(text))
    else this.logToStderr(`! ${text}`)
    return input
  }

  protected override toSuccessJson(result: unknown): unknown {
    if (this.jsonWarnings.length === 0 || typeof result !== 'object' || result === null || Array.isArray(result)) return result
    const own = (result as {warnings?: unknown}).warnings
    return {...result, warnings: [...(Array.isArray(own) ? own : []), ...this.jsonWarnings]}
  }

  /** Raw text to stdout (a report, a document), scrubbed like every log line. */
  protected write(text: string): void {
    writeStdout(this.scrub(text))
  }

  protected spinner(text: string): Promise<Spinner> {
    return startSpinner(text, spinnerMode(this.jsonEnabled()))
  }

  /**
   * Plain JSON. oclif's version runs a regex tokenizer over the whole document to colour it, even
   * into a pipe: measurable on catalog-sized output, and colours are of no use to `jq`.
   */
  protected override logJson(json: unknown): void {
    this.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  /** For "ran fine, but the answer is no" (e.g. unmet requirements): print the data, then exit non-zero. */
  protected exitWithResult(result: unknown, code: number): never {
    if (this.jsonEnabled()) this.logJson(this.toSuccessJson(result))
    this.exit(code)
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<never> {
    // this.exit() throws ExitError: the command already said what it had to.
    if (error instanceof ExitError) throw error
    const reported = reportError(error, this.id)
    const report = {...reported, message: this.scrub(reported.message),
      suggestions: reported.suggestions.map((suggestion) => this.scrub(suggestion))}
    if (this.jsonEnabled()) {
      this.logJson({error: report})
    } else {
      const stderr = process.stderr
      stderr.write(`${paint('red', glyph.fail, stderr)} ${report.message}\n`)
      report.suggestions.forEach((suggestion, index) => {
        stderr.write(`  ${index === 0 ? 'Try:' : '    '} ${suggestion}\n`)
      })
      if (report.code === 'unexpected' && process.env.DEBUG && error.stack) stderr.write(`${error.stack}\n`)
    }
    this.exit(report.exit)
  }
}
