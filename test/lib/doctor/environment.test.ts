import {describe, expect, it} from 'vitest'

import {nodeCheck} from '../../../src/lib/doctor/checks/environment.js'
import {createContext} from '../../../src/lib/doctor/context.js'
import {testSystem} from '../../helpers/system.js'

const check = async (nodeVersion: string) => (await nodeCheck.run(createContext({system: testSystem(), timeoutMs: 200, extraLogs: [],
  nodeVersion})))[0]!

describe('doctor: Node.js', () => {
  it.each([
    ['24.21.0', 'pass'],
    // localclaw runs there, OpenClaw (>=24.16.0 <25 || >=26.1.0) does not: 24.0 passed before.
    ['24.15.0', 'warn'],
    ['22.22.2', 'warn'],
    ['25.2.0', 'fail'],
    ['24.0.0', 'fail'],
    ['20.19.0', 'fail'],
    ['26.1.0', 'pass'],
  ])('Node %s: %s', async (version, status) => {
    const result = await check(version)
    expect(result.status).toBe(status)
    if (status !== 'pass') expect(result.message).toBe(`Node ${version}: OpenClaw needs Node 24.16.0+ of 24.x or 26.1.0 or newer`)
  })
})
