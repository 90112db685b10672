import {describe, expect, it} from 'vitest'

import {findModel} from '../../../src/lib/catalog/lookup.js'
import {computeBufferBytes, embeddingParams, footprint, hostComputeBufferBytes, kvCacheBytes, weightsBytes, weightSplit} from '../../../src/lib/catalog/memory.js'
import type {QuantId} from '../../../src/lib/catalog/quants.js'
import type {Architecture, LanguageModel} from '../../../src/lib/catalog/types.js'
import {llamacpp} from '../../../src/lib/runtimes/llamacpp.js'
import {lmstudio} from '../../../src/lib/runtimes/lmstudio.js'
import {ollama} from '../../../src/lib/runtimes/ollama.js'
import {fixture} from '../../helpers/fixtures.js'

const MIB = 1024 ** 2
const GIB = 1024 ** 3
const model = (id: string): LanguageModel => findModel(id)!.model

describe('weights', () => {
  // llama.cpp tools/quantize README, Meta-Llama-3.1-8B (memory-math.md section 2), in GiB.
  const published: Array<[QuantId, number]> = [
    ['Q2_K', 2.95], ['Q3_K_M', 3.74], ['Q4_0', 4.34], ['Q4_K_M', 4.58], ['Q5_K_M', 5.33], ['Q6_K', 6.14], ['Q8_0', 7.95], ['F16', 14.96],
  ]
  // Without its Ollama tags the estimate path is used: parameters x effective bits per weight.
  const untagged: LanguageModel = {...model('llama3.1:8b'), ollama: undefined}

  it.each(published)('Llama-3.1-8B %s is within 1.5 percent of llama.cpp\'s %f GiB', (quant, gib) => {
    expect(Math.abs(weightsBytes(untagged, quant).bytes / GIB - gib) / gib).toBeLessThan(0.015)
  })

  it('uses the real download size when the catalog knows it', () => {
    expect(weightsBytes(model('llama3.1:8b'), 'Q4_K_M')).toMatchObject({bytes: 4_920_753_328, exact: true})
  })

  it('weights are what the runtime downloads: llama.cpp the GGUF file (the text model), Ollama its blob (with the vision tower)', () => {
    const qwen = model('qwen3.5:4b')
    const file = qwen.ggufFiles!.find((candidate) => candidate.quant === 'Q4_K_M')!
    const blob = qwen.ollama!.find((tag) => tag.quant === 'Q4_K_M')!
    expect(file.sizeBytes).toBeLessThan(blob.sizeBytes * 0.85)
    expect(footprint(qwen, 'Q4_K_M', 4096, 'f16', llamacpp).weightsBytes).toBe(file.sizeBytes)
    expect(footprint(qwen, 'Q4_K_M', 4096, 'f16', lmstudio).weightsBytes).toBe(file.sizeBytes)
    expect(footprint(qwen, 'Q4_K_M', 4096, 'f16', ollama).weightsBytes).toBe(blob.sizeBytes)
  })

  it('memory follows total parameters for MoE: qwen3:30b weighs like a 30B model', () => {
    expect(weightsBytes(model('qwen3:30b'), 'Q4_K_M').bytes).toBeGreaterThan(18e9)
  })

  // The estimate a tag without a known size gets, against the real downloads (memory-math.md section 4).
  const downloads = (JSON.parse(fixture('calibration/memory-calibration.COMPOSED.json')) as {
    weights: Array<{tag: string; quant: QuantId; bytes: number}>
  }).weights
  it.each(downloads.map((row) => [row.tag, row.quant, row] as const))('%s %s: the estimate within 8 percent of the download', (_, __, row) => {
    const estimate = weightsBytes({...model(row.tag), ollama: undefined, measured: undefined}, row.quant).bytes
    expect(Math.abs(estimate - row.bytes) / row.bytes).toBeLessThan(0.08)
  })

  it('a small model is mostly embedding, at the embedding\'s type: qwen2.5:0.5b within 3% (parameters x 4.89 bits: 25% short)', () => {
    // 896 wide, not a multiple of 256: the tied embedding is Q8_0 and most matrices fall back to Q5_0.
    const row = downloads.find((candidate) => candidate.tag === 'qwen2.5:0.5b')!
    const estimate = weightsBytes({...model(row.tag), ollama: undefined, measured: undefined}, 'Q4_K_M').bytes
    expect(Math.abs(estimate - row.bytes) / row.bytes).toBeLessThan(0.03)
  })

  it('vLLM 4-bit checkpoints keep embeddings at 16 bits', () => {
    const arch = model('qwen2.5:7b').arch
    const awq = weightsBytes(model('qwen2.5:7b'), 'AWQ').bytes
    const linear = 7.62e9 - embeddingParams(arch)
    expect(awq).toBe(Math.round((linear * 4.25) / 8 + embeddingParams(arch) * 2))
  })
})

