import {readFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {localclaw, localclawAsync} from '../helpers/cli.js'
import {archMetadata, writeGguf} from '../helpers/gguf.js'
import {serve} from '../helpers/server.js'
import {tempDir} from '../helpers/system.js'

const rtx4090 = ['--gpu', 'RTX 4090', '--ram', '64']

/** A llama-architecture GGUF of this shape (extra metadata on top), with these tensors. */
function llamaGguf(name: string, shape: {layers: number; width: number; heads: number}, extra: Parameters<typeof writeGguf>[1],
  tensors: Parameters<typeof writeGguf>[2]): string {
  const file = path.join(tempDir(), name)
  writeGguf(file, {
    'general.architecture': {type: 'string', value: 'llama'},
    'llama.block_count': {type: 'u32', value: shape.layers},
    'llama.embedding_length': {type: 'u32', value: shape.width},
    'llama.attention.head_count': {type: 'u32', value: shape.heads},
    ...extra,
  }, tensors)
  return file
}

describe('localclaw recommend', () => {
  it('recommend <model> --json keeps the documented contract', () => {
    const run = localclaw(['recommend', 'qwen3:8b', '--quant', 'Q4_K_M', ...rtx4090, '--json'])
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({
      model: 'qwen3:8b',
      quant: 'Q4_K_M',
      contextTokens: 32768,
      placement: 'gpu',
      gpuLayers: 36,
      runtime: 'ollama',
      memory: {weightsBytes: 5_225_388_164, kvBytes: expect.any(Number), overheadBytes: expect.any(Number), totalBytes: expect.any(Number)},
      speed: {
        tokensPerSecond: expect.any(Number),
        low: expect.any(Number),
        high: expect.any(Number),
        basis: expect.stringMatching(/roofline/),
      },
      warnings: expect.any(Array),
    })
    expect(result.memory.totalBytes).toBe(result.memory.weightsBytes + result.memory.kvBytes + result.memory.overheadBytes)
    expect(result).not.toHaveProperty('score')
  })

  it('picks the best quantization that fits when none is asked for', () => {
    const result = JSON.parse(localclaw(['recommend', 'qwen3:8b', ...rtx4090, '--json']).stdout)
    expect(result).toMatchObject({quant: 'Q8_0', placement: 'gpu', pullCommand: 'ollama pull qwen3:8b-q8_0'})
  })

  it('a list for a hypothetical machine, human and JSON', () => {
    const human = localclaw(['recommend', '--use', 'code', ...rtx4090])
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(/^For code use on NVIDIA GeForce RTX 4090 \(24.0 GiB free of 24.0 GiB\)/)
    expect(human.stdout).toMatch(/^ 1\. \S+ {2}Q\w+, \d+K ctx, on the GPU/m)
    const json = JSON.parse(localclaw(['recommend', '--use', 'code', ...rtx4090, '--json', '--limit', '3']).stdout)
    expect(json.recommendations).toHaveLength(3)
    expect(json.hardware).toMatchObject({source: 'hypothetical', gpus: [{name: 'NVIDIA GeForce RTX 4090'}]})
  })

  it('image models with --use image', () => {
    const result = JSON.parse(localclaw(['recommend', '--use', 'image', '--vram', '16', '--json']).stdout)
    expect(result.images.map((image: {model: string}) => image.model)).toContain('z-image-turbo')
  })

  it('this machine, detected', () => {
    const run = localclaw(['recommend', '--json'])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).hardware.source).toBe('detected')
  })

  it('a Hugging Face GGUF the catalog does not know: sized from its header, read by range from the Hub', async () => {
    const file = path.join(tempDir(), 'tiny.gguf')
    writeGguf(
      file,
      archMetadata('llama', {
        block_count: 2,
        context_length: 32768,
        embedding_length: 2048,
        'attention.head_count': 16,
        'attention.head_count_kv': 4,
      }),
      [{name: 'token_embd.weight', dims: [2048, 32000], type: 12, bytes: ((2048 * 32000) / 256) * 144}],
    )
    const bytes = readFileSync(file)
    const hub = await serve({
      'GET /api/models/acme/Tiny-GGUF/tree/main': {body: JSON.stringify([{type: 'file', path: 'tiny-Q4_K_M.gguf', size: bytes.length}])},
      'GET /acme/Tiny-GGUF/resolve/main/tiny-Q4_K_M.gguf': (incoming) => ({
        handle(response) {
          const [, start, end] = /bytes=(\d+)-(\d+)/.exec(incoming.headers.range ?? '')!
          const chunk = bytes.subarray(Number(start), Math.min(bytes.length, Number(end) + 1))
          response.writeHead(206, {'content-range': `bytes ${start}-${Number(start) + chunk.length - 1}/${bytes.length}`})
          response.end(chunk)
        },
      }),
    })
    const run = await localclawAsync(['recommend', 'hf.co/acme/Tiny-GGUF:Q4_K_M', '--gpu', 'RTX 4090', '--ram', '64', '--json'], {
      HOME: tempDir(),
      HF_ENDPOINT: hub.url,
      CI: '1',
    })
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({
      model: 'hf.co/acme/Tiny-GGUF:Q4_K_M',
      quant: 'Q4_K_M',
      placement: 'gpu',
      runtime: 'ollama',
      pullCommand: 'ollama pull hf.co/acme/Tiny-GGUF:Q4_K_M',
    })
    expect(result.memory).toMatchObject({weightsBytes: (2048 * 32000 / 256) * 144, weightsBasis: expect.stringContaining('exact')})
  })

  it('an unknown model: exit 2 and close matches', () => {
    const run = localclaw(['recommend', 'llama3.1-8b'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/"llama3.1-8b" is not in the catalog/)
    expect(run.stderr).toMatch(/Try: localclaw recommend llama3.1:8b/)
  })

  it('an unknown GPU: exit 2 and close matches', () => {
    const run = localclaw(['recommend', '--gpu', 'RTX 4095', '--json'])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout).error).toMatchObject({
      code: 'unknown_gpu',
      suggestions: expect.arrayContaining(['--gpu "NVIDIA GeForce RTX 4090"']),
    })
  })

  it.each([
    [
      ['recommend', 'mine', '--params', '8', '--layers', '0', '--kv-heads', '8', '--head-dim', '128'],
      /--layers must be a positive whole number, got 0/,
    ],
    [['recommend', 'mine', '--params', '8', '--layers', '32'], /--kv-heads is needed/],
    [
      ['recommend', 'mine', '--params', '8', '--active-params', '9', '--layers', '32', '--kv-heads', '8', '--head-dim', '128'],
      /cannot exceed --params/,
    ],
    [['recommend', '--vram', '-3'], /Expected a positive number of GiB, got "-3"/],
    [['recommend', 'qwen3:8b', '--quant', 'Q7_X'], /Unknown quantization "Q7_X"/],
  ])('impossible input %j: exit 2 with the reason', (args, message) => {
    const run = localclaw([...args, ...rtx4090])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
  })

  it('time to first token: for OpenClaw\'s prompt by default, for --prompt-tokens when given, and from --tflops for an unnamed GPU', () => {
    const base = JSON.parse(localclaw(['recommend', 'qwen3:8b', ...rtx4090, '--json']).stdout)
    expect(base.speed).toMatchObject({promptTokens: 13000, firstTokenSeconds: expect.any(Number),
      prefillTokensPerSecond: expect.any(Number), loadSeconds: expect.any(Number)})
    expect(base.speed.prefillBasis).toMatch(/NVIDIA GeForce RTX 4090 330.3 FP16 TFLOPS/)
    const longer = JSON.parse(localclaw(['recommend', 'qwen3:8b', ...rtx4090, '--prompt-tokens', '26000', '--json']).stdout)
    expect(longer.speed.firstTokenSeconds).toBeGreaterThan(2 * base.speed.firstTokenSeconds)

    const described = ['recommend', 'qwen3:8b', '--vram', '24', '--bandwidth', '1008', '--ram', '64', '--json']
    const unknown = JSON.parse(localclaw(described).stdout)
    expect(unknown.speed.firstTokenSeconds).toBeNull()
    expect(unknown.hardware.assumptions).toContain('GPU compute unknown (pass --tflops): no time-to-first-token estimate')
    const known = JSON.parse(localclaw([...described, '--tflops', '330.3']).stdout)
    expect(known.speed.firstTokenSeconds).toBe(base.speed.firstTokenSeconds)
  })

  it.each([
    [['recommend', '--cpu-only', '--tflops', '100'], /--tflops describes a GPU, and --cpu-only plans without one/],
    [['recommend', '--ram', '64', '--tflops', '100'], /--tflops describes a GPU: name one with --gpu or --vram/],
    [['recommend', '--gpu', 'RTX 4090', '--tflops', '0'], /positive/],
  ])('--tflops where it cannot apply %j: exit 2 with the reason', (args, message) => {
    const run = localclaw(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
  })

  it('a CPU-only list names the figure that made each model too slow', () => {
    const result = JSON.parse(localclaw(['recommend', '--cpu-only', '--ram', '64', '--bandwidth', '80', '--json']).stdout)
    for (const entry of result.tooSlow) expect(entry.reason).toMatch(/tokens\/s, below|first token after about/)
    expect(result.tooSlow.find((entry: {model: string}) => entry.model === 'qwen3:30b')).toMatchObject({
      reason: expect.stringMatching(/past OpenClaw's 300 s local timeout/),
    })
  })

  it('where nothing is fast enough for an agent, it says what works instead, with a command that runs', () => {
    const result = JSON.parse(localclaw(['recommend', '--cpu-only', '--ram', '64', '--bandwidth', '2', '--json']).stdout)
    expect(result.recommendations).toEqual([])
    const advice = result.warnings.find((warning: string) => warning.startsWith('what works instead'))
    expect(advice).toMatch(/a hosted primary with a local model only as its fallback/)
    const command = /\((localclaw config [^)]+), after pulling it\)/.exec(advice)![1]!
    const home = tempDir()
    const run = localclaw([...command.split(' ').slice(1), '--dry-run'], {env: {HOME: home}})
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
  })

  it.each([
    [
      ['recommend', '--params', '8', '--gpu', 'RTX 4090'],
      /--params describes one model: name it/,
      /localclaw recommend my-model --params 8/,
    ],
    [
      ['recommend', 'qwen3:8b', '--params', '8', '--layers', '32', '--gpu', 'RTX 4090'],
      /qwen3:8b is in the catalog, with its own architecture; --params, --layers would be ignored/,
      /localclaw recommend qwen3:8b/,
    ],
    [
      ['recommend', 'mine', '--gguf', '/tmp/x.gguf', '--gpu', 'RTX 4090'],
      /--gguf measures the model in the file; "mine" names another/,
      /localclaw recommend --gguf \/tmp\/x.gguf/,
    ],
    [['recommend', '--unified', '--ram', '64'], /--unified describes a GPU that shares system RAM: name one with --gpu or --vram/, /.*/],
    [['recommend', '--cpu-only', '--users', '8'], /--users 8 changes a plan only on GPUs/, /Drop --users/],
  ])('flags that cannot apply are refused, not ignored: %j', (args, message, suggestion) => {
    const run = localclaw(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toMatch(suggestion)
  })

  it('--ctx above the model\'s maximum says it was capped', () => {
    const result = JSON.parse(localclaw(['recommend', 'qwen2.5:0.5b', '--ctx', '200000', ...rtx4090, '--json']).stdout)
    expect(result.contextTokens).toBe(32768)
    expect(result.warnings).toContain('--ctx 200000 is above qwen2.5:0.5b\'s maximum of 32768: capped at 32768')
  })

  it('hardware flags without --ram keep this machine\'s RAM, and a named Apple chip brings its own memory', () => {
    for (const flags of [['--gpu', 'RTX 4090'], ['--cpu-only'], ['--vram', '24', '--bandwidth', '900']]) {
      const {hardware} = JSON.parse(localclaw(['recommend', ...flags, '--json']).stdout)
      // Before: 32 GiB assumed whatever the machine had.
      expect(hardware.ramTotalBytes, flags.join(' ')).toBe(os.totalmem())
      expect(hardware.assumptions.join('\n')).toMatch(/this machine's [\d.]+ GiB of RAM \(pass --ram/)
    }
    const m1 = JSON.parse(localclaw(['recommend', '--gpu', 'M1', '--json']).stdout).hardware
    expect(m1.ramTotalBytes).toBe(8 * 1024 ** 3)
    expect(m1.assumptions).toContain('Apple M1: its common 8 GiB configuration assumed (pass --ram for yours)')
    expect(JSON.parse(localclaw(['recommend', '--gpu', 'RTX 4090', '--ram', '64', '--json']).stdout).hardware.ramTotalBytes).toBe(
      64 * 1024 ** 3,
    )
  })

  it('a model described by flags', () => {
    const run = localclaw([
      'recommend',
      'my-8b',
      '--params',
      '8',
      '--layers',
      '32',
      '--kv-heads',
      '8',
      '--head-dim',
      '128',
      ...rtx4090,
      '--json',
    ])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({model: 'my-8b', placement: 'gpu', quant: 'Q4_K_M'})
  })

  it('a GGUF file measured exactly', () => {
    const file = llamaGguf('model.gguf', {layers: 4, width: 256, heads: 4}, {
      'general.file_type': {type: 'u32', value: 7},
      'llama.context_length': {type: 'u32', value: 32768},
    }, [{name: 'blk.0.attn_q.weight', dims: [256, 256], type: 8, bytes: (256 * 256 / 32) * 34}])
    const result = JSON.parse(localclaw(['recommend', '--gguf', file, ...rtx4090, '--json', '--use', 'chat']).stdout)
    expect(result).toMatchObject({
      quant: 'Q8_0',
      memory: {weightsBytes: ((256 * 256) / 32) * 34, weightsBasis: 'exact: tensor sizes in model.gguf'},
    })
    // A header says nothing about the chat template: tool calling is not claimed.
    expect(result.reasons.join(' ')).not.toMatch(/supports tool calling/)
    expect(result.warnings).toContain(
      'whether it calls tools is not known from its description: once it runs, localclaw doctor --live checks it',
    )
  })

  it('a GGUF without weights (a vocab-only file) is refused, not sized at 0 B', () => {
    const file = llamaGguf('ggml-vocab-llama.gguf', {layers: 32, width: 4096, heads: 32}, {}, [])
    const run = localclaw(['recommend', '--gguf', file, ...rtx4090])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/the GGUF holds no weights \(0 tensors; a vocab-only file\?\)/)
  })

  it('a model described by flags claims neither tool calling nor a context it cannot know', () => {
    const result = JSON.parse(
      localclaw(['recommend', 'my-8b', '--params', '8', '--layers', '32', '--kv-heads', '8', '--head-dim', '128', ...rtx4090, '--json'])
        .stdout,
    )
    // Before: "supports tool calling" and "up to 128K fits", from nothing.
    expect(result.reasons.join(' ')).not.toMatch(/supports tool calling/)
    expect(result.maxContextTokens).toBe(32768)
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/whether it calls tools is not known/),
        'its native context is not known: 32768 planned (pass --ctx for its window)',
      ]),
    )
  })
})

