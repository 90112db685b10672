import {describe, expect, it} from 'vitest'

import {classifyPullError, pullOllama, type PullEvent} from '../../../src/lib/runtimes/pull.js'
import {fixture} from '../../helpers/fixtures.js'
import {closedPort, serve, type Route} from '../../helpers/server.js'

const SUCCESS = fixture('ollama/pull-stream.ndjson')
/** The 429 text Ollama 0.14.2 printed (ollama/ollama#13297), as the stream's error line. */
const RATE_LIMIT_ERROR = /Error: (pull model manifest: 429: .*)$/m.exec(fixture('ollama/pull-cli-429.txt'))![1]!
const RATE_LIMITED = `{"status":"pulling manifest"}\n${JSON.stringify({error: RATE_LIMIT_ERROR})}\n`

async function run(route: Route, options: {retries?: number; model?: string; installed?: string[]; idleTimeoutMs?: number} = {}) {
  const server = await serve({'POST /api/pull': route})
  const events: PullEvent[] = []
  const waits: number[] = []
  const outcome = pullOllama({
    baseUrl: server.url, model: options.model ?? 'llama3.2', retries: options.retries ?? 3, installed: options.installed,
    idleTimeoutMs: options.idleTimeoutMs, onEvent: (event) => events.push(event), sleep: async (ms) => void waits.push(ms),
  })
  return {outcome, events, waits, hits: server.hits}
}

