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
  /** Where the systemd drop-in goes on this host (OLLAMA_DROP_IN, under the test root in tests). */
  dropInPath?: string
}

export type ExposePlan =
  | {supported: true; method: ExposeMethod; steps: InstallStep[]; manual: string[]; warnings: string[]; url: string}
  | {supported: false; reason: string; suggestions: string[]}

/** Written by `expose`, removed by `unexpose`: a drop-in, so the packaged unit file stays untouched. */
export const OLLAMA_DROP_IN = '/etc/systemd/system/ollama.service.d/localclaw-tailnet.conf'

/**
 * The safest method that works for this runtime here (bind, then a tailscale serve TCP forward). In
 * userspace-networking mode the tailnet address is on no interface, so nothing can bind it.
 */
export function defaultMethod(runtime: Runtime, context: InstallContext, tun = true): ExposeMethod {
  if (runtime.id !== 'ollama' || !tun) return 'serve'
  return (context.platform === 'linux' && context.systemd) || context.platform === 'darwin' || context.platform === 'win32' ? 'bind' : 'serve'
}

/** The drop-in as written: systemd applies drop-ins by file name, so one sorting after it overrides it. */
export const OLLAMA_DROP_IN_NAME = 'localclaw-tailnet.conf'

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

/** Ollama reads OLLAMA_HOST at start: persist it the way each OS runs Ollama, then restart it (runtimes.md 1.4). */
function ollamaListenOn(host: string, context: InstallContext, dropIn: string): {steps: InstallStep[]; manual: string[]} {
  if (context.platform === 'linux' && context.systemd) {
    const content = [
      '# Written by localclaw tailscale expose; localclaw tailscale unexpose removes it.',
      '[Unit]', 'After=tailscaled.service', 'Wants=tailscaled.service',
      '[Service]', `Environment="OLLAMA_HOST=${host}"`,
    ]
    return {
      steps: [
        {description: `write ${dropIn}`, argv: ['sh', '-c', `mkdir -p ${dropIn.replace(/\/[^/]+$/, '')} && printf '%s\\n' ${content.map(shellQuote).join(' ')} > ${dropIn}`], root: true},
        {description: 'reload systemd', argv: ['systemctl', 'daemon-reload'], root: true},
        {description: 'restart Ollama', argv: ['systemctl', 'restart', 'ollama'], root: true},
      ],
      manual: [],
    }
  }
  if (context.platform === 'darwin') {
    return {
      steps: [
        {description: 'set OLLAMA_HOST for apps', argv: ['launchctl', 'setenv', 'OLLAMA_HOST', host]},
        {description: 'quit Ollama', argv: ['osascript', '-e', 'quit app "Ollama"']},
        {description: 'open Ollama again', argv: ['open', '-a', 'Ollama']},
      ],
      manual: ['launchctl setenv lasts until the next reboot: run localclaw tailscale expose again after one'],
    }
  }
  if (context.platform === 'win32') {
    return {steps: [{description: 'set OLLAMA_HOST for this user', argv: ['setx', 'OLLAMA_HOST', host]}], manual: ['Quit Ollama from the system tray and start it again, so it reads OLLAMA_HOST']}
  }
  return {steps: [], manual: [`Stop ollama serve, then start it again as: OLLAMA_HOST=${host} ollama serve`]}
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
    if (runtime.id === 'ollama' && !facts.tun) {
      warnings.push('tailscaled runs in userspace-networking mode: the 100.x address is on no interface here, so Ollama behind the forward may answer 403 to tailnet clients (its Host check); if they get 403, run tailscaled with a TUN device')
    }
    if (runtime.id === 'ollama') warnings.push(`Clients must use ${url}, not the *.ts.net name: Ollama on loopback refuses other Host headers with 403`)
    if (runtime.id === 'vllm') warnings.push('vLLM listens on 0.0.0.0 by default: start it with --host 127.0.0.1 so only the forward reaches it')
    return {
      supported: true, method, warnings, url, manual: [],
      steps: [{description: `forward tailnet port ${port} to localhost:${port} (tailnet only)`, argv: [facts.tailscale, 'serve', '--bg', '--tcp', String(port), `tcp://localhost:${port}`]}],
    }
  }
  if (method === 'bind' && !facts.tun) {
    return {
      supported: false,
      reason: `tailscaled runs in userspace-networking mode (TUN: false): ${facts.tailnetIp} is on no interface here, so ${runtime.name} cannot listen on it ("Cannot assign requested address") and would stop`,
      suggestions: [`localclaw tailscale expose ${runtime.id} --method serve`, 'Or run tailscaled with a TUN device (not --tun=userspace-networking), then bind'],
    }
  }
  const host = method === 'lan' ? `0.0.0.0:${port}` : `${facts.tailnetIp}:${port}`
  if (method === 'lan') {
    warnings.push(`${runtime.name} will accept connections from every network this machine is on (the LAN, a café's Wi-Fi), with no password`)
    if (context.platform === 'linux') warnings.push(`Keep the LAN out with a firewall: sudo ufw allow in on tailscale0 to any port ${port} && sudo ufw deny ${port}`)
  }
  if (runtime.id === 'ollama') {
    const {steps, manual} = ollamaListenOn(host, context, facts.dropInPath ?? OLLAMA_DROP_IN)
    if (method === 'bind') warnings.push(`Ollama then no longer answers on 127.0.0.1 here: use OLLAMA_HOST=${host} for the ollama command, and localclaw config --url ${url} --model <model> for OpenClaw on this machine`)
    return {supported: true, method, steps, manual, warnings, url}
  }
  if (runtime.id === 'lmstudio') {
    return {supported: false, reason: 'LM Studio cannot listen on one chosen address', suggestions: ['localclaw tailscale expose lmstudio --method serve (LM Studio has no Host check, so the forward just works)']}
  }
  return {supported: true, method, steps: [], manual: [`localclaw does not run ${runtime.name} for you: restart it with --host ${host.replace(/:\d+$/, '')} --port ${port}`], warnings, url}
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
 * there before is the user's), its drop-in, and OLLAMA_HOST as it was before (macOS, Windows).
 */
