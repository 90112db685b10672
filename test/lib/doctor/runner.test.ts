import {describe, expect, it} from 'vitest'

import type {Check} from '../../../src/lib/doctor/check.js'
import {createContext} from '../../../src/lib/doctor/context.js'
import {runChecks, summarize} from '../../../src/lib/doctor/runner.js'
import {testSystem} from '../../helpers/system.js'

const context = () => createContext({system: testSystem(), timeoutMs: 200, extraLogs: [], nodeVersion: '24.0.0'})

describe('doctor runner', () => {
  it('runs checks at once: a hung check costs its time box, not the sum, and the rest still report', async () => {
    let running = 0
    let overlapped = false
    const slow = (id: string): Check => ({id, title: id, run: async () => {
      running++
      await new Promise((resolve) => setTimeout(resolve, 100))
      overlapped ||= running > 1
      running--
      return [{id, status: 'pass', message: 'ok'}]
    }})
    const hung: Check = {id: 'hung', title: 'Hung', run: () => new Promise(() => {})}
    const broken: Check = {id: 'broken', title: 'Broken', run: async () => {
      throw new Error('boom')
    }}
    const results = await runChecks([slow('a'), slow('b'), hung, broken], context(), 300)
    expect(overlapped).toBe(true)
    expect(results.map((result) => [result.id, result.status])).toEqual([
      ['a', 'pass'],
      ['b', 'pass'],
      ['hung', 'warn'],
      ['broken', 'warn'],
    ])
    expect(results[2]!.message).toBe('Hung: no answer within 300 ms, so not checked')
    expect(results[3]!.message).toMatch(/the check itself failed \(boom\)/)
    expect(results[0]!.check).toBe('a')
  })

  it('counts each status', () => {
    expect(
      summarize([
        {id: 'a', check: 'a', status: 'pass', message: ''},
        {id: 'b', check: 'b', status: 'fail', message: ''},
        {id: 'c', check: 'b', status: 'fail', message: ''},
      ]),
    ).toEqual({pass: 1, warn: 0, fail: 2, skip: 0})
  })
})
