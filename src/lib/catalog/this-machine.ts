import {readFile} from 'node:fs/promises'
import os from 'node:os'

import type {Machine} from './target.js'

/** This machine's RAM alone (no GPU probe): what a plan for hypothetical GPUs keeps when --ram is not given. */
export async function detectMemory(): Promise<{totalBytes: number; availableBytes: number}> {
  const {parseMeminfo} = await import('../hardware/memory.js')
  const meminfo = os.platform() === 'linux' ? parseMeminfo(await readFile('/proc/meminfo', 'utf8').catch(() => '')) : null
  return meminfo ?? {totalBytes: os.totalmem(), availableBytes: os.freemem()}
}

/** This machine as recommend sees it; detection is imported only when a command needs it. */
export async function detectMachine(timeoutMs?: number): Promise<Machine> {
  const [{detectHardware}, {machineFromProfile}] = await Promise.all([import('../hardware/probe.js'), import('./target.js')])
  return machineFromProfile(await detectHardware({timeoutMs}))
}
