import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {modelFromGgufFile} from '../../../src/lib/catalog/custom.js'
import {readGgufHeader} from '../../../src/lib/catalog/gguf.js'
import {footprint, kvCacheBytes, weightsBytes} from '../../../src/lib/catalog/memory.js'
import {llamacpp} from '../../../src/lib/runtimes/llamacpp.js'
import {archMetadata, writeGguf} from '../../helpers/gguf.js'
import {tempDir} from '../../helpers/system.js'

const Q4_K = 12
const Q6_K = 14
const Q8_0 = 8
const F32 = 0

/** A tiny two-layer "llama" with 8 experts per layer, Q4_K_M file type. */
function writeTinyMoe(file: string): void {
  const tensors = [
    {name: 'token_embd.weight', dims: [256, 1000], type: Q4_K, bytes: (256 * 1000 / 256) * 144},
    {name: 'output.weight', dims: [256, 1000], type: Q6_K, bytes: (256 * 1000 / 256) * 210},
    {name: 'output_norm.weight', dims: [256], type: F32, bytes: 256 * 4},
  ]
  for (let layer = 0; layer < 2; layer++) {
    tensors.push({name: `blk.${layer}.attn_q.weight`, dims: [256, 256], type: Q4_K, bytes: 256 * 144})
    tensors.push({name: `blk.${layer}.ffn_up_exps.weight`, dims: [256, 512, 8], type: Q4_K, bytes: 512 * 8 * 144})
  }
  writeGguf(
    file,
    {
      ...archMetadata('llama', {
        block_count: 2,
        context_length: 8192,
        embedding_length: 256,
        'attention.head_count': 4,
        'attention.head_count_kv': 2,
        expert_count: 8,
        expert_used_count: 2,
      }),
      'general.name': {type: 'string', value: 'Tiny MoE'},
      'llama.rope.freq_base': {type: 'f32', value: 500000},
      'tokenizer.ggml.tokens': {type: 'strings', value: Array.from({length: 1000}, (_, index) => `tok${index}`)},
    },
    tensors,
  )
}

