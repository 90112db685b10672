import {readdirSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {localclaw} from '../helpers/cli.js'

// scripts/bundle.js moves the dependencies oclif requires on first use into dist/cli/oclif-lazy.cjs:
// each require the bundle makes of it must find its dependency there, or the path that needs it breaks.
const cliDir = fileURLToPath(new URL('../../dist/cli/', import.meta.url))
const LAZY_REQUIRE = /__require\("\.\/oclif-lazy\.cjs"\)\["([^"]+)"\]/g

describe('the lazily loaded dependencies file', () => {
  it('exports every dependency the bundle requires from it', () => {
    const requested = new Set(readdirSync(cliDir, {recursive: true, encoding: 'utf8'})
      .filter((file) => file.endsWith('.js'))
      .flatMap((file) => [...readFileSync(`${cliDir}${file}`, 'utf8').matchAll(LAZY_REQUIRE)].map((match) => match[1]!)))
    expect([...requested].sort()).toEqual(['cli-spinners', 'debug', 'lilconfig', 'minimatch', 'tinyglobby'])
    const lazy = createRequire(cliDir)('./oclif-lazy.cjs') as Record<string, unknown>
    for (const dependency of requested) expect(lazy[dependency], dependency).toBeTruthy()
    expect(typeof (lazy.tinyglobby as {glob: unknown}).glob).toBe('function')
    expect(typeof (lazy.minimatch as {minimatch: unknown}).minimatch).toBe('function')
  })

  it('serves oclif\'s debug log, the first thing a user turns on to see what it does', () => {
    const result = localclaw(['detect', '--json'], {env: {DEBUG: 'oclif:main'}})
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/oclif:main process\.argv/)
  })
})
