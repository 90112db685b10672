import {NVIDIA_QUERY_FIELDS} from '../../src/lib/hardware/gpus/nvidia.js'
import {normalize, type RawFacts} from '../../src/lib/hardware/normalize.js'
import type {HardwareProfile} from '../../src/lib/detect.js'
import {fixture} from './fixtures.js'

const GIB = 1024 ** 3

/** A full profile from recorded outputs: CPU-only, with the recorded driver-missing NVIDIA card, an RTX 4090, or a 36 GB M3 Pro. */
export function profileOf(kind: 'cpu-only' | 'driver-missing' | 'rtx4090' | 'm3pro'): HardwareProfile {
  const nvidia =
    kind === 'rtx4090'
      ? {
          query: fixture('nvidia/query-rtx4090.COMPOSED.csv'),
          queryFields: NVIDIA_QUERY_FIELDS,
          header: fixture('nvidia/nvidia-smi-header-cuda12.4.txt'),
          failure: null,
        }
      : kind === 'driver-missing'
        ? {query: null, queryFields: NVIDIA_QUERY_FIELDS, header: null, failure: fixture('nvidia/nvidia-smi-driver-missing.txt')}
        : null
  const raw: RawFacts = {
    platform: 'linux', arch: 'x64', release: '6.1.0', env: {}, osRelease: null, procVersion: null, dockerenv: false, containerenv: false,
    cgroup: null, cpuinfo: null, cpusAllowed: null, nodeCpus: [], availableParallelism: 4, sysctl: null, vmStat: null, windowsCpu: null,
    meminfo: null, totalmem: 32 * GIB, freemem: 20 * GIB,
    gpu: {nvidia, rocm: null, pci: null, macDisplays: null, windows: null, fallback: null},
  }
  if (kind === 'm3pro') {
    Object.assign(raw, {
      platform: 'darwin',
      arch: 'arm64',
      totalmem: 38654705664,
      sysctl: fixture('apple/sysctl-M3Pro-36GB.COMPOSED.txt'),
      vmStat: fixture('apple/vm_stat.COMPOSED.txt'),
      gpu: {...raw.gpu, macDisplays: fixture('apple/system_profiler-M3Pro.COMPOSED.json')},
    })
  }
  const {warnings, ...machine} = normalize(raw)
  return {
    ...machine,
    disk: {
      modelDir: '/home/u/.ollama/models',
      basis: "Ollama's default for this user",
      measuredPath: null,
      freeBytes: null,
      totalBytes: null,
    },
    runtimes: [],
    tailscale: {
      installed: false,
      running: false,
      backendState: null,
      ipv4: null,
      ipv6: null,
      dnsName: null,
      hostName: null,
      version: null,
      detail: 'not installed',
    },
    probes: [],
    warnings,
  }
}
