/** Pure parsers for what the OS says about itself. */

function osReleaseField(text: string, key: string): string | null {
  const match = new RegExp(`^${key}=(?:"([^"]*)"|'([^']*)'|(.*))$`, 'm').exec(text)
  return (match?.[1] ?? match?.[2] ?? match?.[3])?.trim() || null
}

export function parseOsReleaseName(text: string | null): string | null {
  if (!text) return null
  return osReleaseField(text, 'PRETTY_NAME') ?? osReleaseField(text, 'NAME')
}

/** The distribution and its version from /etc/os-release (ID, VERSION_ID, ID_LIKE), for plans that depend on them. */
export interface Distro {
  id: string | null
  versionId: string | null
  idLike: string[]
}

export function parseDistro(text: string | null): Distro {
  if (!text) return {id: null, versionId: null, idLike: []}
  return {
    id: osReleaseField(text, 'ID'),
    versionId: osReleaseField(text, 'VERSION_ID'),
    idLike: (osReleaseField(text, 'ID_LIKE') ?? '').split(/\s+/).filter(Boolean),
  }
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
