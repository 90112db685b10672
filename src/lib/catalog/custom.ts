import path from 'node:path'

import {ExitCode, LocalclawError} from '../errors.js'
import {readGgufHeader, type GgufHeader, type GgufValue} from './gguf.js'
import {QUANTS, type QuantId} from './quants.js'
import type {LanguageModel, LayerKv} from './types.js'

/** A model described by flags: `recommend my-model --params 8 --layers 32 --kv-heads 8 --head-dim 128`. */
export interface CustomModelSpec {
  name: string
  paramsB?: number
  activeParamsB?: number
  layers?: number
  kvHeads?: number
  headDim?: number
  contextLength?: number
}

const usage = (message: string, suggestions: string[] = []) =>
  new LocalclawError(message, {code: 'invalid_model', exit: ExitCode.usage, suggestions})

function requirePositive(value: number | undefined, flag: string, integer: boolean): number {
  if (value === undefined) throw usage(`--${flag} is needed to describe a model that is not in the catalog.`)
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw usage(`--${flag} must be a positive ${integer ? 'whole number' : 'number'}, got ${value}.`)
  }
  return value
}

/** Neither flags nor a GGUF header say whether the chat template emits tool calls. */
const TOOLS_UNKNOWN = 'whether it calls tools is not known from its description: once it runs, localclaw doctor --live checks it'
/** The context planned for a model whose native window nothing states. */
const UNKNOWN_CONTEXT = 32768

/** Compute-buffer sizing needs a width and a vocabulary; typical values are assumed and said so. */
const ASSUMED = {hidden: 4096, vocab: 128_000}

export function customModel(spec: CustomModelSpec): LanguageModel {
  const paramsB = requirePositive(spec.paramsB, 'params', false)
  const layers = requirePositive(spec.layers, 'layers', true)
  const kvHeads = requirePositive(spec.kvHeads, 'kv-heads', true)
  const headDim = requirePositive(spec.headDim, 'head-dim', true)
  if (spec.activeParamsB !== undefined) {
    requirePositive(spec.activeParamsB, 'active-params', false)
    if (spec.activeParamsB > paramsB) throw usage(`--active-params (${spec.activeParamsB}) cannot exceed --params (${paramsB}).`)
  }
  return {
    id: spec.name,
    name: spec.name,
    family: 'custom',
    paramsB,
    activeParamsB: spec.activeParamsB,
    arch: {layers, kvHeads, headDim, ...ASSUMED},
    contextLength: spec.contextLength ?? UNKNOWN_CONTEXT,
    // Nothing is claimed that the flags do not say: no capabilities, and a 32K plan unless --ctx gives the window.
    capabilities: [],
    license: 'unknown',
    unknowns: [
      TOOLS_UNKNOWN,
      ...(spec.contextLength === undefined
        ? [`its native context is not known: ${UNKNOWN_CONTEXT} planned (pass --ctx for its window)`]
        : []),
    ],
    source: `described by flags (hidden ${ASSUMED.hidden} and vocabulary ${ASSUMED.vocab} assumed for the compute buffer)`,
  }
}

/** llama_ftype (general.file_type) to the nearest quantization we model. */
const FILE_TYPES: Record<number, QuantId> = {
  0: 'F16', 1: 'F16', 2: 'Q4_0', 3: 'Q4_0', 7: 'Q8_0', 8: 'Q4_K_M', 9: 'Q5_K_M', 10: 'Q2_K', 11: 'Q3_K_M', 12: 'Q3_K_M',
  13: 'Q3_K_M', 14: 'Q4_K_M', 15: 'Q4_K_M', 16: 'Q5_K_M', 17: 'Q5_K_M', 18: 'Q6_K', 32: 'BF16', 38: 'MXFP4',
}

const num = (value: GgufValue | undefined): number | undefined =>
  typeof value === 'number'
    ? value
    : typeof value === 'bigint'
      ? Number(value)
      : Array.isArray(value) && typeof value[0] === 'number'
        ? Math.max(...(value as number[]))
        : undefined

/**
 * Each layer's KV geometry, where the file gives it per layer (Gemma 4: head_count_kv as an array, a
 * sliding_window_pattern, key_length_swa beside key_length, shared_kv_layers; the keys llama.cpp's
 * gemma4 reads, as go-inference-lab-bench's gemma4.arch.toml lists them). Undefined for a uniform model.
 */
function perLayerKv(meta: GgufHeader['metadata'], arch: string, layers: number,
  uniform: {kvHeads: number; headDim: number; window: number | undefined}): LayerKv[] | undefined {
  const heads = meta.get(`${arch}.attention.head_count_kv`)
  const pattern = meta.get(`${arch}.attention.sliding_window_pattern`)
  const get = (key: string) => num(meta.get(`${arch}.${key}`))
  const keySwa = get('attention.key_length_swa')
  if (!Array.isArray(heads) && !Array.isArray(pattern) && keySwa === undefined) return undefined
  const keyFull = uniform.headDim
  const valueFull = get('attention.value_length') ?? keyFull
  const valueSwa = get('attention.value_length_swa') ?? keySwa ?? valueFull
  const shared = get('attention.shared_kv_layers') ?? 0
  return Array.from({length: layers}, (_, layer) => {
    const local = Array.isArray(pattern) ? pattern[layer] === true : uniform.window !== undefined && layer % 2 === 0
    const kvHeads = Array.isArray(heads) ? Number(heads[layer] ?? uniform.kvHeads) : uniform.kvHeads
    return {kvHeads, keyDim: local ? keySwa ?? keyFull : keyFull, valueDim: local ? valueSwa : valueFull, local,
      ownCache: layer < layers - shared && kvHeads > 0}
  })
}

