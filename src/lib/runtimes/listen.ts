import type {System} from '../system.js'
import type {InstallContext, InstallStep} from './runtime.js'

/** A server that reads its address from a systemd unit's environment (Ollama's OLLAMA_HOST). */
export interface ListenService {
  /** The unit's name without ".service": "ollama". */
  unit: string
  /** The variable the server reads its address from. */
  variable: string
  /** localclaw's drop-in, by absolute path on the host: systemd applies drop-ins in file-name order. */
  dropIn: string
  /** The port the server binds for one value of the variable. */
  portOf(value: string): number
}

export interface ListenSteps {
  steps: InstallStep[]
  /** What is left for the user to do by hand. */
  manual: string[]
}

/**
 * How a runtime's server is moved to another address, for `tailscale expose` and `unexpose`: by
 * localclaw (persisted the runtime's own way, then restarted), by the user with flags, or not at all.
 */
export interface ListenControl {
  /** localclaw moves it onto one chosen address itself here, so binding is the default method. */
  rebinds(context: InstallContext): boolean
  /**
   * The steps that make it listen on `host` (address:port) from its next start, and what is left by
   * hand; or why it cannot listen on one chosen address. `dropInPath` is the service's drop-in on this host.
   */
  listenOn(host: string, context: InstallContext,
    dropInPath: string | undefined): ListenSteps | {unsupported: string; suggestions: string[]}
  /**
   * Back where it listened before expose. `dropIn`: localclaw's drop-in exists; `previous`: the
   * address setting expose recorded before it changed it (absent: no record).
   */
  unlisten(context: InstallContext, facts: {dropIn: boolean; dropInPath: string | undefined; previous?: {host: string | null}}): ListenSteps
  /** Said when a tailscale serve forward reaches it on loopback. */
  forwardWarnings(url: string, tun: boolean): string[]
  /** Said when it listens on the tailnet address alone. */
  bindWarnings(host: string, url: string): string[]
  /** Its address as a systemd service sets it (Linux): read for its port and for settings that override localclaw's. */
  service?: ListenService
  /** The address setting as the user had it before expose changes it; undefined where expose sets none to restore. */
  previous?(context: InstallContext, system: System): Promise<string | null | undefined>
  /** What to look at when it does not come up where it should. */
  checkHint: string
}

/** Servers started by hand with --host and --port (llama-server, vllm serve): the user restarts them. */
export function hostFlagListen(name: string, forwardWarnings: string[] = []): ListenControl {
  return {
    rebinds: () => false,
    listenOn: (host) => ({
      steps: [],
      manual: [
        `localclaw does not run ${name} for you: restart it with --host ${host.replace(/:\d+$/, '')} --port ${host.replace(/^.*:/, '')}`,
      ],
    }),
    unlisten: () => ({steps: [], manual: [`If you restarted ${name} with --host for the tailnet, restart it with --host 127.0.0.1`]}),
    forwardWarnings: () => forwardWarnings,
    bindWarnings: () => [],
    checkHint: `Check that ${name} is running`,
  }
}