describe('GGUF header', () => {
  it('reads metadata and exact tensor sizes, skipping long arrays', async () => {
    const file = path.join(tempDir(), 'tiny.gguf')
    writeTinyMoe(file)
    const header = await readGgufHeader(file)
    expect(header.version).toBe(3)
    expect(header.metadata.get('llama.block_count')).toBe(2)
    expect(header.metadata.get('tokenizer.ggml.tokens')).toEqual({arrayOf: 8, length: 1000})
    expect(header.tensors.find((tensor) => tensor.name === 'blk.0.ffn_up_exps.weight')).toMatchObject({
      elements: 256 * 512 * 8,
      bytes: 512 * 8 * 144,
    })
  })

  it('turns a file into a model with exact weights, MoE active parameters and head_dim from the metadata rule', async () => {
    const file = path.join(tempDir(), 'tiny.gguf')
    writeTinyMoe(file)
    const model = await modelFromGgufFile(file)
    const expertElements = 2 * 256 * 512 * 8
    const total = 256 * 1000 * 2 + 256 + 2 * 256 * 256 + expertElements
    expect(model).toMatchObject({name: 'Tiny MoE', paramsB: total / 1e9, contextLength: 8192})
    expect(model.activeParamsB! * 1e9).toBeCloseTo(total - expertElements * (6 / 8), 0)
    expect(model.arch).toMatchObject({layers: 2, kvHeads: 2, headDim: 64, hidden: 256, vocab: 1000, tiedEmbeddings: false})
    const exact = 1000 * 144 + 1000 * 210 + 1024 + 2 * (256 * 144 + 512 * 8 * 144)
    expect(weightsBytes(model, 'Q4_K_M')).toMatchObject({bytes: exact, exact: true})
  })

  it('sizes the embedding llama.cpp keeps in host memory, and the output it offloads first, from the file\'s own tensors', async () => {
    // A file quantized with --token-embedding-type q8_0: wider than the Q4_K that Q4_K_M's rule would give it.
    const file = path.join(tempDir(), 'embd.gguf')
    writeGguf(file, {...archMetadata('llama', {block_count: 1, context_length: 4096, embedding_length: 256, 'attention.head_count': 4}),
      'tokenizer.ggml.tokens': {type: 'strings', value: Array.from({length: 1000}, (_, index) => `tok${index}`)}}, [
      {name: 'token_embd.weight', dims: [256, 1000], type: Q8_0, bytes: (256 * 1000 / 32) * 34},
      {name: 'output.weight', dims: [256, 1000], type: Q6_K, bytes: (256 * 1000 / 256) * 210},
      {name: 'blk.0.attn_q.weight', dims: [256, 256], type: Q4_K, bytes: 256 * 144},
    ])
    const size = footprint(await modelFromGgufFile(file), 'Q4_K_M', 4096, 'f16', llamacpp)
    expect({host: size.hostOnlyBytes, output: size.outputBytes, layer: size.layerWeightsBytes})
      .toEqual({host: 8000 * 34, output: 1000 * 210, layer: 256 * 144})
  })

  it('a Gemma 4 file: each layer\'s KV heads and width, its sliding-window pattern and the shared-KV layers, as llama.cpp allocates them', async () => {
    const file = path.join(tempDir(), 'gemma4.gguf')
    // The per-layer keys llama.cpp's gemma4 reads (go-inference-lab-bench models/arch/gemma4.arch.toml): sliding-window layers
    // 256 wide with 4 KV heads, full-attention layers 512 wide with 2, and the last 2 layers reusing an earlier layer's cache.
    writeGguf(
      file,
      {
        ...archMetadata('gemma4', {
          block_count: 6, context_length: 262144, embedding_length: 1024, 'attention.head_count': 8,
          'attention.key_length': 512, 'attention.key_length_swa': 256, 'attention.sliding_window': 512, 'attention.shared_kv_layers': 2,
        }),
        'gemma4.attention.head_count_kv': {type: 'u32s', value: [4, 4, 2, 4, 4, 2]},
        'gemma4.attention.sliding_window_pattern': {type: 'bools', value: [true, true, false, true, true, false]},
      },
      [{name: 'token_embd.weight', dims: [1024, 1000], type: Q4_K, bytes: ((1024 * 1000) / 256) * 144}],
    )
    const model = await modelFromGgufFile(file)
    // Layers 0-3 keep their own cache: three sliding-window ones of pad256(512 + 512) cells and one full one of the context.
    const local = 1024 * 4 * (256 + 256) * 2
    const full = 8192 * 2 * (512 + 512) * 2
    expect(kvCacheBytes(model.arch, 8192)).toBe(3 * local + full)
    // Not every layer 512 wide with the most KV heads, half of them global, as the per-model maximum would say.
    expect(kvCacheBytes(model.arch, 8192)).toBeLessThan(6 * 8192 * 2 * 4 * 512 * 2 / 4)
  })

  it('a hybrid-attention file (qwen35): KV on every 4th layer and the DeltaNet state, from the ssm.* keys llama.cpp writes', async () => {
    const file = path.join(tempDir(), 'hybrid.gguf')
    // Qwen3.5-4B's metadata as llama.cpp's converter writes it; one tensor stands in for the weights.
    const hybridMetadata = archMetadata('qwen35', {
      block_count: 32,
      context_length: 262144,
      embedding_length: 2560,
      'attention.head_count': 16,
      'attention.head_count_kv': 4,
      'attention.key_length': 256,
      full_attention_interval: 4,
      'ssm.conv_kernel': 4,
      'ssm.state_size': 128,
      'ssm.group_count': 16,
      'ssm.time_step_rank': 32,
      'ssm.inner_size': 4096,
    })
    writeGguf(
      file,
      hybridMetadata,
      [{name: 'token_embd.weight', dims: [2560, 1000], type: Q4_K, bytes: ((2560 * 1000) / 256) * 144}],
    )
    const model = await modelFromGgufFile(file)
    expect(model.arch.hybrid).toEqual({fullAttentionInterval: 4, linear: {keyHeads: 16, valueHeads: 32, keyDim: 128, valueDim: 128,
      convKernel: 4}})
    // 8 full-attention layers of 4 KiB a token, not 32.
    expect(kvCacheBytes(model.arch, 65536) - kvCacheBytes(model.arch, 32768)).toBe(8 * 32768 * 2 * 4 * 256 * 2)
    // The same model with its KV heads written per layer (0 on the linear ones): the same cache, the state still counted.
    const perLayer = path.join(tempDir(), 'hybrid-per-layer.gguf')
    const headsPerLayer = Array.from({length: 32}, (_, layer) => ((layer + 1) % 4 === 0 ? 4 : 0))
    writeGguf(perLayer, {...hybridMetadata, 'qwen35.attention.head_count_kv': {type: 'u32s', value: headsPerLayer}},
      [{name: 'token_embd.weight', dims: [2560, 1000], type: Q4_K, bytes: ((2560 * 1000) / 256) * 144}])
    const written = await modelFromGgufFile(perLayer)
    expect(kvCacheBytes(written.arch, 32768)).toBe(kvCacheBytes(model.arch, 32768))
  })

  it.each([
    ['not GGUF', Buffer.from('PK\u0003\u0004 this is a zip file, not a model'), /is not a GGUF file/],
    ['truncated', Buffer.concat([Buffer.from('GGUF'), Buffer.from([3, 0, 0, 0]), Buffer.alloc(8, 1)]), /truncated/],
  ])('refuses a %s file with a clear message', async (_, bytes, message) => {
    const file = path.join(tempDir(), 'bad.gguf')
    writeFileSync(file, bytes)
    await expect(readGgufHeader(file)).rejects.toThrow(message)
  })

  it('says when the file does not exist', async () => {
    await expect(readGgufHeader('/nonexistent/model.gguf')).rejects.toThrow('Cannot read /nonexistent/model.gguf: no such file.')
  })
})
