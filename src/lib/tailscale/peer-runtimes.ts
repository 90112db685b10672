import type {PortState} from '../net/ports.js'
import {RUNTIMES} from '../runtimes/registry.js'
import type {Runtime, RuntimeId} from '../runtimes/runtime.js'
import type {System} from '../system.js'
import type {TailscalePeer} from './status.js'

export interface RemoteRuntime {
  runtime: RuntimeId
  name: string
  url: string
  version: string | null
  models: string[]
}

export interface HostProbe {
  host: string
  runtimes: RemoteRuntime[]
  /** Each runtime port that did not serve its runtime, and why. */
  ports: Array<{runtime: RuntimeId; port: number; state: PortState | 'not-this-runtime'}>
}

/** Brackets for an IPv6 literal in a URL. */
export function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/** Which runtimes serve on a machine's default ports: all ports at once, each identified by its API, not its port. */
export async function probeHost(system: System, host: string, timeoutMs: number, runtimes: readonly Runtime[] = RUNTIMES): Promise<HostProbe> {
  const results = await Promise.all(runtimes.map(async (runtime) => {
    const port = runtime.defaultPort
    const url = `http://${hostForUrl(host)}:${port}`
    const state = await system.probePort(host, port, timeoutMs)
    if (state !== 'open') return {port: {runtime: runtime.id, port, state}}
    const server = await runtime.identify(system.http, url, timeoutMs)
    if (!server.identified) return {port: {runtime: runtime.id, port, state: 'not-this-runtime' as const}}
    const models = await runtime.listModels(system.http, url, timeoutMs) ?? []
    return {found: {runtime: runtime.id, name: runtime.name, url, version: server.version, models}}
  }))
  return {
    host,
    runtimes: results.flatMap((result) => ('found' in result && result.found ? [result.found] : [])),
    ports: results.flatMap((result) => ('port' in result && result.port ? [result.port] : [])),
  }
}

export interface PeerRuntimes {
  peer: TailscalePeer
  probe: HostProbe | null
  /** Why there is no probe: offline, no IPv4, or out of time. */
  note: string | null
}

/** Every online peer probed at once; the whole sweep is bounded by totalMs however many peers there are. */
export async function probePeers(system: System, peers: TailscalePeer[], timeoutMs: number, totalMs: number): Promise<PeerRuntimes[]> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), totalMs)
  })
  try {
    return await Promise.all(peers.map(async (peer): Promise<PeerRuntimes> => {
      if (!peer.online) return {peer, probe: null, note: 'offline'}
      const address = peer.ipv4 ?? peer.ipv6
      if (!address) return {peer, probe: null, note: 'no tailnet address'}
      const probe = await Promise.race([probeHost(system, address, timeoutMs), deadline])
      return probe ? {peer, probe, note: null} : {peer, probe: null, note: `no answer within ${totalMs} ms`}
    }))
  } finally {
    clearTimeout(timer)
  }
}
