import {randomBytes} from 'node:crypto'
import {lstat, mkdir, open, readFile, realpath, rename, unlink, writeFile} from 'node:fs/promises'
import path from 'node:path'

import {ExitCode, LocalclawError} from '../errors.js'
import type {Json} from './document.js'

/** OpenClaw's own backup ring: openclaw.json.bak, then .bak.1 to .bak.4 (openclaw.md section 1). */
export const BACKUP_SLOTS = 4

export interface WriteOptions {
  /** The text read before planning; null when the file did not exist. */
  original: string | null
  /** Test seam: runs after the temp file is complete, before the rename. */
  beforeRename?: () => Promise<void> | void
}

export interface WriteOutcome {
  /** Where the previous content was saved, when there was any. */
  backup: string | null
  /** The file actually written (the target of a symlinked config). */
  written: string
}

function failure(message: string, error: unknown, suggestions: string[] = []): LocalclawError {
  const code = (error as NodeJS.ErrnoException).code
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : code === 'ENOSPC' ? 'disk full' : (error as Error).message
  return new LocalclawError(`${message}: ${why}. Nothing was changed.`, {code: 'config_write_failed', exit: ExitCode.failed, cause: error, suggestions})
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file)
    return true
  } catch {
    return false
  }
}

/** Shift .bak -> .bak.1 -> ... -> .bak.4 (the oldest drops off), then save the current content as .bak. */
async function rotateBackups(target: string, content: string): Promise<string> {
  const bak = `${target}.bak`
  for (let slot = BACKUP_SLOTS - 1; slot >= 1; slot--) {
    if (await exists(`${bak}.${slot}`)) await rename(`${bak}.${slot}`, `${bak}.${slot + 1}`)
  }
  if (await exists(bak)) await rename(bak, `${bak}.1`)
  await writeFile(bak, content, {mode: 0o600})
  return bak
}

/**
 * Writes the config the way a user's file deserves: refuse if it changed since it was read, back it
 * up, write a temp file beside it, fsync, rename over it (atomic on POSIX), fsync the directory.
 * A crash at any point leaves either the old file or the new one, never half of either.
 */
export async function writeConfig(file: string, text: string, options: WriteOptions): Promise<WriteOutcome> {
  // A symlinked config keeps its link: write where it points, as OpenClaw does.
  const target = options.original !== null ? await realpath(file).catch(() => file) : file
  const dir = path.dirname(target)
  try {
    await mkdir(dir, {recursive: true, mode: 0o700})
  } catch (error) {
    throw failure(`Cannot create ${dir}`, error, ['Check the permissions of the parent directory, or pass --config <path>'])
  }

  const now = await readFile(target, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)))
  if (now !== options.original) {
    throw new LocalclawError(`${target} changed while localclaw was working (another program wrote it). Nothing was written.`, {
      code: 'config_changed', exit: ExitCode.failed, suggestions: ['Run the command again to plan against the new content'],
    })
  }

  const temp = path.join(dir, `.${path.basename(target)}.localclaw-${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
  let backup: string | null = null
  try {
    if (options.original !== null) backup = await rotateBackups(target, options.original)
    const handle = await open(temp, 'wx', 0o600)
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await options.beforeRename?.()
    await rename(temp, target)
  } catch (error) {
    await unlink(temp).catch(() => {})
    if (error instanceof LocalclawError) throw error
    throw failure(`Cannot write ${target}`, error, ['Check that you own the file and its directory, or pass --config <path>'])
  }
  // Make the rename itself durable; not every platform lets a directory be fsynced.
  try {
    const directory = await open(dir, 'r')
    await directory.sync().finally(() => directory.close())
  } catch {
    // best effort
  }
  return {backup, written: target}
}

/** Non-secret markers OpenClaw accepts for local providers, and ${VAR} references: safe to show. */
const SAFE_SECRET = /^(\$\{[A-Z_][A-Z0-9_]*\}|[a-z0-9]+-local|[A-Z_]+_API_KEY|llamacpp-no-key)$/
const SECRET_KEY = /(api[-_]?key|token|secret|password|passphrase)$/i

/** The config with every secret-looking string replaced, for --print. */
export function redact(value: Json): Json {
  if (Array.isArray(value)) return value.map(redact)
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [
    key,
    SECRET_KEY.test(key) && typeof child === 'string' && !SAFE_SECRET.test(child) ? '<redacted: --show-secrets>' : redact(child),
  ]))
}

/** A unified diff of the file before and after. */
export async function unifiedDiff(file: string, before: string, after: string): Promise<string> {
  const {createTwoFilesPatch} = await import('diff')
  return createTwoFilesPatch(file, file, before, after, 'before', 'after', {context: 3})
}
