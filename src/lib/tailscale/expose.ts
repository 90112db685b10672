import type {InstallContext, InstallStep, Runtime} from '../runtimes/runtime.js'

export type ExposeMethod = 'bind' | 'serve' | 'lan'
export const EXPOSE_METHODS: ExposeMethod[] = ['bind', 'serve', 'lan']

export interface ExposeFacts {
  /** This node's tailnet IPv4. */
  tailnetIp: string
  /** tailscaled runs with a kernel TUN device (status TUN: true); in userspace mode the 100.x IP is not local. */
  tun: boolean
  tailscale: string
  /** The port the runtime listens on here: its default, or where its URL variable (OLLAMA_HOST...) moved it. */
  port: number
  /** Where the runtime's systemd drop-in goes on this host (under the test root in tests). */
  dropInPath?: string
}

export type ExposePlan =
  | {supported: true; method: ExposeMethod; steps: InstallStep[]; manual: string[]; warnings: string[]; url: string}
  | {supported: false; reason: string; suggestions: string[]}

/**
 * The safest method that works for this runtime here (bind, then a tailscale serve TCP forward). In
 * userspace-networking mode the tailnet address is on no interface, so nothing can bind it.
 */
export function defaultMethod(runtime: Runtime, context: InstallContext, tun = true): ExposeMethod {
  return tun && runtime.listen.rebinds(context) ? 'bind' : 'serve'
}

/**
 * How to make a runtime reachable from the tailnet and nowhere else:
 * - bind: the runtime listens on the tailnet address only;
 * - serve: it stays on loopback and `tailscale serve --tcp` forwards the tailnet port to it;
 * - lan: 0.0.0.0, every network (only with --allow-lan, which the command enforces).
 */
export function exposePlan(runtime: Runtime, method: ExposeMethod, context: InstallContext, facts: ExposeFacts): ExposePlan {
  const {port} = facts
  const url = `http://${facts.tailnetIp}:${port}`
  const warnings: string[] = []
  if (method === 'serve') {
    warnings.push(...runtime.listen.forwardWarnings(url, facts.tun))
    return {
      supported: true,
      method,
      warnings,
      url,
      manual: [],
      steps: [
        {
          description: `forward tailnet port ${port} to localhost:${port} (tailnet only)`,
          argv: [facts.tailscale, 'serve', '--bg', '--tcp', String(port), `tcp://localhost:${port}`],
        },
      ],
    }
  }
  if (method === 'bind' && !facts.tun) {
    return {
      supported: false,
      reason: `tailscaled runs in userspace-networking mode (TUN: false): ${facts.tailnetIp} is on no interface here, so ${runtime.name} cannot listen on it ("Cannot assign requested address") and would stop`,
      suggestions: [
        `localclaw tailscale expose ${runtime.id} --method serve`,
        'Or run tailscaled with a TUN device (not --tun=userspace-networking), then bind',
      ],
    }
  }
  const host = method === 'lan' ? `0.0.0.0:${port}` : `${facts.tailnetIp}:${port}`
  if (method === 'lan') {
    warnings.push(
      `${runtime.name} will accept connections from every network this machine is on (the LAN, a café's Wi-Fi), with no password`,
    )
    if (context.platform === 'linux')
      warnings.push(`Keep the LAN out with a firewall: sudo ufw allow in on tailscale0 to any port ${port} && sudo ufw deny ${port}`)
  }
  const moved = runtime.listen.listenOn(host, context, facts.dropInPath)
  if ('unsupported' in moved) return {supported: false, reason: moved.unsupported, suggestions: moved.suggestions}
  if (method === 'bind') warnings.push(...runtime.listen.bindWarnings(host, url))
  return {supported: true, method, steps: moved.steps, manual: moved.manual, warnings, url}
}

/** `tailscale serve status --json` (ipn.ServeConfig): is this TCP port forwarded? */
export function isForwarded(serveStatusJson: string, port: number): boolean {
  try {
    const config = JSON.parse(serveStatusJson) as {TCP?: Record<string, unknown> | null}
    return Boolean(config.TCP && String(port) in config.TCP)
  } catch {
    return false
  }
}

export interface UnexposeFacts {
  tailscale: string
  port: number
  /** `tailscale serve` forwards this port now. */
  forwarded: boolean
  /** localclaw's drop-in exists (its name says it is ours). */
  dropIn: boolean
  dropInPath?: string
  /** What expose recorded it changed; null when nothing was recorded (an older localclaw, or never). */
  record: {forwardAdded: boolean; previousHost?: string | null; port: number} | null
}

/**
 * Undo what `expose` did for this runtime, and only that: the forward it added (a forward that was
 * there before is the user's), and the runtime's address as it was (its drop-in, Ollama's OLLAMA_HOST on macOS and Windows).
 */
export function unexposePlan(runtime: Runtime, context: InstallContext, facts: UnexposeFacts): {steps: InstallStep[]; manual: string[]} {
  const steps: InstallStep[] = []
  const manual: string[] = []
  const {port, record} = facts
  if (facts.forwarded && record?.forwardAdded && record.port === port) {
    steps.push({description: `stop forwarding tailnet port ${port}`, argv: [facts.tailscale, 'serve', `--tcp=${port}`, 'off']})
  } else if (facts.forwarded) {
    manual.push(
      `tailscale serve forwards port ${port}, and localclaw did not set that up, so it is left alone; to remove it: ${facts.tailscale} serve --tcp=${port} off`,
    )
  }
  const previous = record && 'previousHost' in record ? {host: record.previousHost ?? null} : undefined
  const undo = runtime.listen.unlisten(context, {dropIn: facts.dropIn, dropInPath: facts.dropInPath, previous})
  steps.push(...undo.steps)
  manual.push(...undo.manual)
  return {steps, manual}
}
