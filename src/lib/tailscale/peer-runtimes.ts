import type {PortState} from '../net/ports.js'
import {RUNTIMES} from '../runtimes/registry.js'
import type {Runtime, RuntimeId} from '../runtimes/runtime.js'
import type {System} from '../system.js'
import {timeBox, TimedOut} from '../time-box.js'
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
  /** Each probed port that served no runtime, and why; `runtime` is the one expected there, null when any was. */
  ports: Array<{runtime: RuntimeId | null; port: number; state: PortState | 'not-this-runtime'}>
}

/** Brackets for an IPv6 literal in a URL. */
export function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/**
 * Which runtimes serve on a machine: by default each runtime at its own default port; with `ports`
 * (a runtime moved off its default there), every runtime is asked at each of those ports. All at
 * once, each identified by its API, never by its port.
 */
export async function probeHost(system: System, host: string, timeoutMs: number, runtimes: readonly Runtime[] = RUNTIMES,
  ports: number[] = []): Promise<HostProbe> {
  const candidates = ports.length > 0
    ? ports.map((port) => ({port, runtimes}))
    : runtimes.map((runtime) => ({port: runtime.defaultPort, runtimes: [runtime]}))
  const results = await Promise.all(candidates.map(async ({port, runtimes: expected}) => {
    const url = `http://${hostForUrl(host)}:${port}`
    const runtime = expected.length === 1 ? expected[0]!.id : null
    const state = await system.probePort(host, port, timeoutMs)
    if (state !== 'open') return {port: {runtime, port, state}}
    const answers = await Promise.all(expected.map(async (candidate) =>
      ({candidate, server: await candidate.identify(system.http, url, timeoutMs)})))
    const found = answers.find((answer) => answer.server.identified)
    if (!found) return {port: {runtime, port, state: 'not-this-runtime' as const}}
    const models = await found.candidate.listModels(system.http, url, timeoutMs) ?? []
    return {found: {runtime: found.candidate.id, name: found.candidate.name, url, version: found.server.version, models}}
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
export async function probePeers(system: System, peers: TailscalePeer[], timeoutMs: number, totalMs: number,
  ports: number[] = []): Promise<PeerRuntimes[]> {
  // Every peer starts now, so each one's time box ends with the sweep's.
  return Promise.all(peers.map(async (peer): Promise<PeerRuntimes> => {
    if (!peer.online) return {peer, probe: null, note: 'offline'}
    const address = peer.ipv4 ?? peer.ipv6
    if (!address) return {peer, probe: null, note: 'no tailnet address'}
    try {
      return {peer, probe: await timeBox(totalMs, () => probeHost(system, address, timeoutMs, RUNTIMES, ports)), note: null}
    } catch (error) {
      if (error instanceof TimedOut) return {peer, probe: null, note: error.message}
      throw error
    }
  }))
}
