import {byCodeUnits} from '../compare.js'
import {execFailureText} from '../exec.js'
import {whichBinary, type System} from '../system.js'

/** This node on its tailnet, as detect reports it. */
export interface TailscaleInfo {
  installed: boolean
  running: boolean
  /** NoState, NeedsLogin, NeedsMachineAuth, Stopped, Starting, Running; null when not reachable. */
  backendState: string | null
  ipv4: string | null
  ipv6: string | null
  /** MagicDNS name without the trailing dot. */
  dnsName: string | null
  hostName: string | null
  version: string | null
  detail: string
}

/**
 * `tailscale status --json` (ipnstate.Status; runtimes.md section 6). When Stopped, tailscaled keeps
 * the last netmap, so IPs can still be present: "running" is BackendState === "Running", never
 * "has an IP".
 */
export function parseTailscaleStatus(json: string): Omit<TailscaleInfo, 'installed'> {
  const status = JSON.parse(json) as {
    Version?: string
    BackendState?: string
    TailscaleIPs?: string[] | null
    Self?: {HostName?: string; DNSName?: string; TailscaleIPs?: string[] | null} | null
  }
  const ips = status.Self?.TailscaleIPs ?? status.TailscaleIPs ?? []
  const backendState = status.BackendState ?? null
  const running = backendState === 'Running'
  const dnsName = status.Self?.DNSName ? status.Self.DNSName.replace(/\.$/, '') : null
  return {
    running,
    backendState,
    ipv4: ips.find((ip) => ip.includes('.')) ?? null,
    ipv6: ips.find((ip) => ip.includes(':')) ?? null,
    dnsName: dnsName || null,
    hostName: status.Self?.HostName ?? null,
    version: status.Version ?? null,
    detail: running ? 'connected to the tailnet' : describeBackendState(backendState),
  }
}

function describeBackendState(state: string | null): string {
  switch (state) {
    case 'NeedsLogin': return 'logged out: run `tailscale up` to log in'
    case 'NeedsMachineAuth': return 'waiting for an admin to approve this machine in the Tailscale admin console'
    case 'Stopped': return 'stopped: run `tailscale up` to connect'
    case 'Starting': return 'starting'
    default: return `state ${state ?? 'unknown'}`
  }
}

/**
 * The daemon-not-reachable texts differ by OS and by subcommand (runtimes.md section 6); they all
 * contain "failed to connect to local tailscale" in some case.
 */
export function isDaemonNotRunning(output: string): boolean {
  return /failed to connect to local tailscale/i.test(output)
}

/** Another node of the tailnet, from `Peer` in `tailscale status --json`. */
export interface TailscalePeer {
  hostName: string
  /** MagicDNS name without the trailing dot. */
  dnsName: string | null
  os: string | null
  ipv4: string | null
  ipv6: string | null
  online: boolean
}

export function parsePeers(json: string): TailscalePeer[] {
  type Peer = {HostName?: string; DNSName?: string; OS?: string; TailscaleIPs?: string[] | null; Online?: boolean}
  const status = JSON.parse(json) as {Peer?: Record<string, Peer> | null}
  return Object.values(status.Peer ?? {}).map((peer) => {
    const ips = peer.TailscaleIPs ?? []
    return {
      hostName: peer.HostName ?? '', dnsName: peer.DNSName ? peer.DNSName.replace(/\.$/, '') : null, os: peer.OS ?? null,
      ipv4: ips.find((ip) => ip.includes('.')) ?? null, ipv6: ips.find((ip) => ip.includes(':')) ?? null, online: peer.Online === true,
    }
  }).sort((a, b) => byCodeUnits(a.hostName, b.hostName))
}

const MAC_APP_CLI = '/Applications/Tailscale.app/Contents/MacOS/Tailscale'

export async function probeTailscale(system: System, timeoutMs: number, signal?: AbortSignal): Promise<TailscaleInfo> {
  return (await tailscaleState(system, timeoutMs, signal)).info
}

/** This node and its peers; peers are empty when the daemon is not reachable. */
export async function tailscaleState(system: System, timeoutMs: number,
  signal?: AbortSignal): Promise<{info: TailscaleInfo; peers: TailscalePeer[]; binary: string | null; tun: boolean | null}> {
  const binary = await whichBinary(
    system,
    ['tailscale'],
    system.platform === 'darwin' ? ['/Applications/Tailscale.app/Contents/MacOS'] : [],
  )
  const notInstalled: TailscaleInfo = {
    installed: false, running: false, backendState: null, ipv4: null, ipv6: null, dnsName: null, hostName: null, version: null,
    detail: 'not installed',
  }
  if (!binary && system.platform !== 'darwin') return {info: notInstalled, peers: [], binary: null, tun: null}
  const command = binary ?? MAC_APP_CLI
  const result = await system.exec(command, ['status', '--json'], {timeoutMs, env: system.env, signal})
  if (result.notFound) return {info: notInstalled, peers: [], binary: null, tun: null}
  if (result.exitCode === 0 || result.stdout.trim().startsWith('{')) {
    try {
      const tun = (JSON.parse(result.stdout) as {TUN?: unknown}).TUN
      return {
        info: {installed: true, ...parseTailscaleStatus(result.stdout)},
        peers: parsePeers(result.stdout),
        binary: command,
        tun: typeof tun === 'boolean' ? tun : null,
      }
    } catch {
      // fall through: not JSON
    }
  }
  const output = `${result.stderr}\n${result.stdout}`.trim()
  const info = {
    ...notInstalled,
    installed: true,
    detail: isDaemonNotRunning(output) ? `daemon not running: ${output.split('\n')[0]}` : execFailureText(result),
  }
  return {info, peers: [], binary: command, tun: null}
}