/** The period a per-layer pattern repeats with, for what still reads one (the prefill estimate's local share). */
const patternPeriod = (layerKv: LayerKv[]) =>
  Math.max(1, Math.round(layerKv.length / Math.max(1, layerKv.filter((layer) => !layer.local).length)))

/** A model measured from a GGUF file: architecture from its metadata, weight bytes from its tensors. */
export function modelFromGguf(file: string, header: GgufHeader): LanguageModel {
  const meta = header.metadata
  const arch = meta.get('general.architecture')
  if (typeof arch !== 'string') throw usage(`${file}: no general.architecture in the GGUF metadata.`)
  const get = (key: string) => num(meta.get(`${arch}.${key}`))
  const layers = get('block_count')
  const hidden = get('embedding_length')
  const heads = get('attention.head_count')
  if (!layers || !hidden || !heads)
    throw usage(`${file}: the GGUF metadata lacks ${arch}.block_count, embedding_length or attention.head_count.`)
  // llama.cpp itself defaults key_length to embedding/heads when the file does not say.
  const headDim = get('attention.key_length') ?? Math.round(hidden / heads)
  const kvHeads = get('attention.head_count_kv') ?? heads
  const tokens = meta.get('tokenizer.ggml.tokens')
  const vocab = tokens && typeof tokens === 'object' && 'length' in tokens ? tokens.length : 128_000
  const window = get('attention.sliding_window')
  const kvLoraRank = get('attention.kv_lora_rank')
  // Hybrid attention, as llama.cpp's converter writes it (Qwen3NextModel.set_gguf_parameters): the
  // full-attention interval and the Gated DeltaNet widths under ssm.*.
  const interval = get('full_attention_interval')
  const linear = {
    keyHeads: get('ssm.group_count'), valueHeads: get('ssm.time_step_rank'), keyDim: get('ssm.state_size'),
    innerSize: get('ssm.inner_size'), convKernel: get('ssm.conv_kernel'),
  }
  const hybrid = interval && linear.keyHeads && linear.valueHeads && linear.keyDim && linear.innerSize && linear.convKernel
    ? {fullAttentionInterval: interval, linear: {keyHeads: linear.keyHeads, valueHeads: linear.valueHeads, keyDim: linear.keyDim,
      valueDim: linear.innerSize / linear.valueHeads, convKernel: linear.convKernel}}
    : undefined
  const layerKv = perLayerKv(meta, arch, layers, {kvHeads, headDim, window})
  const ropeDim = get('rope.dimension_count')
  const fileType = num(meta.get('general.file_type'))
  const quant: QuantId = (fileType !== undefined ? FILE_TYPES[fileType] : undefined) ?? 'Q4_K_M'
  const totalElements = header.tensors.reduce((sum, tensor) => sum + tensor.elements, 0)
  const totalBytes = header.tensors.reduce((sum, tensor) => sum + tensor.bytes, 0)
  const tensorBytes = (name: string) => header.tensors.find((tensor) => tensor.name === name)?.bytes ?? 0
  if (totalBytes === 0)
    throw usage(`${file}: the GGUF holds no weights (${header.tensors.length} tensors; a vocab-only file?), so there is nothing to size.`)
  const expertCount = get('expert_count')
  const expertsUsed = get('expert_used_count')
  const expertElements = header.tensors.filter((tensor) => tensor.name.includes('_exps')).reduce((sum, tensor) => sum + tensor.elements, 0)
  const active = expertCount && expertsUsed ? totalElements - expertElements * (1 - expertsUsed / expertCount) : undefined
  const name = typeof meta.get('general.name') === 'string' ? meta.get('general.name') as string : path.basename(file)
  return {
    id: name,
    name,
    family: arch,
    paramsB: totalElements / 1e9,
    activeParamsB: active ? active / 1e9 : undefined,
    arch: {
      layers,
      kvHeads,
      headDim,
      hidden,
      vocab,
      tiedEmbeddings: !header.tensors.some((tensor) => tensor.name === 'output.weight'),
      // Without a per-layer pattern, gemma3's alternation is not in the metadata; llama.cpp's default period for SWA models is 2.
      ...(window ? {slidingWindow: {window, period: layerKv ? patternPeriod(layerKv) : arch.startsWith('gemma3') ? 6 : 2}} : {}),
      ...(layerKv ? {layerKv} : {}),
      ...(kvLoraRank && ropeDim ? {mla: {kvLoraRank, ropeDim}} : {}),
      ...(hybrid ? {hybrid} : {}),
    },
    contextLength: get('context_length') ?? UNKNOWN_CONTEXT,
    capabilities: [],
    license: 'unknown',
    unknowns: [
      TOOLS_UNKNOWN,
      ...(get('context_length') === undefined ? [`the file does not state its context: ${UNKNOWN_CONTEXT} planned`] : []),
    ],
    measured: {
      quant, bytes: totalBytes, source: `exact: tensor sizes in ${path.basename(file)}`,
      embeddings: {token: tensorBytes('token_embd.weight'), output: tensorBytes('output.weight')},
    },
    source: `GGUF header of ${file} (${QUANTS[quant].id}, ${header.tensors.length} tensors)`,
  }
}

export async function modelFromGgufFile(file: string): Promise<LanguageModel> {
  return modelFromGguf(file, await readGgufHeader(file))
}
