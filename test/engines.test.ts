import {readFileSync} from 'node:fs'
import semver from 'semver'
import {describe, expect, it} from 'vitest'

import {LOCALCLAW_NODE, OPENCLAW_NODE, satisfies} from '../src/lib/node-version.js'

const root = new URL('../', import.meta.url)
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {engines: {node: string}}
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, {dev?: boolean; engines?: {node?: string} | string[]}>
}

describe('the Node versions localclaw says it runs on', () => {
  it('package.json engines allow no Node that a production dependency refuses', () => {
    const refused = Object.entries(lock.packages)
      .filter(([name, entry]) => name.startsWith('node_modules/') && !entry.dev && !Array.isArray(entry.engines) && entry.engines?.node)
      .filter(([, entry]) => !semver.subset(pkg.engines.node, (entry.engines as {node: string}).node))
      .map(([name, entry]) => `${name.replace(/^.*node_modules\//, '')} needs ${(entry.engines as {node: string}).node}`)
    expect(refused).toEqual([])
  })

  it('bin/run.js checks the same ranges as package.json engines', () => {
    for (const version of [
      '20.19.0',
      '22.12.0',
      '22.22.1',
      '22.22.2',
      '23.5.0',
      '24.14.9',
      '24.15.0',
      '24.21.0',
      '25.1.0',
      '26.0.0',
      '27.3.1',
    ]) {
      expect(satisfies(version, LOCALCLAW_NODE), version).toBe(semver.satisfies(version, pkg.engines.node))
    }
  })

  it('OpenClaw\'s range is openclaw@2026.9.6\'s engines field', () => {
    for (const version of ['24.15.0', '24.16.0', '24.21.0', '25.0.0', '26.0.0', '26.1.0']) {
      expect(satisfies(version, OPENCLAW_NODE), version).toBe(semver.satisfies(version, '>=24.16.0 <25 || >=26.1.0'))
    }
  })
})
