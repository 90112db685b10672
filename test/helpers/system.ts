import {chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach} from 'vitest'

import {realSystem, type System} from '../../src/lib/system.js'
import {RUNTIMES_DOWN} from './runtimes-down.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!()
})

/** A background process a test started (a fake runtime server), killed after the test. */
export function killAfterTest(pid: number): void {
  cleanups.push(() => {
    try {
      process.kill(pid)
    } catch {
      // already gone
    }
  })
}

export function tempDir(prefix = 'localclaw-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix))
  cleanups.push(() => rmSync(dir, {recursive: true, force: true}))
  return dir
}

/** Writes files under root: {'/proc/meminfo': '...'}; a value starting with '->' makes a symlink. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file)
    mkdirSync(path.dirname(target), {recursive: true})
    if (content.startsWith('->')) symlinkSync(content.slice(2), target)
    else writeFileSync(target, content)
  }
}

/** A directory of fake executables (shell scripts) to put on PATH. */
export function fakeBin(scripts: Record<string, string>): string {
  const dir = tempDir('localclaw-bin-')
  for (const [name, body] of Object.entries(scripts)) {
    const file = path.join(dir, name)
    // The scripts get the basics (cat, sleep); the PATH probes search holds only fake tools.
    writeFileSync(file, `#!/bin/sh\nPATH=/usr/bin:/bin\n${body}\n`)
    chmodSync(file, 0o755)
  }
  return dir
}

/** A shell command that prints a fixture file verbatim. */
export function printFile(file: string, exitCode = 0, stream: 'stdout' | 'stderr' = 'stdout'): string {
  return `cat '${file}'${stream === 'stderr' ? ' >&2' : ''}\nexit ${exitCode}`
}

/**
 * The real system seams (processes, sockets, files) pointed at a test world: a PATH of fake
 * tools only, a temp HOME, a fake host root for /proc and /sys, and a chosen platform.
 */
export function testSystem(overrides: Partial<System> & {path?: string[]} = {}): System {
  const home = overrides.homedir ?? tempDir('localclaw-home-')
  const root = overrides.root ?? tempDir('localclaw-root-')
  const {path: pathDirs, ...rest} = overrides
  const env = {PATH: (pathDirs ?? []).join(':'), HOME: home, ...RUNTIMES_DOWN, ...overrides.env}
  return {
    ...realSystem(),
    platform: 'linux',
    arch: 'x64',
    release: '6.1.0-test',
    totalmem: () => 32 * 1024 ** 3,
    freemem: () => 30 * 1024 ** 3,
    cpus: () => Array.from({length: 8}, () => ({model: 'Test CPU', speed: 3000})),
    availableParallelism: () => 8,
    // Runtime ports on this machine must never leak into a test: nothing listens unless a test says so.
    probePort: async () => 'refused' as const,
    ...rest,
    env,
    homedir: home,
    root,
  }
}
