import {describe, expect, it} from 'vitest'

import {renderProfile} from '../../../src/lib/detect-render.js'
import {formatBandwidth, formatBytes} from '../../../src/lib/ui/format.js'
import {profileOf} from '../../helpers/profiles.js'

const BAD = /NaN|undefined|null|N\/A|0GHz|\d\.\d{4,}/

describe('human output', () => {
  it.each(['cpu-only', 'driver-missing', 'rtx4090'] as const)('%s: no NaN, undefined, N/A or raw floats', (kind) => {
    const text = renderProfile(profileOf(kind))
    expect(text).not.toMatch(BAD)
  })

  it('shows VRAM total and free, CUDA and bandwidth for a GPU', () => {
    const text = renderProfile(profileOf('rtx4090'))
    expect(text).toMatch(
      /GPU\s+NVIDIA GeForce RTX 4090 · 24.0 GiB VRAM, 23.2 GiB free · CUDA 12.4 · driver 550.163.01 · compute 8.9 · 1008 GB\/s/,
    )
  })

  it('says the driver is missing under the GPU, and how memory is unknown', () => {
    const text = renderProfile(profileOf('driver-missing'))
    expect(text).toMatch(/NVIDIA GPU · memory unknown until the NVIDIA driver works · no GPU backend/)
    expect(text).toMatch(/! NVIDIA driver not loaded/)
  })

  it('says what unknown disk space is', () => {
    expect(renderProfile(profileOf('cpu-only'))).toMatch(/Disk\s+free space unknown at \/home\/u\/.ollama\/models/)
  })

  it('lists probes with --verbose', () => {
    const profile = {
      ...profileOf('cpu-only'),
      probes: [{id: 'nvidia-smi', status: 'timeout' as const, durationMs: 4001, detail: 'cut off'}],
    }
    expect(renderProfile(profile, {verbose: true})).toMatch(/nvidia-smi\s+timeout\s+4.0 s\s+cut off/)
    expect(renderProfile(profile)).toMatch(/Probe nvidia-smi timed out: cut off/)
  })

  it.each([
    [null, 'unknown'],
    [Number.NaN, 'unknown'],
    [0, '0 B'],
    [1536 * 1024 ** 2, '1.5 GiB'],
    [24564 * 1024 ** 2, '24.0 GiB'],
    [512 * 1024 ** 3, '512 GiB'],
  ])('formatBytes(%s) = %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text))

  it.each([[null, 'unknown'], [68.25, '68.3 GB/s'], [1008, '1008 GB/s']])('formatBandwidth(%s) = %s', (value, text) => {
    expect(formatBandwidth(value)).toBe(text)
  })
})
