import {describe, expect, it} from 'vitest'

import {fitModel, RAM_MARGIN_BYTES, type MachineTarget} from '../../../src/lib/catalog/fit.js'
import {findModel} from '../../../src/lib/catalog/lookup.js'
import {footprint, weightSplit} from '../../../src/lib/catalog/memory.js'
import {llamacpp} from '../../../src/lib/runtimes/llamacpp.js'
import {lmstudio} from '../../../src/lib/runtimes/lmstudio.js'
import {ollama} from '../../../src/lib/runtimes/ollama.js'
import {vllm} from '../../../src/lib/runtimes/vllm.js'
import {fixture} from '../../helpers/fixtures.js'

const GIB = 1024 ** 3
const gpu = (freeGiB: number, totalGiB = freeGiB, backend: 'cuda' | 'metal' | 'vulkan' = 'cuda') => ({
  name: `GPU ${totalGiB}`,
  vendor: 'nvidia',
  backend,
  totalBytes: totalGiB * GIB,
  freeBytes: freeGiB * GIB,
  bandwidthGBps: 1000,
  unified: false,
})
const machine = (gpus: MachineTarget['gpus'], ramGiB = 64): MachineTarget => ({
  gpus,
  ramTotalBytes: ramGiB * GIB,
  ramAvailableBytes: ramGiB * GIB,
  ramBandwidthGBps: 60,
})
const llama8b = (context = 8192) => footprint(findModel('llama3.1:8b')!.model, 'Q4_K_M', context, 'f16', ollama)

describe('fit', () => {
  it('checks FREE memory, not total: a 24 GiB card with 4 GiB free cannot hold an 8B model', () => {
    expect(fitModel(llama8b(), machine([gpu(24)]), ollama).placement).toBe('gpu')
    expect(fitModel(llama8b(), machine([gpu(4, 24)]), ollama).placement).toBe('partial')
  })

  it('partial offload reports how many layers go on the GPU', () => {
    const fit = fitModel(llama8b(), machine([gpu(4)]), ollama)
    expect(fit.gpuLayers).toBeGreaterThan(0)
    expect(fit.gpuLayers).toBeLessThan(32)
    expect(fit.reason).toMatch(new RegExp(`the output layer and ${fit.gpuLayers} of 32 layers .*--n-gpu-layers ${fit.gpuLayers + 1}`))
  })

  it('falls back to the CPU, then to "does not fit", as RAM runs out', () => {
    expect(fitModel(llama8b(), machine([], 16), llamacpp).placement).toBe('cpu')
    expect(fitModel(llama8b(), machine([], 6), llamacpp)).toMatchObject({placement: 'none'})
    expect(fitModel(llama8b(), machine([], 16), llamacpp).ramBytes).toBeLessThan(16 * GIB - RAM_MARGIN_BYTES)
  })

  it('splits a model across two GPUs that could not hold it alone', () => {
    const model = footprint(findModel('llama3.3:70b')!.model, 'Q4_K_M', 8192, 'f16', llamacpp)
    expect(fitModel(model, machine([gpu(24)]), llamacpp).placement).toBe('partial')
    const split = fitModel(model, machine([gpu(24), gpu(24)]), llamacpp)
    expect(split.placement).toBe('gpu')
    expect(split.gpuShares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 5)
  })

  it('Ollama cannot use a Vulkan-only GPU; llama.cpp can', () => {
    expect(fitModel(llama8b(), machine([gpu(16, 16, 'vulkan')]), ollama).placement).toBe('cpu')
    expect(fitModel(llama8b(), machine([gpu(16, 16, 'vulkan')]), llamacpp).placement).toBe('gpu')
  })

  it('vLLM never offloads: too big is "none", and a busy GPU lowers gpu-memory-utilization', () => {
    const big = footprint(findModel('llama3.3:70b')!.model, 'AWQ', 8192, 'f16', vllm)
    expect(fitModel(big, machine([gpu(24)]), vllm).placement).toBe('none')
    const small = footprint(findModel('qwen2.5:7b')!.model, 'AWQ', 8192, 'f16', vllm)
    expect(fitModel(small, machine([gpu(20, 24)]), vllm).vllm).toEqual({tensorParallel: 1, gpuMemoryUtilization: 0.82})
  })
})

