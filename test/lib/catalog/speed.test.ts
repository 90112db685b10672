import {describe, expect, it} from 'vitest'

import {customModel} from '../../../src/lib/catalog/custom.js'
import {fitModel, type MachineTarget} from '../../../src/lib/catalog/fit.js'
import {findModel} from '../../../src/lib/catalog/lookup.js'
import {footprint} from '../../../src/lib/catalog/memory.js'
import type {QuantId} from '../../../src/lib/catalog/quants.js'
import {estimateSpeed} from '../../../src/lib/catalog/speed.js'
import type {LanguageModel} from '../../../src/lib/catalog/types.js'
import {llamacpp} from '../../../src/lib/runtimes/llamacpp.js'
import {ollama} from '../../../src/lib/runtimes/ollama.js'
import type {Runtime} from '../../../src/lib/runtimes/runtime.js'

const GIB = 1024 ** 3

/** Llama 2 7B/13B as llama-bench reports them: "llama 7B Q4_0 3.56 GiB", "13B Q4_0 6.86 GiB", "7B F16 12.55 GiB". */
function llama2(paramsB: number, layers: number, hidden: number, quant: QuantId, sizeGiB: number): LanguageModel {
  const model = customModel({name: `llama-2-${paramsB}b`, paramsB, layers, kvHeads: hidden / 128, headDim: 128})
  return {...model, arch: {...model.arch, hidden, vocab: 32000}, measured: {quant, bytes: sizeGiB * GIB, source: 'llama-bench'}}
}

function speedOn(model: LanguageModel, quant: QuantId, machine: MachineTarget, runtime: Runtime = llamacpp) {
  const size = footprint(model, quant, 512, 'f16', runtime)
  const fit = fitModel(size, machine, runtime)
  return estimateSpeed({model: size, activeFraction: model.activeParamsB ? model.activeParamsB / model.paramsB : 1, fit, machine, runtime})!
}

const m2Pro: MachineTarget = {
  gpus: [{name: 'Apple M2 Pro', vendor: 'apple', backend: 'metal', totalBytes: 21 * GIB, freeBytes: 21 * GIB, bandwidthGBps: 200, unified: true}],
  ramTotalBytes: 32 * GIB, ramAvailableBytes: 30 * GIB, ramBandwidthGBps: 200,
}
const desktopCpu: MachineTarget = {gpus: [], ramTotalBytes: 64 * GIB, ramAvailableBytes: 60 * GIB, ramBandwidthGBps: 102.4}

describe('speed against published llama.cpp measurements', () => {
  // XiongjieDai/GPU-Benchmarks-on-LLM-Inference#1, M2 Pro (19-core GPU) with Metal: mean eval ms per token.
  it.each([
    ['7B Q4_0', llama2(6.74, 32, 4096, 'Q4_0', 3.56), 'Q4_0', 1000 / 28.91],
    ['13B Q4_0', llama2(13.02, 40, 5120, 'Q4_0', 6.86), 'Q4_0', 1000 / 50.7],
    ['7B F16', llama2(6.74, 32, 4096, 'F16', 12.55), 'F16', 1000 / 92.15],
  ] as const)('M2 Pro GPU, %s: the measured %d tok/s lies in the range, the estimate within 15%%', (_, model, quant, measured) => {
    const speed = speedOn(model, quant, m2Pro)
    expect(measured).toBeGreaterThanOrEqual(speed.low)
    expect(measured).toBeLessThanOrEqual(speed.high)
    expect(Math.abs(speed.tokensPerSecond - measured) / measured).toBeLessThan(0.15)
  })

  it('13900K with dual-channel DDR5-6400, 7B Q4_0 on the CPU: 18.27 tok/s (llama.cpp#34) in the range', () => {
    const speed = speedOn(llama2(6.74, 32, 4096, 'Q4_0', 3.56), 'Q4_0', desktopCpu)
    expect(18.27).toBeGreaterThanOrEqual(speed.low)
    expect(18.27).toBeLessThanOrEqual(speed.high)
  })
})

describe('speed model', () => {
  const rtx4090: MachineTarget = {
    gpus: [{name: 'RTX 4090', vendor: 'nvidia', backend: 'cuda', totalBytes: 24 * GIB, freeBytes: 24 * GIB, bandwidthGBps: 1008, unified: false}],
    ramTotalBytes: 64 * GIB, ramAvailableBytes: 60 * GIB, ramBandwidthGBps: null,
  }

  it('MoE speed follows active parameters: qwen3:30b (3.3 B active) is several times faster than dense qwen3:32b', () => {
    const moe = speedOn(findModel('qwen3:30b')!.model, 'Q4_K_M', {...rtx4090, gpus: [{...rtx4090.gpus[0]!, totalBytes: 48 * GIB, freeBytes: 48 * GIB}]})
    const dense = speedOn(findModel('qwen3:32b')!.model, 'Q4_K_M', {...rtx4090, gpus: [{...rtx4090.gpus[0]!, totalBytes: 48 * GIB, freeBytes: 48 * GIB}]})
    expect(moe.tokensPerSecond / dense.tokensPerSecond).toBeGreaterThan(3)
  })

  it('partial offload is dominated by the part in system RAM', () => {
    const model = findModel('llama3.3:70b')!.model
    const partial = speedOn(model, 'Q4_K_M', rtx4090)
    expect(partial.tokensPerSecond).toBeLessThan(5)
    expect(partial.basis).toMatch(/system RAM bandwidth unknown/)
  })

  it('Ollama is about 15% below llama.cpp on the same GPU', () => {
    const model = findModel('llama3.1:8b')!.model
    const ratio = speedOn(model, 'Q4_K_M', rtx4090, ollama).tokensPerSecond / speedOn(model, 'Q4_K_M', rtx4090).tokensPerSecond
    expect(ratio).toBeCloseTo(0.85, 1)
  })
})
