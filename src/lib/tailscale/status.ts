import {execFailureText} from '../exec.js'
import {whichBinary, type System} from '../system.js'
import type {TailscaleInfo} from '../hardware/types.js'

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

const MAC_APP_CLI = '/Applications/Tailscale.app/Contents/MacOS/Tailscale'

export async function probeTailscale(system: System, timeoutMs: number): Promise<TailscaleInfo> {
  const binary = await whichBinary(system, ['tailscale'], system.platform === 'darwin' ? ['/Applications/Tailscale.app/Contents/MacOS'] : [])
  const notInstalled: TailscaleInfo = {
    installed: false, running: false, backendState: null, ipv4: null, ipv6: null, dnsName: null, hostName: null, version: null,
    detail: 'not installed',
  }
  if (!binary && system.platform !== 'darwin') return notInstalled
  const result = await system.exec(binary ?? MAC_APP_CLI, ['status', '--json'], {timeoutMs, env: system.env})
  if (result.notFound) return notInstalled
  if (result.exitCode === 0 || result.stdout.trim().startsWith('{')) {
    try {
      return {installed: true, ...parseTailscaleStatus(result.stdout)}
    } catch {
      // fall through: not JSON
    }
  }
  const output = `${result.stderr}\n${result.stdout}`.trim()
  return {
    ...notInstalled,
    installed: true,
    detail: isDaemonNotRunning(output) ? `daemon not running: ${output.split('\n')[0]}` : execFailureText(result),
  }
}
