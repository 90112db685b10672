import {readFile} from 'node:fs/promises'
import os from 'node:os'

import {machineFromProfile, type Machine} from './catalog/target.js'
import {byCodeUnits} from './compare.js'
import {DEFAULT_PROBE_TIMEOUT_MS, detectMachineFacts, measureDisk, type DetectOptions} from './hardware/probe.js'
import {ProbeRunner} from './hardware/probe-runner.js'
import type {DiskInfo, MachineProfile} from './hardware/types.js'
import {DEFAULT_RUNTIME, runtimeById, RUNTIMES} from './runtimes/registry.js'
import {detectRuntime, type Runtime, type RuntimeStatus} from './runtimes/runtime.js'
import {realSystem, type System} from './system.js'
import {probeTailscale, type TailscaleInfo} from './tailscale/status.js'

/**
 * What `localclaw detect` reports: the machine, where models would go, each runtime's state and
 * Tailscale's. Composed here, so hardware, runtimes and tailscale never import one another.
 */
export interface HardwareProfile extends MachineProfile {
  disk: DiskInfo
  runtimes: RuntimeStatus[]
  tailscale: TailscaleInfo
}

const TAILSCALE_UNKNOWN: TailscaleInfo = {
  installed: false, running: false, backendState: null, ipv4: null, ipv6: null, dnsName: null, hostName: null, version: null,
  detail: 'probe did not finish',
}

function unknownRuntime(runtime: Runtime, system: System): RuntimeStatus {
  return {
    id: runtime.id,
    name: runtime.name,
    installed: null,
    binaryPath: null,
    version: null,
    server: {
      url: runtime.defaultBaseUrl(system),
      answering: false,
      identified: false,
      version: null,
      detail: 'its probe did not finish in time',
    },
  }
}

/** Free space where the default runtime keeps its models. */
async function modelDisk(system: System): Promise<DiskInfo> {
  const store = await runtimeById(DEFAULT_RUNTIME).modelStore?.(system)
  return store
    ? measureDisk(store.dir, store.basis)
    : {modelDir: '', basis: 'no model directory known', measuredPath: null, freeBytes: null, totalBytes: null}
}

/** Every probe at once under one time box: the machine, the model disk, each runtime, Tailscale. */
export async function detect(options: DetectOptions = {}): Promise<HardwareProfile> {
  const system = options.system ?? realSystem()
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS
  const runner = new ProbeRunner(timeoutMs)
  const disk = runner.run('disk', () => modelDisk(system))
  const runtimes = Promise.all(
    RUNTIMES.map(
      async (runtime) =>
        (await runner.run(`runtime:${runtime.id}`, () => detectRuntime(system, runtime, Math.min(1500, timeoutMs)))) ??
        unknownRuntime(runtime, system),
    ),
  )
  const tailscale = runner.run('tailscale', (signal) => probeTailscale(system, timeoutMs, signal))
  const machine = await detectMachineFacts({...options, system, timeoutMs}, runner)
  const [diskInfo, runtimeStatus, tailscaleInfo] = await Promise.all([disk, runtimes, tailscale])
  const {schemaVersion, os: osInfo, cpu, memory, gpus, gpuTotals, warnings} = machine
  return {
    schemaVersion, os: osInfo, cpu, memory, gpus, gpuTotals,
    disk: diskInfo ?? {modelDir: '', basis: 'probe did not finish', measuredPath: null, freeBytes: null, totalBytes: null},
    runtimes: runtimeStatus, tailscale: tailscaleInfo ?? TAILSCALE_UNKNOWN,
    probes: [...runner.records].sort((a, b) => byCodeUnits(a.id, b.id)), warnings,
  }
}

/** This machine as recommend plans on it: its hardware alone (no runtime or Tailscale probes). */
export async function detectMachine(timeoutMs?: number): Promise<Machine> {
  return machineFromProfile(await detectMachineFacts({timeoutMs}))
}

/** This machine's RAM alone (no GPU probe): what a plan for hypothetical GPUs keeps when --ram is not given. */
export async function detectMemory(): Promise<{totalBytes: number; availableBytes: number}> {
  const {parseMeminfo} = await import('./hardware/memory.js')
  const meminfo = os.platform() === 'linux' ? parseMeminfo(await readFile('/proc/meminfo', 'utf8').catch(() => '')) : null
  return meminfo ?? {totalBytes: os.totalmem(), availableBytes: os.freemem()}
}
