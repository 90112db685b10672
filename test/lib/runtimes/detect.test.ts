import {chmodSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {http} from '../../../src/lib/net/http.js'
import {probePort} from '../../../src/lib/net/ports.js'
import {llamacpp} from '../../../src/lib/runtimes/llamacpp.js'
import {lmstudio} from '../../../src/lib/runtimes/lmstudio.js'
import {ollama} from '../../../src/lib/runtimes/ollama.js'
import {RUNTIMES} from '../../../src/lib/runtimes/registry.js'
import {detectRuntime, type Runtime} from '../../../src/lib/runtimes/runtime.js'
import {vllm} from '../../../src/lib/runtimes/vllm.js'
import {fixture} from '../../helpers/fixtures.js'
import {closedPort, serve} from '../../helpers/server.js'
import {RUNTIMES_AT_DEFAULTS} from '../../helpers/runtimes-down.js'
import {fakeBin, testSystem, writeTree} from '../../helpers/system.js'

/** LM Studio's reply to any route it does not know: HTTP 200 with an error body (bug-tracker#618). */
const lmStudioUnknownRoute = {status: 200, body: fixture('lmstudio/unknown-endpoint-returns-200.http').split('\n').at(-2)!}

const ollamaServer = () =>
  serve({
    'GET /api/version': {body: fixture('ollama/version.json')},
    'GET /': {body: 'Ollama is running', headers: {'content-type': 'text/plain'}},
  })
const lmStudioServer = () => serve({'GET /lmstudio-greeting': {body: fixture('lmstudio/lmstudio-greeting.json')}}, lmStudioUnknownRoute)
const vllmServer = () => serve({
  'GET /v1/models': {body: fixture('vllm/v1-models.COMPOSED.json')},
  'GET /version': {body: '{"version":"0.9.1"}'},
  'GET /health': {status: 200, body: ''},
})

describe('runtime identity on a port', () => {
  it('Ollama: /api/version', async () => {
    const server = await ollamaServer()
    expect(await ollama.identify(http, server.url, 1000)).toMatchObject({answering: true, identified: true, version: '0.5.1'})
  })

  it('Ollama: LM Studio on the port answers 200 with an error body, and is not mistaken for Ollama', async () => {
    const server = await lmStudioServer()
    const result = await ollama.identify(http, server.url, 1000)
    expect(result).toMatchObject({answering: true, identified: false})
    expect(result.detail).toMatch(/not Ollama/)
  })

  it('LM Studio: /lmstudio-greeting', async () => {
    const server = await lmStudioServer()
    expect(await lmstudio.identify(http, server.url, 1000)).toMatchObject({identified: true})
    const other = await ollamaServer()
    expect(await lmstudio.identify(http, other.url, 1000)).toMatchObject({answering: true, identified: false})
  })

  it('llama.cpp: loading (503) and ready', async () => {
    const loading = await serve({'GET /health': {status: 503, body: fixture('llamacpp/health-loading-503.json')}})
    expect(await llamacpp.identify(http, loading.url, 1000)).toMatchObject({identified: true, detail: 'llama-server is loading its model'})
    const ready = await serve({
      'GET /health': {body: fixture('llamacpp/health-ok-200.json')},
      'GET /v1/models': {body: fixture('llamacpp/v1-models.json')},
    })
    expect(await llamacpp.identify(http, ready.url, 1000)).toMatchObject({identified: true, detail: 'llama-server is running'})
  })

  it('llama.cpp: vLLM also answers /health with 200, but its models are owned_by vllm', async () => {
    const server = await vllmServer()
    expect(await llamacpp.identify(http, server.url, 1000)).toMatchObject({answering: true, identified: false})
  })

  it('vLLM: owned_by vllm, version from /version', async () => {
    const server = await vllmServer()
    expect(await vllm.identify(http, server.url, 1000)).toMatchObject({identified: true, version: '0.9.1'})
  })

  it('a server that never answers is cut off by the timeout', async () => {
    const server = await serve({}, {hang: true})
    expect(await ollama.identify(http, server.url, 200)).toMatchObject({
      answering: false,
      identified: false,
      detail: 'no answer before the timeout',
    })
  })
})

describe('probePort', () => {
  it('tells a listening port from a closed one', async () => {
    const server = await ollamaServer()
    expect(await probePort('127.0.0.1', server.port, 1000)).toBe('open')
    expect(await probePort('127.0.0.1', await closedPort(), 1000)).toBe('refused')
  })
})

describe('detectRuntime', () => {
  const at = (runtime: Runtime, url: string): Runtime => ({...runtime, defaultBaseUrl: () => url})

  it('installed and running: version from the binary, identity from the server', async () => {
    const server = await ollamaServer()
    const bin = fakeBin({ollama: 'echo "Warning: could not connect to a running Ollama instance" >&2\necho "ollama version is 0.6.2"'})
    const system = testSystem({path: [bin], probePort})
    const status = await detectRuntime(system, at(ollama, server.url), 1000)
    expect(status).toMatchObject({
      id: 'ollama',
      installed: true,
      binaryPath: path.join(bin, 'ollama'),
      version: '0.6.2',
      server: {identified: true},
    })
  })

  it('installed, not running: the port check says nothing is listening', async () => {
    const bin = fakeBin({
      'llama-server': 'echo "version: 4491 (c67cc983)" >&2\necho "built with cc (Debian 12.2.0-14) 12.2.0 for x86_64-linux-gnu" >&2',
    })
    const system = testSystem({path: [bin], probePort})
    const status = await detectRuntime(system, at(llamacpp, `http://127.0.0.1:${await closedPort()}`), 1000)
    expect(status).toMatchObject({installed: true, version: '4491 (c67cc983)', server: {answering: false, identified: false}})
    expect(status.server.detail).toMatch(/nothing is listening on port \d+/)
  })

  it('finds lms in ~/.lmstudio/bin even when it is not on PATH', async () => {
    const system = testSystem()
    writeTree(system.homedir, {'.lmstudio/bin/lms': '#!/bin/sh\necho "lms version 0.0.47"\n'})
    chmodSync(path.join(system.homedir, '.lmstudio/bin/lms'), 0o755)
    const status = await detectRuntime(system, lmstudio, 500)
    expect(status).toMatchObject({installed: true, version: '0.0.47', binaryPath: path.join(system.homedir, '.lmstudio/bin/lms')})
  })

  it('a server that identifies itself counts as installed without a binary (a service or the desktop app)', async () => {
    const server = await vllmServer()
    const status = await detectRuntime(testSystem({probePort}), at(vllm, server.url), 1000)
    expect(status).toMatchObject({installed: true, binaryPath: null, version: '0.9.1'})
  })

  it('every registered runtime uses its documented default port', () => {
    expect(Object.fromEntries(RUNTIMES.map((runtime) => [runtime.id,
      new URL(runtime.defaultBaseUrl(testSystem({env: RUNTIMES_AT_DEFAULTS}))).port])))
      .toEqual({ollama: '11434', lmstudio: '1234', llamacpp: '8080', vllm: '8000'})
  })

  it('every runtime can be moved by its own variable: OLLAMA_HOST, LOCALCLAW_<ID>_URL', () => {
    const env = {
      OLLAMA_HOST: '127.0.0.1:21434',
      LOCALCLAW_LMSTUDIO_URL: 'http://10.0.0.5:2234/',
      LOCALCLAW_LLAMACPP_URL: '127.0.0.1:8081',
      LOCALCLAW_VLLM_URL: 'https://gpu.example:8443/v1',
    }
    expect(Object.fromEntries(RUNTIMES.map((runtime) => [runtime.urlEnv, runtime.defaultBaseUrl(testSystem({env}))]))).toEqual({
      OLLAMA_HOST: 'http://127.0.0.1:21434',
      LOCALCLAW_LMSTUDIO_URL: 'http://10.0.0.5:2234',
      LOCALCLAW_LLAMACPP_URL: 'http://127.0.0.1:8081',
      LOCALCLAW_VLLM_URL: 'https://gpu.example:8443',
    })
  })

  it.each(['ftp://127.0.0.1:8000', 'http://', 'http://127.0.0.1:8000/?x=1', 'not a url'])(
    'a %s override is an error naming the variable, not a silent default',
    (value) => {
      expect(() => vllm.defaultBaseUrl(testSystem({env: {LOCALCLAW_VLLM_URL: value}}))).toThrow(/LOCALCLAW_VLLM_URL is not a server URL/)
    },
  )
})

describe('server addresses as users type them', () => {
  it.each([
    ['http://127.0.0.1:8081/v1/', 'http://127.0.0.1:8081/v1'],
    ['127.0.0.1:11435', 'http://127.0.0.1:11435'],
    ['localhost', 'http://localhost'],
    ['gpubox.tail1234.ts.net:11434', 'http://gpubox.tail1234.ts.net:11434'],
    ['[::1]:8000', 'http://[::1]:8000'],
    ['notaurl', null],
    ['http://', null],
    ['ftp://127.0.0.1:8000', null],
    ['127.0.0.1:8000/?x=1', null],
    ['http://bad host:8000', null],
  ])('%s -> %s', async (value, expected) => {
    const {parseServerUrl} = await import('../../../src/lib/net/server-url.js')
    expect(parseServerUrl(value)).toBe(expected)
  })
})
