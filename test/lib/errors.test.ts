import {describe, expect, it} from 'vitest'

import {ExitCode, LocalclawError, reportError} from '../../src/lib/errors.js'

describe('reportError', () => {
  it('keeps a LocalclawError as it is', () => {
    const error = new LocalclawError('Port 11434 is taken by nginx (pid 812).', {
      code: 'port_in_use',
      suggestions: ['OLLAMA_HOST=127.0.0.1:11435 ollama serve'],
    })
    expect(reportError(error)).toEqual({
      code: 'port_in_use',
      message: 'Port 11434 is taken by nginx (pid 812).',
      suggestions: ['OLLAMA_HOST=127.0.0.1:11435 ollama serve'],
      exit: 1,
    })
  })

  it('maps an oclif parse error to exit 2 and points at --help', () => {
    const parseError = Object.assign(new Error('Nonexistent flag: --nope\nSee more help with --help'), {oclif: {exit: 2}})
    expect(reportError(parseError, 'detect')).toEqual({
      code: 'usage',
      message: 'Nonexistent flag: --nope',
      suggestions: ['See the flags: localclaw detect --help'],
      exit: ExitCode.usage,
    })
  })

  it.each([
    // oclif 4's messages, as its Parser throws them (captured from @oclif/core's parse).
    [
      "Missing 1 required arg:\nmodel  A catalog name (qwen3:8b) or the runtime's own identifier.\nSee more help with --help",
      "Missing the argument <model> (A catalog name (qwen3:8b) or the runtime's own identifier)",
    ],
    [
      'The following errors occurred:\n  --dry-run=true cannot also be provided when using --print\n  --print=true cannot also be provided when using --dry-run\nSee more help with --help',
      '--dry-run and --print cannot be used together',
    ],
    [
      'The following error occurred:\n  All of the following must be provided when using --show-secrets: --print\nSee more help with --help',
      '--show-secrets works only with --print',
    ],
  ])('says oclif\'s framed messages in one sentence, without its "::"', (raw, said) => {
    expect(reportError(Object.assign(new Error(raw), {oclif: {exit: 2}}), 'config').message).toBe(said)
  })

  it('keeps the reason of a custom flag parse error on one line', () => {
    const parseError = Object.assign(
      new Error('Parsing --min-vram \n\tExpected a positive number of GiB, got "lots"\nSee more help with --help'),
      {oclif: {exit: 2}},
    )
    expect(reportError(parseError, 'detect').message).toBe('Parsing --min-vram: Expected a positive number of GiB, got "lots"')
  })

  it('maps Ctrl-C in a prompt to 130', () => {
    expect(reportError(Object.assign(new Error('User force closed the prompt'), {name: 'ExitPromptError'})).exit).toBe(130)
  })

  it('calls anything else unexpected, exit 1', () => {
    expect(reportError(new TypeError('x is not a function'))).toMatchObject({
      code: 'unexpected',
      message: 'Unexpected error: x is not a function',
      exit: 1,
    })
  })
})
