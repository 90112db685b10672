import {ExitCode, LocalclawError} from '../errors.js'
import type {CheckResult} from './check.js'
import {createContext, type DoctorOptions} from './context.js'
import {diagnose} from './diagnose.js'
import {planFix} from './fixes.js'

export interface FixRecord {
  id: string
  description: string
  outcome: 'fixed' | 'declined' | 'failed'
  detail: string
}

/** How `doctor --fix` may act: --yes, or how to ask before each fix (null: nobody can be asked), and where it says what it does. */
export interface FixGate {
  yes: boolean
  confirm: ((message: string) => Promise<boolean>) | null
  /** Human output; null under --json. */
  log: ((text: string) => void) | null
  logError: ((text: string) => void) | null
}

export interface FixRun {
  fixes: FixRecord[]
  /** Every result, the checks a fix touched replaced by their second run. */
  results: CheckResult[]
  /** The second run of those checks, when a fix was applied. */
  rechecked: CheckResult[] | null
}

/** Applies the fixes doctor can make itself, one by one through the gate, then runs their checks again. */
export async function fixAndRecheck(results: CheckResult[], options: DoctorOptions, gate: FixGate): Promise<FixRun> {
  const fixable = results.filter((result) => result.action && result.status !== 'pass')
  if (fixable.length === 0) {
    gate.log?.('\nNothing here that doctor can fix by itself; the Fix lines above say what to run.')
    return {fixes: [], results, rechecked: null}
  }
  if (!gate.yes && !gate.confirm) {
    throw new LocalclawError(
      `--fix would change ${fixable.length} thing${fixable.length === 1 ? '' : 's'}, and there is no terminal to ask in.`,
      {
        code: 'missing_input',
        exit: ExitCode.usage,
        suggestions: ['Pass --yes to apply them'],
      },
    )
  }
  const fixes: FixRecord[] = []
  for (const result of fixable) {
    const record = (outcome: FixRecord['outcome'], description: string, detail: string) =>
      fixes.push({id: result.id, description, outcome, detail})
    try {
      const fix = await planFix(result.action!, {
        system: options.system, configPath: options.configPath, profile: options.profile,
        backends: async () => (await createContext(options).hardware()).gpuTotals.backends,
        json: gate.log === null,
      })
      gate.log?.(`\nFix: ${fix.description}`)
      if (fix.diff) gate.log?.(fix.diff)
      if (!gate.yes && !await gate.confirm!('Apply this fix?')) {
        record('declined', fix.description, 'not applied')
        continue
      }
      const detail = await fix.apply()
      record('fixed', fix.description, detail)
      gate.log?.(`✔ ${detail}`)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      record('failed', result.fix ?? result.id, message)
      gate.logError?.(`✖ ${message}`)
    }
  }
  const rerun = new Set(
    results.filter((result) => result.status === 'fail' || fixes.some((fix) => fix.id === result.id)).map((result) => result.check),
  )
  if (!fixes.some((fix) => fix.outcome === 'fixed') || rerun.size === 0) return {fixes, results, rechecked: null}
  const rechecked = await diagnose(options, rerun)
  return {fixes, results: [...results.filter((result) => !rerun.has(result.check)), ...rechecked], rechecked}
}
