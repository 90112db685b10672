import {describe, expect, it} from 'vitest'

import {explainModel} from '../../../src/lib/catalog/explain.js'
import {findModel} from '../../../src/lib/catalog/lookup.js'
import {languageModels} from '../../../src/lib/catalog/models.js'
import {OPENCLAW_MIN_CONTEXT} from '../../../src/lib/catalog/openclaw-agent.js'
import {evaluateModel, recommendImageModels, recommendModels, type Evaluation, type Use} from '../../../src/lib/catalog/recommend.js'
import {hypotheticalMachine, machineFromProfile, type Machine} from '../../../src/lib/catalog/target.js'
import {llamacpp} from '../../../src/lib/runtimes/llamacpp.js'
import {profileOf} from '../../helpers/profiles.js'
import {planning} from '../../helpers/planning.js'

const GIB = 1024 ** 3
const onGpu = (vramGiB: number, ramGiB = 64) => hypotheticalMachine({vramGiB, ramGiB, bandwidthGBps: 900})

/** The identifier inside a pull command, checked against the catalog's own lists for that runtime. */
function pulledIdentifierExists(evaluation: Evaluation): boolean {
  const model = findModel(evaluation.model)!.model
  const command = evaluation.pullCommand!
  switch (evaluation.runtime) {
    case 'ollama':
      return (model.ollama ?? []).some((tag) => command === `ollama pull ${tag.tag}`)
    case 'lmstudio':
      return (
        command === `lms get ${model.lmstudio ?? model.gguf}` ||
        command.startsWith(`lms get ${model.lmstudio} && lms load ${model.lmstudio} `)
      )
    case 'llamacpp':
      return command.startsWith(`llama-server -hf ${model.gguf}`)
    case 'vllm':
      return (model.vllm ?? []).some((checkpoint) => command.startsWith(`vllm serve ${checkpoint.repo} `))
    default:
      return false
  }
}

const machines: Array<[string, Machine]> = [
  ['8 GiB GPU', onGpu(8, 16)],
  ['24 GiB GPU', onGpu(24)],
  ['CPU only', hypotheticalMachine({cpuOnly: true, ramGiB: 32, bandwidthGBps: 80})],
  ['M3 Pro 36 GB', hypotheticalMachine({gpuNames: ['M3 Pro'], ramGiB: 36})],
  ['2 x H100', hypotheticalMachine({gpuNames: ['H100', 'H100'], ramGiB: 256})],
]

