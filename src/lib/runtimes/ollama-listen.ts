import {shellWord} from '../shell.js'
import type {ListenControl} from './listen.js'
import {ollamaClientUrl} from './ollama-host.js'
import type {InstallContext, InstallStep} from './runtime.js'

/** Written by `expose`, removed by `unexpose`: a drop-in, so the packaged unit file stays untouched. */
export const OLLAMA_DROP_IN = '/etc/systemd/system/ollama.service.d/localclaw-tailnet.conf'

const relaunchApp: InstallStep[] = [
  {description: 'quit Ollama', argv: ['osascript', '-e', 'quit app "Ollama"']},
  {description: 'open Ollama again', argv: ['open', '-a', 'Ollama']},
]
const restartService = (description: string): InstallStep[] => [
  {description: 'reload systemd', argv: ['systemctl', 'daemon-reload'], root: true},
  {description, argv: ['systemctl', 'restart', 'ollama'], root: true},
]

/**
 * Ollama reads OLLAMA_HOST at start (it has no --port or --host flag): persisted the way each OS runs
 * Ollama, then restarted (runtimes.md 1.4). Behind a loopback forward its Host check refuses names
 * other than the address it was reached at.
 */
export const ollamaListen: ListenControl = {
  rebinds: (context: InstallContext) =>
    (context.platform === 'linux' && context.systemd) || context.platform === 'darwin' || context.platform === 'win32',
  listenOn(host, context, dropInPath = OLLAMA_DROP_IN) {
    if (context.platform === 'linux' && context.systemd) {
      const content = [
        '# Written by localclaw tailscale expose; localclaw tailscale unexpose removes it.',
        '[Unit]',
        'After=tailscaled.service',
        'Wants=tailscaled.service',
        '[Service]',
        `Environment="OLLAMA_HOST=${host}"`,
      ]
      return {
        steps: [
          {
            description: `write ${dropInPath}`,
            argv: [
              'sh',
              '-c',
              `mkdir -p ${shellWord(dropInPath.replace(/\/[^/]+$/, ''))} && printf '%s\\n' ${content.map(shellWord).join(' ')} > ${shellWord(dropInPath)}`,
            ],
            root: true,
          },
          ...restartService('restart Ollama'),
        ],
        manual: [],
      }
    }
    if (context.platform === 'darwin') {
      return {
        steps: [{description: 'set OLLAMA_HOST for apps', argv: ['launchctl', 'setenv', 'OLLAMA_HOST', host]}, ...relaunchApp],
        manual: ['launchctl setenv lasts until the next reboot: run localclaw tailscale expose again after one'],
      }
    }
    if (context.platform === 'win32') {
      return {
        steps: [{description: 'set OLLAMA_HOST for this user', argv: ['setx', 'OLLAMA_HOST', host]}],
        manual: ['Quit Ollama from the system tray and start it again, so it reads OLLAMA_HOST'],
      }
    }
    return {steps: [], manual: [`Stop ollama serve, then start it again as: OLLAMA_HOST=${host} ollama serve`]}
  },
  unlisten(context, {dropIn, dropInPath = OLLAMA_DROP_IN, previous}) {
    if (context.platform === 'linux' && dropIn) {
      return {
        steps: [
          {description: `remove ${dropInPath}`, argv: ['rm', '-f', dropInPath], root: true},
          ...restartService('restart Ollama (back where it listened before)'),
        ],
        manual: [],
      }
    }
    if (context.platform === 'darwin' && previous) {
      const step: InstallStep = previous.host
        ? {description: `set OLLAMA_HOST back to ${previous.host}`, argv: ['launchctl', 'setenv', 'OLLAMA_HOST', previous.host]}
        : {description: 'unset OLLAMA_HOST for apps', argv: ['launchctl', 'unsetenv', 'OLLAMA_HOST']}
      return {steps: [step, ...relaunchApp], manual: []}
    }
    if (context.platform === 'win32' && previous) {
      const step: InstallStep = previous.host
        ? {description: `set OLLAMA_HOST back to ${previous.host}`, argv: ['setx', 'OLLAMA_HOST', previous.host]}
        : {description: 'remove OLLAMA_HOST for this user', argv: ['reg', 'delete', 'HKCU\\Environment', '/v', 'OLLAMA_HOST', '/f']}
      return {steps: [step], manual: ['Quit Ollama from the system tray and start it again']}
    }
    if (context.platform === 'darwin' || context.platform === 'win32')
      return {steps: [], manual: ['localclaw has no record of setting OLLAMA_HOST here, so it leaves it as it is']}
    return {steps: [], manual: []}
  },
  forwardWarnings: (url, tun) => [
    ...(tun
      ? []
      : [
          'tailscaled runs in userspace-networking mode: the 100.x address is on no interface here, so Ollama behind the forward may answer 403 to tailnet clients (its Host check); if they get 403, run tailscaled with a TUN device',
        ]),
    `Clients must use ${url}, not the *.ts.net name: Ollama on loopback refuses other Host headers with 403`,
  ],
  bindWarnings: (host, url) => [
    `Ollama then no longer answers on 127.0.0.1 here: use OLLAMA_HOST=${host} for the ollama command, and localclaw config --url ${url} --model <model> for OpenClaw on this machine`,
  ],
  service: {
    unit: 'ollama',
    variable: 'OLLAMA_HOST',
    dropIn: OLLAMA_DROP_IN,
    // The port as Ollama reads OLLAMA_HOST: "0.0.0.0" alone still means 11434; URL drops a scheme's
    // default port (http://host:80 has port ''), which is still the port Ollama binds.
    portOf(value) {
      const url = new URL(ollamaClientUrl(value))
      return Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
    },
  },
  // OLLAMA_HOST as the user had it (macOS launchctl, the Windows user environment), to put back.
  async previous(context, system) {
    if (context.platform === 'darwin') {
      const result = await system.exec('launchctl', ['getenv', 'OLLAMA_HOST'], {timeoutMs: 5000, env: system.env})
      return result.stdout.trim() || null
    }
    if (context.platform === 'win32') {
      const result = await system.exec('reg', ['query', 'HKCU\\Environment', '/v', 'OLLAMA_HOST'], {timeoutMs: 5000, env: system.env})
      return /OLLAMA_HOST\s+REG_\w+\s+(.+)/.exec(result.stdout)?.[1]?.trim() ?? null
    }
    return undefined
  },
  checkHint: 'Check the service: journalctl -u ollama -n 50 (or ~/.ollama/logs/server.log)',
}
