import {timeBox, TimedOut} from '../time-box.js'
import type {ProbeRecord} from './types.js'

/** A probe that declines to run on this machine (wrong OS, tool not installed). */
export class Skip extends Error {}

type Probe<T> = (signal: AbortSignal) => Promise<T>

/** Runs detect's probes, each under the same time box, and keeps a record of how each went. */
export class ProbeRunner {
  readonly records: ProbeRecord[] = []
  constructor(private readonly timeoutMs: number) {}

  /** Runs one probe under its time box. Never throws: failure is recorded and null returned. */
  async run<T>(id: string, probe: Probe<T>): Promise<T | null> {
    const started = performance.now()
    const record = (status: ProbeRecord['status'], detail?: string) => {
      this.records.push({id, status, durationMs: Math.round(performance.now() - started), ...(detail ? {detail} : {})})
    }
    try {
      const value = await timeBox(this.timeoutMs, probe)
      record('ok')
      return value
    } catch (error) {
      if (error instanceof TimedOut) record('timeout', `${error.message}; cut off`)
      else if (error instanceof Skip) record('skipped', error.message)
      else record('failed', error instanceof Error ? error.message : String(error))
      return null
    }
  }

  skip(id: string, why: string): null {
    this.records.push({id, status: 'skipped', durationMs: 0, detail: why})
    return null
  }
}
