import {timeBox, TimedOut} from '../time-box.js'
import type {Check, CheckResult} from './check.js'
import type {DoctorContext} from './context.js'

/**
 * Runs every check at once, each under its own time box. Never throws: a check that fails to run
 * or runs out of time becomes a warning saying so, and the others still report.
 */
export async function runChecks(checks: Check[], context: DoctorContext, limitMs: number): Promise<CheckResult[]> {
  const settled = await Promise.all(checks.map(async (check): Promise<CheckResult[]> => {
    try {
      const results = await timeBox(check.timeBoxMs?.(context) ?? limitMs, () => check.run(context))
      return results.map((result) => ({check: check.id, ...result}))
    } catch (error) {
      const message = error instanceof TimedOut
        ? `${check.title}: ${error.message}, so not checked`
        : `${check.title}: the check itself failed (${error instanceof Error ? error.message : String(error)})`
      return [{check: check.id, id: check.id, status: 'warn', message}]
    }
  }))
  return settled.flat()
}

export interface Summary {
  pass: number
  warn: number
  fail: number
  skip: number
}

export function summarize(results: CheckResult[]): Summary {
  const summary: Summary = {pass: 0, warn: 0, fail: 0, skip: 0}
  for (const result of results) summary[result.status]++
  return summary
}
