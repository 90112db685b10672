import {describe, expect, it} from 'vitest'

import {parseCpuinfo, parseCpuList, physicalCores, simdFromFlags} from '../../../src/lib/hardware/cpu.js'
import {parseMeminfo} from '../../../src/lib/hardware/memory.js'
import {detectContainer, detectWsl, parseOsReleaseName} from '../../../src/lib/hardware/os.js'

const cpuinfo = (cpus: Array<[physical: number, core: number]>, flags = 'fpu sse2 avx avx2 avx512f amx_tile') =>
  cpus
    .map(
      ([physical, core], processor) =>
        `processor\t: ${processor}\nmodel name\t: Test Xeon\nphysical id\t: ${physical}\ncore id\t\t: ${core}\nflags\t\t: ${flags}\n`,
    )
    .join('\n')

describe('cpuinfo', () => {
  it('counts physical cores as distinct (socket, core) pairs', () => {
    // 2 sockets x 2 cores x 2 threads
    const facts = parseCpuinfo(cpuinfo([[0, 0], [0, 1], [1, 0], [1, 1], [0, 0], [0, 1], [1, 0], [1, 1]]))
    expect(physicalCores(facts, null)).toBe(4)
    expect(facts.model).toBe('Test Xeon')
  })

  it('counts only the CPUs this process may run on', () => {
    const facts = parseCpuinfo(cpuinfo(Array.from({length: 16}, (_, i) => [0, i] as [number, number])))
    expect(physicalCores(facts, parseCpuList('0-1'))).toBe(2)
    expect(physicalCores(facts, parseCpuList('0-3,8-9'))).toBe(6)
  })

  it('reads x86 SIMD flags', () => {
    expect(simdFromFlags(parseCpuinfo(cpuinfo([[0, 0]])).flags, 'x64')).toEqual({avx2: true, avx512: true, amx: true, neon: false})
    expect(simdFromFlags(parseCpuinfo(cpuinfo([[0, 0]], 'fpu sse2 avx')).flags, 'x64')).toEqual({
      avx2: false,
      avx512: false,
      amx: false,
      neon: false,
    })
  })

  it('knows AArch64 always has NEON', () => {
    const arm = 'processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd evtstrm aes\n'
    expect(simdFromFlags(parseCpuinfo(arm).flags, 'arm64')).toEqual({avx2: false, avx512: false, amx: false, neon: true})
    expect(physicalCores(parseCpuinfo(arm), null)).toBeNull()
  })
})

describe('meminfo', () => {
  it('uses MemAvailable', () => {
    expect(parseMeminfo('MemTotal:       24684092 kB\nMemFree:        24470036 kB\nMemAvailable:   24416584 kB\n'))
      .toEqual({totalBytes: 24684092 * 1024, availableBytes: 24416584 * 1024})
  })

  it('falls back to free + cache on kernels without MemAvailable', () => {
    expect(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 200 kB\n')?.availableBytes).toBe(350 * 1024)
  })
})

describe('OS', () => {
  it.each([
    ['Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 12.2.0) #1 SMP', {wsl: true, version: 2}],
    ['Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #1237-Microsoft', {wsl: true, version: 1}],
    ['Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)', {wsl: false, version: null}],
  ])('WSL from %s', (procVersion, expected) => {
    expect(detectWsl(procVersion, {})).toEqual(expected)
  })

  it.each([
    [{dockerenv: true, containerenv: false, cgroup: null, env: {}}, 'docker'],
    [{dockerenv: false, containerenv: true, cgroup: null, env: {}}, 'podman'],
    [{dockerenv: false, containerenv: false, cgroup: '0::/kubepods/burstable/pod1', env: {}}, 'kubernetes'],
    [{dockerenv: false, containerenv: false, cgroup: '0::/lxc/ct101', env: {}}, 'lxc'],
    [{dockerenv: false, containerenv: false, cgroup: '0::/init.scope', env: {}}, null],
  ])('container %#', (hints, expected) => {
    expect(detectContainer(hints)).toBe(expected)
  })

  it('reads PRETTY_NAME', () => {
    expect(parseOsReleaseName('NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe(
      'Debian GNU/Linux 12 (bookworm)',
    )
  })
})