describe('recommend across several machines (--nodes)', () => {
  it('one plan: one machine line, a headline that agrees with the cluster plan, and a speed with its basis', () => {
    const h100s = Array.from({length: 8}, () => ['--gpu', 'H100']).flat()
    const run = localclaw(['recommend', 'deepseek-r1:671b', ...h100s, '--nodes', '2'])
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines.filter((line) => line.startsWith('Machine'))).toEqual([
      expect.stringMatching(/^Machine +2 machines, each 8 x NVIDIA H100 SXM \(80\.0 GiB free of 80\.0 GiB\), /),
    ])
    expect(run.stdout).toMatch(/^Fits +across 2 machines with vLLM and Ray, 8 GPUs each \(\d+ GiB of [\d.]+ TiB\); not on one machine$/m)
    expect(run.stdout).toMatch(/^Speed +at most ~\d+ tok\/s across the machines: bandwidth roofline: NVIDIA H100 SXM 3350 GB\/s x8/m)
    expect(run.stdout).toMatch(/^Runtime +vllm on 2 machines with Ray: the commands below$/m)
    expect(run.stdout).toMatch(/--tensor-parallel-size 8 --pipeline-parallel-size 2 --distributed-executor-backend ray/)
    expect(run.stdout).not.toMatch(/^Fits +no$/m)
    const json = JSON.parse(localclaw(['recommend', 'deepseek-r1:671b', ...h100s, '--nodes', '2', '--json']).stdout)
    expect(json.cluster).toMatchObject({
      nodes: 2,
      gpusPerNode: 8,
      speed: {tokensPerSecond: expect.any(Number), basis: expect.stringContaining('roofline')},
    })
  })
})

describe('a quantization the runtime has no download of', () => {
  it.each([
    ['llamacpp', 'AWQ'],
    ['ollama', 'FP8'],
  ])('--runtime %s --quant %s: refused with what each runtime has, no command for a file that does not exist', (runtime, quant) => {
    const run = localclaw(['recommend', 'qwen3:8b', '--runtime', runtime, '--quant', quant, '--gpu', 'RTX 4090', '--ram', '64', '--json'])
    expect(run.code).toBe(2)
    const {error} = JSON.parse(run.stdout)
    expect(error).toMatchObject({code: 'no_variant', message: `qwen3:8b has no download for ${runtime} at ${quant}.`})
    expect(error.suggestions).toEqual(
      expect.arrayContaining([
        'localclaw recommend qwen3:8b --runtime llamacpp --quant Q8_0 (also Q4_K_M)',
        'localclaw recommend qwen3:8b --runtime vllm --quant BF16 (also FP8, AWQ)',
      ]),
    )
  })
})
