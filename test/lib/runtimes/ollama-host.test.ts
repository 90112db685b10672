import {describe, expect, it} from 'vitest'

import {ollamaClientUrl} from '../../../src/lib/runtimes/ollama-host.js'
import {ollama} from '../../../src/lib/runtimes/ollama.js'
import {RUNTIMES_AT_DEFAULTS} from '../../helpers/runtimes-down.js'
import {testSystem} from '../../helpers/system.js'

describe('OLLAMA_HOST, read as Ollama\'s client reads it (runtimes.md 1.4)', () => {
  it.each([
    [undefined, 'http://127.0.0.1:11434'],
    ['', 'http://127.0.0.1:11434'],
    ['1.2.3.4', 'http://1.2.3.4:11434'],
    [':1234', 'http://127.0.0.1:1234'],
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['0.0.0.0:11435', 'http://127.0.0.1:11435'],
    ['[::]', 'http://[::1]:11434'],
    ['[::1]:9000', 'http://[::1]:9000'],
    ['ollama.com', 'https://ollama.com:443'],
    ['http://1.2.3.4', 'http://1.2.3.4:80'],
    ['https://gpubox.tail1234.ts.net', 'https://gpubox.tail1234.ts.net:443'],
    ['http://gpubox:11434/', 'http://gpubox:11434'],
    ['example.com:99999', 'http://example.com:11434'],
    ['  100.99.99.99:11434  ', 'http://100.99.99.99:11434'],
  ])('%j -> %s', (value, url) => {
    expect(ollamaClientUrl(value)).toBe(url)
  })

  it('is where the Ollama adapter looks by default', () => {
    expect(ollama.defaultBaseUrl(testSystem({env: {OLLAMA_HOST: ':1234'}}))).toBe('http://127.0.0.1:1234')
  })
})

describe('LM Studio home and port, resolved as lms resolves them', () => {
  it('defaults to ~/.lmstudio and port 1234', async () => {
    const {lmstudio} = await import('../../../src/lib/runtimes/lmstudio.js')
    expect(lmstudio.defaultBaseUrl(testSystem({env: RUNTIMES_AT_DEFAULTS}))).toBe('http://127.0.0.1:1234')
  })

  it('follows ~/.lmstudio-home-pointer and reuses the last port from .internal/http-server-config.json', async () => {
    const {lmstudio, lmstudioHome} = await import('../../../src/lib/runtimes/lmstudio.js')
    const {writeTree, tempDir} = await import('../../helpers/system.js')
    const home = tempDir()
    const elsewhere = tempDir()
    writeTree(home, {'.lmstudio-home-pointer': `${elsewhere}\n`})
    writeTree(elsewhere, {'.internal/http-server-config.json': '{"port":4321,"cors":false}'})
    expect(lmstudioHome(home)).toBe(elsewhere)
    expect(lmstudio.defaultBaseUrl(testSystem({homedir: home, env: RUNTIMES_AT_DEFAULTS}))).toBe('http://127.0.0.1:4321')
    // LOCALCLAW_LMSTUDIO_URL wins over the saved port.
    expect(lmstudio.defaultBaseUrl(testSystem({homedir: home, env: {LOCALCLAW_LMSTUDIO_URL: '127.0.0.1:5555'}}))).toBe(
      'http://127.0.0.1:5555',
    )
  })

  it('uses the legacy ~/.cache/lm-studio when it exists', async () => {
    const {lmstudioHome} = await import('../../../src/lib/runtimes/lmstudio.js')
    const {writeTree, tempDir} = await import('../../helpers/system.js')
    const home = tempDir()
    writeTree(home, {'.cache/lm-studio/bin/.keep': ''})
    expect(lmstudioHome(home)).toBe(`${home}/.cache/lm-studio`)
  })
})
