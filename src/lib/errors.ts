/** Exit codes are part of the public contract (README "Exit codes"); scripts and CI branch on them. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  checksFailed: 3,
  interrupted: 130,
} as const

export interface LocalclawErrorOptions {
  /** Stable machine-readable identifier, e.g. "requirements_unmet". */
  code: string
  /** Commands or actions that fix the problem, shown as "Try:" lines. */
  suggestions?: string[]
  exit?: number
  cause?: unknown
}

/**
 * An expected failure the user can act on. Rendered once by the base command, with its
 * suggestions, and mapped to its exit code. Anything else that escapes is a bug.
 */
export class LocalclawError extends Error {
  readonly code: string
  readonly suggestions: string[]
  readonly exit: number

  constructor(message: string, options: LocalclawErrorOptions) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'LocalclawError'
    this.code = options.code
    this.suggestions = options.suggestions ?? []
    this.exit = options.exit ?? ExitCode.failed
  }
}

export interface ErrorReport {
  code: string
  message: string
  suggestions: string[]
  exit: number
}

/**
 * What to tell the user about any error that reached the top, and which exit code to use.
 * oclif's parse errors carry `oclif.exit` (2); Ctrl-C in a prompt is an ExitPromptError (130).
 */
export function reportError(error: unknown, commandId?: string): ErrorReport {
  if (error instanceof LocalclawError) {
    return {code: error.code, message: error.message, suggestions: error.suggestions, exit: error.exit}
  }
  const err = error as {name?: string; message?: string; oclif?: {exit?: number}; code?: string}
  if (err?.name === 'ExitPromptError' || err?.message === 'SIGINT' || err?.code === 'ABORT_ERR') {
    return {code: 'interrupted', message: 'Interrupted.', suggestions: [], exit: ExitCode.interrupted}
  }
  const help = `localclaw ${commandId ? `${commandId} ` : ''}--help`
  if (typeof err?.oclif?.exit === 'number' && err.oclif.exit === ExitCode.usage) {
    return {code: 'usage', message: usageMessage(err.message), suggestions: [`See the flags: ${help}`], exit: ExitCode.usage}
  }
  return {
    code: 'unexpected',
    message: `Unexpected error: ${firstLine(err?.message ?? String(error))}`,
    suggestions: ['Run again with DEBUG=localclaw to see the stack trace', 'Please report it with that output'],
    exit: typeof err?.oclif?.exit === 'number' ? err.oclif.exit : ExitCode.failed,
  }
}

/**
 * oclif's parse messages span lines and carry its own framing ("Missing 1 required arg:\nmodel  A
 * catalog name...", "The following errors occurred:\n  ...", "See more help with --help"): said here
 * as one sentence in localclaw's words.
 */
function usageMessage(text: string | undefined): string {
  const lines = (text ?? '').split('\n').map((line) => line.trim()).filter((line) => line && !/^See more help with --help$/.test(line))
  const [head, ...rest] = lines
  if (!head) return 'invalid usage'
  if (/^Missing \d+ required args?:$/.test(head)) {
    return rest.map((line) => {
      const [name, ...description] = line.split(/\s{2,}/)
      return `Missing the argument <${name}>${description.length > 0 ? ` (${description.join(' ').replace(/\.$/, '')})` : ''}`
    }).join('; ')
  }
  if (/^The following errors? occurred:$/.test(head)) {
    const said = new Set<string>()
    for (const line of rest) {
      // "--a=true cannot also be provided when using --b", once for each side: one sentence for the pair.
      const exclusive = /^--([\w-]+)=\S* cannot also be provided when using --([\w-]+)$/.exec(line)
      const needs = /^All of the following must be provided when using --([\w-]+): (.+)$/.exec(line)
      if (exclusive) said.add(`--${[exclusive[1], exclusive[2]].sort().join(' and --')} cannot be used together`)
      else if (needs) said.add(`--${needs[1]} works only with ${needs[2]}`)
      else said.add(line)
    }
    return [...said].join('; ')
  }
  return lines.join(': ')
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n').find((line) => line.trim())?.trim() ?? 'unknown error'
}
