import {describe, expect, it} from 'vitest'

import {fixture} from '../helpers/fixtures.js'
import {serve} from '../helpers/server.js'
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
})
