import path from 'node:path'

import {byCodeUnits} from '../compare.js'
import {execFailureText, type ExecResult} from '../exec.js'
import {diskSpace, pathExists, readText, realSystem, whichBinary, type System} from '../system.js'
import {systeminformationGpus} from './gpus/fallback.js'
import {isUnknownQueryField, NVIDIA_QUERY_FIELDS, NVIDIA_QUERY_FIELDS_LEGACY, nvidiaDriverProblem} from './gpus/nvidia.js'
import {scanPciGpus} from './gpus/pci.js'
import {parseWindowsProbe, WINDOWS_GPU_SCRIPT} from './gpus/windows.js'
import {normalize, type RawFacts} from './normalize.js'
import {ProbeRunner, Skip} from './probe-runner.js'
import type {DiskInfo, MachineProfile, ProbeRecord} from './types.js'

export interface DetectOptions {
  /** Upper bound for each probe; a probe that takes longer is cut off and reported. */
  timeoutMs?: number
  system?: System
}

export const DEFAULT_PROBE_TIMEOUT_MS = 4000

/** Throws (so the probe is recorded as failed) unless the program ran and exited 0. */
function succeeded(result: ExecResult): ExecResult {
  if (result.notFound) throw new Skip(`${path.basename(result.command.split(' ')[0] ?? '')} not found`)
  if (result.timedOut || result.exitCode !== 0) throw new Error(execFailureText(result))
  return result
}

