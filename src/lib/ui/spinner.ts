/**
 * Progress on stderr: an ora spinner in a terminal, one plain line otherwise, nothing under --json.
 * ora is imported only when a terminal will show it, keeping scripted runs fast.
 */
export interface Spinner {
  succeed(text?: string): void
  fail(text?: string): void
  stop(): void
}

export type SpinnerMode = 'tty' | 'plain' | 'silent'

export function spinnerMode(json: boolean, stream: NodeJS.WriteStream = process.stderr): SpinnerMode {
  if (json) return 'silent'
  return stream.isTTY && !runningInCi() ? 'tty' : 'plain'
}

export async function startSpinner(text: string, mode: SpinnerMode, stream: NodeJS.WriteStream = process.stderr): Promise<Spinner> {
  if (mode === 'silent') return {succeed() {}, fail() {}, stop() {}}
  if (mode === 'plain') {
    stream.write(`${text}\n`)
    return {succeed() {}, fail: (failText) => void stream.write(`${failText ?? text}: failed\n`), stop() {}}
  }
  const {default: ora} = await import('ora')
  const spinner = ora({text, stream}).start()
  return {
    succeed: (doneText) => void spinner.succeed(doneText),
    fail: (failText) => void spinner.fail(failText),
    stop: () => void spinner.stop(),
  }
}

/** CI is set by CI systems; CI=false, CI=0 or an empty CI (a local override) is not CI. */
export function runningInCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase()
  return value !== undefined && value !== '' && value !== 'false' && value !== '0'
}
