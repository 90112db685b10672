import {open, stat} from 'node:fs/promises'
import path from 'node:path'

import {pullLogPath} from '../runtimes/pull-log.js'
import {runtimeById} from '../runtimes/registry.js'
import type {RuntimeId} from '../runtimes/runtime.js'
import {whichBinary, type System} from '../system.js'

/** Logs older than this describe a past the user has likely moved on from. */
const RECENT_MS = 24 * 3600 * 1000
const TAIL_BYTES = 256 * 1024
const TAIL_LINES = 500

export interface LogExcerpt {
  /** Where it came from: a file path or the command that printed it. */
  source: string
  text: string
}

function lastLines(text: string): string {
  return text.split('\n').slice(-TAIL_LINES).join('\n')
}

/** The end of a log file, if it was written to in the last day. */
export async function readLogTail(file: string, now = Date.now()): Promise<LogExcerpt | null> {
  try {
    const info = await stat(file)
    if (!info.isFile() || now - info.mtimeMs > RECENT_MS) return null
    const handle = await open(file, 'r')
    try {
      const length = Math.min(info.size, TAIL_BYTES)
      const buffer = Buffer.alloc(length)
      await handle.read(buffer, 0, length, info.size - length)
      return {source: file, text: lastLines(buffer.toString('utf8'))}
    } finally {
      await handle.close()
    }
  } catch {
    return null
  }
}

/** A service's journal on systemd Linux (runtimes.md: journalctl -u ollama). */
async function journal(system: System, unit: string, timeoutMs: number): Promise<LogExcerpt | null> {
  const journalctl = await whichBinary(system, ['journalctl'])
  if (!journalctl) return null
  const args = ['-u', unit, '--no-pager', '-q', '--since', '24 hours ago', '-n', String(TAIL_LINES)]
  const result = await system.exec(journalctl, args, {timeoutMs, env: system.env})
  if (result.exitCode !== 0 || !result.stdout.trim() || /^-- No entries --|No journal files were found/m.test(result.stdout)) return null
  return {source: `journalctl ${args.slice(0, 2).join(' ')}`, text: result.stdout}
}

/**
 * A runtime's recent log, wherever its installer puts it (the adapter's logSources) and the log
 * localclaw itself writes when it starts a server in the background. 'localclaw' is localclaw's own
 * record of failed pulls.
 */
export async function readRecentLogs(system: System, runtimeId: RuntimeId | 'localclaw', timeoutMs: number): Promise<LogExcerpt[]> {
  if (runtimeId === 'localclaw') return [await readLogTail(pullLogPath(system.homedir))].filter((log) => log !== null)
  const own = await runtimeById(runtimeId).logSources?.(system) ?? {files: []}
  const files = [path.join(system.homedir, '.localclaw', 'logs', `${runtimeId}-serve.log`), ...own.files]
  const sources = [...(own.journalUnit ? [journal(system, own.journalUnit, timeoutMs)] : []), ...files.map((file) => readLogTail(file))]
  return (await Promise.all(sources)).filter((log) => log !== null)
}
