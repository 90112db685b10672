import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {BaseCommand} from '../base-command.js'
import {gibFlag, positiveNumberFlag, probeTimeoutFlag, runtimeFlag} from '../flags.js'
import {headerCacheDir} from '../lib/catalog/header-cache.js'
import {OPENCLAW_BASE_PROMPT_TOKENS} from '../lib/catalog/openclaw-agent.js'
import {parseQuant, type KvType} from '../lib/catalog/quants.js'
import {USES, type Use} from '../lib/catalog/recommend.js'
import {renderList, renderModel} from '../lib/catalog/render.js'
import {isModelResult, recommend, type RecommendListResult, type RecommendModelResult} from '../lib/catalog/service.js'
import {ExitCode, LocalclawError} from '../lib/errors.js'
import {runtimeById, RUNTIMES} from '../lib/runtimes/registry.js'

export default class Recommend extends BaseCommand<typeof Recommend> {
  static override summary = 'Models that fit this machine, with memory, context, speed and the command to get them.'

  static override description = [
    'Without a model: a ranked list for a use (agent by default: tool calling and at least 16K context, what OpenClaw needs). ' +
      'With a model: whether it fits, at which quantization and context, where, how fast, and what to change if it does not.',
    'Memory is weights + KV cache + runtime overhead, checked against FREE GPU memory; speed is a bandwidth roofline range. ' +
      'Hardware comes from detect, or from --gpu/--vram/--ram/--cpu-only to plan for another machine.',
  ].join('\n\n')

  static override examples = [
    '<%= config.bin %> recommend',
    '<%= config.bin %> recommend qwen3:8b',
    '<%= config.bin %> recommend --use code --gpu "RTX 4090" --ram 64 --json',
    '<%= config.bin %> recommend deepseek-r1:671b --gpu H100 --gpu H100 --gpu H100 --gpu H100 --gpu H100 --gpu H100 --gpu H100 --gpu H100 --nodes 2',
    '<%= config.bin %> recommend my-model --params 8 --layers 32 --kv-heads 8 --head-dim 128',
    '<%= config.bin %> recommend --gguf ~/.ollama/models/blobs/sha256-...',
  ]

  static override args = {
    model: Args.string({
      description: 'A model from the catalog (Ollama tag, name or repository), or a new one with --params etc.',
      ignoreStdin: true,
    }),
  }

  static override flags = {
    use: Flags.string({description: 'What the model is for.', options: USES, default: 'agent', env: 'LOCALCLAW_USE'}),
    runtime: runtimeFlag(),
    limit: Flags.integer({description: 'How many models to list.', default: 5, min: 1, max: 100}),
    ctx: Flags.integer({description: 'Context to plan for, in tokens (default: the largest that fits, aiming at 32K).', min: 512}),
    quant: Flags.string({description: 'Quantization, e.g. Q4_K_M, Q8_0, AWQ, FP8.'}),
    'kv-type': Flags.string({description: 'KV cache type; q8_0 and q4_0 need flash attention.', options: ['f16', 'q8_0', 'q4_0']}),
    users: Flags.integer({
      description: 'Requests at once, each with the whole context: memory counts a KV cache for each (4 or more on CUDA favours vLLM).',
      min: 1,
    }),
    'prompt-tokens': Flags.integer({
      description: `Prompt the time-to-first-token estimate is for (default ${OPENCLAW_BASE_PROMPT_TOKENS}: OpenClaw 2026.9's first agent request, measured).`,
      min: 1,
      helpValue: '<tokens>',
    }),
    gpu: Flags.string({
      description: 'Plan for this GPU instead of detecting (repeatable for several).',
      multiple: true,
      helpGroup: 'HYPOTHETICAL HARDWARE',
    }),
    vram: gibFlag({description: 'GPU memory per GPU, GiB.', helpValue: '<GiB>', helpGroup: 'HYPOTHETICAL HARDWARE'}),
    ram: gibFlag({description: 'System RAM, GiB.', helpValue: '<GiB>', helpGroup: 'HYPOTHETICAL HARDWARE'}),
    bandwidth: positiveNumberFlag({
      description: 'Memory bandwidth, GB/s (GPU, or RAM with --cpu-only).',
      helpValue: '<GB/s>',
      helpGroup: 'HYPOTHETICAL HARDWARE',
    }),
    tflops: positiveNumberFlag({
      description: 'GPU dense FP16 TFLOPS, for prompt processing (with --gpu or --vram).',
      helpValue: '<TFLOPS>',
      helpGroup: 'HYPOTHETICAL HARDWARE',
    }),
    unified: Flags.boolean({
      description: 'The GPU shares system RAM (Apple Silicon, GB10, Strix Halo).',
      helpGroup: 'HYPOTHETICAL HARDWARE',
    }),
    'cpu-only': Flags.boolean({description: 'Plan for a machine without a usable GPU.', helpGroup: 'HYPOTHETICAL HARDWARE'}),
    nodes: Flags.integer({
      description: 'Identical machines available (plans vLLM + Ray across them).',
      min: 1,
      helpGroup: 'HYPOTHETICAL HARDWARE',
    }),
    params: positiveNumberFlag({description: 'Total parameters, billions.', helpGroup: 'MODEL NOT IN THE CATALOG'}),
    'active-params': positiveNumberFlag({
      description: 'Active parameters per token (MoE), billions.',
      helpGroup: 'MODEL NOT IN THE CATALOG',
    }),
    layers: Flags.integer({description: 'Transformer layers.', helpGroup: 'MODEL NOT IN THE CATALOG'}),
    'kv-heads': Flags.integer({description: 'KV heads (num_key_value_heads).', helpGroup: 'MODEL NOT IN THE CATALOG'}),
    'head-dim': Flags.integer({description: 'Head dimension (head_dim from config.json).', helpGroup: 'MODEL NOT IN THE CATALOG'}),
    gguf: Flags.string({
      description: 'Measure a local GGUF file exactly (an Ollama blob works too).',
      helpGroup: 'MODEL NOT IN THE CATALOG',
    }),
    'probe-timeout': probeTimeoutFlag(),
  }

