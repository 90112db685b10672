import {chmod, appendFile} from 'node:fs/promises'
import path from 'node:path'

import {redactText} from '../redact.js'
import {PRIVATE_FILE_MODE, privateDir} from '../state-dir.js'

/** ~/.localclaw/logs/pull.log: failed pulls, one line each, for `doctor` to read back. */
export function pullLogPath(homedir: string): string {
  return path.join(homedir, '.localclaw', 'logs', 'pull.log')
}

/** Best effort: a log that cannot be written must not hide the pull's own error. */
export async function recordPullFailure(homedir: string, entry: {model: string; runtime: string; message: string},
  now = new Date()): Promise<void> {
  const file = pullLogPath(homedir)
  try {
    privateDir(homedir, 'logs')
    // A URL the user passed (http://user:pw@...) may be in the message: the log keeps no credential.
    await appendFile(
      file,
      redactText(`${now.toISOString()} localclaw pull ${entry.model} (${entry.runtime}) failed: ${entry.message.replace(/\s+/g, ' ')}\n`),
      {mode: PRIVATE_FILE_MODE},
    )
    await chmod(file, PRIVATE_FILE_MODE)
  } catch {
    // nothing to do: the caller reports the pull failure itself
  }
}