describe('commands that leave the agent working', () => {
  const cuda = hypotheticalMachine({gpuNames: ['RTX 4090'], ramGiB: 64})
  const plan = (id: string, runtime: 'ollama' | 'lmstudio' | 'llamacpp' | 'vllm', machine = cuda) =>
    evaluateModel(findModel(id)!.model, machine, planning({use: 'agent', runtime}))!

  it('vLLM is started with its tool-call parser for the family, and the reasoning parser for a reasoning model', () => {
    // Without these vLLM answers every request carrying tools with 400 (vllm-project/vllm#9986).
    const qwen3 = plan('qwen3:8b', 'vllm')
    expect(qwen3.pullCommand).toBe(
      `vllm serve ${qwen3.modelId} --max-model-len ${qwen3.contextTokens} --enable-auto-tool-choice --tool-call-parser hermes --reasoning-parser qwen3`,
    )
    expect(plan('gpt-oss:20b', 'vllm').pullCommand).toMatch(/ --enable-auto-tool-choice --tool-call-parser openai(\s|$)/)
    expect(plan('llama3.1:8b', 'vllm').pullCommand).toMatch(/ --tool-call-parser llama3_json(\s|$)/)
    expect(plan('qwen2.5:7b', 'vllm').pullCommand).not.toMatch(/--reasoning-parser/)
    // The 2026 families: Qwen3.5's XML calls, Qwen3-Next's Hermes ones, Gemma 4's own syntax.
    const h100s = hypotheticalMachine({gpuNames: ['H100', 'H100'], ramGiB: 512})
    expect(plan('qwen3.5:27b', 'vllm', h100s).pullCommand).toMatch(
      / --enable-auto-tool-choice --tool-call-parser qwen3_coder --reasoning-parser qwen3( |$)/,
    )
    const qwen36 = languageModels().find((model) => model.family === 'qwen3.6' && model.vllm?.length)!
    expect(evaluateModel(qwen36, h100s, planning({use: 'agent', runtime: 'vllm'}))!.pullCommand).toMatch(
      / --tool-call-parser qwen3_coder --reasoning-parser qwen3( |$)/,
    )
    expect(plan('qwen3-next:80b', 'vllm', h100s).pullCommand).toMatch(/ --enable-auto-tool-choice --tool-call-parser hermes( |$)/)
    const gemma = plan('gemma4:31b', 'vllm', h100s)
    expect(gemma.pullCommand).toMatch(/ --enable-auto-tool-choice --tool-call-parser gemma4( |$)/)
    expect(gemma.warnings.join(' ')).not.toMatch(/no tool-call parser/)
  })

  it('every catalog model with tools gets vLLM\'s tool flags, or a warning that vLLM cannot call its tools', () => {
    for (const model of languageModels().filter((candidate) => candidate.capabilities.includes('tools') && candidate.vllm?.length)) {
      const evaluation = evaluateModel(
        model,
        hypotheticalMachine({gpuNames: ['H100', 'H100'], ramGiB: 512}),
        planning({use: 'agent', runtime: 'vllm'}),
      )!
      const flagged = /--enable-auto-tool-choice --tool-call-parser \w+/.test(evaluation.pullCommand ?? '')
      expect(flagged || evaluation.warnings.some((warning) => /no tool-call parser/.test(warning)), model.id).toBe(true)
    }
  })

  it('llama-server gets the chat template, one slot holding the whole context, and the id config writes', () => {
    const evaluation = plan('qwen3:8b', 'llamacpp')
    expect(evaluation.pullCommand).toBe(
      `llama-server -hf Qwen/Qwen3-8B-GGUF:${evaluation.quant} -c ${evaluation.contextTokens} --parallel 1 --jinja --alias qwen3:8b`,
    )
    expect(evaluation.modelId).toBe('qwen3:8b')
    expect(evaluation.reasons.join(' ')).toMatch(/--jinja .*since late 2025/)
  })

  it('a GGUF file its source names is the one llama.cpp fetches, at that file\'s size; a quantization the repository is not known to have is not offered', () => {
    // OpenClaw's llama.cpp plugin downloads Unsloth's dynamic mix, Qwen3.8-27B-UD-Q4_K_M.gguf (16,464,440,224 bytes).
    const qwen38 = plan('qwen3.8:27b', 'llamacpp')
    expect(qwen38.quant).toBe('Q4_K_M')
    expect(qwen38.pullCommand).toMatch(/^llama-server -hf unsloth\/Qwen3\.8-27B-GGUF:UD-Q4_K_M -c \d+ /)
    expect(qwen38.memory.weightsBytes).toBe(16_464_440_224)
    expect(qwen38.memory.weightsBasis).toMatch(/@openclaw\/llama-cpp-provider 2026\.9\.5/)
    expect(llamacpp.quants(findModel('qwen3.8:27b')!.model)).toEqual(['Q4_K_M'])
    // A plain file keeps its quantization's own name.
    expect(plan('qwen3.5:9b', 'llamacpp').pullCommand).toMatch(/^llama-server -hf unsloth\/Qwen3\.5-9B-GGUF:Q4_K_M /)
  })

  it('GLM-4.7 and its Flash model are served with the GLM-4.7 tool-call parser', () => {
    // zai-org/GLM-4.7's README: --tool-call-parser glm47 --reasoning-parser glm45; glm45 reads GLM-4.5's format.
    const h100s = hypotheticalMachine({gpuNames: Array(8).fill('H100'), ramGiB: 1024})
    for (const id of ['glm-4.7-flash', 'glm-4.7']) {
      expect(plan(id, 'vllm', h100s).pullCommand, id).toMatch(
        / --enable-auto-tool-choice --tool-call-parser glm47 --reasoning-parser glm45( |$)/,
      )
    }
    expect(plan('glm-4.6', 'vllm', h100s).pullCommand).toMatch(/ --tool-call-parser glm45 /)
  })

  it('LM Studio loads the model with the context it was planned for, instead of its own default', () => {
    const evaluation = plan('qwen3:8b', 'lmstudio')
    const key = findModel('qwen3:8b')!.model.lmstudio!
    expect(evaluation.pullCommand).toBe(`lms get ${key} && lms load ${key} --context-length ${evaluation.contextTokens} -y`)
    expect(evaluation.modelId).toBe(key)
  })

  it('Ollama: the tag it pulls is the id it serves', () => {
    const evaluation = plan('qwen3:8b', 'ollama')
    expect(evaluation.pullCommand).toBe(`ollama pull ${evaluation.modelId}`)
  })
})

