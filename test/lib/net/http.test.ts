import {describe, expect, it} from 'vitest'

import {createHttp, http} from '../../../src/lib/net/http.js'
import {parseRetryAfter, RATE_LIMIT_RETRY, REQUEST_RETRY, RESUME_RETRY, retryDelayMs} from '../../../src/lib/net/retry.js'
import {closedPort, serve} from '../../helpers/server.js'

describe('http', () => {
  it('returns 4xx/5xx responses as answers, not failures', async () => {
    const server = await serve({'GET /missing': {status: 404, body: '{"error":"model \'x\' not found"}'}})
    const result = await http(`${server.url}/missing`)
    expect(result).toMatchObject({ok: true, status: 404, body: '{"error":"model \'x\' not found"}'})
  })

  it('retries a 429, honouring Retry-After, and succeeds', async () => {
    const server = await serve({
      'GET /pull': (_, count) => (count < 3 ? {status: 429, headers: {'retry-after': '2'}, body: 'slow down'} : {body: 'ok'}),
    })
    const waits: number[] = []
    const request = createHttp({fetch: globalThis.fetch, sleep: async (ms) => void waits.push(ms)})
    const result = await request(`${server.url}/pull`, {retries: 3})
    expect(result).toMatchObject({ok: true, status: 200, attempts: 3})
    expect(waits).toEqual([2000, 2000])
  })

  it('gives up after its retries and returns the last 503', async () => {
    const server = await serve({'GET /x': {status: 503, body: ''}})
    const request = createHttp({fetch: globalThis.fetch, sleep: async () => {}})
    expect(await request(`${server.url}/x`, {retries: 2})).toMatchObject({ok: true, status: 503, attempts: 3})
  })

  it('times out a server that never answers', async () => {
    const server = await serve({}, {hang: true})
    const result = await http(`${server.url}/`, {timeoutMs: 150})
    expect(result).toMatchObject({ok: false, error: 'timeout'})
  })

  it('classifies a refused connection', async () => {
    const result = await http(`http://127.0.0.1:${await closedPort()}/`, {timeoutMs: 1000})
    expect(result).toMatchObject({ok: false, error: 'refused'})
  })

  it.each([
    ['120', 120_000],
    ['Wed, 21 Oct 2026 07:28:00 GMT', 5000],
    ['soon', undefined],
    [null, undefined],
  ])('Retry-After %j', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('Wed, 21 Oct 2026 07:27:55 GMT'))).toBe(expected)
  })

  it('one policy: exponential backoff without Retry-After, capped, and Retry-After capped too', () => {
    expect([1, 2, 3, 11].map((attempt) => retryDelayMs(REQUEST_RETRY, attempt))).toEqual([500, 1000, 2000, 60_000])
    expect(retryDelayMs(REQUEST_RETRY, 1, 3_600_000)).toBe(60_000)
    // Downloads: 429/503 from 10 s up to 2 minutes, a dropped stream resumes from 2 s up to 30 s.
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(RATE_LIMIT_RETRY, attempt))).toEqual([10_000, 20_000, 40_000, 80_000, 120_000,
      120_000])
    expect([1, 2, 5].map((attempt) => retryDelayMs(RESUME_RETRY, attempt))).toEqual([2000, 4000, 30_000])
    expect(retryDelayMs(RATE_LIMIT_RETRY, 1, 7000)).toBe(7000)
  })
})
