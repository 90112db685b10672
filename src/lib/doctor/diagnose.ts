import type {CheckResult} from './check.js'
import {CHECKS} from './checks/index.js'
import {createContext, type DoctorOptions} from './context.js'
import {runChecks} from './runner.js'

/**
 * Every check (or only those named) against fresh facts. A check gets a few probe timeouts: a hung
 * server costs at most that, and the rest still report.
 */
export function diagnose(options: DoctorOptions, only?: Set<string>): Promise<CheckResult[]> {
  const checks = only ? CHECKS.filter((check) => only.has(check.id)) : CHECKS
  return runChecks(checks, createContext(options), Math.max(2000, options.timeoutMs * 3))
}