describe('pulling from Ollama', () => {
  it('follows the recorded stream to success, with per-layer progress', async () => {
    const {outcome, events} = await run({body: SUCCESS, headers: {'content-type': 'application/x-ndjson'}})
    expect(await outcome).toMatchObject({model: 'llama3.2', totalBytes: 2142590208, attempts: 1})
    expect(events.filter((event) => event.event === 'progress').map((event) => (event as {completed: number}).completed)).toEqual([
      0, 241970, 2142590208,
    ])
    expect(events.filter((event) => event.event === 'status').map((event) => (event as {status: string}).status))
      .toEqual(['pulling manifest', 'verifying sha256 digest', 'writing manifest', 'success'])
    expect(events.find((event) => event.event === 'progress')).toMatchObject({layer: 'dde5aa3fc5ff'})
  })

  it('a wrong name ("file does not exist" mid-stream on HTTP 200) is "model not found", with close matches', async () => {
    const {outcome} = await run({body: fixture('ollama/pull-stream-notfound.ndjson')}, {model: 'qwen3:8bb', installed: ['qwen3:8b']})
    await expect(outcome).rejects.toMatchObject({
      code: 'model_not_found',
      exit: 2,
      suggestions: expect.arrayContaining(['localclaw pull qwen3:8b']),
    })
  })

  it('the same error as a non-streamed HTTP 500 body', async () => {
    const {outcome} = await run({status: 500, body: fixture('ollama/pull-nonstream-notfound.json')})
    await expect(outcome).rejects.toMatchObject({code: 'model_not_found'})
  })

  it('429 then success: waits, says why and for how long, retries', async () => {
    const {outcome, events, waits} = await run((_, count) => ({body: count === 1 ? RATE_LIMITED : SUCCESS}))
    expect(await outcome).toMatchObject({attempts: 2})
    expect(waits).toEqual([10_000])
    expect(events.find((event) => event.event === 'retry')).toEqual({
      event: 'retry',
      attempt: 2,
      of: 4,
      waitMs: 10_000,
      reason: 'the registry is rate-limiting downloads (HTTP 429)',
    })
  })

  it('429 forever: bounded attempts with growing waits, then a clear error', async () => {
    const {outcome, waits, hits} = await run({body: RATE_LIMITED}, {retries: 2, model: 'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF'})
    await expect(outcome).rejects.toMatchObject({
      code: 'rate_limited', message: expect.stringMatching(/kept refusing .* with HTTP 429 \(rate limited\) after 3 attempts/),
      suggestions: expect.arrayContaining([expect.stringMatching(/HF_TOKEN/)]),
    })
    expect(waits).toEqual([10_000, 20_000])
    expect(hits).toHaveLength(3)
  })

  it('a connection dropped mid-layer resumes with a new request', async () => {
    const partial = SUCCESS.split('\n').slice(0, 3).join('\n') + '\n'
    const {outcome, events} = await run((_, count) => count === 1
      ? {handle: (response) => {
        response.writeHead(200, {'content-type': 'application/x-ndjson'})
        response.write(partial, () => response.socket?.destroy())
      }}
      : {body: SUCCESS})
    expect(await outcome).toMatchObject({attempts: 2})
    expect(events.find((event) => event.event === 'retry')).toMatchObject({reason: expect.stringMatching(/connection dropped.*resuming/)})
  })

  it('a stalled stream is cut off by the idle timeout and resumed', async () => {
    const {outcome} = await run((_, count) => count === 1
      ? {handle: (response) => {
        response.writeHead(200)
        response.write('{"status":"pulling manifest"}\n')
      }}
      : {body: SUCCESS}, {idleTimeoutMs: 200})
    expect(await outcome).toMatchObject({attempts: 2})
  })

  it('"max retries exceeded" (the recorded blob failure) gets network advice, not a retry loop', async () => {
    const error = /Error: (max retries exceeded: .*)$/m.exec(fixture('ollama/pull-cli-max-retries.txt'))![1]!
    const {outcome, hits} = await run({body: `{"status":"pulling manifest"}\n${JSON.stringify({error})}\n`})
    await expect(outcome).rejects.toMatchObject({
      code: 'network',
      suggestions: expect.arrayContaining([expect.stringMatching(/HTTPS_PROXY/)]),
    })
    expect(hits).toHaveLength(1)
  })

  it('says Ollama is not running when nothing listens, with the start command for that port and localclaw install', async () => {
    const port = await closedPort()
    const outcome = pullOllama({baseUrl: `http://127.0.0.1:${port}`, model: 'x', retries: 2, onEvent: () => {}})
    await expect(outcome).rejects.toMatchObject({
      code: 'runtime_down',
      suggestions: [expect.stringContaining(`OLLAMA_HOST=127.0.0.1:${port} ollama serve`), 'Not installed: localclaw install ollama'],
    })
  })

  describe('survives every form of rate limit, and stops what would run forever', () => {
    it('a 429 with a plain-text body and Retry-After: retried after the server\'s own wait', async () => {
      const {outcome, waits} = await run((_, count) => (count === 1
        ? {status: 429, body: 'Too Many Requests\n', headers: {'content-type': 'text/plain', 'retry-after': '7'}}
        : {body: SUCCESS}))
      expect(await outcome).toMatchObject({attempts: 2})
      expect(waits).toEqual([7000])
    })

    it('a 503, as JSON, is retried with the rate-limit backoff; Retry-After is capped at 2 minutes', async () => {
      const {outcome, waits, events} = await run((_, count) => (count === 1
        ? {status: 503, body: '{"error":"service unavailable"}', headers: {'retry-after': '3600'}}
        : {body: SUCCESS}))
      expect(await outcome).toMatchObject({attempts: 2})
      expect(waits).toEqual([120_000])
      expect(events.find((event) => event.event === 'retry')).toMatchObject({reason: 'the registry is unavailable (HTTP 503)'})
    })

    it('503 forever ends with a clear error, not "the registry" with DNS advice', async () => {
      const {outcome} = await run({status: 503, body: 'upstream connect error'}, {retries: 1})
      await expect(outcome).rejects.toMatchObject({code: 'registry_unavailable'})
    })

    it('a server that accepts the connection and never answers: one attempt, cut off, blamed on that server', async () => {
      const server = await serve({}, {hang: true})
      const outcome = pullOllama({
        baseUrl: server.url,
        model: 'x',
        retries: 5,
        answerTimeoutMs: 200,
        onEvent: () => {},
        sleep: async () => {},
      })
      await expect(outcome).rejects.toMatchObject({
        code: 'runtime_unresponsive',
        message: expect.stringContaining(`Nothing answered at ${server.url}`),
      })
      expect(server.hits).toHaveLength(1)
    })

    it('progress counts that are negative, huge or not numbers are dropped or clamped, and a null line is skipped', async () => {
      const body = [
        '{"status":"pulling manifest"}',
        'null',
        '{"status":"pulling a","digest":"sha256:aaaa","total":-5,"completed":1}',
        '{"status":"pulling a","digest":"sha256:aaaa","total":1e300,"completed":1}',
        '{"status":"pulling a","digest":"sha256:aaaa","total":100,"completed":250}',
        '{"status":"pulling a","digest":"sha256:aaaa","total":100,"completed":-3}',
        '{"status":"success"}',
      ].join('\n')
      const {outcome, events} = await run({body})
      expect(await outcome).toMatchObject({totalBytes: 100})
      expect(
        events
          .filter((event) => event.event === 'progress')
          .map((event) => [(event as {completed: number}).completed, (event as {total: number}).total]),
      ).toEqual([
        [100, 100],
        [0, 100],
      ])
    })

    it('a stream that talks but never advances is cut off as stalled and resumed', async () => {
      const repeat = '{"status":"pulling a","digest":"sha256:aaaa","total":100,"completed":10}\n'
      const server = await serve({'POST /api/pull': (_, count) => (count === 1
        ? {handle: (response) => {
          response.writeHead(200)
          const timer = setInterval(() => response.write(repeat), 20)
          response.on('close', () => clearInterval(timer))
        }}
        : {body: SUCCESS})})
      const events: PullEvent[] = []
      const outcome = await pullOllama({
        baseUrl: server.url,
        model: 'x',
        retries: 2,
        stallTimeoutMs: 300,
        onEvent: (event) => events.push(event),
        sleep: async () => {},
      })
      expect(outcome).toMatchObject({attempts: 2})
      expect(events.find((event) => event.event === 'retry')).toMatchObject({reason: expect.stringContaining('no progress for 0 s')})
    })

    it('a stream without line breaks is stopped at a megabyte instead of growing without bound', async () => {
      const {outcome, hits} = await run({handle: (response) => {
        response.writeHead(200)
        const chunk = 'x'.repeat(64 * 1024)
        let sent = 0
        const push = () => {
          while (sent < 64 && response.write(chunk)) sent++
          if (sent < 64) response.once('drain', push)
          else response.end()
        }
        push()
      }})
      await expect(outcome).rejects.toMatchObject({code: 'pull_failed', message: expect.stringContaining('without a line break')})
      expect(hits).toHaveLength(1)
    })

    it('"not found" never suggests the name that just failed', async () => {
      const {outcome} = await run({body: fixture('ollama/pull-stream-notfound.ndjson')}, {model: 'qwen3:8b'})
      const error = await outcome.catch((thrown) => thrown)
      expect(error.code).toBe('model_not_found')
      expect(error.suggestions).not.toContain('localclaw pull qwen3:8b')
    })
  })
})

describe('pull error texts', () => {
  it.each([
    ['pull model manifest: file does not exist', 'not-found'],
    ['invalid model name', 'not-found'],
    [RATE_LIMIT_ERROR, 'rate-limited'],
    ['pull model manifest: 500: {"errors":[{"code":"INTERNAL_ERROR","message":"internal error"}]}', 'other'],
    ['write /usr/share/ollama/.ollama/models/blobs/x: no space left on device', 'disk'],
  ])('%s -> %s', (message, kind) => {
    expect(classifyPullError(message).kind).toBe(kind)
  })
})
