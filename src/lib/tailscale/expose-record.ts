import {readFile, rename, writeFile} from 'node:fs/promises'
import path from 'node:path'

import type {RuntimeId} from '../runtimes/runtime.js'
import {PRIVATE_FILE_MODE, privateDir} from '../state-dir.js'
import type {ExposeMethod} from './expose.js'

/**
 * What `expose` changed, so `unexpose` undoes exactly that and nothing of the user's:
 * ~/.localclaw/tailscale-expose.json, one entry per runtime.
 */
export interface ExposeRecord {
  method: ExposeMethod
  port: number
  /** expose added the `tailscale serve` forward (one that was there before is the user's). */
  forwardAdded: boolean
  /** expose wrote the systemd drop-in. */
  dropIn: boolean
  /** OLLAMA_HOST as it was before expose set it (launchctl on macOS, the user environment on Windows); null: unset. */
  previousHost?: string | null
  at: string
}

type Records = Partial<Record<RuntimeId, ExposeRecord>>

const recordFile = (homedir: string) => path.join(homedir, '.localclaw', 'tailscale-expose.json')

async function readAll(homedir: string): Promise<Records> {
  try {
    const value = JSON.parse(await readFile(recordFile(homedir), 'utf8')) as unknown
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Records : {}
  } catch {
    return {}
  }
}

export async function readExposeRecord(homedir: string, runtime: RuntimeId): Promise<ExposeRecord | null> {
  return (await readAll(homedir))[runtime] ?? null
}

async function writeAll(homedir: string, records: Records): Promise<void> {
  privateDir(homedir)
  const file = recordFile(homedir)
  const temp = `${file}.${process.pid}.tmp`
  await writeFile(temp, `${JSON.stringify(records, null, 2)}\n`, {mode: PRIVATE_FILE_MODE})
  await rename(temp, file)
}

/**
 * Records an expose. Run twice, the first run's view of the user's state stands: the forward and
 * OLLAMA_HOST that were there before localclaw touched anything.
 */
export async function saveExposeRecord(homedir: string, runtime: RuntimeId, record: ExposeRecord): Promise<void> {
  const records = await readAll(homedir)
  const earlier = records[runtime]
  records[runtime] = earlier
    ? {
        ...record,
        forwardAdded: record.forwardAdded || (earlier.forwardAdded && earlier.port === record.port),
        dropIn: record.dropIn || earlier.dropIn,
        ...('previousHost' in earlier ? {previousHost: earlier.previousHost} : {}),
      }
    : record
  await writeAll(homedir, records)
}

export async function clearExposeRecord(homedir: string, runtime: RuntimeId): Promise<void> {
  const records = await readAll(homedir)
  if (!(runtime in records)) return
  delete records[runtime]
  await writeAll(homedir, records)
}
