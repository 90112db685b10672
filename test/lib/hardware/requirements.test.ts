import {describe, expect, it} from 'vitest'

import {checkRequirements} from '../../../src/lib/hardware/requirements.js'
import {profileOf} from '../../helpers/profiles.js'

describe('hardware requirements', () => {
  it('is met when nothing is asked', () => {
    expect(checkRequirements(profileOf('cpu-only'), {})).toEqual({met: true, results: []})
  })

  it('an RTX 4090 meets gpu, 16 GiB and cuda, but not 32 GiB or rocm', () => {
    const report = checkRequirements(profileOf('rtx4090'), {requireGpu: true, minVramGiB: 16, require: ['cuda']})
    expect(report.met).toBe(true)
    const failing = checkRequirements(profileOf('rtx4090'), {minVramGiB: 32, require: ['rocm']})
    expect(failing.results.map((result) => [result.requirement, result.met])).toEqual([['min-vram', false], ['rocm', false]])
    expect(failing.results[0]!.message).toBe('largest usable GPU memory is 24.0 GiB, need at least 32 GiB')
  })

  it('explains that a GPU without a driver does not count, and why', () => {
    const report = checkRequirements(profileOf('driver-missing'), {requireGpu: true, require: ['cuda']})
    expect(report.met).toBe(false)
    expect(report.results[0]!.message).toMatch(/^no usable GPU; found NVIDIA GPU \(NVIDIA driver not loaded/)
    expect(report.results[1]!.message).toMatch(/^cuda not available \(backends here: none\)/)
  })

  it('compares total RAM', () => {
    expect(checkRequirements(profileOf('cpu-only'), {minRamGiB: 32}).met).toBe(true)
    expect(checkRequirements(profileOf('cpu-only'), {minRamGiB: 33}).results[0]!.message).toBe('RAM 32.0 GiB is below 33 GiB')
  })
})