describe('one fit rule: llama-server --fit (weights + KV + compute on the device, 1 GiB of it left free)', () => {
  const qwen7b = (context: number) => footprint(findModel('qwen2.5:7b')!.model, 'Q4_K_M', context, 'f16', llamacpp)

  it('qwen2.5:7b Q4_K_M at 4K fits a 6 GiB GPU entirely, as llama.cpp places it (issue 15); at 32K it does not', () => {
    for (const runtime of [llamacpp, ollama, lmstudio]) {
      expect(fitModel(qwen7b(4096), machine([gpu(6)]), runtime).placement, runtime.id).toBe('gpu')
      expect(fitModel(qwen7b(32768), machine([gpu(6)]), runtime).placement, runtime.id).toBe('partial')
    }
  })

  // Each row: llama-server's own fit pass (common/fit.cpp) on a measured GPU, with its free memory.
  const placements = (JSON.parse(fixture('calibration/memory-calibration.COMPOSED.json')) as {
    placements: Array<{model: string; quant: 'Q4_K_M'; contextTokens: number; freeMiB: number; deviceMiB: number; placement: string
      nGpuLayers: number}>
  }).placements
  it.each(placements.map((row) => [`${row.model} ${row.quant} at ${row.contextTokens} tokens, ${row.freeMiB} MiB free`, row] as const))(
    'llama-server\'s own fit pass (measured), %s: the projected device memory within 1%, the same placement and --n-gpu-layers', (_, row) => {
      const size = footprint(findModel(row.model)!.model, row.quant, row.contextTokens, 'f16', llamacpp)
      // What the fit pass projects before it moves anything: every layer on the device.
      const onDeviceMiB = (weightSplit(size, size.layers + 1).deviceBytes + size.kvBytes + size.computeBytes) / 2 ** 20
      expect(Math.abs(onDeviceMiB - row.deviceMiB) / row.deviceMiB).toBeLessThan(0.01)
      const fit = fitModel(size, machine([gpu(row.freeMiB / 1024, 6, 'vulkan')]), llamacpp)
      expect(fit.placement).toBe(row.placement)
      // llama.cpp counts the output layer, which it offloads first.
      expect(fit.gpuLayers + 1).toBe(row.nGpuLayers)
      expect(fit.reason).toContain(fit.placement === 'partial' ? `--n-gpu-layers ${row.nGpuLayers}` : 'fits entirely')
    })

  it('the RAM side of the partial placement is what llama.cpp logged there, not a second compute buffer', () => {
    // 8192 tokens, 27 of 29 on the GPU: CPU_Mapped 576.77 MiB and CPU KV 32.00 MiB (the fixture's
    // modelBuffers row), plus the host compute buffer, 4 x 512 x (8192 + 2 x 3584) B = 30 MiB.
    const fit = fitModel(qwen7b(8192), machine([gpu(5752 / 1024, 6, 'vulkan')]), llamacpp)
    expect(Math.abs(fit.ramBytes / 2 ** 20 - (576.77 + 32 + 30)) / (576.77 + 32 + 30)).toBeLessThan(0.03)
    // All on the GPU at 4096: the embedding (CPU_Mapped 292.36 MiB) and a 22 MiB host buffer.
    const whole = fitModel(qwen7b(4096), machine([gpu(5752 / 1024, 6, 'vulkan')]), llamacpp)
    expect(whole.ramBytes / 2 ** 20).toBeCloseTo(292.36 + 22, 1)
  })

  it('the margin is counted once: what the model needs plus 1 GiB is exactly the free memory that holds it', () => {
    const size = qwen7b(4096)
    const onGpu = size.weightsBytes - size.hostOnlyBytes + size.kvBytes + size.computeBytes
    expect(fitModel(size, machine([gpu((onGpu + GIB) / GIB + 0.01)]), llamacpp).placement).toBe('gpu')
    expect(fitModel(size, machine([gpu((onGpu + GIB) / GIB - 0.05)]), llamacpp).placement).toBe('partial')
  })
})
