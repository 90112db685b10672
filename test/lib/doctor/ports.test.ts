import {describe, expect, it} from 'vitest'

import {portCheck} from '../../../src/lib/doctor/checks/ports.js'
import {createContext} from '../../../src/lib/doctor/context.js'
import type {RuntimeStatus} from '../../../src/lib/runtimes/runtime.js'
import {profileOf} from '../../helpers/profiles.js'
import {testSystem, writeTree} from '../../helpers/system.js'

/** A host whose /proc says pid 4242, named `name`, listens on 127.0.0.1:11434 (0x2CAA) with socket inode 777. */
function hostWithListener(name: string) {
  const root = testSystem().root
  writeTree(root, {
    '/proc/net/tcp': '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'
      + '   0: 0100007F:2CAA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   998        0 777 1 0000000000000000 100 0 0 10 0\n',
    '/proc/4242/comm': `${name}\n`,
    '/proc/4242/fd/3': '->socket:[777]',
  })
  return testSystem({root, env: {OLLAMA_HOST: '127.0.0.1:11434'}, probePort: async () => 'open'})
}

async function portResult(name: string, server: Partial<RuntimeStatus['server']>, installed = true) {
  const system = hostWithListener(name)
  const ollama: RuntimeStatus = {
    id: 'ollama', name: 'Ollama', installed, binaryPath: null, version: null,
    server: {url: 'http://127.0.0.1:11434', answering: true, identified: false, version: null, detail: '', ...server},
  }
  const context = {
    ...createContext({system, timeoutMs: 200, extraLogs: [], nodeVersion: '24.0.0'}),
    hardware: async () => ({...profileOf('cpu-only'), runtimes: [ollama]}),
  }
  return (await portCheck.run(context)).find((result) => result.id === 'port.11434')!
}

describe('doctor: who holds a runtime port', () => {
  it('the runtime itself: fine, with its pid', async () => {
    expect(await portResult('ollama', {identified: true})).toMatchObject({
      status: 'pass',
      message: 'port 11434: Ollama itself, ollama (pid 4242)',
    })
  })

  it('a copy of the runtime that does not answer like it: a stuck or starting second copy, with the pid to stop', async () => {
    const result = await portResult('ollama', {identified: false})
    expect(result).toMatchObject({status: 'warn', message: 'port 11434 is held by ollama (pid 4242), which does not answer like Ollama'})
    expect(result.fix).toContain('kill 4242')
  })

  it('another program: fails when Ollama is installed, and moves Ollama with OLLAMA_HOST', async () => {
    const result = await portResult('python3', {identified: false})
    expect(result).toMatchObject({status: 'fail', message: 'port 11434 (Ollama\'s) is held by python3 (pid 4242)'})
    expect(result.fix).toMatch(/^OLLAMA_HOST=127\.0\.0\.1:11435 ollama serve/)
    // Not installed and not configured: another program on its default port is no problem of OpenClaw's.
    expect(await portResult('python3', {identified: false}, false)).toMatchObject({
      status: 'skip',
      message: expect.stringContaining('matters only if you install Ollama'),
    })
  })
})