describe('KV cache against llama.cpp load logs (memory-math.md section 5)', () => {
  it.each([
    ['llama3.1:8b', 2048, 256],
    ['llama3.3:70b', 2048, 640],
    ['mixtral:8x7b', 2048, 256],
  ])('%s at %i tokens: %i MiB', (id, context, mib) => {
    expect(kvCacheBytes(model(id).arch, context) / MIB).toBe(mib)
  })

  it('qwen2.5:0.5b: 12 KiB per token in f16, 6.375 with q8_0', () => {
    const arch = model('qwen2.5:0.5b').arch
    expect((kvCacheBytes(arch, 4096) - kvCacheBytes(arch, 2048)) / 2048 / 1024).toBe(12)
    expect((kvCacheBytes(arch, 4096, 'q8_0') - kvCacheBytes(arch, 2048, 'q8_0')) / 2048 / 1024).toBe(6.375)
  })

  it('Qwen1.5-MoE has no GQA: 192 KiB per token despite 2.7 B active', () => {
    expect(kvCacheBytes(model('qwen1.5-moe-a2.7b').arch, 1024) / 1024 / 1024).toBe(192)
  })

  it('pads the context to a multiple of 256 cells, as llama.cpp does; vLLM does not', () => {
    const arch = model('llama3.1:8b').arch
    expect(kvCacheBytes(arch, 1000)).toBe(kvCacheBytes(arch, 1024))
    expect(kvCacheBytes(arch, 1000, 'f16', {padTo256: false})).toBe(1000 * 128 * 1024)
  })
})

describe('compute buffer against llama.cpp load logs', () => {
  const logged = (JSON.parse(fixture('calibration/memory-calibration.COMPOSED.json')) as {compute: Array<{model: string; line: string}>})
    .compute.map(row => [row.model, row.line] as const)

  it.each(logged)('%s: %s', (id, line) => {
    // The figure is read off the log line itself, so the row cannot drift from what llama.cpp printed:
    // "compute buffer size = X MiB", or the last term of a memory breakdown's (self = model + context + compute).
    const [, logged, breakdown] = /compute buffer size =\s+([\d.]+) MiB|\(\s*\d+ =\s+\d+ \+\s+\d+ \+\s+(\d+)\)/.exec(line)!
    const mib = Number(logged ?? breakdown)
    expect(computeBufferBytes(model(id).arch) / MIB).toBeCloseTo(mib, 1)
  })

  it('qwen2.5:0.5b on the CPU at 2K: weights, KV and the 298.5 MiB buffer llama.cpp reserves, not a fixed guess', () => {
    const size = footprint(model('qwen2.5:0.5b'), 'Q4_K_M', 2048, 'f16', ollama)
    expect(size.computeBytes / MIB).toBe(298.5)
    expect(size.kvBytes / MIB).toBe(24)
  })
})

