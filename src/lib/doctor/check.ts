import type {RuntimeId} from '../runtimes/runtime.js'
import type {DoctorContext, DoctorOptions} from './context.js'

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip'

/** A fix localclaw can carry out itself (`doctor --fix`), as data so --json can show it too. */
export type FixAction =
  | {kind: 'start-runtime'; runtime: RuntimeId}
  | {kind: 'pull-model'; runtime: RuntimeId; model: string; url: string}
  | {kind: 'set-context'; providerId: string; modelId: string; contextTokens: number}
  /** Download `to`, then rename the entry `from` (and every ref to it) to the id the runtime files it under. */
  | {kind: 'pull-and-rename'; runtime: RuntimeId; url: string; providerId: string; from: string; to: string}

export interface CheckResult {
  /** Stable, e.g. "runtime.ollama", "port.11434", "model.ollama/qwen3:8b". */
  id: string
  /** The check that produced it, so --fix can run it again. */
  check: string
  status: CheckStatus
  message: string
  /** Why it is wrong, in one sentence (warn and fail). */
  cause?: string
  /** The command that fixes it, exactly as it runs in a shell. */
  fix?: string
  /** What a person should know about that command (shown after it as a shell comment). */
  fixNote?: string
  action?: FixAction
}

/** A fix: a command that runs as printed, and what to know about it kept apart from it (or only words, where no command does it). */
export type Fix = string | {run?: string; note?: string}

/** One area of diagnosis. `run` may report several results (one per runtime, port, model). */
export interface Check {
  id: string
  title: string
  /** Its own time box, where the shared one (a few probe timeouts) is too short; each request inside is boxed anyway. */
  timeBoxMs?: (options: DoctorOptions) => number | undefined
  run(context: DoctorContext): Promise<Array<Omit<CheckResult, 'check'>>>
}

export const pass = (id: string, message: string): Omit<CheckResult, 'check'> => ({id, status: 'pass', message})
export const skip = (id: string, message: string): Omit<CheckResult, 'check'> => ({id, status: 'skip', message})

export function problem(
  status: 'warn' | 'fail',
  id: string,
  message: string,
  cause: string,
  fix: Fix,
  action?: FixAction,
): Omit<CheckResult, 'check'> {
  const {run, note} = typeof fix === 'string' ? {run: fix, note: undefined} : fix
  return {id, status, message, cause, ...(run ? {fix: run} : {}), ...(note ? {fixNote: note} : {}), ...(action ? {action} : {})}
}
