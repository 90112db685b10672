import {fstatSync, writeSync} from 'node:fs'

/**
 * Set by bin/run.js while process.stdout has not been created, and cleared when something first
 * reads it. Creating that stream for a pipe loads node:net and the whole stream stack, about 4 ms of
 * a `recommend --json` run (bench/startup.js), for one write of a document.
 */
const STDOUT_UNOPENED = Symbol.for('localclaw.stdout-unopened')

/**
 * A whole document to stdout. Into a pipe, a socket (what a parent process's spawn gives) or a file
 * that nothing has written to yet, one synchronous write to the descriptor; everywhere else (a
 * terminal, a stream already in use, a test capturing process.stdout) through the stream, so nothing
 * is written out of order. A reader that has gone (`| head -1`) ends the run quietly with its own
 * code, as bin/run.js does for the stream.
 */
export function writeStdout(text: string): void {
  const unopened = (process as unknown as Record<symbol, unknown>)[STDOUT_UNOPENED] === true
  if (!unopened || !pipeSocketOrFile()) {
    process.stdout.write(text)
    return
  }
  const bytes = Buffer.from(text)
  let offset = 0
  try {
    while (offset < bytes.length) offset += writeSync(1, bytes, offset)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EPIPE') process.exit(process.exitCode ?? 0)
    // A non-blocking descriptor that is full: the stream waits for the reader.
    if (code !== 'EAGAIN') throw error
    process.stdout.write(bytes.subarray(offset))
  }
}

function pipeSocketOrFile(): boolean {
  try {
    const stats = fstatSync(1)
    return stats.isFIFO() || stats.isSocket() || stats.isFile()
  } catch {
    return false
  }
}