describe('where the weights go, against llama.cpp\'s model buffers', () => {
  const logged = (JSON.parse(fixture('calibration/memory-calibration.COMPOSED.json')) as {
    modelBuffers: Array<{model: string; quant: QuantId; nGpuLayers: number; lines: [string, string]}>
  }).modelBuffers
  const mib = (line: string) => Number(/model buffer size =\s+([\d.]+) MiB/.exec(line)![1])

  // The token embedding is exact (its type is the quantizer's rule); a device buffer carries the
  // file's few MiB of metadata the other way, and llama.cpp leaves the first, widest layers on the CPU.
  it.each(logged.map((row) => [row.model, row.nGpuLayers, row] as const))('%s at --n-gpu-layers %d: CPU_Mapped and the device', (_, ngl, row) => {
    const size = footprint(model(row.model), row.quant, 4096, 'f16', llamacpp)
    const split = weightSplit(size, ngl)
    const [host, device] = row.lines.map(mib) as [number, number]
    expect(Math.abs(split.hostBytes / MIB - host) / host).toBeLessThan(ngl > size.layers ? 0.001 : 0.03)
    expect(Math.abs(split.deviceBytes / MIB - device) / device).toBeLessThan(0.01)
  })

  it('a tied embedding is on both sides: host memory for the lookup, the GPU as the output', () => {
    const size = footprint(model('qwen3:4b'), 'Q4_K_M', 4096, 'f16', llamacpp)
    expect(size.outputBytes).toBe(size.hostOnlyBytes)
    expect(weightSplit(size, size.layers + 1).deviceBytes).toBeCloseTo(size.weightsBytes, -3)
  })
})

describe('the host compute buffer beside a GPU against llama.cpp load logs', () => {
  const logged = (JSON.parse(fixture('calibration/memory-calibration.COMPOSED.json')) as {
    hostCompute: Array<{model?: string; hidden?: number; cells: number; line: string}>
  }).hostCompute

  it.each(logged.map((row) => [row.model ?? `a model ${row.hidden} wide`, row.cells, row] as const))(
    '%s at %d cells: the host buffer llama.cpp logged (CUDA_Host; the CPU\'s on Metal), within 1%', (_, cells, row) => {
      const mib = Number(/(?:CUDA_Host|CPU) compute buffer size =\s+([\d.]+) MiB/.exec(row.line)![1])
      const arch = row.model ? model(row.model).arch : {hidden: row.hidden!}
      expect(Math.abs(hostComputeBufferBytes(arch, cells) / MIB - mib) / mib).toBeLessThan(0.01)
    })

  it('grows with the cache (the F32 mask of a micro-batch against every cell), not with the weights', () => {
    const arch = model('qwen2.5:7b').arch
    expect((hostComputeBufferBytes(arch, 8192) - hostComputeBufferBytes(arch, 4096)) / MIB).toBe(8)
    expect(footprint(model('qwen2.5:7b'), 'Q4_K_M', 8192, 'f16', llamacpp).hostComputeBytes).toBe(hostComputeBufferBytes(arch, 8192))
    expect(footprint(model('qwen2.5:7b'), 'Q4_K_M', 8192, 'f16', ollama, 2).hostComputeBytes).toBe(hostComputeBufferBytes(arch, 16384, 2))
  })
})

describe('sliding-window models keep only their window on local layers', () => {
  // memory-math.md TL;DR 3: ignoring SWA overestimates KV by 1.3x (gemma2 at 8K), 2x (gpt-oss), ~6.4x (gemma3-4b at 128K).
  const withoutWindow = (arch: Architecture): Architecture => ({...arch, slidingWindow: undefined})
  it.each([
    ['gemma2:9b', 8192, 1.28],
    ['gpt-oss:20b', 131072, 1.99],
    ['gemma3:4b', 131072, 6.37],
  ])('%s at %i tokens: a full cache would be %dx larger', (id, context, ratio) => {
    const arch = model(id).arch
    expect(kvCacheBytes(withoutWindow(arch), context) / kvCacheBytes(arch, context)).toBeCloseTo(ratio, 1)
  })
})

