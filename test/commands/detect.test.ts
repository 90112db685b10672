import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import Detect, {type DetectResult} from '../../src/commands/detect.js'
import {runCommand} from '../helpers/capture.js'
import {RUNTIMES_DOWN} from '../helpers/runtimes-down.js'

const linux = process.platform === 'linux'

describe('detect --json on this machine', () => {
  // The real host, but not whatever it runs on the runtimes' ports.
  beforeEach(() => {
    for (const [name, value] of Object.entries(RUNTIMES_DOWN)) vi.stubEnv(name, value)
  })
  afterEach(() => vi.unstubAllEnvs())

  it.runIf(linux)('agrees with nproc and /proc/meminfo', async () => {
    const run = await runCommand(Detect, ['--json'])
    expect(run.exitCode).toBe(0)
    const profile = JSON.parse(run.stdout) as DetectResult
    const nproc = Number(execFileSync('nproc', {encoding: 'utf8'}).trim())
    const memTotalKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1])
    expect(profile.cpu.logicalCores).toBe(nproc)
    expect(profile.memory.totalBytes).toBe(memTotalKb * 1024)
    expect(profile.memory.availableBytes).toBeGreaterThan(0)
    expect(profile.memory.availableBytes).toBeLessThanOrEqual(profile.memory.totalBytes)
    expect(profile.os.platform).toBe('linux')
  })

  it('prints only JSON on stdout, with every probe accounted for', async () => {
    const run = await runCommand(Detect, ['--json'])
    const profile = JSON.parse(run.stdout) as DetectResult
    expect(profile.probes.map((probe) => probe.id)).toEqual(expect.arrayContaining(['nvidia-smi', 'disk', 'tailscale', 'runtime:ollama']))
    expect(profile.runtimes.map((runtime) => runtime.id)).toEqual(['ollama', 'lmstudio', 'llamacpp', 'vllm'])
    expect(run.stderr).toBe('')
  })

  it('prints a readable summary without --json', async () => {
    const run = await runCommand(Detect, [])
    expect(run.stdout).toMatch(/^System\s+/m)
    expect(run.stdout).toMatch(/^CPU\s+.+ threads/m)
    expect(run.stdout).not.toMatch(/undefined|NaN/)
  })
})
