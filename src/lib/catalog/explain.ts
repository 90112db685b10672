import {GIB} from '../units.js'
import {PLACEMENT_RANK, usableGpus} from './fit.js'
import type {RuntimeKind} from './memory.js'
import {footprint, kvCacheBytes, weightsBytes} from './memory.js'
import {AGENT_MIN_CONTEXT, evaluateModel, quantsFor, type Evaluation, type RecommendOptions} from './recommend.js'
import type {Machine} from './target.js'
import {estimateSpeed, type SpeedEstimate} from './speed.js'
import type {LanguageModel} from './types.js'
import {vllmServeFlags} from './vllm-flags.js'

/** One change that would place the model better, with the flag that tries it. */
export interface Alternative {
  change: string
  /** Flags to `localclaw recommend <model>` that evaluate this change. */
  flags: string
  placement: Evaluation['placement']
  contextTokens: number
  tokensPerSecond: number | null
}

/** vLLM with Ray across identical machines: tensor parallel inside a node, pipeline parallel across nodes. */
export interface ClusterPlan {
  nodes: number
  gpusPerNode: number
  neededBytes: number
  availableBytes: number
  /**
   * Decode speed: pipeline stages run one after another, so a token takes as long as all its bytes
   * over one machine's tensor-parallel bandwidth, before the network between the machines.
   */
  speed: SpeedEstimate | null
  commands: string[]
  warnings: string[]
}

export interface ModelDetail extends Evaluation {
  alternatives: Alternative[]
  cluster: ClusterPlan | null
}

const RUNTIMES: RuntimeKind[] = ['ollama', 'llamacpp', 'lmstudio', 'vllm']

function improves(candidate: Evaluation | null, current: Evaluation): candidate is Evaluation {
  if (!candidate) return false
  const rank = PLACEMENT_RANK[candidate.placement] - PLACEMENT_RANK[current.placement]
  return rank > 0 || (rank === 0 && (candidate.speed?.tokensPerSecond ?? 0) > (current.speed?.tokensPerSecond ?? 0) * 1.2)
}

function clusterPlan(model: LanguageModel, machine: Machine, evaluation: Evaluation): ClusterPlan | null {
  const checkpoint = model.vllm?.find((candidate) => candidate.quant !== 'BF16') ?? model.vllm?.[0]
  const gpus = usableGpus(machine, 'vllm')
  if (machine.nodes < 2 || !checkpoint || gpus.length === 0 || evaluation.placement === 'gpu') return null
  const needed = weightsBytes(model, checkpoint.quant).bytes + kvCacheBytes(model.arch, evaluation.contextTokens, 'f16', {padTo256: false})
  // Per GPU: 90% of its memory, less about 1.5 GiB of activations and CUDA graphs.
  const perGpu = Math.min(...gpus.map((gpu) => gpu.totalBytes)) * 0.9 - 1.5 * GIB
  const available = perGpu * gpus.length * machine.nodes
  if (needed > available) return null
  const tensorParallel = gpus.length
  const size = footprint(model, checkpoint.quant, evaluation.contextTokens, 'f16', 'vllm')
  const speed = estimateSpeed({
    model: size, activeFraction: model.activeParamsB ? model.activeParamsB / model.paramsB : 1, machine, runtime: 'vllm',
    fit: {
      placement: 'gpu', gpuLayers: model.arch.layers, totalLayers: model.arch.layers, gpus, gpuShares: gpus.map(() => 1 / gpus.length),
      gpuBytes: needed, ramBytes: 0, reserveBytes: 0, reason: '', vllm: {tensorParallel, gpuMemoryUtilization: 0.9},
    },
  })
  return {
    nodes: machine.nodes, gpusPerNode: tensorParallel, neededBytes: needed, availableBytes: available, speed,
    commands: [
      '# On every node, from a vLLM checkout (examples/online_serving/run_cluster.sh); keep these shells open:',
      'bash run_cluster.sh vllm/vllm-openai <HEAD_IP> --head ~/.cache/huggingface -e VLLM_HOST_IP=<HEAD_IP>      # head node',
      'bash run_cluster.sh vllm/vllm-openai <HEAD_IP> --worker ~/.cache/huggingface -e VLLM_HOST_IP=<THIS_NODE_IP>  # each worker',
      '# Check that every node and GPU joined:',
      'ray status',
      '# Then once, on the head node:',
      ['vllm', 'serve', checkpoint.repo, '--tensor-parallel-size', tensorParallel, '--pipeline-parallel-size', machine.nodes, '--distributed-executor-backend', 'ray', '--max-model-len', evaluation.contextTokens, ...vllmServeFlags(model).flags].join(' '),
    ],
    warnings: ['traffic between the nodes is unencrypted and can be used to run code: keep it on a private network or the tailnet'],
  }
}

/** `recommend <model>`: the evaluation, and what to change when it does not fit or is slow. */
export function explainModel(model: LanguageModel, machine: Machine, options: RecommendOptions): ModelDetail | null {
  const evaluation = evaluateModel(model, machine, options)
  if (!evaluation) return null
  const alternatives: Alternative[] = []
  /** Adds the change when it helps; says whether it gets the model fully onto the GPU. */
  const consider = (change: string, flags: string, overrides: Partial<RecommendOptions>): boolean => {
    const candidate = evaluateModel(model, machine, {...options, ...overrides})
    if (!improves(candidate, evaluation)) return false
    alternatives.push({change, flags, placement: candidate.placement, contextTokens: candidate.contextTokens, tokensPerSecond: candidate.speed?.tokensPerSecond ?? null})
    return candidate.placement === 'gpu'
  }
  if (evaluation.placement !== 'gpu') {
    for (const quant of quantsFor(model, evaluation.runtime).filter((candidate) => candidate !== evaluation.quant)) {
      consider(`use the ${quant} quantization`, `--quant ${quant}`, {quant})
    }
    // Longest first; once one is fully on the GPU, shorter ones add nothing. An agent never goes below
    // OpenClaw's 16K: a shorter context "fits" but cannot hold the agent's own prompt.
    const floor = options.use === 'agent' ? AGENT_MIN_CONTEXT : 0
    for (const context of [16384, 8192, 4096].filter((ctx) => ctx < evaluation.contextTokens && ctx >= floor)) {
      if (consider(`shorten the context to ${context} tokens`, `--ctx ${context}`, {contextTokens: context})) break
    }
    if ((options.kvType ?? 'f16') === 'f16' && evaluation.runtime !== 'vllm') {
      consider('quantize the KV cache to q8_0 (needs flash attention: OLLAMA_FLASH_ATTENTION=1 OLLAMA_KV_CACHE_TYPE=q8_0, or llama.cpp -fa on -ctk q8_0 -ctv q8_0)', '--kv-type q8_0', {kvType: 'q8_0'})
    }
    for (const runtime of RUNTIMES.filter((candidate) => candidate !== evaluation.runtime)) {
      consider(`run it with ${runtime}`, `--runtime ${runtime}`, {runtime})
    }
  }
  return {...evaluation, alternatives, cluster: clusterPlan(model, machine, evaluation)}
}