export function unexposePlan(runtime: Runtime, context: InstallContext, facts: UnexposeFacts): {steps: InstallStep[]; manual: string[]} {
  const steps: InstallStep[] = []
  const manual: string[] = []
  const {port, record} = facts
  if (facts.forwarded && record?.forwardAdded && record.port === port) {
    steps.push({description: `stop forwarding tailnet port ${port}`, argv: [facts.tailscale, 'serve', `--tcp=${port}`, 'off']})
  } else if (facts.forwarded) {
    manual.push(`tailscale serve forwards port ${port}, and localclaw did not set that up, so it is left alone; to remove it: ${facts.tailscale} serve --tcp=${port} off`)
  }
  if (runtime.id === 'ollama') {
    const dropIn = facts.dropInPath ?? OLLAMA_DROP_IN
    if (context.platform === 'linux' && facts.dropIn) {
      steps.push(
        {description: `remove ${dropIn}`, argv: ['rm', '-f', dropIn], root: true},
        {description: 'reload systemd', argv: ['systemctl', 'daemon-reload'], root: true},
        {description: 'restart Ollama (back where it listened before)', argv: ['systemctl', 'restart', 'ollama'], root: true},
      )
    } else if (context.platform === 'darwin' && record && 'previousHost' in record) {
      const previous = record.previousHost
      steps.push(
        previous ? {description: `set OLLAMA_HOST back to ${previous}`, argv: ['launchctl', 'setenv', 'OLLAMA_HOST', previous]} : {description: 'unset OLLAMA_HOST for apps', argv: ['launchctl', 'unsetenv', 'OLLAMA_HOST']},
        {description: 'quit Ollama', argv: ['osascript', '-e', 'quit app "Ollama"']}, {description: 'open Ollama again', argv: ['open', '-a', 'Ollama']},
      )
    } else if (context.platform === 'win32' && record && 'previousHost' in record) {
      const previous = record.previousHost
      steps.push(previous ? {description: `set OLLAMA_HOST back to ${previous}`, argv: ['setx', 'OLLAMA_HOST', previous]} : {description: 'remove OLLAMA_HOST for this user', argv: ['reg', 'delete', 'HKCU\\Environment', '/v', 'OLLAMA_HOST', '/f']})
      manual.push('Quit Ollama from the system tray and start it again')
    } else if (context.platform === 'darwin' || context.platform === 'win32') {
      manual.push('localclaw has no record of setting OLLAMA_HOST here, so it leaves it as it is')
    }
  } else if (runtime.id !== 'lmstudio') {
    manual.push(`If you restarted ${runtime.name} with --host for the tailnet, restart it with --host 127.0.0.1`)
  }
  return {steps, manual}
}
