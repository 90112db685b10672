import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {exec, execFailureText} from '../../src/lib/exec.js'
import {fakeBin, tempDir} from '../helpers/system.js'

/** Whether a process still runs: a killed one may linger as a zombie until its new parent reaps it. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

describe('exec', () => {
  it('returns stdout, stderr and the exit code without throwing on failure', async () => {
    const bin = fakeBin({tool: 'echo out; echo err >&2; exit 3'})
    const result = await exec(`${bin}/tool`, [])
    expect(result).toMatchObject({stdout: 'out\n', stderr: 'err\n', exitCode: 3, notFound: false, timedOut: false})
    expect(execFailureText(result)).toBe('err')
  })

  it('reports a missing program as notFound', async () => {
    const result = await exec('/nonexistent/definitely-not-here', ['--version'])
    expect(result).toMatchObject({notFound: true, exitCode: null})
    expect(execFailureText(result)).toBe('/nonexistent/definitely-not-here: not found')
  })

  it('kills a program that outlives its timeout, grandchildren included', async () => {
    // The grandchild `sleep` keeps the pipes open; killing only the shell would hang the caller.
    const pidFile = path.join(tempDir(), 'grandchild.pid')
    const bin = fakeBin({hang: `sleep 30 &\necho $! > '${pidFile}'\nwait`})
    const result = await exec(`${bin}/hang`, [], {timeoutMs: 200})
    expect(result.timedOut).toBe(true)
    const grandchild = Number(readFileSync(pidFile, 'utf8'))
    // The whole process group was killed, so the grandchild is on its way out too, not left running
    // for 30 s (the kernel may still be tearing it down the moment its pipes close).
    await expect.poll(() => running(grandchild), {timeout: 5000}).toBe(false)
  })

  it('a call still pending when localclaw exits takes its process group with it', () => {
    // A check cut off by doctor's time box leaves its exec pending; process.exit must not orphan it.
    const pidFile = path.join(tempDir(), 'grandchild.pid')
    const bin = fakeBin({hang: `sleep 30 &\necho $! > '${pidFile}'\nwait`})
    const exec = new URL('../../dist/lib/exec.js', import.meta.url).href
    const script = `const {exec} = await import(${JSON.stringify(exec)}); exec(${JSON.stringify(`${bin}/hang`)}, [], {timeoutMs: 60000}); setTimeout(() => process.exit(0), 300)`
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', timeout: 20_000})
    expect(result.status, result.stderr).toBe(0)
    const grandchild = Number(readFileSync(pidFile, 'utf8'))
    return expect.poll(() => running(grandchild), {timeout: 5000}).toBe(false)
  })

  it('stops when its signal aborts', async () => {
    const bin = fakeBin({hang: 'sleep 30'})
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const result = await exec(`${bin}/hang`, [], {signal: controller.signal, timeoutMs: 20_000})
    expect(result).toMatchObject({exitCode: null, spawnError: 'aborted'})
  })

  it('passes the given environment', async () => {
    const bin = fakeBin({env: 'echo "$LOCALCLAW_TEST_VALUE"'})
    const result = await exec(`${bin}/env`, [], {env: {LOCALCLAW_TEST_VALUE: 'seen'}})
    expect(result.stdout).toBe('seen\n')
  })
})

describe('exec as the only thing a process waits for', () => {
  it('resolves every time: Node must not quit between the pipes closing and the exit arriving', () => {
    // The built module, in a fresh process where nothing else keeps the event loop alive.
    const script = `const {exec} = await import(${JSON.stringify(new URL('../../dist/lib/exec.js', import.meta.url).href)})
for (let i = 0; i < 40; i++) { const r = await exec('/bin/echo', ['x']); if (r.stdout !== 'x\\n') process.exit(2) }`
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', timeout: 20_000})
    expect(result.stderr).not.toMatch(/unsettled top-level await/)
    expect(result.status).toBe(0)
  })
})
