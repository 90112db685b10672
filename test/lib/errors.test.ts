import {describe, expect, it} from 'vitest'

import {ExitCode, LocalclawError, reportError} from '../../src/lib/errors.js'

describe('reportError', () => {
  it('keeps a LocalclawError as it is', () => {
    const error = new LocalclawError('Port 11434 is taken by nginx (pid 812).', {code: 'port_in_use', suggestions: ['OLLAMA_HOST=127.0.0.1:11435 ollama serve']})
    expect(reportError(error)).toEqual({code: 'port_in_use', message: 'Port 11434 is taken by nginx (pid 812).', suggestions: ['OLLAMA_HOST=127.0.0.1:11435 ollama serve'], exit: 1})
  })

  it('maps an oclif parse error to exit 2 and points at --help', () => {
    const parseError = Object.assign(new Error('Nonexistent flag: --nope\nSee more help with --help'), {oclif: {exit: 2}})
    expect(reportError(parseError, 'detect')).toEqual({code: 'usage', message: 'Nonexistent flag: --nope', suggestions: ['See the flags: localclaw detect --help'], exit: ExitCode.usage})
  })

  it('keeps the reason of a custom flag parse error on one line', () => {
    const parseError = Object.assign(new Error('Parsing --min-vram \n\tExpected a positive number of GiB, got "lots"\nSee more help with --help'), {oclif: {exit: 2}})
    expect(reportError(parseError, 'detect').message).toBe('Parsing --min-vram: Expected a positive number of GiB, got "lots"')
  })

  it('maps Ctrl-C in a prompt to 130', () => {
    expect(reportError(Object.assign(new Error('User force closed the prompt'), {name: 'ExitPromptError'})).exit).toBe(130)
  })

  it('calls anything else unexpected, exit 1', () => {
    expect(reportError(new TypeError('x is not a function'))).toMatchObject({code: 'unexpected', message: 'Unexpected error: x is not a function', exit: 1})
  })
})
