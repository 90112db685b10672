import {randomBytes} from 'node:crypto'
import {constants} from 'node:fs'
import {lstat, mkdir, open, readdir, readFile, realpath, rename, stat, unlink, link, type FileHandle} from 'node:fs/promises'
import path from 'node:path'

import {ExitCode, LocalclawError} from '../errors.js'
import {alive, lockConfig} from './lock.js'

/** OpenClaw's own backup ring: openclaw.json.bak, then .bak.1 to .bak.4 (openclaw.md section 1). */
export const BACKUP_SLOTS = 4

/** The points of a write, in order; the test seam can fail any of them as a disk or a crash would. */
export type WriteStep = 'locked' | 'temp-written' | 'backup-staged' | 'before-rename' | 'renamed'

export interface WriteOptions {
  /** The text read before planning; null when the file did not exist. */
  original: string | null
  /** Test seam: runs at each step; what it throws is handled as a failure at that point. */
  step?: (step: WriteStep) => Promise<void> | void
  /** How long to wait for another localclaw's lock. */
  lockWaitMs?: number
}

export interface WriteOutcome {
  /** Where the previous content was saved, when there was any. */
  backup: string | null
  /** The file actually written (the target of a symlinked config). */
  written: string
}

function failure(message: string, error: unknown, suggestions: string[] = []): LocalclawError {
  const code = (error as NodeJS.ErrnoException).code
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'read-only file system'
        : code === 'ENOSPC'
          ? 'disk full'
          : (error as Error).message
  return new LocalclawError(`${message}: ${why}. Nothing was changed.`, {
    code: 'config_write_failed',
    exit: ExitCode.failed,
    cause: error,
    suggestions,
  })
}

function changedError(target: string, detail = 'another program wrote it'): LocalclawError {
  return new LocalclawError(`${target} changed while localclaw was working (${detail}). Nothing was written.`, {
    code: 'config_changed', exit: ExitCode.failed, suggestions: ['Run the command again to plan against the new content'],
  })
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(() => true, () => false)
}

/** The names of this process's scratch files beside the config; the PID lets a later run tell a dead writer's leftovers. */
const scratchPattern = (base: string) =>
  new RegExp(
    `^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.localclaw-(\\d+)-[0-9a-f]+\\.(tmp|bak-staging|bak-pending|keep|lock-new)$`,
  )
const scratchName = (dir: string, base: string, kind: 'tmp' | 'bak-staging' | 'bak-pending' | 'keep', id: string) =>
  path.join(dir, `.${base}.localclaw-${process.pid}-${id}.${kind}`)

/** Shift .bak -> .bak.1 -> ... -> .bak.4 (the oldest drops off), then move the staged backup in as .bak. */
async function rotateInto(target: string, staged: string): Promise<string> {
  const bak = `${target}.bak`
  for (let slot = BACKUP_SLOTS - 1; slot >= 1; slot--) {
    if (await exists(`${bak}.${slot}`)) await rename(`${bak}.${slot}`, `${bak}.${slot + 1}`)
  }
  if (await exists(bak)) await rename(bak, `${bak}.1`)
  await rename(staged, bak)
  return bak
}

/**
 * Leftovers of a writer killed mid-way: a temp file was never live, and a backup still being
 * staged may be incomplete, so they go; a staged backup (complete: renamed there once fsynced)
 * that differs from the live file is a version replaced before the ring took it, so it joins the
 * ring; one equal to the live file is a write that never happened.
 */
async function recoverScratch(dir: string, target: string): Promise<void> {
  const pattern = scratchPattern(path.basename(target))
  const leftovers = (await readdir(dir).catch(() => [] as string[])).map((name) => ({name, match: pattern.exec(name)}))
    // Under the lock no other write to this file runs, so this process's own leftovers (a write that
    // failed after its rename) are recovered too; only its lock being taken right now is not a leftover.
    .filter((entry): entry is {name: string; match: RegExpExecArray} => entry.match !== null
      && (Number(entry.match[1]) === process.pid ? entry.match[2] !== 'lock-new' : !alive(Number(entry.match[1]))))
  const live = await readFile(target, 'utf8').catch(() => null)
  for (const {name, match} of leftovers) {
    const file = path.join(dir, name)
    if (match[2] === 'bak-pending' && live !== null && await readFile(file, 'utf8').catch(() => live) !== live) {
      await rotateInto(target, file).catch(() => {})
    } else {
      await unlink(file).catch(() => {})
    }
  }
}

