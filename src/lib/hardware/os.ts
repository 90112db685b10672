/** Pure parsers for what the OS says about itself. */

export function parseOsReleaseName(text: string | null): string | null {
  if (!text) return null
  const field = (key: string) => new RegExp(`^${key}=(?:"([^"]*)"|(.*))$`, 'm').exec(text)
  const match = field('PRETTY_NAME') ?? field('NAME')
  return (match?.[1] ?? match?.[2])?.trim() || null
}

/**
 * WSL2 kernels say "microsoft-standard-WSL2"; WSL1 fakes a kernel whose version string contains
 * "Microsoft" (capital M) and no "WSL2". Ollama's installer refuses WSL1, so the difference matters.
 */
export function detectWsl(procVersion: string | null, env: NodeJS.ProcessEnv): {wsl: boolean; version: 1 | 2 | null} {
  const text = procVersion ?? ''
  if (/WSL2|microsoft-standard/i.test(text)) return {wsl: true, version: 2}
  if (/Microsoft/.test(text)) return {wsl: true, version: 1}
  if (env.WSL_DISTRO_NAME) return {wsl: true, version: null}
  return {wsl: false, version: null}
}

export interface ContainerHints {
  dockerenv: boolean
  containerenv: boolean
  cgroup: string | null
  env: NodeJS.ProcessEnv
}

export function detectContainer(hints: ContainerHints): string | null {
  if (hints.env.KUBERNETES_SERVICE_HOST) return 'kubernetes'
  if (hints.containerenv || hints.env.container === 'podman') return 'podman'
  if (hints.dockerenv) return 'docker'
  if (hints.env.container) return hints.env.container
  const cgroup = hints.cgroup ?? ''
  if (/kubepods/.test(cgroup)) return 'kubernetes'
  if (/docker|containerd/.test(cgroup)) return 'docker'
  if (/\/lxc\//.test(cgroup)) return 'lxc'
  return null
}
