import {BaseCommand} from '../../base-command.js'
import {peerPortFlag, probeTimeoutFlag} from '../../flags.js'
import type {TailscaleInfo} from '../../lib/tailscale/status.js'
import {ExitCode} from '../../lib/errors.js'
import {tailscaleProblem} from '../../lib/tailscale/advice.js'
import {probePeers, type PeerRuntimes} from '../../lib/tailscale/peer-runtimes.js'
import {tailscaleState} from '../../lib/tailscale/status.js'
import {glyph, paint} from '../../lib/ui/style.js'

export interface TailscaleStatusResult {
  tailscale: TailscaleInfo
  problem: {message: string; fix: string} | null
  peers: PeerRuntimes[]
}

export default class TailscaleStatus extends BaseCommand<typeof TailscaleStatus> {
  static override summary = 'This machine on the tailnet, and which online peers serve a model runtime.'

  static override description =
    'Reads `tailscale status --json`, then probes every online peer\'s runtime ports (11434, 1234, ' +
    '8080, 8000) at once with short timeouts and a bounded total, identifying each runtime by its API. Exit 1 when Tailscale ' +
    'is not installed, not running or logged out.'

  static override examples = [
    '<%= config.bin %> tailscale status',
    '<%= config.bin %> tailscale status --json | jq \'.peers[] | select(.probe.runtimes | length > 0)\'',
    '<%= config.bin %> tailscale status --port 11435',
  ]

  static override flags = {
    'probe-timeout': probeTimeoutFlag(1500, 'Time box for each port and API probe, in milliseconds.'),
    port: peerPortFlag(),
  }

  async run(): Promise<TailscaleStatusResult> {
    const system = this.system()
    const timeoutMs = this.flags['probe-timeout']
    const spinner = await this.spinner('Asking Tailscale and probing peers')
    const state = await tailscaleState(system, Math.max(timeoutMs, 3000))
    const problem = tailscaleProblem(state.info, system.platform)
    // Twice one probe (the port, then the API): a slow peer is cut off, the sweep never waits longer.
    const peers = problem ? [] : await probePeers(system, state.peers, timeoutMs, timeoutMs * 3, this.flags.port ?? [])
    spinner.stop()
    const result: TailscaleStatusResult = {tailscale: state.info, problem, peers}
    if (!this.jsonEnabled()) this.log(this.render(result))
    if (problem) this.exitWithResult(result, ExitCode.failed)
    return result
  }

  private render({tailscale, problem, peers}: TailscaleStatusResult): string {
    if (problem) return `${paint('red', glyph.fail)} ${problem.message}\n  Fix: ${problem.fix}`
    const lines = [`Tailscale ${tailscale.version ?? ''}: ${tailscale.detail}`.replace('  ', ' ')]
    lines.push(`  this machine  ${[tailscale.dnsName ?? tailscale.hostName, tailscale.ipv4, tailscale.ipv6].filter(Boolean).join('  ')}`)
    const online = peers.filter((entry) => entry.peer.online).length
    lines.push('', `Peers: ${online} online of ${peers.length}`)
    for (const {peer, probe, note} of peers) {
      const name = `${peer.online ? '●' : '○'} ${peer.hostName.padEnd(20)} ${(peer.ipv4 ?? peer.ipv6 ?? '').padEnd(15)} ${(peer.os ?? '').padEnd(8)}`
      if (!probe) {
        lines.push(`  ${name} ${note}`)
        continue
      }
      if (probe.runtimes.length === 0) lines.push(`  ${name} no model runtime on ${probe.ports.map((port) => port.port).join(', ')}`)
      for (const runtime of probe.runtimes) {
        const models = runtime.models.length > 0 ? runtime.models.join(', ') : 'no models'
        lines.push(`  ${name} ${runtime.name}${runtime.version ? ` ${runtime.version}` : ''} at ${runtime.url}: ${models}`)
      }
    }
    if (peers.some((entry) => entry.probe?.runtimes.length)) lines.push('', 'Use one from here: localclaw tailscale connect <peer>')
    return lines.join('\n')
  }
}
