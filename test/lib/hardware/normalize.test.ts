import {describe, expect, it} from 'vitest'

import {parseWindowsProbe} from '../../../src/lib/hardware/gpus/windows.js'
import type {PciGpu} from '../../../src/lib/hardware/gpus/pci.js'
import {NVIDIA_QUERY_FIELDS} from '../../../src/lib/hardware/gpus/nvidia.js'
import {normalize, type RawFacts} from '../../../src/lib/hardware/normalize.js'
import {fixture} from '../../helpers/fixtures.js'

const MIB = 1024 ** 2
const GIB = 1024 ** 3

/** A Linux x64 machine with nothing detected; each test adds what its platform shape has. */
function raw(overrides: Omit<Partial<RawFacts>, 'gpu'> & {gpu?: Partial<RawFacts['gpu']>} = {}): RawFacts {
  const {gpu, ...rest} = overrides
  return {
    platform: 'linux', arch: 'x64', release: '6.1.0', env: {},
    osRelease: null, procVersion: null, dockerenv: false, containerenv: false, cgroup: null,
    cpuinfo: null, cpusAllowed: null, nodeCpus: [{model: 'Test CPU', speed: 3000}], availableParallelism: 8,
    sysctl: null, vmStat: null, windowsCpu: null,
    meminfo: 'MemTotal: 67108864 kB\nMemAvailable: 62914560 kB\n', totalmem: 64 * GIB, freemem: 60 * GIB,
    gpu: {nvidia: null, rocm: null, pci: [], macDisplays: null, windows: null, fallback: null, ...gpu},
    ...rest,
  }
}

const nvidiaOk = (queryFile: string, headerFile = 'nvidia/nvidia-smi-header-cuda12.4.txt') =>
  ({query: fixture(queryFile), queryFields: NVIDIA_QUERY_FIELDS, header: fixture(headerFile), failure: null})

const pciDevice = (address: string, vendorId: string, deviceId: string, driver: string | null, memory: Partial<PciGpu> = {}): PciGpu => ({
  address, vendorId, deviceId, driver,
  vendor: vendorId === '0x10de' ? 'nvidia' : vendorId === '0x1002' ? 'amd' : vendorId === '0x8086' ? 'intel' : 'other',
  vramTotalBytes: null, vramUsedBytes: null, gttTotalBytes: null, gttUsedBytes: null, ...memory,
})

