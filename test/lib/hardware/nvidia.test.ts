import {describe, expect, it} from 'vitest'

import {
  isUnknownQueryField, NVIDIA_QUERY_FIELDS_LEGACY, nvidiaDriverProblem, parseNvidiaHeader, parseNvidiaQuery,
} from '../../../src/lib/hardware/gpus/nvidia.js'
import {fixture} from '../../helpers/fixtures.js'

describe('nvidia-smi header', () => {
  it.each([
    ['nvidia/nvidia-smi-header-cuda12.4.txt', '550.163.01', '12.4'],
    ['nvidia/nvidia-smi-header-cuda12.6.txt', '560.35.03', '12.6'],
    ['nvidia/nvidia-smi-header-cuda11.7-old-layout.txt', '515.65.01', '11.7'],
  ])('%s gives driver %s and CUDA %s', (file, driver, cuda) => {
    expect(parseNvidiaHeader(fixture(file))).toEqual({driverVersion: driver, cudaVersion: cuda})
  })

  it('has no versions in the driver-missing text', () => {
    expect(parseNvidiaHeader(fixture('nvidia/nvidia-smi-driver-missing.txt'))).toEqual({driverVersion: null, cudaVersion: null})
  })
})

describe('nvidia-smi --query-gpu', () => {
  it('reads one GPU in MiB', () => {
    const [gpu] = parseNvidiaQuery(fixture('nvidia/query-rtx4090.COMPOSED.csv'))
    expect(gpu).toEqual({
      index: 0, name: 'NVIDIA GeForce RTX 4090', uuid: 'GPU-5e2f5ab4-9c0e-4d33-9a5e-0f8c1a2b3c4d', pciBusId: '00000000:01:00.0',
      totalMiB: 24564, usedMiB: 423, freeMiB: 23742, driverVersion: '550.163.01', computeCap: '8.9',
    })
  })

  it('reads every GPU of a multi-GPU machine', () => {
    const rows = parseNvidiaQuery(fixture('nvidia/query-two-gpus.COMPOSED.csv'))
    expect(rows.map((row) => [row.index, row.name, row.freeMiB])).toEqual([
      [0, 'NVIDIA GeForce RTX 3090', 5830],
      [1, 'NVIDIA GeForce RTX 3060', 11972],
    ])
  })

  it('turns [N/A] memory cells (unified-memory boards) into null, not NaN or 0', () => {
    const [gpu] = parseNvidiaQuery(fixture('nvidia/query-gb10-unified.COMPOSED.csv'))
    expect(gpu).toMatchObject({name: 'NVIDIA GB10', totalMiB: null, usedMiB: null, freeMiB: null, computeCap: '12.1'})
  })

  it('parses a recorded line by its own field order', () => {
    // Ricks-Lab/gpu-utils#83 queried power.limit,...,memory.total(4th),vbios,driver_version(6th),name(7th),...
    const fields = ['power.limit', 'power.min_limit', 'power.max_limit', 'memory.total', 'vbios_version', 'driver_version', 'name', 'uuid',
      'power.draw', 'temperature.gpu', 'temperature.memory', 'clocks.current.graphics', 'clocks.sm', 'clocks.mem', 'utilization.gpu',
      'utilization.memory', 'fan.speed', 'pcie.link.width.current', 'pstate']
    const [gpu] = parseNvidiaQuery(fixture('nvidia/nvidia-smi-query-csv-noheader-nounits.csv'), fields)
    expect(gpu).toMatchObject({
      name: 'GeForce RTX 2080',
      totalMiB: 7979,
      driverVersion: '440.64',
      uuid: 'GPU-22b2c6ac-2d49-4863-197c-9c469071178a',
    })
  })

  it('reads legacy output without compute_cap', () => {
    const line = '0, Tesla P100-PCIE-16GB, GPU-1, 00000000:04:00.0, 16384, 0, 16280, 515.65.01\n'
    expect(parseNvidiaQuery(line, NVIDIA_QUERY_FIELDS_LEGACY)[0]).toMatchObject({totalMiB: 16384, computeCap: null})
  })
})

describe('nvidia-smi failures', () => {
  it('recognises the recorded driver-missing text as a GPU whose driver is not loaded', () => {
    expect(nvidiaDriverProblem(fixture('nvidia/nvidia-smi-driver-missing.txt'))).toBe('driver-not-loaded')
  })

  it('tells a driver/library mismatch apart', () => {
    expect(nvidiaDriverProblem('Failed to initialize NVML: Driver/library version mismatch')).toBe('driver-library-mismatch')
  })

  it('does not mistake other failures for a driver problem', () => {
    expect(nvidiaDriverProblem('Segmentation fault')).toBeNull()
    expect(isUnknownQueryField('Field "compute_cap" is not a valid field to query.')).toBe(true)
  })
})
