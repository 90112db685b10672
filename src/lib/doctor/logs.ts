import {open, readdir, stat} from 'node:fs/promises'
import path from 'node:path'

import {lmstudioHome} from '../runtimes/lmstudio.js'
import {pullLogPath} from '../runtimes/pull-log.js'
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

/** LM Studio writes <home>/server-logs/<YYYY-MM>/<date>.<n>.log: the newest one. */
async function newestLmstudioLog(homedir: string): Promise<string | null> {
  const root = path.join(lmstudioHome(homedir), 'server-logs')
  const files: Array<{file: string; mtime: number}> = []
  const visit = async (dir: string, depth: number) => {
    const entries = await readdir(dir, {withFileTypes: true}).catch(() => [])
    for (const entry of entries) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory() && depth < 1) await visit(file, depth + 1)
      else if (entry.isFile() && entry.name.endsWith('.log')) files.push({file, mtime: (await stat(file).catch(() => null))?.mtimeMs ?? 0})
    }
  }
  await visit(root, 0)
  return files.sort((a, b) => b.mtime - a.mtime)[0]?.file ?? null
}

/** The Ollama service's journal on systemd Linux (runtimes.md: journalctl -u ollama). */
async function ollamaJournal(system: System, timeoutMs: number): Promise<LogExcerpt | null> {
  const journalctl = await whichBinary(system, ['journalctl'])
  if (!journalctl) return null
  const args = ['-u', 'ollama', '--no-pager', '-q', '--since', '24 hours ago', '-n', String(TAIL_LINES)]
  const result = await system.exec(journalctl, args, {timeoutMs, env: system.env})
  if (result.exitCode !== 0 || !result.stdout.trim() || /^-- No entries --|No journal files were found/m.test(result.stdout)) return null
  return {source: `journalctl ${args.slice(0, 2).join(' ')}`, text: result.stdout}
}

/**
 * A runtime's recent log, wherever its installer puts it: the journal or server.log per OS for
 * Ollama, LM Studio's server-logs, and the log localclaw itself writes when it starts a server in
 * the background. 'localclaw' is localclaw's own record of failed pulls.
 */
export async function readRecentLogs(system: System, runtime: RuntimeId | 'localclaw', timeoutMs: number): Promise<LogExcerpt[]> {
  const ours = path.join(system.homedir, '.localclaw', 'logs')
  if (runtime === 'localclaw') return [await readLogTail(pullLogPath(system.homedir))].filter((log) => log !== null)
  const files = [path.join(ours, `${runtime}-serve.log`)]
  const sources: Array<Promise<LogExcerpt | null>> = []
  if (runtime === 'ollama') {
    if (system.platform === 'linux') sources.push(ollamaJournal(system, timeoutMs))
    if (system.platform === 'darwin') files.push(path.join(system.homedir, '.ollama', 'logs', 'server.log'))
    if (system.platform === 'win32' && system.env.LOCALAPPDATA) files.push(path.join(system.env.LOCALAPPDATA, 'Ollama', 'server.log'))
  }
  if (runtime === 'lmstudio') {
    const newest = await newestLmstudioLog(system.homedir)
    if (newest) files.push(newest)
  }
  sources.push(...files.map((file) => readLogTail(file)))
  return (await Promise.all(sources)).filter((log) => log !== null)
}
