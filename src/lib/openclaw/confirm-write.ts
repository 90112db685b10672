import {ExitCode, LocalclawError} from '../errors.js'
import type {ConfigurePlan, ConfigureResult} from './configure.js'
import {renderPlan} from './render.js'

export interface WriteGate {
  dryRun: boolean
  yes: boolean
  /** How to ask a person; null where nobody can be asked (no terminal, --json, CI). */
  confirm: ((message: string) => Promise<boolean>) | null
  /** Human output; null under --json. */
  log: ((text: string) => void) | null
}

/** Shows the plan, then writes only when allowed: --yes, or a yes in a terminal. Never without asking or --yes. */
export async function confirmAndWrite(plan: ConfigurePlan, gate: WriteGate): Promise<ConfigureResult> {
  const {result} = plan
  gate.log?.(renderPlan(result))
  if (gate.dryRun || !result.changed) return result
  if (!gate.yes) {
    if (!gate.confirm) {
      throw new LocalclawError('Writing the config needs confirmation and there is no terminal to ask in.', {
        code: 'missing_input', exit: ExitCode.usage, suggestions: ['Pass --yes to write, or --dry-run to only see the diff'],
      })
    }
    if (!await gate.confirm(`Write these changes to ${result.path}?`)) {
      gate.log?.('Nothing written.')
      return result
    }
  }
  await plan.apply()
  gate.log?.(`✔ Wrote ${result.path}${result.backup ? ` (previous version: ${result.backup})` : ''}`)
  return result
}
