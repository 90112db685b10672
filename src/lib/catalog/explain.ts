import {PLACEMENT_RANK, usableGpus} from './fit.js'
import {footprint, kvCacheBytes, runtimeReserve, weightsBytes} from './memory.js'
import {OPENCLAW_MIN_CONTEXT} from './openclaw-agent.js'
import {evaluateModel, quantsFor, type Evaluation, type RecommendOptions} from './recommend.js'
import type {CatalogRuntime} from './runtime-traits.js'
import type {Machine} from './target.js'
import {estimateSpeed, type SpeedEstimate} from './speed.js'
import type {LanguageModel} from './types.js'

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

function improves(candidate: Evaluation | null, current: Evaluation): candidate is Evaluation {
  if (!candidate) return false
  const rank = PLACEMENT_RANK[candidate.placement] - PLACEMENT_RANK[current.placement]
  return rank > 0 || (rank === 0 && (candidate.speed?.tokensPerSecond ?? 0) > (current.speed?.tokensPerSecond ?? 0) * 1.2)
}

function clusterPlan(model: LanguageModel, machine: Machine, evaluation: Evaluation,
  runtime: CatalogRuntime | undefined): ClusterPlan | null {
  const checkpoint = runtime?.cluster?.checkpoint(model)
  if (!runtime?.cluster || machine.nodes < 2 || !checkpoint || evaluation.placement === 'gpu') return null
  const gpus = usableGpus(machine, runtime)
  if (gpus.length === 0) return null
  const needed = weightsBytes(model, checkpoint.quant).bytes + kvCacheBytes(model.arch, evaluation.contextTokens, 'f16', {padTo256: false})
  // Per GPU: 90% of its memory, less what the runtime keeps back for activations and CUDA graphs.
  const perGpu = Math.min(...gpus.map((gpu) => gpu.totalBytes)) * 0.9 - runtimeReserve(runtime).perGpuBytes
  const available = perGpu * gpus.length * machine.nodes
  if (needed > available) return null
  const tensorParallel = gpus.length
  const size = footprint(model, checkpoint.quant, evaluation.contextTokens, 'f16', runtime)
  const speed = estimateSpeed({
    model: size, activeFraction: model.activeParamsB ? model.activeParamsB / model.paramsB : 1, machine, runtime,
    fit: {
      placement: 'gpu', gpuLayers: model.arch.layers, totalLayers: model.arch.layers, gpus, gpuShares: gpus.map(() => 1 / gpus.length),
      gpuBytes: needed, ramBytes: 0, reserveBytes: 0, reason: '', vllm: {tensorParallel, gpuMemoryUtilization: 0.9},
    },
  })
  return {
    nodes: machine.nodes, gpusPerNode: tensorParallel, neededBytes: needed, availableBytes: available, speed,
    commands: runtime.cluster.commands(model, checkpoint.repo, tensorParallel, machine.nodes, evaluation.contextTokens),
    warnings: runtime.cluster.warnings,
  }
}

/** `recommend <model>`: the evaluation, and what to change when it does not fit or is slow. */
export function explainModel(model: LanguageModel, machine: Machine, options: RecommendOptions): ModelDetail | null {
  const evaluation = evaluateModel(model, machine, options)
  if (!evaluation) return null
  const runtime = options.runtimes.find((candidate) => candidate.id === evaluation.runtime)!
  const alternatives: Alternative[] = []
  /** Adds the change when it helps; says whether it gets the model fully onto the GPU. */
  const consider = (change: string, flags: string, overrides: Partial<RecommendOptions>): boolean => {
    const candidate = evaluateModel(model, machine, {...options, ...overrides})
    if (!improves(candidate, evaluation)) return false
    alternatives.push({change, flags, placement: candidate.placement, contextTokens: candidate.contextTokens,
      tokensPerSecond: candidate.speed?.tokensPerSecond ?? null})
    return candidate.placement === 'gpu'
  }
  if (evaluation.placement !== 'gpu') {
    for (const quant of quantsFor(model, runtime).filter((candidate) => candidate !== evaluation.quant)) {
      consider(`use the ${quant} quantization`, `--quant ${quant}`, {quant})
    }
    // Longest first; once one is fully on the GPU, shorter ones add nothing. An agent never goes below
    // OpenClaw's 16K: a shorter context "fits" but cannot hold the agent's own prompt.
    const floor = options.use === 'agent' ? OPENCLAW_MIN_CONTEXT : 0
    for (const context of [16384, 8192, 4096].filter((ctx) => ctx < evaluation.contextTokens && ctx >= floor)) {
      if (consider(`shorten the context to ${context} tokens`, `--ctx ${context}`, {contextTokens: context})) break
    }
    if ((options.kvType ?? 'f16') === 'f16' && runtime.engine === 'llama.cpp') {
      consider(
        'quantize the KV cache to q8_0 (needs flash attention: OLLAMA_FLASH_ATTENTION=1 OLLAMA_KV_CACHE_TYPE=q8_0, or llama.cpp -fa on -ctk q8_0 -ctv q8_0)',
        '--kv-type q8_0',
        {kvType: 'q8_0'},
      )
    }
    for (const other of options.runtimes.filter((candidate) => candidate !== runtime)) {
      consider(`run it with ${other.id}`, `--runtime ${other.id}`, {runtime: other})
    }
  }
  const scale = options.runtimes.find((candidate) => candidate.cluster)
  return {...evaluation, alternatives, cluster: clusterPlan(model, machine, evaluation, scale)}
}
