import type {ChildProcess, SpawnOptions} from 'node:child_process'

/**
 * node:child_process is loaded at the first spawn, not when this module is: with what it loads
 * (net, dgram) about 1 ms of every command's start, and recommend or --help spawn nothing (bench/startup.js).
 */
function spawn(file: string, args: string[], options: SpawnOptions): ChildProcess {
  return process.getBuiltinModule('node:child_process').spawn(file, args, options)
}

export interface ExecOptions {
  /** Kill the process (and its group) after this long. Every call is time-boxed. */
  timeoutMs?: number
  env?: NodeJS.ProcessEnv
  cwd?: string
  signal?: AbortSignal
  /** Stop collecting output past this many bytes per stream. */
  maxBuffer?: number
}

export interface ExecResult {
  command: string
  stdout: string
  stderr: string
  /** null when the process was killed or never started. */
  exitCode: number | null
  /** The executable was not found (ENOENT) or not executable (EACCES). */
  notFound: boolean
  timedOut: boolean
  /** Spawn-level failure other than not-found, e.g. EMFILE. */
  spawnError?: string
  durationMs: number
}

export type Exec = (file: string, args: string[], options?: ExecOptions) => Promise<ExecResult>

const DEFAULT_TIMEOUT_MS = 10_000
const DEFAULT_MAX_BUFFER = 16 * 1024 * 1024

/**
 * Process groups of calls still pending. Children run in their own group (so a timeout reaches
 * grandchildren), which also means they would outlive localclaw when it exits first (a check cut off
 * by doctor's time box): whatever is still pending at exit is killed then.
 */
const liveGroups = new Set<number>()
function trackGroup(pid: number): void {
  if (liveGroups.size === 0) process.once('exit', killLiveGroups)
  liveGroups.add(pid)
}
function untrackGroup(pid: number): void {
  liveGroups.delete(pid)
  if (liveGroups.size === 0) process.removeListener('exit', killLiveGroups)
}
function killLiveGroups(): void {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  liveGroups.clear()
}

/**
 * Runs a program and never throws: a missing binary, a non-zero exit and a timeout are all
 * data. We use node:child_process rather than execa because execa's import alone costs about
 * 150 ms, three times the whole `detect --json` budget left after oclif (see bench/).
 */
export const exec: Exec = (file, args, options = {}) => {
  const started = performance.now()
  const command = [file, ...args].join(' ')
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxBuffer = options.maxBuffer ?? DEFAULT_MAX_BUFFER

  return new Promise<ExecResult>((resolve) => {
    let settled = false
    let timedOut = false
    const out: Buffer[] = []
    const err: Buffer[] = []
    let outBytes = 0
    let errBytes = 0

    const finish = (partial: Pick<ExecResult, 'exitCode' | 'notFound'> & {spawnError?: string}) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      // Done with it (exited, or killed with its group): only calls still pending are killed at exit.
      if (child?.pid !== undefined && process.platform !== 'win32') untrackGroup(child.pid)
      options.signal?.removeEventListener('abort', onAbort)
      resolve({
        command,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        durationMs: Math.round(performance.now() - started),
        ...partial,
      })
    }

    let child: ChildProcess | undefined
    try {
      child = spawn(file, args, {
        env: options.env ?? process.env,
        cwd: options.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Own process group on POSIX so a timeout also kills grandchildren that hold our pipes open.
        detached: process.platform !== 'win32',
        windowsHide: true,
      })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      resolve({
        command, stdout: '', stderr: '', exitCode: null, timedOut: false,
        notFound: code === 'ENOENT' || code === 'EACCES',
        spawnError: code === 'ENOENT' || code === 'EACCES' ? undefined : String(error),
        durationMs: Math.round(performance.now() - started),
      })
      return
    }

    if (child.pid !== undefined && process.platform !== 'win32') trackGroup(child.pid)

    // The child stays referenced until it is reaped: unreferenced, the loop could empty between the
    // pipes closing and the exit arriving, and Node would quit with the result still pending.
    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL')
        else child.kill('SIGKILL')
      } catch {
        // Already gone.
      }
      // Given up on: a stuck grandchild must not keep localclaw alive.
      child.unref()
    }

    const timer = setTimeout(() => {
      timedOut = true
      kill()
      // Do not wait for 'close': a stuck grandchild could keep the pipes open.
      finish({exitCode: null, notFound: false})
    }, timeoutMs)
    timer.unref?.()

    const onAbort = () => {
      kill()
      finish({exitCode: null, notFound: false, spawnError: 'aborted'})
    }
    options.signal?.addEventListener('abort', onAbort, {once: true})
    if (options.signal?.aborted) onAbort()

    child.stdout?.on('data', (chunk: Buffer) => {
      if (outBytes < maxBuffer) out.push(chunk)
      outBytes += chunk.length
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      if (errBytes < maxBuffer) err.push(chunk)
      errBytes += chunk.length
    })
    child.on('error', (error: NodeJS.ErrnoException) => {
      const missing = error.code === 'ENOENT' || error.code === 'EACCES'
      finish({exitCode: null, notFound: missing, spawnError: missing ? undefined : error.message})
    })
    child.on('close', (code) => finish({exitCode: code, notFound: false}))
  })
}

/** Output a person can read in an error: stderr first (where tools complain), else stdout. */
export function execFailureText(result: ExecResult): string {
  if (result.notFound) return `${result.command.split(' ')[0]}: not found`
  if (result.timedOut) return `timed out after ${result.durationMs} ms`
  if (result.spawnError) return result.spawnError
  const text = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(0, 3).join(' ')
  return text || `exited with code ${result.exitCode}`
}

/**
 * Runs a program attached to this terminal (its own progress bars show); resolves with its exit
 * code, or null when it could not start. Ctrl-C reaches it too. With timeoutMs, it runs in a process
 * group of its own that is killed whole when the time is up ('timeout'): a hung `systemctl restart`
 * must not hang localclaw.
 */
export function runAttached(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs?: number,
): Promise<number | null | 'timeout'> {
  return new Promise((resolve) => {
    const grouped = timeoutMs !== undefined && process.platform !== 'win32'
    const child = spawn(file, args, {env, stdio: ['ignore', 'inherit', 'inherit'], detached: grouped})
    const timer =
      timeoutMs === undefined
        ? null
        : setTimeout(() => {
            try {
              if (grouped && child.pid) process.kill(-child.pid, 'SIGKILL')
              else child.kill('SIGKILL')
            } catch {
              // already gone
            }
            resolve('timeout')
          }, timeoutMs)
    child.on('error', () => resolve(null))
    child.on('close', (code) => {
      if (timer) clearTimeout(timer)
      resolve(code)
    })
  })
}
