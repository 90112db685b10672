import {describe, expect, it} from 'vitest'

import {localclawParses, runsAsPrinted} from './helpers/printed-fix.js'

// The checks the fix tests lean on: if these passed everything, those tests could not fail.
describe('the printed-fix checks', () => {
  it('runsAsPrinted refuses placeholders, "...", invalid shell and lines that do not start with a command', () => {
    expect(runsAsPrinted('localclaw pull qwen3:8b --runtime ollama && ollama serve')).toBeNull()
    expect(runsAsPrinted('localclaw pull <model>')).not.toBeNull()
    expect(runsAsPrinted('llama-server ... --port 8081')).toMatch(/placeholder or "\.\.\."/)
    expect(runsAsPrinted('Wait a few minutes, then: localclaw pull x')).toMatch(/does not start with a command/)
    expect(runsAsPrinted('ollama serve (or open the app')).toBe('not valid shell')
  })

  it('localclawParses refuses what oclif would: an unknown flag, a value outside the choices, an argument too many', async () => {
    expect(
      await localclawParses('localclaw config --runtime lmstudio --model qwen/qwen3-8b && localclaw doctor explain some text'),
    ).toBeNull()
    expect(await localclawParses('localclaw recommend --bogus')).toMatch(/Nonexistent flag: --bogus/)
    expect(await localclawParses('localclaw pull qwen3:8b --runtime bogus')).toMatch(/--runtime=bogus to be one of/)
    expect(await localclawParses('localclaw pull a b')).toMatch(/Unexpected argument: b/)
    expect(await localclawParses("localclaw install 'lm studio'")).toMatch(/Expected lm studio to be one of/)
  })
})
