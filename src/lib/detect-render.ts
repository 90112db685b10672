import {formatBandwidth, formatBytes, formatDuration} from './ui/format.js'
import {labelled} from './ui/table.js'
import type {HardwareProfile} from './detect.js'
import type {Gpu} from './hardware/types.js'
import type {RuntimeStatus} from './runtimes/runtime.js'

/** The compact summary `localclaw detect` prints for a person. Every unknown says "unknown". */
export function renderProfile(profile: HardwareProfile, options: {verbose?: boolean} = {}): string {
  const rows: Array<[string, string]> = []
  const {os, cpu, memory} = profile
  const where = [os.wsl ? `WSL${os.wslVersion ? ` ${os.wslVersion}` : ''}` : null, os.container ? `in ${os.container}` : null].filter(
    Boolean,
  )
  rows.push([
    'System',
    `${os.name ?? os.platform} · ${os.platform} ${os.release} ${os.arch}${where.length ? ` · ${where.join(', ')}` : ''}`,
  ])

  const simd = Object.entries(cpu.simd).filter(([, present]) => present).map(([name]) => name.toUpperCase().replace('AVX512', 'AVX-512'))
  const cores = cpu.physicalCores === null ? `${cpu.logicalCores} threads` : `${cpu.physicalCores} cores / ${cpu.logicalCores} threads`
  rows.push(['CPU', `${cpu.model ?? 'unknown model'} · ${cores}${simd.length ? ` · ${simd.join(' ')}` : ''}`])
  rows.push([
    'Memory',
    `${formatBytes(memory.totalBytes)} total, ${formatBytes(memory.availableBytes)} available · bandwidth ${formatBandwidth(memory.bandwidthGBps)}`,
  ])

  if (profile.gpus.length === 0) rows.push(['GPU', 'none found: models will run on the CPU'])
  for (const gpu of profile.gpus) rows.push(...gpuRows(gpu, profile.gpus.length > 1))
  if (profile.gpus.length > 1) {
    rows.push(['GPU total', `${formatBytes(profile.gpuTotals.totalBytes)} usable, ${formatBytes(profile.gpuTotals.freeBytes)} free`])
  }

  const disk = profile.disk
  rows.push(['Disk', disk.freeBytes === null
    ? `free space unknown at ${disk.modelDir}`
    : `${formatBytes(disk.freeBytes)} free for models at ${disk.modelDir} (${disk.basis})`])

  profile.runtimes.forEach((runtime, index) => rows.push([index === 0 ? 'Runtimes' : '', runtimeLine(runtime)]))

  const ts = profile.tailscale
  rows.push(['Tailscale', !ts.installed ? 'not installed'
    : ts.running ? `connected as ${ts.dnsName ?? ts.hostName ?? 'this node'} (${ts.ipv4 ?? ts.ipv6 ?? 'no IP'})`
      : `installed, not connected: ${ts.detail}`])

  let text = labelled(rows)
  if (profile.warnings.length > 0) text += `\n\n${profile.warnings.map((warning) => `! ${warning}`).join('\n')}`
  const troubled = profile.probes.filter((probe) => probe.status === 'failed' || probe.status === 'timeout')
  if (options.verbose) {
    text += `\n\nProbes:\n${profile.probes
      .map(
        (probe) =>
          `  ${probe.id.padEnd(18)} ${probe.status.padEnd(8)} ${formatDuration(probe.durationMs).padStart(7)}${probe.detail ? `  ${probe.detail}` : ''}`,
      )
      .join('\n')}`
  } else if (troubled.length > 0) {
    text += `\n\n${troubled.map((probe) => `Probe ${probe.id} ${probe.status === 'timeout' ? 'timed out' : 'failed'}: ${probe.detail ?? ''}`).join('\n')}`
  }
  return text
}

function gpuRows(gpu: Gpu, numbered: boolean): Array<[string, string]> {
  const {memory} = gpu
  const size =
    memory.totalBytes === null
      ? `memory ${memory.basis}`
      : `${formatBytes(memory.totalBytes)} ${gpu.unifiedMemory ? 'usable (unified)' : 'VRAM'}, ${memory.freeBytes === null ? 'free unknown' : `${formatBytes(memory.freeBytes)} free`}`
  const facts = [
    size,
    gpu.backend === 'none'
      ? 'no GPU backend'
      : gpu.backend === 'cuda' && gpu.cudaVersion
        ? `CUDA ${gpu.cudaVersion}`
        : gpu.backend.toUpperCase() === 'METAL'
          ? 'Metal'
          : gpu.backend.toUpperCase(),
    gpu.driverVersion ? `driver ${gpu.driverVersion}` : null,
    gpu.computeCapability ? `compute ${gpu.computeCapability}` : null,
    gpu.bandwidthGBps !== null ? formatBandwidth(gpu.bandwidthGBps) : null,
  ].filter(Boolean)
  const rows: Array<[string, string]> = [
    [numbered ? `GPU ${gpu.index}` : 'GPU', `${gpu.name}${gpu.integrated ? ' (integrated)' : ''} · ${facts.join(' · ')}`],
  ]
  if (gpu.unifiedMemory && memory.totalBytes !== null) rows.push(['', `  ${memory.basis}`])
  for (const note of gpu.notes) rows.push(['', `  ! ${note}`])
  return rows
}

function runtimeLine(runtime: RuntimeStatus): string {
  const version = runtime.version ? ` ${runtime.version}` : ''
  const server = runtime.server
  if (server.identified) return `${runtime.name}${version}: running at ${server.url}`
  if (server.answering)
    return `${runtime.name}${version}: ${runtime.installed ? 'installed; ' : ''}port ${new URL(server.url).port} is taken: ${server.detail}`
  if (runtime.installed) return `${runtime.name}${version}: installed, not running`
  if (runtime.installed === null) return `${runtime.name}: unknown (${server.detail})`
  return `${runtime.name}: not installed`
}
