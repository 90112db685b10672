// Accuracy benchmark: the estimator scored against published measurements, printing median and p90
// relative error per figure. The set is the llama-bench calibration rows (test/fixtures/calibration,
// copied from ../shared/reference/prefill-calibration.json): pp512 prefill and tg128 decode, Llama 7B
// at Q4_0, Q8_0 and F16 on NVIDIA and Apple GPUs; and memory-math.md's measured memory as rows
// (test/fixtures/calibration/memory-calibration.COMPOSED.json): exact Ollama download sizes against the
// estimate used where no size is known (embeddings at their types, the rest at the mix), and KV caches, compute buffers (the
// device's, and the host's beside a GPU) and model buffers (how the weights split) from load logs.
// Goals (issue 15): decode <= 10% median (<= 30% p90), prefill (first token) <= 20% median, memory <= 7%
// median (<= 25% max), fit verdicts >= 95%. Fit verdicts are scored on the measured placements recorded
// (llama-server's own fit pass), of which there are two so far.
// Not a test: it prints, never fails.
// Run: npm run build && node bench/accuracy.js
import {readFileSync} from 'node:fs'

import {fitModel} from '../dist/lib/catalog/fit.js'
import {findModel} from '../dist/lib/catalog/lookup.js'
import {computeBufferBytes, footprint, hostComputeBufferBytes, kvCacheBytes, weightsBytes, weightSplit} from '../dist/lib/catalog/memory.js'
import {estimatePrefill} from '../dist/lib/catalog/prefill.js'
import {estimateSpeed} from '../dist/lib/catalog/speed.js'
import {llamacpp} from '../dist/lib/runtimes/llamacpp.js'

const GIB = 1024 ** 3
const rows = JSON.parse(readFileSync(new URL('../test/fixtures/calibration/prefill-calibration.json', import.meta.url), 'utf8'))

/** LLaMA 7B and Llama 2 7B, the models of both scoreboards (config.json: 32 layers, 4096 wide, 32000 tokens). */
const model = (paramsB) => ({
  id: 'llama-7b', name: 'Llama 7B', family: 'llama', paramsB, contextLength: 4096, capabilities: [], license: 'llama2', source: 'bench',
  arch: {layers: 32, kvHeads: 32, headDim: 128, hidden: 4096, vocab: 32000},
})

function gpuOf(row) {
  return {
    name: row.device,
    vendor: row.device_kind,
    backend: row.device_kind === 'apple' ? 'metal' : 'cuda',
    totalBytes: 80 * GIB,
    freeBytes: 80 * GIB,
    bandwidthGBps: row.bandwidth_gbs,
    fp16Tflops: row.fp16_tflops,
    unified: row.device_kind === 'apple',
  }
}

function placed(row) {
  const gpu = gpuOf(row)
  const fit = {
    placement: 'gpu',
    gpuLayers: 32,
    totalLayers: 32,
    gpus: [gpu],
    gpuShares: [1],
    gpuBytes: row.model_size_bytes,
    ramBytes: 0,
    reserveBytes: 0,
    reason: 'bench',
  }
  return {gpu, fit, machine: {gpus: [gpu], ramTotalBytes: 0, ramAvailableBytes: 0, ramBandwidthGBps: null}}
}

/** tg128 reads the weights once per token and a near-empty cache: the footprint of the measured file. */
function footprintOf(row) {
  const embedding = 32000 * 4096 * (row.model_size_bytes / (row.params_b * 1e9))
  return {
    weightsBytes: row.model_size_bytes, weightsBasis: 'bench', kvBytes: 0, computeBytes: 0, layers: 32,
    layerWeightsBytes: (row.model_size_bytes - 2 * embedding) / 32, layerKvBytes: 0, hostOnlyBytes: embedding, outputBytes: embedding,
  }
}

