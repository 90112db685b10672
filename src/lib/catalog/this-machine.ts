import type {Machine} from './target.js'

/** This machine as recommend sees it; detection is imported only when a command needs it. */
export async function detectMachine(timeoutMs?: number): Promise<Machine> {
  const [{detectHardware}, {machineFromProfile}] = await Promise.all([import('../hardware/probe.js'), import('./target.js')])
  return machineFromProfile(await detectHardware({timeoutMs}))
}
