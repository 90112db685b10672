import {accessSync, constants} from 'node:fs'
import {access, readdir, readFile, readlink, statfs} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import {exec, type Exec} from './exec.js'
import {http, type HttpRequest} from './net/http.js'
import {probePort, type PortState} from './net/ports.js'

/**
 * The side effects probes need, gathered in one object so tests can point them at fake
 * executables, a fake /proc and /sys tree, loopback servers and a chosen platform.
 */
export interface System {
  exec: Exec
  http: HttpRequest
  probePort: (host: string, port: number, timeoutMs: number) => Promise<PortState>
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  arch: string
  release: string
  homedir: string
  /** Prefix for absolute host paths (/proc, /sys, /etc, /usr/share/ollama). '' in production. */
  root: string
  totalmem(): number
  freemem(): number
  cpus(): Array<{model: string; speed: number}>
  /** CPUs this process may run on (honours affinity, like `nproc`). */
  availableParallelism(): number
  /** The user id on POSIX (0 = root), null on Windows. */
  uid: number | null
}

export function realSystem(): System {
  return {
    exec,
    http,
    probePort,
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    release: os.release(),
    homedir: os.homedir(),
    root: '',
    totalmem: () => os.totalmem(),
    freemem: () => os.freemem(),
    cpus: () => os.cpus().map((cpu) => ({model: cpu.model, speed: cpu.speed})),
    availableParallelism: () => os.availableParallelism(),
    uid: typeof process.getuid === 'function' ? process.getuid() : null,
  }
}

/** An absolute host path as this System sees it (under root in tests). */
export function hostPath(system: System, file: string): string {
  return system.root && path.isAbsolute(file) ? path.join(system.root, file) : file
}

export async function readText(system: System, file: string): Promise<string | null> {
  try {
    return await readFile(hostPath(system, file), 'utf8')
  } catch {
    return null
  }
}

export async function listDir(system: System, dir: string): Promise<string[] | null> {
  try {
    return await readdir(hostPath(system, dir))
  } catch {
    return null
  }
}

export async function linkTarget(system: System, file: string): Promise<string | null> {
  try {
    return await readlink(hostPath(system, file))
  } catch {
    return null
  }
}

export async function pathExists(system: System, file: string): Promise<boolean> {
  try {
    await access(hostPath(system, file), constants.F_OK)
    return true
  } catch {
    return false
  }
}

/** Free space of the filesystem holding dir. A user's path, so never under the host-files root. */
export async function diskSpace(dir: string): Promise<{freeBytes: number; totalBytes: number} | null> {
  try {
    const stats = await statfs(dir)
    return {freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize}
  } catch {
    return null
  }
}

/**
 * Where an executable would be found on PATH (plus extra directories), without running it. The checks
 * are synchronous on purpose: a missing binary costs one check per PATH directory, and detect looks
 * for a dozen at once; through the thread pool those queue behind each other for milliseconds, while
 * a stat that fails takes microseconds (checking them all at once floods the pool and is slower still).
 * A PATH directory on a hung network mount stalls it, as it stalls a shell's own lookup.
 */
export async function whichBinary(system: System, names: string[], extraDirs: string[] = []): Promise<string | null> {
  const pathVar = system.env.PATH ?? system.env.Path ?? ''
  const separator = system.platform === 'win32' ? ';' : ':'
  const dirs = [...pathVar.split(separator).filter(Boolean), ...extraDirs]
  const suffixes = system.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : ['']
  for (const dir of dirs) {
    for (const name of names) {
      for (const suffix of suffixes) {
        const candidate = path.join(dir, name + suffix)
        try {
          accessSync(candidate, system.platform === 'win32' ? constants.F_OK : constants.X_OK)
          return candidate
        } catch {
          // keep looking
        }
      }
    }
  }
  return null
}

export async function portOpen(system: System, host: string, port: number, timeoutMs: number): Promise<boolean> {
  return await system.probePort(host, port, timeoutMs) === 'open'
}

/** Which process listens on a TCP port, per OS; null when nothing does (or nothing could tell). */
export async function portOwner(system: System, port: number): Promise<import('./net/ports.js').PortOwner | null> {
  const ports = await import('./net/ports.js')
  if (system.platform === 'linux') {
    return ports.linuxPortOwner(port, (file) => readText(system, file), (dir) => listDir(system, dir), (file) => linkTarget(system, file))
  }
  if (system.platform === 'win32') {
    const result = await system.exec('netstat', ['-ano', '-p', 'tcp'], {timeoutMs: 5000, env: system.env})
    return result.exitCode === 0 ? ports.parseNetstat(result.stdout, port) : null
  }
  const result = await system.exec('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], {timeoutMs: 5000, env: system.env})
  return ports.parseLsof(result.stdout)
}