async function probeNvidia(system: System, timeoutMs: number, signal: AbortSignal): Promise<RawFacts['gpu']['nvidia']> {
  const extraDirs = system.platform === 'win32'
    ? ['C:\\Windows\\System32', 'C:\\Program Files\\NVIDIA Corporation\\NVSMI']
    : ['/usr/lib/wsl/lib'] // WSL2 exposes the Windows driver's nvidia-smi here, often not on PATH.
  const binary = await whichBinary(system, ['nvidia-smi'], extraDirs)
  if (!binary) throw new Skip('nvidia-smi not found')
  const options = {timeoutMs, env: system.env, signal}
  const query = (fields: readonly string[]) =>
    system.exec(binary, [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits'], options)
  const [first, header] = await Promise.all([query(NVIDIA_QUERY_FIELDS), system.exec(binary, [], options)])
  let result = first
  let fields: readonly string[] = NVIDIA_QUERY_FIELDS
  if (result.exitCode !== 0 && isUnknownQueryField(result.stdout + result.stderr)) {
    fields = NVIDIA_QUERY_FIELDS_LEGACY
    result = await query(fields)
  }
  if (result.exitCode === 0) return {query: result.stdout, queryFields: fields, header: header.exitCode === 0 ? header.stdout : null,
    failure: null}
  const failure = `${result.stdout}\n${result.stderr}`.trim() || execFailureText(result)
  // The driver-missing text is a finding (a GPU without a working driver), not a probe failure.
  if (!nvidiaDriverProblem(failure) && (result.timedOut || result.exitCode === null)) throw new Error(execFailureText(result))
  return {query: null, queryFields: fields, header: null, failure}
}

/**
 * Free space on the filesystem that holds (or will hold) `dir`: the directory may not exist yet, so
 * its nearest existing parent is measured.
 */
export async function measureDisk(dir: string, basis: string): Promise<DiskInfo> {
  let measured = dir
  for (;;) {
    const space = await diskSpace(measured)
    if (space) return {modelDir: dir, basis, measuredPath: measured, ...space}
    const parent = path.dirname(measured)
    if (parent === measured) return {modelDir: dir, basis, measuredPath: null, freeBytes: null, totalBytes: null}
    measured = parent
  }
}

/**
 * Collects the raw facts of this machine. All probes run at once, each cut off at its time box;
 * a probe that fails or times out leaves its facts null and a record saying why. `runner` is shared
 * with the probes detect adds (runtimes, Tailscale, disk), so they share one time box and one record.
 */
async function collectFacts(options: DetectOptions = {},
  runner = new ProbeRunner(options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS)): Promise<{raw: RawFacts; probes: ProbeRecord[]}> {
  const system = options.system ?? realSystem()
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS
  const {platform} = system
  const linux = platform === 'linux'
  const mac = platform === 'darwin'
  const windows = platform === 'win32'
  const exec = (file: string, args: string[], signal: AbortSignal) => system.exec(file, args, {timeoutMs, env: system.env, signal})

  const hostFiles = linux
    ? runner.run('os', async () => {
      const [osRelease, procVersion, dockerenv, containerenv, cgroup] = await Promise.all([
        readText(system, '/etc/os-release'), readText(system, '/proc/version'), pathExists(system, '/.dockerenv'),
        pathExists(system, '/run/.containerenv'), readText(system, '/proc/1/cgroup'),
      ])
      return {osRelease, procVersion, dockerenv, containerenv, cgroup}
    })
    : Promise.resolve(runner.skip('os', `reads Linux files; ${platform} facts come from Node and sysctl`))
  const cpuFiles = linux
    ? runner.run('cpu', async () => {
      const [cpuinfo, status] = await Promise.all([readText(system, '/proc/cpuinfo'), readText(system, '/proc/self/status')])
      if (!cpuinfo) throw new Error('/proc/cpuinfo is not readable')
      return {cpuinfo, cpusAllowed: /^Cpus_allowed_list:\s*(.+)$/m.exec(status ?? '')?.[1] ?? null}
    })
    : Promise.resolve(runner.skip('cpu', 'reads /proc/cpuinfo (Linux only)'))
  const meminfo = linux
    ? runner.run('memory', async () => {
      const text = await readText(system, '/proc/meminfo')
      if (!text) throw new Error('/proc/meminfo is not readable')
      return text
    })
    : mac
      ? runner.run('memory', async (signal) => succeeded(await exec('vm_stat', [], signal)).stdout)
      : Promise.resolve(runner.skip('memory', 'uses Node os.totalmem/freemem on this platform'))
  const sysctl = mac
    ? runner.run('sysctl', async (signal) => {
      // Unknown OIDs (iogpu.wired_limit_mb before macOS 14, leaf7 on Apple Silicon) fail alone; the rest print.
      const result = await exec('sysctl', ['machdep.cpu.brand_string', 'hw.physicalcpu', 'hw.logicalcpu', 'hw.memsize',
        'kern.osproductversion', 'iogpu.wired_limit_mb', 'machdep.cpu.features', 'machdep.cpu.leaf7_features'], signal)
      if (result.notFound || !result.stdout.trim()) throw new Error(execFailureText(result))
      return result.stdout
    })
    : Promise.resolve(runner.skip('sysctl', 'macOS only'))
  const nvidia = linux || windows
    ? runner.run('nvidia-smi', (signal) => probeNvidia(system, timeoutMs, signal))
    : Promise.resolve(runner.skip('nvidia-smi', `no NVIDIA CUDA driver on ${platform}`))
  const rocm = linux
    ? runner.run('rocm-smi', async (signal) => {
      const binary = await whichBinary(system, ['rocm-smi'], ['/opt/rocm/bin'])
      if (!binary) throw new Skip('rocm-smi not found')
      return succeeded(await exec(binary, ['--showproductname', '--showmeminfo', 'vram', '--json'], signal)).stdout
    })
    : Promise.resolve(runner.skip('rocm-smi', 'ROCm tools are probed on Linux only'))
  const pci = linux
    ? runner.run('pci', () => scanPciGpus(system))
    : Promise.resolve(runner.skip('pci', 'sysfs is Linux only'))
  const macDisplays = mac
    ? runner.run(
        'system_profiler',
        async (signal) => succeeded(await exec('system_profiler', ['SPDisplaysDataType', '-json'], signal)).stdout,
      )
    : Promise.resolve(runner.skip('system_profiler', 'macOS only'))
  const windowsProbe = windows
    ? runner.run('windows-gpu', async (signal) =>
        parseWindowsProbe(
          succeeded(await exec('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_GPU_SCRIPT], signal)).stdout,
        ),
      )
    : Promise.resolve(runner.skip('windows-gpu', 'Windows only'))

  const [hostValues, cpuValues, meminfoText, sysctlText, nvidiaFacts, rocmText, pciDevices, displays, windowsFacts] =
    await Promise.all([hostFiles, cpuFiles, meminfo, sysctl, nvidia, rocm, pci, macDisplays, windowsProbe])

  // The generic library only where this platform's own GPU probe could not run at all.
  const platformProbeFailed = (windows && !windowsFacts) || (mac && displays === null) || (!linux && !mac && !windows)
  const fallback = platformProbeFailed
    ? await runner.run('gpu-fallback', () => systeminformationGpus())
    : runner.skip('gpu-fallback', 'not needed: the platform GPU probe ran')

  const raw: RawFacts = {
    platform, arch: system.arch, release: system.release, env: system.env,
    osRelease: hostValues?.osRelease ?? null, procVersion: hostValues?.procVersion ?? null,
    dockerenv: hostValues?.dockerenv ?? false, containerenv: hostValues?.containerenv ?? false, cgroup: hostValues?.cgroup ?? null,
    cpuinfo: cpuValues?.cpuinfo ?? null, cpusAllowed: cpuValues?.cpusAllowed ?? null,
    nodeCpus: system.cpus(), availableParallelism: system.availableParallelism(),
    sysctl: sysctlText, vmStat: mac ? meminfoText : null,
    windowsCpu: windowsFacts ? {name: windowsFacts.cpuName, physicalCores: windowsFacts.physicalCores} : null,
    meminfo: linux ? meminfoText : null, totalmem: system.totalmem(), freemem: system.freemem(),
    gpu: {nvidia: nvidiaFacts, rocm: rocmText, pci: pciDevices, macDisplays: displays, windows: windowsFacts?.gpus ?? null, fallback},
  }
  return {raw, probes: runner.records.sort((a, b) => byCodeUnits(a.id, b.id))}
}

/** The machine alone (CPU, memory, GPUs, OS), without its runtimes or Tailscale: what recommend plans on. */
export async function detectMachineFacts(options: DetectOptions = {}, runner?: ProbeRunner): Promise<MachineProfile> {
  const {raw, probes} = await collectFacts(options, runner)
  return {...normalize(raw), probes}
}
