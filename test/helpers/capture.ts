import {format} from 'node:util'

import {setSystemFactory} from '../../src/base-command.js'
import type {System} from '../../src/lib/system.js'

/**
 * Runs an oclif command in-process and captures what it writes, and the exit code it asked for
 * (oclif throws an ExitError carrying it; run.js would turn that into process.exit).
 */
export interface Captured<T> {
  stdout: string
  stderr: string
  exitCode: number
  result?: T
}

export async function capture<T>(run: () => Promise<T>): Promise<Captured<T>> {
  const out: string[] = []
  const err: string[] = []
  const originalOut = process.stdout.write.bind(process.stdout)
  const originalErr = process.stderr.write.bind(process.stderr)
  const originalLog = console.log
  const originalError = console.error
  const previousExitCode = process.exitCode
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write
  // oclif's ux writes through console.log/console.error, which the test runner redirects itself.
  console.log = (...args: unknown[]) => void out.push(`${format(...args)}\n`)
  console.error = (...args: unknown[]) => void err.push(`${format(...args)}\n`)
  try {
    const result = await run()
    return {stdout: out.join(''), stderr: err.join(''), exitCode: Number(process.exitCode ?? 0), result}
  } catch (error) {
    const exit = (error as {oclif?: {exit?: number}}).oclif?.exit
    if (typeof exit !== 'number') throw error
    return {stdout: out.join(''), stderr: err.join(''), exitCode: exit}
  } finally {
    process.stdout.write = originalOut
    process.stderr.write = originalErr
    console.log = originalLog
    console.error = originalError
    process.exitCode = previousExitCode
  }
}

const projectRoot = new URL('../..', import.meta.url).pathname

/**
 * Runs a command class in-process, configured from this project's package.json, on the real machine
 * or on `options.system` (its files, programs on PATH, HTTP and environment).
 */
export async function runCommand<T>(command: {run(argv?: string[], opts?: {root: string}): Promise<T>}, argv: string[],
  options: {system?: System} = {}): Promise<Captured<T>> {
  const previous = options.system ? setSystemFactory(() => options.system!) : null
  try {
    return await capture(() => command.run(argv, {root: projectRoot}))
  } finally {
    if (previous) setSystemFactory(previous)
  }
}
