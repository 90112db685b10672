import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {fixture} from '../helpers/fixtures.js'
import {serve} from '../helpers/server.js'
import {tempDir} from '../helpers/system.js'

const cli = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

/** The CLI as a child process; async, because the loopback server lives in this process. */
function localclaw(args: string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {env: {HOME: tempDir(), PATH: '', CI: '1'}})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({code, stdout, stderr}))
  })
}

async function ollamaServer(pull: string) {
  return serve({'GET /api/tags': {body: fixture('ollama/tags.json')}, 'POST /api/pull': {body: pull}})
}

describe('localclaw pull', () => {
  it('--json: every progress event, then the result, one JSON document per line', async () => {
    const server = await ollamaServer(fixture('ollama/pull-stream.ndjson'))
    const run = await localclaw(['pull', 'llama3.2:3b', '--url', server.url, '--json'])
    expect(run.code).toBe(0)
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line))
    expect(events.map((event) => event.event)).toEqual(['status', 'progress', 'progress', 'progress', 'status', 'status', 'status', 'done'])
    expect(events.at(-1)).toMatchObject({model: 'llama3.2:3b', outcome: {totalBytes: 2142590208}})
    expect(run.stderr).toBe('')
  })

  it('without a terminal: coarse progress lines on stderr, the result on stdout', async () => {
    const server = await ollamaServer(fixture('ollama/pull-stream.ndjson'))
    const run = await localclaw(['pull', 'llama3.2:3b', '--url', server.url])
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/^pulling dde5aa3fc5ff: 0% of 2\.0 GiB$/m)
    expect(run.stderr).toMatch(/^pulling dde5aa3fc5ff: 100% of 2\.0 GiB$/m)
    expect(run.stdout).toMatch(/^✔ llama3\.2:3b is ready for ollama \(2\.0 GiB in /m)
  })

  it('a wrong name: exit 2 and what to pull instead', async () => {
    const server = await ollamaServer(fixture('ollama/pull-stream-notfound.ndjson'))
    const run = await localclaw(['pull', 'qwen3:8bb', '--url', server.url])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Model "qwen3:8bb" was not found in the Ollama library/)
    expect(run.stderr).toMatch(/Try: localclaw pull qwen3:8b/)
  })
})
