import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import type {Fit, GpuTarget, MachineTarget} from '../../../src/lib/catalog/fit.js'
import {findModel} from '../../../src/lib/catalog/lookup.js'
import {estimatePrefill, promptFlops} from '../../../src/lib/catalog/prefill.js'
import {recommendModels} from '../../../src/lib/catalog/recommend.js'
import {hypotheticalMachine} from '../../../src/lib/catalog/target.js'
import type {LanguageModel} from '../../../src/lib/catalog/types.js'
import {COMPUTE_TABLE_NAMES, cpuCompute, fp16Tflops} from '../../../src/lib/hardware/compute.js'
import {DEVICE_SPECS} from '../../../src/lib/hardware/devices.js'
import {planning} from '../../helpers/planning.js'
import {llamacpp} from '../../../src/lib/runtimes/llamacpp.js'
import {ollama} from '../../../src/lib/runtimes/ollama.js'

const GIB = 1024 ** 3

/** Published llama-bench rows: device, its FP16 peak, the model, pp512 tokens/s (test/fixtures/calibration, from ../shared/reference). */
interface CalibrationRow {
  device: string
  device_kind: string
  fp16_tflops: number
  model: string
  params_b: number
  quant: string
  prompt_tokens: number
  prefill_tokens_per_s: number
}
const calibration: CalibrationRow[] = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../fixtures/calibration/prefill-calibration.json'), 'utf8'),
)

/** Llama 2 7B and LLaMA 7B, the models of both scoreboards (config.json: 32 layers, 4096 wide). */
const llama7b = (paramsB: number): LanguageModel => ({
  id: 'llama-7b', name: 'Llama 7B', family: 'llama', paramsB, contextLength: 4096, capabilities: [], license: 'llama2', source: 'test',
  arch: {layers: 32, kvHeads: 32, headDim: 128, hidden: 4096, vocab: 32000},
})

/** Llama 7B Q4_0's repeating layer (3.56 GiB less the Q4_0 embedding and the Q6_K output, over 32): only a split streams it. */
const layer7b = {layerWeightsBytes: (3.56 * GIB - 32000 * 4096 * (4.5 + 6.5625) / 8) / 32}

const onGpu = (gpu: GpuTarget): Fit => ({
  placement: 'gpu',
  gpuLayers: 32,
  totalLayers: 32,
  gpus: [gpu],
  gpuShares: [1],
  gpuBytes: 4 * GIB,
  ramBytes: 0,
  reserveBytes: 0,
  reason: 'test',
})
const onCpu: Fit = {
  placement: 'cpu',
  gpuLayers: 0,
  totalLayers: 32,
  gpus: [],
  gpuShares: [],
  gpuBytes: 0,
  ramBytes: 4 * GIB,
  reserveBytes: 0,
  reason: 'test',
}
const noGpuMachine = (cores: number): MachineTarget => ({
  gpus: [], ramTotalBytes: 64 * GIB, ramAvailableBytes: 60 * GIB, ramBandwidthGBps: 80,
    cpu: cpuCompute({physicalCores: cores, logicalCores: cores, simd: {avx2: true, avx512: false, neon: false}}),
})

function relativeError(row: CalibrationRow): number {
  const gpu: GpuTarget = {
    name: row.device, vendor: row.device_kind, backend: row.device_kind === 'apple' ? 'metal' : 'cuda',
    totalBytes: 24 * GIB, freeBytes: 24 * GIB, bandwidthGBps: 1000, fp16Tflops: row.fp16_tflops, unified: row.device_kind === 'apple',
  }
  const estimate = estimatePrefill({
    model: llama7b(row.params_b), size: layer7b, fit: onGpu(gpu),
    machine: {gpus: [gpu], ramTotalBytes: 0, ramAvailableBytes: 0, ramBandwidthGBps: null},
    runtime: llamacpp, promptTokens: row.prompt_tokens,
  })!
  return Math.abs(estimate.prefillTokensPerSecond - row.prefill_tokens_per_s) / row.prefill_tokens_per_s
}

