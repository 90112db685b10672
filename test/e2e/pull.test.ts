import {existsSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {fixture} from '../helpers/fixtures.js'
import {closedPort, serve} from '../helpers/server.js'
import {tempDir} from '../helpers/system.js'
import {localclawAsync} from '../helpers/cli.js'

const localclaw = (args: string[]) => localclawAsync(args, {HOME: tempDir(), PATH: '', CI: '1'})



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

  it('a --url with credentials: not in the output, not in ~/.localclaw/logs/pull.log, which is 0600 in a 0700 directory', async () => {
    const home = tempDir()
    const run = await localclawAsync(
      ['pull', 'llama3.2:3b', '--retries', '0', '--url', `http://alice:pullpw-planted@127.0.0.1:${await closedPort()}`],
      {HOME: home, PATH: '', CI: '1'},
    )
    expect(run.code).not.toBe(0)
    expect(run.stdout + run.stderr).not.toContain('pullpw-planted')
    const log = path.join(home, '.localclaw', 'logs', 'pull.log')
    expect(existsSync(log), run.stderr).toBe(true)
    expect(readFileSync(log, 'utf8')).toMatch(/localclaw pull llama3\.2:3b \(ollama\) failed/)
    expect(readFileSync(log, 'utf8')).not.toContain('pullpw-planted')
    expect(statSync(log).mode & 0o777).toBe(0o600)
    for (const dir of [path.join(home, '.localclaw'), path.dirname(log)]) expect(statSync(dir).mode & 0o777).toBe(0o700)
  })
})
