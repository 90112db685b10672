import {describe, expect, it} from 'vitest'

import {runningInCi} from '../../../src/lib/ui/spinner.js'

describe('CI detection', () => {
  it.each([
    [{CI: 'true'}, true], [{CI: '1'}, true], [{CI: 'woodpecker'}, true],
    [{CI: 'false'}, false], [{CI: 'FALSE'}, false], [{CI: '0'}, false], [{CI: ''}, false], [{}, false],
  ])('%j -> %s', (env, expected) => {
    expect(runningInCi(env)).toBe(expected)
  })
})