describe('normalize: one platform shape each', () => {
  it('single NVIDIA card: VRAM total and free, CUDA from the header, no duplicate from sysfs', () => {
    const profile = normalize(raw({gpu: {
      nvidia: nvidiaOk('nvidia/query-rtx4090.COMPOSED.csv'),
      pci: [pciDevice('0000:01:00.0', '0x10de', '0x2684', 'nvidia')],
    }}))
    expect(profile.gpus).toHaveLength(1)
    expect(profile.gpus[0]).toMatchObject({
      vendor: 'nvidia', name: 'NVIDIA GeForce RTX 4090', backend: 'cuda', integrated: false, unifiedMemory: false,
      driverVersion: '550.163.01', cudaVersion: '12.4', computeCapability: '8.9', bandwidthGBps: 1008,
      memory: {totalBytes: 24564 * MIB, freeBytes: 23742 * MIB, source: 'nvidia-smi'},
    })
    expect(profile.gpuTotals).toEqual({
      count: 1,
      totalBytes: 24564 * MIB,
      freeBytes: 23742 * MIB,
      largestBytes: 24564 * MIB,
      backends: ['cuda'],
    })
  })

  it('multi-GPU: each card listed, totals summed, the largest single card reported', () => {
    const profile = normalize(raw({gpu: {nvidia: nvidiaOk('nvidia/query-two-gpus.COMPOSED.csv', 'nvidia/nvidia-smi-header-cuda12.6.txt')}}))
    expect(profile.gpus.map((gpu) => [gpu.index, gpu.name, gpu.bandwidthGBps, gpu.cudaVersion])).toEqual([
      [0, 'NVIDIA GeForce RTX 3090', 936, '12.6'],
      [1, 'NVIDIA GeForce RTX 3060', 360, '12.6'],
    ])
    expect(profile.gpuTotals).toMatchObject({count: 2, totalBytes: (24576 + 12288) * MIB, freeBytes: (5830 + 11972) * MIB,
      largestBytes: 24576 * MIB})
  })

  it('driver missing: the GPU is present but unusable, which is not "no GPU"', () => {
    const profile = normalize(raw({gpu: {
      nvidia: {query: null, queryFields: NVIDIA_QUERY_FIELDS, header: null, failure: fixture('nvidia/nvidia-smi-driver-missing.txt')},
      pci: [pciDevice('0000:01:00.0', '0x10de', '0x2684', null)],
    }}))
    expect(profile.gpus).toHaveLength(1)
    expect(profile.gpus[0]).toMatchObject({vendor: 'nvidia', backend: 'none', memory: {totalBytes: null, freeBytes: null}})
    expect(profile.gpus[0]!.notes[0]).toMatch(/driver not loaded.*couldn't communicate with the NVIDIA driver/)
    expect(profile.gpuTotals).toMatchObject({count: 1, largestBytes: 0, backends: []})
    expect(profile.warnings.join('\n')).toMatch(/driver not loaded/)
  })

  it('driver missing with no PCI listing still reports an NVIDIA GPU', () => {
    const profile = normalize(raw({gpu: {
      nvidia: {query: null, queryFields: NVIDIA_QUERY_FIELDS, header: null, failure: fixture('nvidia/nvidia-smi-driver-missing.txt')},
      pci: null,
    }}))
    expect(profile.gpus.map((gpu) => [gpu.name, gpu.backend])).toEqual([['NVIDIA GPU', 'none']])
  })

  it('NVIDIA card on nouveau without nvidia-smi says why CUDA cannot use it', () => {
    const profile = normalize(raw({gpu: {pci: [pciDevice('0000:01:00.0', '0x10de', '0x2684', 'nouveau')]}}))
    expect(profile.gpus[0]!.notes).toEqual([
      'nvidia-smi not found: the NVIDIA driver is not installed',
      'bound to the open-source nouveau driver, which CUDA cannot use',
    ])
  })

  it('AMD with ROCm: rocm-smi name, sysfs byte counts, ROCm backend', () => {
    const profile = normalize(
      raw({
        gpu: {
          rocm: fixture('amd/rocm-smi-showproductname-showuse-showmeminfo-vram.json'),
          pci: [
            pciDevice('0000:03:00.0', '0x1002', '0x744c', 'amdgpu', {
              vramTotalBytes: 21458059264,
              vramUsedBytes: 27856896,
              gttTotalBytes: 32 * GIB,
              gttUsedBytes: 0,
            }),
          ],
        },
      }),
    )
    expect(profile.gpus[0]).toMatchObject({
      vendor: 'amd', name: 'Radeon RX 7900 XT', backend: 'rocm', integrated: false, bandwidthGBps: 800,
      memory: {totalBytes: 21458059264, freeBytes: 21458059264 - 27856896, sharedBytes: null},
    })
  })

  it('AMD APU: the 64 MiB carve-out plus GTT is what a model can use', () => {
    const profile = normalize(
      raw({
        gpu: {
          rocm: fixture('amd/rocm-smi-showproductname-showmeminfo-vram-showuniqueid.csv'),
          pci: [
            pciDevice('0000:03:00.0', '0x1002', '0x73bf', 'amdgpu', {vramTotalBytes: 17163091968, vramUsedBytes: 692142080}),
            pciDevice('0000:7c:00.0', '0x1002', '0x164e', 'amdgpu', {
              vramTotalBytes: 67108864,
              vramUsedBytes: 26079232,
              gttTotalBytes: 16 * GIB,
              gttUsedBytes: GIB,
            }),
          ],
        },
      }),
    )
    const [discrete, apu] = profile.gpus
    expect(discrete).toMatchObject({integrated: false, memory: {totalBytes: 17163091968, freeBytes: 17163091968 - 692142080}})
    expect(apu).toMatchObject({
      name: 'Raphael', integrated: true, unifiedMemory: true, backend: 'rocm',
      memory: {dedicatedBytes: 67108864, sharedBytes: 16 * GIB, totalBytes: 67108864 + 16 * GIB, freeBytes: 67108864 - 26079232 + 15 * GIB},
    })
    expect(apu!.memory.basis).toMatch(/GTT/)
  })

  it('AMD without ROCm: amdgpu still allows Vulkan, and says so', () => {
    const profile = normalize(
      raw({gpu: {pci: [pciDevice('0000:03:00.0', '0x1002', '0x744c', 'amdgpu', {vramTotalBytes: 20 * GIB, vramUsedBytes: 0})]}}),
    )
    expect(profile.gpus[0]).toMatchObject({backend: 'vulkan', name: 'AMD GPU [1002:744c]', memory: {totalBytes: 20 * GIB}})
    expect(profile.gpus[0]!.notes[0]).toMatch(/ROCm is not installed/)
  })

  it('Apple M-series: unified memory, the Metal share of it, the chip bandwidth', () => {
    const profile = normalize(raw({
      platform: 'darwin', arch: 'arm64', meminfo: null, totalmem: 38654705664, freemem: 1 * GIB,
      sysctl: fixture('apple/sysctl-M3Pro-36GB.COMPOSED.txt'), vmStat: fixture('apple/vm_stat.COMPOSED.txt'),
      gpu: {macDisplays: fixture('apple/system_profiler-M3Pro.COMPOSED.json'), pci: null},
    }))
    const available = (61034 + 801325 + 11247 + 20911) * 16384
    expect(profile.gpus[0]).toMatchObject({
      vendor: 'apple', name: 'Apple M3 Pro', backend: 'metal', integrated: true, unifiedMemory: true, bandwidthGBps: 150,
      memory: {totalBytes: 24 * GIB, freeBytes: Math.min(24 * GIB, available), dedicatedBytes: null},
    })
    expect(profile.gpus[0]!.memory.basis).toMatch(/2\/3/)
    expect(profile.memory).toMatchObject({totalBytes: 38654705664, availableBytes: available, bandwidthGBps: 150})
    expect(profile.cpu).toMatchObject({model: 'Apple M3 Pro', physicalCores: 12, simd: {neon: true, avx2: false}})
    expect(profile.os.name).toBe('macOS 14.5')
  })

  it('Intel Mac: the AMD card keeps its 4 GiB, and no GPU backend is claimed', () => {
    const profile = normalize(
      raw({platform: 'darwin', meminfo: null, gpu: {macDisplays: fixture('apple/system_profiler-intel-amd.COMPOSED.json'), pci: null}}),
    )
    expect(profile.gpus.map((gpu) => [gpu.name, gpu.memory.dedicatedBytes, gpu.backend])).toEqual([
      ['Intel UHD Graphics 630', 1536 * MIB, 'none'],
      ['Radeon Pro 560X', 4 * GIB, 'none'],
    ])
  })

  it('Windows with a >4 GiB card: the registry size, never the 4 GiB WMI cap', () => {
    const windows = parseWindowsProbe(fixture('windows/powershell-rtx4090-uhd770.COMPOSED.json'))
    const profile = normalize(
      raw({
        platform: 'win32',
        meminfo: null,
        windowsCpu: {name: windows.cpuName, physicalCores: windows.physicalCores},
        gpu: {windows: windows.gpus, pci: null},
      }),
    )
    expect(profile.gpus.map((gpu) => [gpu.name, gpu.memory.dedicatedBytes, gpu.integrated])).toEqual([
      ['NVIDIA GeForce RTX 4090', 24564 * MIB, false],
      ['Intel(R) UHD Graphics 770', 1073741824, true],
    ])
    expect(profile.cpu.physicalCores).toBe(24)
  })

  it('Windows with nvidia-smi working: the NVIDIA card appears once, with free VRAM', () => {
    const windows = parseWindowsProbe(fixture('windows/powershell-rtx4090-uhd770.COMPOSED.json'))
    const profile = normalize(
      raw({
        platform: 'win32',
        meminfo: null,
        gpu: {windows: windows.gpus, pci: null, nvidia: nvidiaOk('nvidia/query-rtx4090.COMPOSED.csv')},
      }),
    )
    expect(profile.gpus.map((gpu) => [gpu.name, gpu.backend])).toEqual([
      ['NVIDIA GeForce RTX 4090', 'cuda'],
      ['Intel(R) UHD Graphics 770', 'vulkan'],
    ])
    expect(profile.gpus[0]!.memory.freeBytes).toBe(23742 * MIB)
  })

  it.each([
    ['AMD Radeon(TM) Graphics', true],
    ['AMD Radeon 780M Graphics', true],
    ['AMD Radeon RX 7900 XTX', false],
  ])('Windows: %s is integrated: %s', (name, integrated) => {
    const gpu = {name, vendor: 'amd' as const, adapterRamBytes: 536870912, registryBytes: 536870912, driverVersion: null, pnpDeviceId: null}
    expect(normalize(raw({platform: 'win32', gpu: {windows: [gpu], pci: null}})).gpus[0]!.integrated).toBe(integrated)
  })

  it('CPU-only: this machine, from its recorded /proc files', () => {
    const profile = normalize(raw({
      cpuinfo: fixture('linux/cpuinfo-xeon-2vcpu.txt'), cpusAllowed: '0-1', availableParallelism: 2,
      meminfo: fixture('linux/meminfo-24g.txt'), osRelease: fixture('linux/os-release-debian12.txt'),
      procVersion: fixture('linux/proc-version-debian.txt'), dockerenv: true,
    }))
    expect(profile.gpus).toEqual([])
    expect(profile.gpuTotals).toEqual({count: 0, totalBytes: 0, freeBytes: 0, largestBytes: 0, backends: []})
    expect(profile.cpu).toEqual({
      model: 'Intel(R) Xeon(R) Processor',
      physicalCores: 2,
      logicalCores: 2,
      simd: {avx2: true, avx512: true, amx: false, neon: false},
    })
    expect(profile.memory.totalBytes).toBe(24684092 * 1024)
    expect(profile.memory.bandwidthGBps).toBeNull()
    expect(profile.os).toMatchObject({name: 'Debian GNU/Linux 12 (bookworm)', wsl: false, container: 'docker'})
  })

  it('WSL 2: nvidia-smi from the Windows driver, no PCI display device', () => {
    const profile = normalize(raw({
      procVersion: 'Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 12.2.0) #1 SMP',
      gpu: {nvidia: nvidiaOk('nvidia/query-rtx4090.COMPOSED.csv'), pci: []},
    }))
    expect(profile.os).toMatchObject({wsl: true, wslVersion: 2})
    expect(profile.gpus.map((gpu) => gpu.backend)).toEqual(['cuda'])
    expect(profile.warnings).toEqual([])
  })

  it('WSL 1 is called out: no GPU, and Ollama will not install', () => {
    const profile = normalize(raw({procVersion: 'Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) #1237-Microsoft'}))
    expect(profile.warnings.join('\n')).toMatch(/WSL 1.*wsl --set-version/)
  })

  it('unified NVIDIA (GB10): system RAM is the pool', () => {
    const profile = normalize(raw({gpu: {nvidia: nvidiaOk('nvidia/query-gb10-unified.COMPOSED.csv')}}))
    expect(profile.gpus[0]).toMatchObject({unifiedMemory: true, bandwidthGBps: 273,
      memory: {totalBytes: 67108864 * 1024, freeBytes: 62914560 * 1024}})
  })

  it('systeminformation fallback: listed, but its VRAM is not trusted', () => {
    const profile = normalize(raw({platform: 'freebsd', meminfo: null, gpu: {pci: null, fallback: [
      // systeminformation#344: two GTX 1080 Ti reported with vram 4095 (the Windows cap)
      {vendor: 'NVIDIA', model: 'NVIDIA GeForce GTX 1080 Ti', vramMiB: 4095, vramDynamic: true},
      {vendor: 'NVIDIA', model: 'NVIDIA GeForce GTX 1080 Ti', vramMiB: 4095, vramDynamic: true},
    ]}}))
    expect(profile.gpus).toHaveLength(2)
    expect(profile.gpus.every((gpu) => gpu.memory.totalBytes === null && gpu.memory.source === 'systeminformation')).toBe(true)
    expect(profile.gpuTotals.largestBytes).toBe(0)
  })
})