const memoryRows = JSON.parse(
  readFileSync(new URL('../test/fixtures/calibration/memory-calibration.COMPOSED.json', import.meta.url), 'utf8'),
)
const errors = {prefill: [], decode: [], weights: [], kv: [], compute: [], 'host compute': [], 'model buffers': [], device: []}
for (const row of memoryRows.weights) {
  // The estimate localclaw falls back on for a tag without a known size: the catalog entry without its sizes.
  const {model} = findModel(row.tag)
  const estimate = weightsBytes({...model, ollama: undefined, measured: undefined}, row.quant).bytes
  errors.weights.push(Math.abs(estimate - row.bytes) / row.bytes)
}
for (const row of memoryRows.kv) {
  const bytes = kvCacheBytes(findModel(row.model).model.arch, row.contextTokens, row.kvType)
  errors.kv.push(Math.abs(bytes / 2 ** 20 - row.mib) / row.mib)
}
for (const row of memoryRows.compute) {
  const bytes = computeBufferBytes(findModel(row.model).model.arch)
  errors.compute.push(Math.abs(bytes / 2 ** 20 - row.mib) / row.mib)
}
for (const row of memoryRows.hostCompute) {
  const bytes = hostComputeBufferBytes(row.model ? findModel(row.model).model.arch : {hidden: row.hidden}, row.cells)
  errors['host compute'].push(Math.abs(bytes / 2 ** 20 - row.mib) / row.mib)
}
const bufferMiB = (line) => Number(/model buffer size =\s+([\d.]+) MiB/.exec(line)[1])
for (const row of memoryRows.modelBuffers) {
  const split = weightSplit(footprint(findModel(row.model).model, row.quant, 4096, 'f16', llamacpp), row.nGpuLayers)
  const [host, device] = row.lines.map(bufferMiB)
  errors['model buffers'].push(Math.abs(split.hostBytes / 2 ** 20 - host) / host, Math.abs(split.deviceBytes / 2 ** 20 - device) / device)
}
let verdictsRight = 0
for (const row of memoryRows.placements) {
  const size = footprint(findModel(row.model).model, row.quant, row.contextTokens, 'f16', llamacpp)
  const onDeviceMiB = (weightSplit(size, size.layers + 1).deviceBytes + size.kvBytes + size.computeBytes) / 2 ** 20
  errors.device.push(Math.abs(onDeviceMiB - row.deviceMiB) / row.deviceMiB)
  const freeBytes = row.freeMiB * 2 ** 20
  const gpu = {name: 'measured', vendor: 'nvidia', backend: 'vulkan', totalBytes: freeBytes, freeBytes, bandwidthGBps: 300, unified: false}
  const target = {gpus: [gpu], ramTotalBytes: 64 * GIB, ramAvailableBytes: 64 * GIB, ramBandwidthGBps: 60}
  const fit = fitModel(size, target, llamacpp)
  // llama.cpp's --n-gpu-layers counts the output layer, which goes first.
  if (fit.placement === row.placement && fit.gpuLayers + 1 === row.nGpuLayers) verdictsRight++
}
for (const row of rows) {
  const {fit, machine} = placed(row)
  const prefill = estimatePrefill({model: model(row.params_b), size: footprintOf(row), fit, machine, runtime: llamacpp,
    promptTokens: row.prompt_tokens})
  if (prefill && row.prefill_tokens_per_s) errors.prefill.push(Math.abs(prefill.prefillTokensPerSecond
    - row.prefill_tokens_per_s) / row.prefill_tokens_per_s)
  const decode = estimateSpeed({model: footprintOf(row), activeFraction: 1, fit, machine, runtime: llamacpp})
  if (decode && row.tg_tokens_per_s) errors.decode.push(Math.abs(decode.tokensPerSecond - row.tg_tokens_per_s) / row.tg_tokens_per_s)
}

const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]
const percent = (value) => `${(value * 100).toFixed(1)}%`
console.log(
  `${rows.length} published llama-bench rows (prefill, decode), ${memoryRows.weights.length + memoryRows.kv.length + memoryRows.compute.length
    + memoryRows.hostCompute.length + 2 * memoryRows.modelBuffers.length} memory figures (weights, kv, compute, host compute, model buffers)`
    + ` and ${memoryRows.placements.length} measured placement(s) in test/fixtures/calibration`,
)
for (const [figure, values] of Object.entries(errors)) {
  if (values.length === 0) continue
  console.log(
    `${figure.padEnd(13)} n=${String(values.length).padStart(3)}  median error ${percent(quantile(values, 0.5)).padStart(6)}  p90 ${percent(quantile(values, 0.9)).padStart(6)}  max ${percent(Math.max(...values)).padStart(6)}`,
  )
}
console.log(`fit verdicts: ${verdictsRight} of ${memoryRows.placements.length} measured placements right, with llama.cpp's --n-gpu-layers`
  + ' (llama-server\'s own fit pass)')
