import {describe, expect, it} from 'vitest'

import {http} from '../../../src/lib/net/http.js'
import type {PortState} from '../../../src/lib/net/ports.js'
import {probeHost} from '../../../src/lib/tailscale/peer-runtimes.js'
import {fixture} from '../../helpers/fixtures.js'
import {serve} from '../../helpers/server.js'
import {testSystem} from '../../helpers/system.js'

const PEER = '100.88.88.88'

/**
 * A peer as seen through the system seams: the ports in `listening` are open at its tailnet address,
 * and HTTP to them reaches a real loopback server (the peer's address itself is never dialled).
 */
async function peer(listening: Record<number, Record<string, {body: string}>>) {
  const servers = new Map<number, string>()
  for (const [port, routes] of Object.entries(listening)) servers.set(Number(port), (await serve(routes)).url)
  return testSystem({
    probePort: async (host, port): Promise<PortState> => (host === PEER && servers.has(port) ? 'open' : 'refused'),
    http: (url, options) => {
      const target = new URL(url)
      const local = target.hostname === PEER ? servers.get(Number(target.port)) : undefined
      return http(local ? `${local}${target.pathname}` : url, options)
    },
  })
}

const ollamaRoutes = {'GET /api/version': {body: fixture('ollama/version.json')}, 'GET /api/tags': {body: fixture('ollama/tags.json')}}

describe('which runtimes a peer serves', () => {
  it('by default, each runtime at its own default port, identified by its API', async () => {
    const system = await peer({11434: ollamaRoutes, 8000: {'GET /v1/models': {body: fixture('vllm/v1-models.COMPOSED.json')}}})
    const probe = await probeHost(system, PEER, 500)
    expect(probe.runtimes.map((runtime) => [runtime.runtime, runtime.url])).toEqual([
      ['ollama', `http://${PEER}:11434`],
      ['vllm', `http://${PEER}:8000`],
    ])
    expect(probe.runtimes[0]!.models.length).toBeGreaterThan(0)
    expect(probe.ports).toEqual([{runtime: 'lmstudio', port: 1234, state: 'refused'}, {runtime: 'llamacpp', port: 8080, state: 'refused'}])
  })

  it('something that is not the runtime on its port is told apart from a closed port', async () => {
    const probe = await probeHost(await peer({8080: {}}), PEER, 500)
    expect(probe.ports).toContainEqual({runtime: 'llamacpp', port: 8080, state: 'not-this-runtime'})
  })

  it('with --port, every runtime is asked at that port, and the default ports are left alone', async () => {
    const system = await peer({11435: ollamaRoutes, 11434: ollamaRoutes})
    const probe = await probeHost(system, PEER, 500, undefined, [11435, 9999])
    expect(probe.runtimes.map((runtime) => [runtime.runtime, runtime.url])).toEqual([['ollama', `http://${PEER}:11435`]])
    expect(probe.ports).toEqual([{runtime: null, port: 9999, state: 'refused'}])
  })
})
