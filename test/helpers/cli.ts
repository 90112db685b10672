import {spawn, spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

import {fixturePath} from './fixtures.js'
import {RUNTIMES_DOWN} from './runtimes-down.js'
import {fakeBin, tempDir} from './system.js'

const cli = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

/** The built CLI, run the way a user or CI job runs it: a real process, a real exit code. */
export function localclaw(args: string[], options: {path?: string[]; env?: Record<string, string>; input?: string} = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    input: options.input,
    // Only the fake tools on PATH, and every runtime on a closed port: a real nvidia-smi, or whatever
    // listens on 11434 on the test machine, must not change the outcome.
    env: {HOME: tempDir(), PATH: (options.path ?? []).join(':'), CI: '1', ...RUNTIMES_DOWN, ...options.env},
    timeout: 30_000,
  })
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

/**
 * The same CLI, asynchronous: for tests whose loopback servers live in this process and must keep
 * answering while the command runs. The environment is what the test gives over every runtime on a
 * closed port (a test puts one up by setting its variable); stdin is closed after `stdin` (nothing by default).
 */
export function localclawAsync(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {env: {...RUNTIMES_DOWN, ...env}})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({code, stdout, stderr}))
    child.stdin.end(stdin)
  })
}

/** A fake nvidia-smi answering the query with a recorded CSV and anything else with a recorded header. */
export function fakeNvidiaSmi(queryFile: string, headerFile = 'nvidia/nvidia-smi-header-cuda12.4.txt'): string {
  return fakeBin({'nvidia-smi': `case "$1" in
  --query-gpu=*) cat '${fixturePath(queryFile)}' ;;
  *) cat '${fixturePath(headerFile)}' ;;
esac`})
}
