import type {TailscaleInfo} from './status.js'

/** Why this machine cannot use the tailnet now, and the command that fixes it; null when it can. */
export function tailscaleProblem(info: TailscaleInfo, platform: string): {message: string; fix: string} | null {
  if (!info.installed) {
    return {
      message: 'Tailscale is not installed.',
      fix: platform === 'linux' ? 'curl -fsSL https://tailscale.com/install.sh | sh, then sudo tailscale up'
        : platform === 'darwin' ? 'Install the Tailscale app (Mac App Store or https://tailscale.com/download), open it and log in'
          : 'Install Tailscale from https://tailscale.com/download, open it and log in',
    }
  }
  if (info.running) return null
  if (info.backendState === null) {
    return {
      message: `Tailscale is installed, but its daemon is not running (${info.detail}).`,
      fix:
        platform === 'linux'
          ? 'sudo systemctl start tailscaled (no systemd: sudo tailscaled &), then sudo tailscale up'
          : 'Open the Tailscale app (or start the Tailscale service), then log in',
    }
  }
  if (info.backendState === 'NeedsMachineAuth')
    return {
      message: 'This machine waits for approval in the Tailscale admin console.',
      fix: 'Approve it at https://login.tailscale.com/admin/machines',
    }
  return {
    message: `Tailscale is ${info.detail}.`,
    fix: platform === 'linux' ? 'sudo tailscale up' : 'tailscale up (or connect from the Tailscale app)',
  }
}
