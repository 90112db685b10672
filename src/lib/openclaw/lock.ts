import {randomBytes} from 'node:crypto'
import {link, readFile, stat, unlink, writeFile} from 'node:fs/promises'
import {hostname} from 'node:os'
import path from 'node:path'

import {ExitCode, LocalclawError} from '../errors.js'

/** How long a second localclaw waits for the first to finish its write (a write takes milliseconds). */
const LOCK_WAIT_MS = 5000
/** A lock from another host (a shared home) whose holder cannot be asked is stale after this long. */
const FOREIGN_LOCK_STALE_MS = 10 * 60 * 1000
const POLL_MS = 25

interface LockOwner {
  pid: number
  host: string
  at: string
}

export interface ConfigLock {
  file: string
  release(): Promise<void>
}

const lockFile = (target: string) => `${target}.lock`

/**
 * Creates the lock with its content in one step: written under a scratch name, then hard-linked to
 * the lock's name (which fails if it exists). A lock created empty and then filled could be left
 * empty by a kill, and an empty lock names no holder to check. Where hard links are refused, an
 * exclusive create is the fallback.
 */
async function createLock(file: string, content: string): Promise<void> {
  const scratch = path.join(
    path.dirname(file),
    `.${path.basename(file, '.lock')}.localclaw-${process.pid}-${randomBytes(4).toString('hex')}.lock-new`,
  )
  await writeFile(scratch, content, {flag: 'wx', mode: 0o600})
  try {
    await link(scratch, file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error
    await writeFile(file, content, {flag: 'wx', mode: 0o600})
  } finally {
    await unlink(scratch).catch(() => {})
  }
}

/** Whether a process of this host still runs (EPERM: it does, as another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function owner(file: string): Promise<{owner: LockOwner | null; text: string; ageMs: number} | null> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)])
    let parsed: LockOwner | null = null
    try {
      const value = JSON.parse(text) as Partial<LockOwner>
      if (typeof value.pid === 'number' && typeof value.host === 'string') parsed = value as LockOwner
    } catch {
      // A lock still being written, or not ours: judged by its age alone.
    }
    return {owner: parsed, text, ageMs: Date.now() - info.mtimeMs}
  } catch {
    return null
  }
}

/** A lock whose holder is gone: a dead process on this host, or an old lock nobody can vouch for. */
function stale(found: {owner: LockOwner | null; ageMs: number}): boolean {
  if (found.owner && found.owner.host === hostname()) return !alive(found.owner.pid)
  return found.ageMs > FOREIGN_LOCK_STALE_MS
}

/**
 * Takes the config's lock: a file beside it, created exclusively. A second localclaw waits up to
 * LOCK_WAIT_MS for the first, then refuses clearly; a lock left by a killed process is taken over.
 */
export async function lockConfig(target: string, waitMs = LOCK_WAIT_MS): Promise<ConfigLock> {
  const file = lockFile(target)
  const mine: LockOwner = {pid: process.pid, host: hostname(), at: new Date().toISOString()}
  const deadline = Date.now() + waitMs
  for (;;) {
    try {
      await createLock(file, `${JSON.stringify(mine)}\n`)
      return {
        file,
        async release() {
          const now = await owner(file)
          if (now?.owner?.pid === mine.pid && now.owner.host === mine.host) await unlink(file).catch(() => {})
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const found = await owner(file)
    if (found && stale(found)) {
      // Remove it only if it is still the lock judged stale, not one a third process just took.
      const again = await owner(file)
      if (again?.text === found.text) await unlink(file).catch(() => {})
      continue
    }
    if (Date.now() >= deadline) {
      const who = found?.owner ? `localclaw (pid ${found.owner.pid} on ${found.owner.host})` : 'another program'
      throw new LocalclawError(
        `${target} is being written by ${who}: its lock ${file} is still held after ${waitMs / 1000} s. Nothing was written.`,
        {
          code: 'config_locked',
          exit: ExitCode.failed,
          suggestions: [
            'Wait for the other command to finish, then run this one again',
            `If no localclaw is running, remove the lock: rm ${file}`,
          ],
        },
      )
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}
