import {describe, expect, it} from 'vitest'

import {
  appleGpuMemoryLimit,
  parseMacSize,
  parseSysctl,
  parseSystemProfilerDisplays,
  parseVmStatAvailable,
} from '../../../src/lib/hardware/gpus/apple.js'
import {fixture} from '../../helpers/fixtures.js'

const GIB = 1024 ** 3

describe('system_profiler SPDisplaysDataType -json', () => {
  it('reads an Apple Silicon GPU, which has no VRAM key', () => {
    expect(parseSystemProfilerDisplays(fixture('apple/system_profiler-M3Pro.COMPOSED.json'))).toEqual([
      {name: 'Apple M3 Pro', vendor: 'apple', builtIn: true, cores: 18, metal: 'spdisplays_metal3', vramBytes: null, vramShared: false},
    ])
  })

  it('names the macOS 11 "kHW_AppleM1Item" entry Apple M1', () => {
    const [gpu] = parseSystemProfilerDisplays(fixture('apple/system_profiler-M1-macos11.COMPOSED.json'))
    expect(gpu).toMatchObject({name: 'Apple M1', vendor: 'apple', cores: 8, metal: 'spdisplays_mtlgpufamilyapple7'})
  })

  it('reads "4 GB" as 4 GiB on an Intel Mac (systeminformation#348 reported it as 4 MB)', () => {
    const [intel, amd] = parseSystemProfilerDisplays(fixture('apple/system_profiler-intel-amd.COMPOSED.json'))
    expect(intel).toMatchObject({vendor: 'intel', vramBytes: 1536 * 1024 ** 2, vramShared: true, builtIn: true})
    expect(amd).toMatchObject({vendor: 'amd', vramBytes: 4 * GIB, vramShared: false, builtIn: false})
  })

  it('refuses the truncated public captures instead of guessing', () => {
    expect(() => parseSystemProfilerDisplays(fixture('apple/system_profiler-SPDisplaysDataType-json-M3Pro.TRUNCATED.txt'))).toThrow()
  })

  it.each([['1536 MB', 1536 * 1024 ** 2], ['4 GB', 4 * GIB], ['', null], ['unknown', null]])('size %j', (text, bytes) => {
    expect(parseMacSize(text)).toBe(bytes)
  })
})

describe('unified memory limit', () => {
  it.each([
    [16, null, (16 * GIB * 2) / 3, '2/3'],
    [36, null, (36 * GIB * 2) / 3, '2/3'],
    [64, null, 48 * GIB, '3/4'],
    [128, null, 96 * GIB, '3/4'],
    [64, 57344, 56 * GIB, 'iogpu.wired_limit_mb'],
  ])('%i GiB RAM, wired limit %s -> %d bytes (%s)', (ramGiB, wired, bytes, basis) => {
    const limit = appleGpuMemoryLimit(ramGiB * GIB, wired)
    expect(limit.bytes).toBe(Math.floor(bytes))
    expect(limit.basis).toContain(basis)
  })
})

describe('sysctl and vm_stat', () => {
  it('reads the recorded hw.memsize line', () => {
    expect(parseSysctl(fixture('apple/sysctl-hw.memsize.txt')).get('hw.memsize')).toBe('17179869184')
  })

  it('counts free, inactive, speculative and purgeable pages as available', () => {
    expect(parseVmStatAvailable(fixture('apple/vm_stat.COMPOSED.txt'))).toBe((61034 + 801325 + 11247 + 20911) * 16384)
  })
})
