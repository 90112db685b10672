import {existsSync} from 'node:fs'
import {readFile, stat} from 'node:fs/promises'

/** Why a config file could not be read, with what to run about it. */
export interface ConfigReadFailure {
  message: string
  /** A command that runs as printed. */
  fix: string
  /** What to know about it. */
  note: string
}

/**
 * The text of an existing config file, never hanging and never blaming the wrong thing: a FIFO or a
 * device at the path would block a read forever, so only a regular file (or a link to one) is read;
 * a permission error says so instead of looking like a parse error.
 */
export async function readConfigText(file: string): Promise<{text: string} | {failure: ConfigReadFailure}> {
  let kind: string | null = null
  try {
    const info = await stat(file)
    if (!info.isFile())
      kind = info.isDirectory()
        ? 'a directory'
        : info.isFIFO()
          ? 'a named pipe (FIFO)'
          : info.isSocket()
            ? 'a socket'
            : 'a device or other special file'
  } catch (error) {
    return {failure: unreadable(file, error as NodeJS.ErrnoException)}
  }
  if (kind) {
    return {
      failure: {
        message: `${file} is ${kind}, not a config file`,
        fix: `mv ${file} ${file}.not-a-config`,
        note: 'moves it aside; then localclaw config writes a new one',
      },
    }
  }
  try {
    return {text: await readFile(file, 'utf8')}
  } catch (error) {
    return {failure: unreadable(file, error as NodeJS.ErrnoException)}
  }
}

function unreadable(file: string, error: NodeJS.ErrnoException): ConfigReadFailure {
  if (error.code === 'EACCES' || error.code === 'EPERM') {
    return {
      message: `${file} cannot be read: permission denied`,
      fix: `chmod u+rw ${file}`,
      note: `if it is yours (ls -l ${file} shows its owner and mode)`,
    }
  }
  return {message: `${file} cannot be read: ${error.message}`, fix: `ls -l ${file}`, note: 'what the file is, and who may read it'}
}

/** The newest backup OpenClaw's ring keeps, when there is one. */
export function newestBackup(file: string): string | null {
  return [`${file}.bak`, ...[1, 2, 3, 4].map((index) => `${file}.bak.${index}`)].find((candidate) => existsSync(candidate)) ?? null
}