describe('prefill and time to first token', () => {
  it('lands near the published llama-bench pp512 runs (median error within 12%, none off by half)', () => {
    const rows = calibration.filter((row) => row.quant === 'Q4_0')
    expect(rows.length).toBeGreaterThan(30)
    const errors = rows.map(relativeError).sort((a, b) => a - b)
    expect(errors[Math.floor(errors.length / 2)]).toBeLessThan(0.12)
    expect(errors.at(-1)).toBeLessThan(0.5)
  })

  it('A100 and H100 run llama.cpp far below their tensor-core peak, and are estimated so', () => {
    // At a GeForce card's fraction of peak the H100 would be estimated at 2.6 times what it ran.
    const h100 = calibration.find((row) => row.device.startsWith('NVIDIA H100'))!
    const rtx4070 = calibration.find((row) => row.device.startsWith('NVIDIA GeForce RTX 4070 Ti SUPER'))!
    expect(relativeError(h100)).toBeLessThan(0.3)
    expect(relativeError(rtx4070)).toBeLessThan(0.1)
  })

  it('a 16-core AVX CPU: the published Ryzen 7950X run (123 t/s, Llama 3.1 8B Q4_0) is at the fast end of the range', () => {
    const llama8b = {...llama7b(8.03), arch: {layers: 32, kvHeads: 8, headDim: 128, hidden: 4096, vocab: 128256}}
    const estimate = estimatePrefill({model: llama8b, size: layer7b, fit: onCpu, machine: noGpuMachine(16), runtime: llamacpp,
      promptTokens: 512})!
    const fastest = 512 / estimate.firstTokenRange.low
    const slowest = 512 / estimate.firstTokenRange.high
    expect(slowest).toBeLessThan(123)
    expect(fastest * 1.05).toBeGreaterThan(123)
  })

  describe('a split on a discrete GPU streams the RAM layers\' weights to it (llama.cpp PR #6083\'s runs, RTX 3090 Ti under WSL)', () => {
    const streamedRows = (JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/calibration/streamed-prefill.COMPOSED.json'),
      'utf8')) as {rows: Array<{model: string; sizeGiB: number; paramsB: number; activeParamsB?: number; ngl: number; line: string}>}).rows
    const rtx3090ti: GpuTarget = {name: 'NVIDIA GeForce RTX 3090 Ti', vendor: 'nvidia', backend: 'cuda', totalBytes: 24 * GIB,
      freeBytes: 24 * GIB, bandwidthGBps: 1008, fp16Tflops: fp16Tflops('NVIDIA GeForce RTX 3090 Ti'), unified: false}
    const split = (gpuLayers: number): Fit => ({...onGpu(rtx3090ti), placement: 'partial', gpuLayers, gpuShares: [gpuLayers / 32]})
    const estimateFor = (row: (typeof streamedRows)[number]) => {
      const model = {...llama7b(row.paramsB), activeParamsB: row.activeParamsB}
      const size = {layerWeightsBytes: (row.sizeGiB * GIB - 32000 * 4096 * (4.5 + 6.5625) / 8) / 32}
      return estimatePrefill({model, size, fit: split(row.ngl), machine: {gpus: [rtx3090ti], ramTotalBytes: 64 * GIB,
        ramAvailableBytes: 64 * GIB, ramBandwidthGBps: 60}, runtime: llamacpp, promptTokens: 1024, microBatchTokens: 1024})!
    }
    const measured = (line: string) => Number(/([\d.]+) ± [\d.]+ \|$/.exec(line)![1])

    // The copy rates are these runs' own (WSL, where the weights cannot be pinned): the slow end from
    // the 7B rows, the middle from the Mixtral one; a native machine copies faster.
    it.each(streamedRows.map((row) => [row.model, row.ngl, row] as const))('%s at ngl %d: pp1024 inside the range', (_, __, row) => {
      const {firstTokenRange} = estimateFor(row)
      expect(1024 / firstTokenRange.high).toBeLessThan(measured(row.line))
      expect(1024 / firstTokenRange.low).toBeGreaterThan(measured(row.line))
    })

    it('each layer moved to RAM costs what the runs show: ngl 22 is 1.30 times as fast as ngl 18, and within 5% of that', () => {
      const [at18, at22] = [18, 22].map((ngl) => streamedRows.find((row) => row.ngl === ngl)!)
      const ratio = estimateFor(at22!).prefillTokensPerSecond / estimateFor(at18!).prefillTokensPerSecond
      const measuredRatio = measured(at22!.line) / measured(at18!.line)
      expect(Math.abs(ratio - measuredRatio) / measuredRatio).toBeLessThan(0.05)
    })

    it('Mixtral Q3_K_L with every layer in RAM: within 15% in the middle, and far faster than the CPU alone', () => {
      const row = streamedRows.find((candidate) => candidate.ngl === 0)!
      const estimate = estimateFor(row)
      expect(Math.abs(estimate.prefillTokensPerSecond - measured(row.line)) / measured(row.line)).toBeLessThan(0.15)
      expect(estimate.basis).toMatch(/100% of layers in RAM, their weights copied to the GPU for each of 1 micro-batches at 5.6 GB\/s/)
      const cpuOnly = estimatePrefill({model: {...llama7b(row.paramsB), activeParamsB: row.activeParamsB}, size: layer7b, fit: onCpu,
        machine: noGpuMachine(8), runtime: llamacpp, promptTokens: 1024})!
      expect(estimate.prefillTokensPerSecond).toBeGreaterThan(5 * cpuOnly.prefillTokensPerSecond)
    })
  })

  it('attention over the cache makes a long prompt cost more than its length alone', () => {
    const model = llama7b(6.74)
    expect(promptFlops(model, 26_000)).toBeGreaterThan(2.2 * promptFlops(model, 13_000))
    // A sliding-window model's local layers stop growing past the window.
    const windowed = {...model, arch: {...model.arch, slidingWindow: {window: 1024, period: 2}}}
    expect(promptFlops(windowed, 26_000)).toBeLessThan(promptFlops(model, 26_000))
  })

  it('a GPU without a known FP16 figure gives no first-token estimate rather than a guess', () => {
    const gpu: GpuTarget = {
      name: 'Mystery GPU',
      vendor: 'nvidia',
      backend: 'cuda',
      totalBytes: 24 * GIB,
      freeBytes: 24 * GIB,
      bandwidthGBps: 900,
      fp16Tflops: null,
      unified: false,
    }
    expect(estimatePrefill({model: llama7b(6.74), size: layer7b, fit: onGpu(gpu), machine: {gpus: [gpu], ramTotalBytes: 0,
      ramAvailableBytes: 0, ramBandwidthGBps: null}, runtime: ollama, promptTokens: 13_000})).toBeNull()
  })

  it('on a 2-core machine no agent pick starts a turn past OpenClaw\'s timeout, and qwen3:30b is too slow for it', () => {
    const machine = {...hypotheticalMachine({cpuOnly: true, ramGiB: 24, bandwidthGBps: 20}), cpu: noGpuMachine(2).cpu}
    const {recommended, tooSlow} = recommendModels(machine, planning({use: 'agent'}))
    for (const evaluation of recommended) expect(evaluation.speed!.firstTokenSeconds!).toBeLessThanOrEqual(300)
    expect(recommended.map((evaluation) => evaluation.model)).not.toContain('qwen3:30b')
    expect(tooSlow.find((evaluation) => evaluation.model === 'qwen3:30b')!.speed!.firstTokenSeconds).toBeGreaterThan(600)
  })

  it('knows the FP16 figure of every device in the table but the two no datasheet states plainly', () => {
    const names = DEVICE_SPECS.map((device) => device.name)
    expect(COMPUTE_TABLE_NAMES.filter((name) => !names.includes(name))).toEqual([])
    expect(names.filter((name) => fp16Tflops(name) === null)).toEqual(['NVIDIA A10G', 'NVIDIA GB10 (DGX Spark)'])
    expect(fp16Tflops('NVIDIA GeForce RTX 3060')).toBe(51)
    expect(findModel('qwen3:30b')!.model.activeParamsB).toBeLessThan(4)
  })
})
