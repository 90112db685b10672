import {ExitCode, LocalclawError} from '../errors.js'
import {runtimeById, RUNTIMES} from '../runtimes/registry.js'
import type {RuntimeId} from '../runtimes/runtime.js'
import type {System} from '../system.js'
import {tailscaleProblem} from './advice.js'
import {probeHost, type RemoteRuntime} from './peer-runtimes.js'
import {tailscaleState, type TailscalePeer} from './status.js'

/** A peer by host name, MagicDNS name (full or first label) or tailnet IP, case-insensitive. */
export function findPeer(peers: TailscalePeer[], query: string): TailscalePeer | null {
  const wanted = query.toLowerCase().replace(/\.$/, '')
  return peers.find((peer) => [peer.hostName, peer.dnsName, peer.dnsName?.split('.')[0], peer.ipv4, peer.ipv6]
    .some((name) => name?.toLowerCase() === wanted)) ?? null
}

/** 100.64.0.0/10, Tailscale's IPv4 range, or a MagicDNS name. */
export function isTailnetAddress(host: string): boolean {
  const match = /^100\.(\d+)\./.exec(host)
  return (
    (match !== null && Number(match[1]) >= 64 && Number(match[1]) <= 127) || /\.ts\.net\.?$/i.test(host) || /^fd7a:115c:a1e0:/i.test(host)
  )
}

export interface RemoteTarget {
  /** The address written into the config: the peer's tailnet IPv4 when known. */
  host: string
  peer: TailscalePeer | null
  runtime: RemoteRuntime
}

/**
 * The runtime to use on another machine, checked before anything is written: Tailscale up here, the
 * peer online, a runtime really answering. When none answers, say whether it is Tailscale or the runtime.
 */
export async function locateRemote(system: System, query: string,
  options: {runtime?: RuntimeId; timeoutMs: number; ports?: number[]}): Promise<{target: RemoteTarget; choices: RemoteRuntime[]}> {
  const state = await tailscaleState(system, Math.max(options.timeoutMs, 3000))
  const peer = findPeer(state.peers, query)
  const problem = tailscaleProblem(state.info, system.platform)
  if (problem && (peer || isTailnetAddress(query))) {
    throw new LocalclawError(`${problem.message} ${query} is reached over the tailnet.`, {
      code: 'tailscale_down',
      exit: ExitCode.failed,
      suggestions: [problem.fix],
    })
  }
  if (!peer && state.info.running && !/[.:]/.test(query)) {
    const names = state.peers.map((entry) => entry.hostName).join(', ') || 'none'
    throw new LocalclawError(`No machine called "${query}" on this tailnet.`, {
      code: 'peer_unknown',
      exit: ExitCode.usage,
      suggestions: [`Peers: ${names}`, 'localclaw tailscale status lists them with their runtimes'],
    })
  }
  if (peer && !peer.online) {
    throw new LocalclawError(`${peer.hostName} is offline on the tailnet.`, {
      code: 'peer_offline',
      exit: ExitCode.failed,
      suggestions: [
        `Wake or start ${peer.hostName}, and check Tailscale is connected there (tailscale up)`,
        `Then: tailscale ping ${peer.hostName}`,
      ],
    })
  }
  const host = peer?.ipv4 ?? peer?.ipv6 ?? query
  const runtimes = options.runtime ? [runtimeById(options.runtime)!] : RUNTIMES
  const probe = await probeHost(system, host, options.timeoutMs, runtimes, options.ports)
  if (probe.runtimes.length === 0) {
    const name = peer?.hostName ?? query
    const ports = probe.ports.map((entry) => entry.port).join(', ')
    // Nothing came back at all (a timeout, no route): the path, not the runtime.
    if (probe.ports.every((entry) => entry.state === 'timeout' || entry.state === 'unreachable')) {
      throw new LocalclawError(`${name} (${host}) does not answer on ${ports}: nothing came back at all.`, {
        code: 'remote_unreachable',
        exit: ExitCode.failed,
        suggestions: [
          `Check the path first: tailscale ping ${name}`,
          'If that works, a tailnet ACL blocks these ports: allow them in the admin console (Access controls)',
        ],
      })
    }
    const refused = probe.ports.some((entry) => entry.state === 'refused')
    throw new LocalclawError(`${name} (${host}) is reachable, but no model runtime answers on its tailnet address (${ports}).`, {
      code: 'runtime_not_exposed',
      exit: ExitCode.failed,
      suggestions: [
        refused
          ? 'The runtime there listens on loopback only. On that machine run: localclaw tailscale expose'
          : `Something else holds those ports on ${name}`,
        `Then check from here: localclaw tailscale status`,
      ],
    })
  }
  return {target: {host, peer, runtime: probe.runtimes[0]!}, choices: probe.runtimes}
}
