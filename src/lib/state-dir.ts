import {chmodSync, mkdirSync} from 'node:fs'
import path from 'node:path'

/**
 * ~/.localclaw holds localclaw's own files (logs of pulls and servers, downloaded installers). A log
 * can carry what a user typed (a URL, a model name): the directory is 0700 and its files 0600.
 */
export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** ~/.localclaw/<parts...>, created private (and made private again where an older localclaw left 0755). */
export function privateDir(homedir: string, ...parts: string[]): string {
  let dir = path.join(homedir, '.localclaw')
  for (const part of ['', ...parts]) {
    dir = part ? path.join(dir, part) : dir
    mkdirSync(dir, {recursive: true, mode: PRIVATE_DIR_MODE})
    chmodSync(dir, PRIVATE_DIR_MODE)
  }
  return dir
}