describe('MLA caches one latent per layer', () => {
  it('DeepSeek-R1 671B at 32K: 61 layers x (512 + 64) x 2 bytes per token, about 2.1 GiB', () => {
    const bytes = kvCacheBytes(model('deepseek-r1:671b').arch, 32768)
    expect(bytes).toBe(61 * 32768 * 576 * 2)
    expect(bytes / GIB).toBeCloseTo(2.14, 1)
  })
})

describe('hybrid attention keeps KV on its full-attention layers only', () => {
  // Qwen3.5-9B's config.json: 32 layers, full attention on every 4th, 4 KV heads of 256; Gated
  // DeltaNet layers with 16 key and 32 value heads of 128, conv kernel 4.
  const linear = {keyHeads: 16, valueHeads: 32, keyDim: 128, valueDim: 128, convKernel: 4}
  const dense: Architecture = {layers: 32, kvHeads: 4, headDim: 256, hidden: 4096, vocab: 248320}
  const hybrid: Architecture = {...dense, hybrid: {fullAttentionInterval: 4, linear}}
  const state = 4 * (32 * 128 * 128 + 3 * (2 * 16 * 128 + 32 * 128))

  it('8 of 32 layers cache 4 KiB per token; the other 24 hold a 2.1 MiB state each, whatever the context', () => {
    expect(kvCacheBytes(hybrid, 32768)).toBe(8 * 32768 * 2 * 4 * 256 * 2 + 24 * state)
    expect(kvCacheBytes(hybrid, 131072) - kvCacheBytes(hybrid, 32768)).toBe(8 * (131072 - 32768) * 2 * 4 * 256 * 2)
    expect(kvCacheBytes(hybrid, 32768)).toBeLessThan(kvCacheBytes(dense, 32768) / 3.5)
  })

  it('each parallel sequence has its own recurrent state', () => {
    expect(kvCacheBytes(hybrid, 32768 * 2, 'f16', {nSeq: 2}) - kvCacheBytes(hybrid, 32768 * 2)).toBe(24 * state)
  })
})

describe('parallel slots', () => {
  it('gpt-oss:20b at 128K for 3 requests at once: three contexts of KV (9.3 GiB measured, issue 15), not one (3.0 GiB)', () => {
    const gptOss = model('gpt-oss:20b')
    const one = footprint(gptOss, 'MXFP4', 131072, 'f16', ollama).kvBytes
    const three = footprint(gptOss, 'MXFP4', 131072, 'f16', ollama, 3).kvBytes
    expect(one / GIB).toBeCloseTo(3.0, 0)
    expect(Math.abs(three / GIB - 9.3) / 9.3).toBeLessThan(0.05)
    // Sliding-window layers hold window x slots cells, not three whole contexts.
    expect(three).toBeLessThan(3 * one)
  })
})

describe('the size estimate for a tag without a known size, against exact Ollama download sizes', () => {
  // memory-math.md section 4 as rows (test/fixtures/calibration): what parameters x bits per weight gives.
  const rows = (
    JSON.parse(fixture('calibration/memory-calibration.COMPOSED.json')) as {weights: Array<{tag: string; quant: QuantId; bytes: number}>}
  ).weights
  const errors = rows.map((row) => {
    const catalog = model(row.tag)
    return {tag: row.tag, error: Math.abs(weightsBytes({...catalog, ollama: undefined, measured: undefined},
      row.quant).bytes - row.bytes) / row.bytes}
  })

  it('median error under 5%, none above 25% (the smallest models keep their embeddings wider, so they fall short most)', () => {
    const sorted = errors.map((entry) => entry.error).sort((a, b) => a - b)
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(0.05)
    expect(errors.filter((entry) => entry.error > 0.25)).toEqual([])
  })
})
