import {appendFile, mkdir} from 'node:fs/promises'
import path from 'node:path'

/** ~/.localclaw/logs/pull.log: failed pulls, one line each, for `doctor` to read back. */
export function pullLogPath(homedir: string): string {
  return path.join(homedir, '.localclaw', 'logs', 'pull.log')
}

/** Best effort: a log that cannot be written must not hide the pull's own error. */
export async function recordPullFailure(homedir: string, entry: {model: string; runtime: string; message: string}, now = new Date()): Promise<void> {
  const file = pullLogPath(homedir)
  try {
    await mkdir(path.dirname(file), {recursive: true})
    await appendFile(file, `${now.toISOString()} localclaw pull ${entry.model} (${entry.runtime}) failed: ${entry.message.replace(/\s+/g, ' ')}\n`)
  } catch {
    // nothing to do: the caller reports the pull failure itself
  }
}