  async run(): Promise<RecommendListResult | RecommendModelResult> {
    const {flags, args} = this
    const quant = flags.quant === undefined ? undefined : parseQuant(flags.quant)
    if (flags.quant !== undefined && !quant) {
      throw new LocalclawError(`Unknown quantization "${flags.quant}".`, {
        code: 'usage',
        exit: ExitCode.usage,
        suggestions: ['Use one of: Q2_K Q3_K_M Q4_0 Q4_K_M Q5_K_M Q6_K Q8_0 F16 BF16 MXFP4 AWQ GPTQ FP8'],
      })
    }
    const hypothetical =
      flags.gpu ||
      flags.vram !== undefined ||
      flags.ram !== undefined ||
      flags.bandwidth !== undefined ||
      flags.tflops !== undefined ||
      flags.unified ||
      flags['cpu-only'] ||
      flags.nodes !== undefined
    const spinner = hypothetical ? undefined : await this.spinner('Detecting hardware')
    const result = await recommend({
      model: args.model,
      use: flags.use as Use,
      limit: flags.limit,
      runtimes: RUNTIMES,
      runtime: flags.runtime === undefined ? undefined : runtimeById(flags.runtime),
      contextTokens: flags.ctx,
      quant,
      kvType: flags['kv-type'] as KvType | undefined,
      users: flags.users,
      promptTokens: flags['prompt-tokens'],
      hypothetical: hypothetical
        ? {
            gpuNames: flags.gpu,
            vramGiB: flags.vram,
            ramGiB: flags.ram,
            bandwidthGBps: flags.bandwidth,
            tflops: flags.tflops,
            unified: flags.unified || undefined,
            cpuOnly: flags['cpu-only'],
            nodes: flags.nodes,
          }
        : undefined,
      custom: {
        paramsB: flags.params,
        activeParamsB: flags['active-params'],
        layers: flags.layers,
        kvHeads: flags['kv-heads'],
        headDim: flags['head-dim'],
        contextLength: flags.ctx,
      },
      gguf: flags.gguf,
      // Detection loads modules a hypothetical catalog query never needs.
      thisMachine: async () => (await import('../lib/detect.js')).detectMachine(flags['probe-timeout']),
      thisMemory: async () => (await import('../lib/detect.js')).detectMemory(),
      remote: {http: this.system().http, env: this.system().env, cacheDir: headerCacheDir(this.system().env, this.system().homedir)},
    }).finally(() => spinner?.stop())
    if (!this.jsonEnabled()) this.log(isModelResult(result) ? renderModel(result) : renderList(result))
    return result
  }
}