describe('ranking invariants', () => {
  it.each(machines)('%s: never recommends what does not fit', (_, machine) => {
    for (const use of ['agent', 'chat', 'code'] as Use[]) {
      for (const evaluation of recommendModels(machine, planning({use})).recommended) {
        expect(evaluation.placement).not.toBe('none')
        if (evaluation.placement === 'gpu' && evaluation.runtime !== 'vllm') {
          const free = machine.gpus.reduce((sum, gpu) => sum + gpu.freeBytes, 0)
          expect(evaluation.memory.weightsBytes + evaluation.memory.kvBytes).toBeLessThan(free)
        }
      }
    }
  })

  it.each(machines)('%s: every pull command names an identifier from the catalog\'s list for that runtime', (_, machine) => {
    for (const use of ['agent', 'chat', 'code', 'reasoning', 'vision'] as Use[]) {
      for (const evaluation of recommendModels(machine, planning({use})).recommended) {
        expect(evaluation.pullCommand, evaluation.model).not.toBeNull()
        expect(pulledIdentifierExists(evaluation), evaluation.pullCommand!).toBe(true)
      }
    }
  })

  it('more memory never gives a worse top pick', () => {
    let previous = -Infinity
    for (let vram = 4; vram <= 160; vram += 4) {
      const top = recommendModels(onGpu(vram), planning({use: 'agent'})).recommended[0]
      const score = top?.score ?? -Infinity
      expect(score, `${vram} GiB`).toBeGreaterThanOrEqual(previous)
      previous = score
    }
  })

  it('the models OpenClaw and its llama.cpp plugin name are recommended for an agent, each sized from a named source', () => {
    // ollama launch openclaw and OpenClaw's docs: gemma4, qwen3.5; its llama.cpp plugin: Qwen3.8 27B; and GLM-4.7-Flash, llama3.1:70b.
    const h100 = hypotheticalMachine({gpuNames: ['H100'], ramGiB: 128})
    const offered = new Map(recommendModels(h100, planning({use: 'agent'})).recommended.map((evaluation) => [evaluation.model, evaluation]))
    for (const id of [
      'gemma4:e4b',
      'gemma4:26b',
      'gemma4:31b',
      'qwen3.5:9b',
      'qwen3.5:27b',
      'qwen3.5:35b',
      'qwen3.8:27b',
      'glm-4.7-flash',
      'llama3.1:70b',
    ]) {
      const evaluation = offered.get(id)
      expect(evaluation, id).toBeDefined()
      expect(evaluation!.memory.weightsBasis, id).toMatch(/ollama\.com|\/api\/tags|registry|OpenClaw|tensor/)
      expect(findModel(id)!.model.source, id).toMatch(/config\.json|architecture/)
    }
  })

  it('an agent on a 24 GB card gets a model OpenClaw\'s own setup recommends first, not an older larger one', () => {
    // Size alone put qwen3:32b and qwen2.5:32b (2024-2025) above gemma4:31b, qwen3.8:27b and qwen3.5:27b.
    const rtx4090 = hypotheticalMachine({gpuNames: ['RTX 4090'], ramGiB: 64})
    const [top] = recommendModels(rtx4090, planning({use: 'agent'})).recommended
    expect(['gemma4', 'qwen3.5', 'qwen3.8']).toContain(findModel(top!.model)!.model.family)
    expect(top!.reasons.join(' ')).toMatch(/OpenClaw's own setup recommends/)
    // Chat has no such consumer: its ranking stays by strength.
    const chat = recommendModels(rtx4090, planning({use: 'chat'})).recommended
    expect(chat.some((evaluation) => evaluation.reasons.some((reason) => /OpenClaw's own setup/.test(reason)))).toBe(false)
  })

  it('agent picks support tools and at least 16K context', () => {
    for (const evaluation of recommendModels(onGpu(24), planning({use: 'agent'})).recommended) {
      expect(findModel(evaluation.model)!.model.capabilities).toContain('tools')
      expect(evaluation.contextTokens).toBeGreaterThanOrEqual(OPENCLAW_MIN_CONTEXT)
    }
  })

  it('aims at 32K context for agents, not the 128K-262K native maximum', () => {
    const evaluation = evaluateModel(findModel('qwen3-coder:30b')!.model, onGpu(80), planning({use: 'agent'}))!
    expect(evaluation.contextTokens).toBe(32768)
    expect(evaluation.maxContextTokens).toBeGreaterThan(32768)
  })

  it('the memory breakdown is everything the placement holds: a tied embedding twice on the GPU, the host compute buffer beside it', () => {
    // llama3.2:3b ties its embedding (Q6_K, 308.24 MiB in its CPU_Mapped buffer): llama.cpp loads it
    // again as the output on the GPU, beside the device's compute buffer and the host's.
    const evaluation = evaluateModel(findModel('llama3.2:3b')!.model, onGpu(24), planning({use: 'agent', runtime: 'llamacpp', quant: 'Q4_K_M'}))!
    expect(evaluation).toMatchObject({placement: 'gpu', contextTokens: 32768})
    const MIB = 2 ** 20
    // The embedding, the 256.5 MiB compute buffer (f32 logits of 512 tokens), and the f32 mask of 512 x 32768 plus two hidden states.
    const expected = 308.24 + 256.5 + (4 * 512 * (32768 + 2 * 3072)) / MIB
    expect(Math.abs(evaluation.memory.overheadBytes / MIB - expected)).toBeLessThan(1)
    expect(evaluation.memory.totalBytes).toBe(evaluation.memory.weightsBytes + evaluation.memory.kvBytes + evaluation.memory.overheadBytes)
  })

  it('warns that small or heavily quantized models are exposed to prompt injection', () => {
    const small = evaluateModel(findModel('llama3.2:3b')!.model, onGpu(24), planning({use: 'agent'}))!
    expect(small.warnings.join(' ')).toMatch(/prompt injection/)
    const large = evaluateModel(findModel('llama3.3:70b')!.model, onGpu(96), planning({use: 'agent'}))!
    expect(large.warnings.join(' ')).not.toMatch(/prompt injection/)
  })

  it('a CPU-only machine gets llama.cpp, and only models whose first token beats OpenClaw\'s local timeout', () => {
    const {recommended, tooSlow} = recommendModels(
      hypotheticalMachine({cpuOnly: true, ramGiB: 32, bandwidthGBps: 80}),
      planning({use: 'agent'}),
    )
    // llama.cpp wherever it can fetch the model (the rest fall back to the default runtime).
    const fetchable = recommended.filter((evaluation) => findModel(evaluation.model)!.model.gguf)
    expect(fetchable.length).toBeGreaterThan(0)
    for (const evaluation of fetchable) expect(evaluation.runtime, evaluation.model).toBe('llamacpp')
    for (const evaluation of recommended) expect(evaluation.speed!.firstTokenSeconds).toBeLessThanOrEqual(300)
    // Its decode is fast (3 B active), but 13K tokens of prompt through 30 B of MoE on a CPU take minutes.
    const moe = tooSlow.find((evaluation) => evaluation.model === 'qwen3:30b')!
    expect(moe.speed!.tokensPerSecond).toBeGreaterThan(5)
    expect(moe.tooSlowBecause).toMatch(/first token after about \d+ s .* past OpenClaw's 300 s local timeout/)
  })

  it('several CUDA GPUs get vLLM with tensor parallelism', () => {
    const [top] = recommendModels(hypotheticalMachine({gpuNames: ['H100', 'H100'], ramGiB: 256}), planning({use: 'agent'})).recommended
    expect(top!.runtime).toBe('vllm')
    expect(top!.pullCommand).toMatch(/--tensor-parallel-size 2/)
  })

  it('mismatched GPUs: no tensor parallel where one GPU holds the model, and never faster than the faster GPU alone', () => {
    const model = findModel('qwen3:8b')!.model
    const pair = evaluateModel(
      model,
      hypotheticalMachine({gpuNames: ['RTX 4090', 'RTX 3060'], ramGiB: 64}),
      planning({use: 'agent', runtime: 'vllm', quant: 'FP8'}),
    )!
    const alone = evaluateModel(
      model,
      hypotheticalMachine({gpuNames: ['RTX 4090'], ramGiB: 64}),
      planning({use: 'agent', runtime: 'vllm', quant: 'FP8'}),
    )!
    // Before: --tensor-parallel-size 2 at a speed above the 4090 alone (bandwidths summed).
    expect(pair.pullCommand).not.toMatch(/--tensor-parallel-size/)
    expect(pair.speed!.tokensPerSecond).toBeLessThanOrEqual(alone.speed!.tokensPerSecond)
    // Two equal cards still split the work.
    expect(
      evaluateModel(
        model,
        hypotheticalMachine({gpuNames: ['RTX 3060', 'RTX 3060'], ramGiB: 64}),
        planning({use: 'agent', runtime: 'vllm', quant: 'FP8'}),
      )!.pullCommand,
    ).toMatch(/--tensor-parallel-size 2/)
  })

  it('the 46.7 B Mixtral is not recommended as fitting a 24 GB card', () => {
    const evaluation = evaluateModel(findModel('mixtral:8x7b')!.model, onGpu(24), planning({use: 'chat'}))!
    expect(evaluation.placement).not.toBe('gpu')
  })
})

describe('one model in detail', () => {
  it('suggests what would make a too-large model fit', () => {
    // At 16K it fits a 24 GiB card (llama-server --fit: 1 GiB left free); at 32K its 8 GiB of KV does not.
    const detail = explainModel(
      findModel('qwen3:32b')!.model,
      hypotheticalMachine({gpuNames: ['RTX 4090'], ramGiB: 64}),
      planning({use: 'agent', contextTokens: 32768}),
    )!
    expect(detail.placement).toBe('partial')
    expect(detail.alternatives.map((alternative) => alternative.flags)).toEqual(expect.arrayContaining(['--kv-type q8_0']))
    expect(detail.alternatives.some((alternative) => alternative.placement === 'gpu')).toBe(true)
  })

  it('for an agent, never suggests a context below OpenClaw\'s 16K to make it fit; for chat it may', () => {
    const machine = hypotheticalMachine({gpuNames: ['RTX 3060'], ramGiB: 32})
    const contexts = (use: 'agent' | 'chat') => explainModel(findModel('qwen3:32b')!.model, machine, planning({use}))!.alternatives
      .map((alternative) => /^--ctx (\d+)$/.exec(alternative.flags)?.[1]).filter(Boolean).map(Number)
    // Before: --ctx 8192 and --ctx 4096 for the agent.
    expect(contexts('agent').every((context) => context >= 16384)).toBe(true)
    expect(contexts('chat').some((context) => context < 16384)).toBe(true)
  })

  it('plans vLLM + Ray across nodes when one machine cannot hold the model', () => {
    const eightH100 = Array.from({length: 8}, () => 'H100')
    const oneNode = explainModel(
      findModel('deepseek-r1:671b')!.model,
      hypotheticalMachine({gpuNames: eightH100, ramGiB: 512}),
      planning({use: 'agent', runtime: 'vllm'}),
    )!
    expect(oneNode.placement).toBe('none')
    const twoNodes = explainModel(
      findModel('deepseek-r1:671b')!.model,
      hypotheticalMachine({gpuNames: eightH100, ramGiB: 512, nodes: 2}),
      planning({use: 'agent', runtime: 'vllm'}),
    )!
    expect(twoNodes.cluster).toMatchObject({nodes: 2, gpusPerNode: 8})
    expect(twoNodes.cluster!.commands.join('\n')).toMatch(
      /vllm serve deepseek-ai\/DeepSeek-R1-0528 --tensor-parallel-size 8 --pipeline-parallel-size 2/,
    )
  })
})

describe('image models', () => {
  it('sorts by what fits the largest free GPU', () => {
    const results = recommendImageModels(onGpu(24))
    expect(results.find((result) => result.model === 'flux.1-dev')?.fits).toBe('comfortable')
    expect(results.find((result) => result.model === 'hunyuanimage-3.0')?.fits).toBe('no')
    expect(results.at(-1)!.fits).toBe('no')
  })
})

describe('hypothetical hardware', () => {
  it('refuses impossible numbers clearly', () => {
    expect(() => hypotheticalMachine({vramGiB: -4})).toThrow('--vram must be a positive number of GiB, got -4.')
    expect(() => hypotheticalMachine({nodes: 0})).toThrow(/--nodes must be a whole number/)
    expect(() => hypotheticalMachine({cpuOnly: true, gpuNames: ['RTX 4090']})).toThrow(/cannot be combined/)
  })

  it('applies the Metal share of unified memory to an Apple chip', () => {
    const machine = hypotheticalMachine({gpuNames: ['M4 Max'], ramGiB: 64})
    expect(machine.gpus[0]).toMatchObject({backend: 'metal', unified: true, totalBytes: 48 * GIB})
  })

  it('every catalog model evaluates on every machine without throwing', () => {
    for (const [, machine] of machines) for (const model of languageModels()) evaluateModel(model, machine, planning({use: 'chat'}))
  })
})

describe('--users: several requests at once', () => {
  const gptOss = findModel('gpt-oss:20b')!.model
  const plan = (runtime: 'ollama' | 'llamacpp' | 'vllm', users?: number) =>
    evaluateModel(
      gptOss,
      hypotheticalMachine({gpuNames: ['H100'], ramGiB: 128}),
      planning({use: 'agent', runtime, contextTokens: 131072, users}),
    )!

  it('counts a KV cache per user, and each runtime\'s command serves that many with the whole context', () => {
    expect(plan('ollama', 3).memory.kvBytes).toBeGreaterThan(2.9 * plan('ollama').memory.kvBytes)
    expect(plan('llamacpp', 3).pullCommand).toMatch(/ -c 393216 --parallel 3 /)
    expect(plan('llamacpp').pullCommand).toMatch(/ -c 131072 --parallel 1 /)
    expect(plan('ollama', 3).warnings.join()).toContain('OLLAMA_NUM_PARALLEL=3 ollama serve')
    expect(plan('vllm', 3).pullCommand).toMatch(/ --max-num-seqs 3$/)
    expect(plan('ollama', 3).reasons.join()).toMatch(/3 requests at once/)
  })
})

describe('a ranking that holds from one run to the next', () => {
  /** The same machine as free memory moves: RAM available, and with it what the unified GPU can take now. */
  function withFree(profile: ReturnType<typeof profileOf>, freeGiB: number) {
    return machineFromProfile({
      ...profile, memory: {...profile.memory, availableBytes: freeGiB * GIB},
      gpus: profile.gpus.map((gpu) => ({...gpu, memory: {...gpu.memory, freeBytes: gpu.unifiedMemory ? Math.min(gpu.memory.totalBytes!,
        freeGiB * GIB) : gpu.memory.freeBytes}})),
    })
  }

  it.each<['m3pro' | 'cpu-only' | 'rtx4090', number[]]>([
    ['m3pro', [12, 14, 16, 18.4, 18.6, 20, 24, 30]],
    ['cpu-only', [8, 12, 16, 19.8, 20, 20.2, 28]],
    ['rtx4090', [4, 8, 16, 24, 28]],
  ])('%s: the first pick is the same whatever RAM is free at the moment; the free memory only warns', (kind, freeGiB) => {
    const profile = profileOf(kind)
    // Where nothing answers an agent in time (the CPU-only machine), the first of those that fit but are too slow.
    const picks = freeGiB.map((free) => {
      const {recommended, tooSlow} = recommendModels(withFree(profile, free), planning({use: 'agent', runtime: 'ollama'}), 3)
      return recommended[0] ?? tooSlow[0]!
    })
    expect(
      new Set(picks.map((pick) => pick.model)).size,
      picks.map((pick, index) => `${freeGiB[index]} GiB free: ${pick.model}`).join(', '),
    ).toBe(1)
    if (kind === 'm3pro') {
      expect(picks[0]!.warnings.join()).toMatch(
        /needs about \d+\.\d GiB of RAM and 12\.0 GiB is free now: close other programs before loading it/,
      )
      expect(picks.at(-1)!.warnings.join()).not.toMatch(/free now/)
    }
  })
})
