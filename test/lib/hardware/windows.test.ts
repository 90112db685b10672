import {describe, expect, it} from 'vitest'

import {adapterRamIsCapped, parseWindowsProbe} from '../../../src/lib/hardware/gpus/windows.js'
import {fixture} from '../../helpers/fixtures.js'

describe('Windows GPU query', () => {
  it('takes the 4090 memory from the registry, not the capped AdapterRAM', () => {
    const probe = parseWindowsProbe(fixture('windows/powershell-rtx4090-uhd770.COMPOSED.json'))
    expect(probe.gpus.map((gpu) => [gpu.name, gpu.vendor, gpu.adapterRamBytes, gpu.registryBytes])).toEqual([
      ['NVIDIA GeForce RTX 4090', 'nvidia', 4293918720, 24564 * 1024 ** 2],
      ['Intel(R) UHD Graphics 770', 'intel', 1073741824, null],
    ])
    expect(probe).toMatchObject({physicalCores: 24, cpuName: '13th Gen Intel(R) Core(TM) i9-13900K'})
  })

  it('recognises the recorded AdapterRAM of a 24 GiB card as the uint32 ceiling', () => {
    const recorded = Number(/(\d+)\s+VideoController1/.exec(fixture('windows/wmic-win32_videocontroller-adapterram.txt'))![1])
    expect(adapterRamIsCapped(recorded)).toBe(true)
    expect(adapterRamIsCapped(1073741824)).toBe(false)
  })
})