/** Writes a new file completely and makes it durable before anything depends on it. */
async function writeDurably(file: string, text: string, mode: number, owner: {uid: number; gid: number} | null): Promise<void> {
  const handle = await open(file, 'wx', mode)
  try {
    await handle.writeFile(text, 'utf8')
    // Root editing another user's config must leave it theirs, or they can no longer read it.
    if (owner) await handle.chown(owner.uid, owner.gid)
    await handle.chmod(mode)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

async function readWhole(handle: FileHandle): Promise<string> {
  const {size} = await handle.stat()
  const buffer = Buffer.alloc(size)
  let offset = 0
  while (offset < size) {
    const {bytesRead} = await handle.read(buffer, offset, size - offset, offset)
    if (bytesRead === 0) break
    offset += bytesRead
  }
  return buffer.subarray(0, offset).toString('utf8')
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the renames durable; not every platform lets a directory be fsynced.
  try {
    const directory = await open(dir, 'r')
    await directory.sync().finally(() => directory.close())
  } catch {
    // best effort
  }
}

/** Refuses a config the user made read-only: replacing it would silently undo that choice. */
export async function refuseReadOnly(file: string): Promise<void> {
  const info = await stat(file).catch(() => null)
  if (info && (info.mode & 0o222) === 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, '0')
    throw new LocalclawError(`${file} is read-only (mode ${mode}); localclaw will not replace it. Nothing was written.`, {
      code: 'config_read_only', exit: ExitCode.failed, suggestions: [`To let localclaw edit it: chmod u+w ${file}`],
    })
  }
}

/** What writing will do to the file that a user should hear before it happens. */
export async function writeNotes(file: string): Promise<string[]> {
  const info = await stat(file).catch(() => null)
  if (!info || info.nlink <= 1) return []
  return [
    `${file} has ${info.nlink} hard links; writing replaces the file, so the other ${info.nlink - 1 === 1 ? 'link keeps' : `${info.nlink - 1} links keep`} the old content (use a symlink to share one config)`,
  ]
}

/**
 * Writes the config the way a user's file deserves. Under a lock beside the file: refuse if it
 * changed since it was read, write the new content to a temp file and fsync it, stage the backup
 * and fsync it, then rename over the config (atomic on POSIX). Only once the new config is in place
 * does the backup ring turn, so a failed write leaves every backup as it was. An outside writer
 * that edits the file between the last check and the rename is noticed and its version put back.
 */
export async function writeConfig(file: string, text: string, options: WriteOptions): Promise<WriteOutcome> {
  const step = options.step ?? (() => {})
  // A symlinked config keeps its link: write where it points, as OpenClaw does.
  const target = options.original !== null ? await realpath(file).catch(() => file) : file
  const dir = path.dirname(target)
  try {
    await mkdir(dir, {recursive: true, mode: 0o700})
  } catch (error) {
    throw failure(`Cannot create ${dir}`, error, ['Check the permissions of the parent directory, or pass --config <path>'])
  }
  let lock
  try {
    lock = await lockConfig(target, options.lockWaitMs)
  } catch (error) {
    if (error instanceof LocalclawError) throw error
    throw failure(`Cannot lock ${target}`, error, ['Check that you own the file and its directory, or pass --config <path>'])
  }
  const id = randomBytes(4).toString('hex')
  const base = path.basename(target)
  const temp = scratchName(dir, base, 'tmp', id)
  const staging = scratchName(dir, base, 'bak-staging', id)
  const staged = scratchName(dir, base, 'bak-pending', id)
  const keep = scratchName(dir, base, 'keep', id)
  let live: FileHandle | null = null
  let backup: string | null = null
  let renamed = false
  try {
    await step('locked')
    await recoverScratch(dir, target)
    live = await open(target, constants.O_RDONLY).catch((error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? null : Promise.reject(error),
    )
    const info = live ? await live.stat() : null
    if ((live ? await readWhole(live) : null) !== options.original) throw changedError(target)
    if (info) await refuseReadOnly(target)
    const mode = info ? info.mode & 0o777 : 0o600
    const owner = info && process.getuid?.() === 0 && (info.uid !== 0 || info.gid !== 0) ? {uid: info.uid, gid: info.gid} : null
    await writeDurably(temp, text, mode, owner)
    await step('temp-written')
    if (options.original !== null) {
      await writeDurably(staging, options.original, 0o600, owner)
      await rename(staging, staged)
    }
    await step('backup-staged')
    // The last look before the rename: the lock keeps other localclaws out, not other programs.
    if (live && await readWhole(live) !== options.original) throw changedError(target)
    await step('before-rename')
    const kept = live ? await link(target, keep).then(() => true, () => false) : false
    await rename(temp, target)
    renamed = true
    await step('renamed')
    if (live && info) {
      // Did someone write in the instant between that look and the rename? Their version is either
      // the file we looked at (written in place) or a new one renamed there; either way it is kept.
      const theirs = kept
        ? await lstat(keep).then(async (now) => now.ino !== info.ino || (await readFile(keep, 'utf8')) !== options.original)
        : (await readWhole(live)) !== options.original
      if (theirs) {
        if (kept) await rename(keep, target)
        else await writeDurably(temp, await readWhole(live), mode, owner).then(() => rename(temp, target))
        await unlink(staged).catch(() => {})
        throw changedError(target, 'another program wrote it at the same moment; its version is kept')
      }
    }
    // The new config is in place; a failure from here on loses no content (a staged backup is recovered next time).
    if (options.original !== null) backup = await rotateInto(target, staged).catch(() => staged)
  } catch (error) {
    // Past the rename, the new config is in place: saying nothing changed would be false. Its staged
    // backup stays, for the next write to take into the ring.
    if (renamed && !(error instanceof LocalclawError)) return {backup: staged, written: target}
    await Promise.all([temp, staging, staged].map((scratch) => unlink(scratch).catch(() => {})))
    if (error instanceof LocalclawError) throw error
    throw failure(`Cannot write ${target}`, error, [
      'Check that you own the file and its directory (lsattr shows an immutable one), or pass --config <path>',
    ])
  } finally {
    await unlink(keep).catch(() => {})
    await live?.close()
    await syncDirectory(dir)
    await lock.release()
  }
  return {backup, written: target}
}
