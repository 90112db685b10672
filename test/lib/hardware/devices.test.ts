import {describe, expect, it} from 'vitest'

import {nvidiaDatacenterGeneration} from '../../../src/lib/hardware/devices.js'

describe('NVIDIA data-centre generations, as nvidia-smi names the cards', () => {
  it.each([
    ['NVIDIA H200', 'hopper-or-later'],
    ['NVIDIA H100 80GB HBM3', 'hopper-or-later'],
    ['NVIDIA GH200 480GB', 'hopper-or-later'],
    ['NVIDIA A100-SXM4-80GB', 'older'],
    ['NVIDIA A30', 'older'],
    ['Tesla V100-SXM2-16GB', 'older'],
    ['Tesla T4', 'older'],
    ['Tesla P40', 'older'],
    // Data-centre Ada and Ampere inference cards run like workstation cards in the fits.
    ['NVIDIA L40S', null],
    ['NVIDIA A10G', null],
    ['NVIDIA GeForce RTX 4090', null],
    // "t4" inside another word is not a T4.
    ['NVIDIA RTX 4000 SFF Ada Generation', null],
  ])('%s: %s', (name, generation) => {
    expect(nvidiaDatacenterGeneration(name)).toBe(generation)
  })
})
