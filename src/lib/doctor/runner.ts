import type {Check, CheckResult} from './check.js'
import type {DoctorContext} from './context.js'

class CheckTimeout extends Error {}

/**
 * Runs every check at once, each under its own time box. Never throws: a check that fails to run
 * or runs out of time becomes a warning saying so, and the others still report.
 */
export async function runChecks(checks: Check[], context: DoctorContext, limitMs: number): Promise<CheckResult[]> {
  const settled = await Promise.all(checks.map(async (check): Promise<CheckResult[]> => {
    let timer: NodeJS.Timeout | undefined
    try {
      const limit = check.timeBoxMs?.(context) ?? limitMs
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CheckTimeout()), limit)
      })
      const results = await Promise.race([check.run(context), timeout])
      return results.map((result) => ({check: check.id, ...result}))
    } catch (error) {
      const message = error instanceof CheckTimeout
        ? `${check.title}: no answer within ${check.timeBoxMs?.(context) ?? limitMs} ms, so not checked`
        : `${check.title}: the check itself failed (${error instanceof Error ? error.message : String(error)})`
      return [{check: check.id, id: check.id, status: 'warn', message}]
    } finally {
      clearTimeout(timer)
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
