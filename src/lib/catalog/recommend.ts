import {GIB} from '../units.js'
import {footprint, type ModelFootprint} from './memory.js'
import {fitModel, PLACEMENT_RANK, ramShortNow, usableGpus, type Fit, type Placement} from './fit.js'
import {IMAGE_MODELS} from './images.js'
import {languageModels} from './models.js'
import {QUANTS, type KvType, type QuantId} from './quants.js'
import {OPENCLAW_BASE_PROMPT_TOKENS, OPENCLAW_LOCAL_TIMEOUT_SECONDS, OPENCLAW_MIN_CONTEXT, openclawRecommends} from './openclaw-agent.js'
import {coldLoadSeconds, estimatePrefill} from './prefill.js'
import type {CatalogRuntime} from './runtime-traits.js'
import {estimateSpeed, type SpeedEstimate} from './speed.js'
import type {Machine} from './target.js'
import type {Capability, LanguageModel} from './types.js'

export type Use = 'agent' | 'chat' | 'code' | 'reasoning' | 'vision' | 'image'
export const USES: Use[] = ['agent', 'chat', 'code', 'reasoning', 'vision', 'image']

/** Agents aim at 32K, twice OpenClaw's minimum. */
export const TARGET_CONTEXT = 32768
const CONTEXT_STEPS = [32768, 24576, 16384, 12288, 8192, 4096, 2048]
/** Below this an agent turn takes minutes: listed as too slow, not recommended. */
export const MIN_USABLE_TPS: Record<Use, number> = {agent: 5, code: 5, chat: 3, reasoning: 3, vision: 3, image: 0}

export interface RecommendOptions {
  use: Use
  /** The runtimes to choose from (the registry's, in its order). */
  runtimes: readonly CatalogRuntime[]
  /** Force a runtime instead of choosing one for the hardware. */
  runtime?: CatalogRuntime
  /** Force a context (tokens). */
  contextTokens?: number
  /** Force a quantization. */
  quant?: QuantId
  kvType?: KvType
  /** Concurrent users: many users on CUDA favour vLLM. */
  users?: number
  /** The prompt the first-token estimate is for (default: OpenClaw's base prompt). */
  promptTokens?: number
}

/** Decode from the bandwidth roofline and, beside it, prefill and time to first token for the prompt. */
export interface TurnSpeed extends SpeedEstimate {
  /** null where a GPU holding layers has no known FP16 figure (pass --tflops). */
  prefillTokensPerSecond: number | null
  firstTokenSeconds: number | null
  firstTokenRange: {low: number; high: number} | null
  promptTokens: number
  /** Reading the weights from disk on a cold start, not part of firstTokenSeconds. */
  loadSeconds: number
  prefillBasis: string | null
}

export interface Evaluation {
  model: string
  name: string
  quant: QuantId
  contextTokens: number
  /** The largest context that keeps the same placement, up to the model's native maximum. */
  maxContextTokens: number
  placement: Placement
  gpuLayers: number
  totalLayers: number
  memory: {weightsBytes: number; kvBytes: number; overheadBytes: number; totalBytes: number; weightsBasis: string}
  speed: TurnSpeed | null
  /** The runtime's id. */
  runtime: string
  /** The exact command that gets this model for that runtime. */
  pullCommand: string | null
  /** The id that runtime serves the model under once the command ran (what OpenClaw's config must name). */
  modelId: string | null
  reasons: string[]
  warnings: string[]
  /** Ordering key: better placement first, then the stronger model, tempered by speed. */
  score: number
  /** Fast enough to be worth recommending (judged at the use's minimum context). */
  usable: boolean
  /** Why it is not: the figure that made it too slow. */
  tooSlowBecause: string | null
}

const CAPABILITY_FOR_USE: Partial<Record<Use, Capability>> = {agent: 'tools', code: 'code', reasoning: 'reasoning', vision: 'vision'}

export function suitsUse(model: LanguageModel, use: Use): boolean {
  if (use === 'image') return false
  const needed = CAPABILITY_FOR_USE[use]
  if (needed && !model.capabilities.includes(needed)) return false
  return use !== 'agent' || model.contextLength >= OPENCLAW_MIN_CONTEXT
}

/**
 * The default runtime where it has a GPU path; the scale runtime for several data-centre GPUs or many
 * users; the no-GPU-path one where the default has no GPU to use (CPU only, Vulkan-only GPUs). A model
 * with no download for the chosen runtime falls back to the default, the no-GPU-path one, then the rest.
 */
export function chooseRuntime(model: LanguageModel, machine: Machine, options: RecommendOptions): CatalogRuntime {
  if (options.runtime) return options.runtime
  const {runtimes} = options
  const withRole = (role: CatalogRuntime['role']) => runtimes.find((runtime) => runtime.role === role)
  const fallback = withRole('default') ?? runtimes[0]!
  const noGpuPath = withRole('no-gpu-path') ?? fallback
  const scale = withRole('scale')
  const scaleGpus = scale ? usableGpus(machine, scale).length : 0
  const wants = scale && (scaleGpus >= 2 || (scaleGpus >= 1 && (options.users ?? 1) >= 4))
    ? scale
    : usableGpus(machine, fallback).length === 0 ? noGpuPath : fallback
  const order = [...new Set([wants, fallback, noGpuPath, ...runtimes])]
  return order.find((runtime) => runtime.quants(model).length > 0) ?? wants
}

/** A model from flags or a GGUF file: nothing any runtime could download. */
function hasDownloads(model: LanguageModel): boolean {
  return Boolean(model.ollama?.length || model.gguf || model.lmstudio || model.vllm?.length)
}

/** Quantizations this runtime can fetch for the model, best quality first. */
export function quantsFor(model: LanguageModel, runtime: CatalogRuntime): QuantId[] {
  // Nothing to download: plan for its measured quant, or the common Q4_K_M.
  if (!hasDownloads(model)) return [model.measured?.quant ?? 'Q4_K_M']
  return [...new Set(runtime.quants(model))].sort((a, b) => QUANTS[b].quality - QUANTS[a].quality)
}

/** Bigger models are stronger; an MoE is roughly as strong as the geometric mean of total and active. */
export function strength(model: LanguageModel, quant: QuantId): number {
  const effective = model.activeParamsB ? Math.sqrt(model.paramsB * model.activeParamsB) : model.paramsB
  const quality = QUANTS[quant].quality
  const quantAdjust = quality >= 7 ? 0.3 : quality >= 5 ? 0.2 : quality >= 3 ? 0 : quality === 2 ? -0.5 : -1
  return Math.log2(effective) + quantAdjust
}

/**
 * Speed counts too, within bounds: -1 to +1 on a log scale around the usable floor. On a GPU nearly
 * everything saturates at +1 and strength decides; on a CPU it lets a fast MoE beat a crawling dense model.
 */
function speedTerm(speed: SpeedEstimate | null, use: Use): number {
  if (!speed) return 0
  const floor = Math.max(1, MIN_USABLE_TPS[use])
  return Math.max(-1, Math.min(1, Math.log2(speed.tokensPerSecond / floor)))
}

function place(model: LanguageModel, quant: QuantId, context: number, machine: Machine, runtime: CatalogRuntime, kvType: KvType,
  slots = 1) {
  const size = footprint(model, quant, context, kvType, runtime, slots)
  return {size, fit: fitModel(size, machine, runtime)}
}

/** The largest context (in 1K steps, up to native) that keeps at least the given placement. */
function largestContext(model: LanguageModel, quant: QuantId, machine: Machine, runtime: CatalogRuntime, kvType: KvType,
  placement: Placement, from: number, slots: number): number {
  let low = from
  let high = model.contextLength
  if (PLACEMENT_RANK[place(model, quant, high, machine, runtime, kvType, slots).fit.placement] >= PLACEMENT_RANK[placement]) return high
  while (high - low > 1024) {
    const middle = Math.floor((low + high) / 2048) * 1024
    if (middle <= low) break
    const reached = place(model, quant, middle, machine, runtime, kvType, slots).fit.placement
    if (PLACEMENT_RANK[reached] >= PLACEMENT_RANK[placement]) low = middle
    else high = middle
  }
  return low
}

/** 32K, or more when the prompt asked about would not fit it: the prompt plus 4K to answer in, in 1K steps. */
function targetContext(promptTokens: number | undefined): number {
  return Math.max(TARGET_CONTEXT, Math.ceil(((promptTokens ?? 0) + 4096) / 1024) * 1024)
}

/** What ranks a model on a machine: its placement, quantization, context, speed and score, not yet put in words. */
interface Plan {
  model: LanguageModel
  runtime: CatalogRuntime
  kvType: KvType
  slots: number
  quant: QuantId
  context: number
  fit: Fit
  size: ModelFootprint
  speed: TurnSpeed | null
  promptTokens: number
  openclawPick: boolean
  tooSlowBecause: string | null
  score: number
}

/** One model on one machine: the best quantization and context, where it runs, how fast, and why. */
export function evaluateModel(model: LanguageModel, machine: Machine, options: RecommendOptions): Evaluation | null {
  const plan = planModel(model, machine, options)
  return plan && describePlan(plan, machine, options, true)
}

function planModel(model: LanguageModel, machine: Machine, options: RecommendOptions): Plan | null {
  const runtime = chooseRuntime(model, machine, options)
  const kvType = options.kvType ?? 'f16'
  // Each concurrent user gets a slot holding the whole context.
  const slots = options.users ?? 1
  const available = quantsFor(model, runtime)
  // A quantization the runtime has no download of is not planned: its command would name a file that does not exist.
  if (options.quant && hasDownloads(model) && !available.includes(options.quant)) return null
  const quants = options.quant ? [options.quant] : available
  if (quants.length === 0) return null
  const minContext = Math.min(options.use === 'agent' ? OPENCLAW_MIN_CONTEXT : 2048, model.contextLength)
  const contexts = options.contextTokens
    ? [Math.min(options.contextTokens, model.contextLength)]
    : [...new Set([Math.min(targetContext(options.promptTokens), model.contextLength),
      ...CONTEXT_STEPS])].filter((ctx) => ctx <= model.contextLength && ctx >= minContext)

  // Every (quant, context) that places at all; the best by: placement, then (on the GPU) the larger
  // context and the better quant, or (off it) the lighter, faster quant. More memory only adds
  // options, so the choice never gets worse on a bigger machine.
  type Option = {quant: QuantId; context: number; fit: Fit; size: ModelFootprint}
  const key = (option: Option): number[] => {
    const onGpu = option.fit.placement === 'gpu'
    // Equal quality: the lighter format reads fewer bytes per token, so it is faster.
    return [PLACEMENT_RANK[option.fit.placement], onGpu ? option.context : 0, (onGpu ? 1 : -1) * QUANTS[option.quant].quality,
      -QUANTS[option.quant].bpw]
  }
  const better = (a: number[], b: number[]) => {
    for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return a[index]! > b[index]!
    return false
  }
  // Placement only gets worse as context grows, so per quant: the placement at the smallest context
  // is the best it can do, and the largest context that keeps it is found walking down from the top.
  let best: Option | undefined
  for (const quant of quants) {
    const smallest = contexts.at(-1)!
    const floor = {quant, context: smallest, ...place(model, quant, smallest, machine, runtime, kvType, slots)}
    if (best && PLACEMENT_RANK[floor.fit.placement] < PLACEMENT_RANK[best.fit.placement]) continue
    let option: Option = floor
    for (const context of contexts) {
      if (context === smallest) break
      const candidate = {quant, context, ...place(model, quant, context, machine, runtime, kvType, slots)}
      if (candidate.fit.placement === floor.fit.placement) {
        option = candidate
        break
      }
    }
    if (!best || better(key(option), key(best))) best = option
  }
  if (!best) return null

  const {quant, context, fit, size} = best
  const activeFraction = model.activeParamsB ? model.activeParamsB / model.paramsB : 1
  const promptTokens = options.promptTokens ?? OPENCLAW_BASE_PROMPT_TOKENS
  const turnSpeed = (placed: {size: ModelFootprint; fit: Fit}): TurnSpeed | null => {
    const decode = estimateSpeed({model: placed.size, activeFraction, fit: placed.fit, machine, runtime})
    if (!decode) return null
    const prefill = estimatePrefill({model, size: placed.size, fit: placed.fit, machine, runtime, promptTokens})
    return {
      ...decode, promptTokens,
      prefillTokensPerSecond: prefill?.prefillTokensPerSecond ?? null, firstTokenSeconds: prefill?.firstTokenSeconds ?? null,
      firstTokenRange: prefill?.firstTokenRange ?? null, loadSeconds: coldLoadSeconds(placed.size.weightsBytes),
      prefillBasis: prefill?.basis ?? null,
    }
  }
  const speed = turnSpeed({size, fit})
  // "Usably fast" is judged at the use's minimum context, never at the (memory-dependent) chosen one,
  // so a longer context on a bigger machine cannot demote a model, yet KV reads still count.
  const atMinimum = place(model, quant, minContext, machine, runtime, kvType, slots)
  const minimumSpeed = turnSpeed(atMinimum)
  // An agent turn starts with OpenClaw's whole prompt: a first token past its watchdog never comes.
  const pastWatchdog = options.use === 'agent' && minimumSpeed?.firstTokenSeconds != null
    && minimumSpeed.firstTokenSeconds > OPENCLAW_LOCAL_TIMEOUT_SECONDS
  const tooSlowBecause = !minimumSpeed
    ? null
    : minimumSpeed.tokensPerSecond < MIN_USABLE_TPS[options.use]
      ? `about ${minimumSpeed.tokensPerSecond} tokens/s, below the ${MIN_USABLE_TPS[options.use]} ${/^[aeiou]/.test(options.use) ? 'an' : 'a'} ${options.use} turn needs`
      : pastWatchdog
        ? `first token after about ${minimumSpeed.firstTokenSeconds} s for a ${promptTokens}-token prompt, past OpenClaw's ${OPENCLAW_LOCAL_TIMEOUT_SECONDS} s local timeout`
        : null
  // Size alone ranks a 2024 32B above a 2026 27B; OpenClaw's own picks count as twice the parameters.
  const openclawPick = options.use === 'agent' && openclawRecommends(model)
  const score = PLACEMENT_RANK[fit.placement] * 100 + strength(model, quant) + (openclawPick ? 1 : 0) + speedTerm(minimumSpeed, options.use)
  return {model, runtime, kvType, slots, quant, context, fit, size, speed, promptTokens, openclawPick, tooSlowBecause, score}
}

/**
 * A plan in words: its reasons, warnings and the runtime's command. withMaxContext searches for the
 * largest context that keeps its placement; a list does that only for the entries it shows.
 */
function describePlan(plan: Plan, machine: Machine, options: RecommendOptions, withMaxContext: boolean): Evaluation {
  const {model, runtime, kvType, slots, quant, context, fit, size, speed, promptTokens, openclawPick} = plan
  const maxContext =
    fit.placement === 'none' || !withMaxContext
      ? context
      : largestContext(model, quant, machine, runtime, kvType, fit.placement, context, slots)
  // Everything the placement holds beyond the weights and the KV cache: compute buffers (the device's,
  // and the host's beside a GPU), the runtime's reserve, and a tied embedding's second copy on the GPU.
  const placed = fit.gpuBytes + fit.ramBytes
  const overhead = placed > 0 ? placed - size.weightsBytes - size.kvBytes : size.computeBytes
  const reasons: string[] = [fit.reason]
  const warnings: string[] = []
  if (model.capabilities.includes('tools')) reasons.push('supports tool calling, which OpenClaw needs')
  if (openclawPick) reasons.push('one of the local models OpenClaw\'s own setup recommends (its Ollama defaults, docs and llama.cpp recipes)')
  warnings.push(...model.unknowns ?? [])
  if (model.activeParamsB)
    reasons.push(`mixture of experts: memory for all ${model.paramsB} B parameters, speed of ${model.activeParamsB} B active`)
  reasons.push(`${Math.round(context / 1024)}K context${maxContext > context ? ` (up to ${Math.round(maxContext / 1024)}K fits)` : ''}`)
  if (speed) reasons.push(`about ${speed.tokensPerSecond} tokens/s (${speed.low}-${speed.high})`)
  if (speed?.firstTokenSeconds != null)
    reasons.push(
      `first token in about ${speed.firstTokenSeconds} s (${speed.firstTokenRange!.low}-${speed.firstTokenRange!.high}) for a ${promptTokens}-token prompt, after a cold load of about ${speed.loadSeconds} s`,
    )
  if (options.use === 'agent' && (model.paramsB < 10 || QUANTS[quant].aggressive)) {
    warnings.push(
      'small or heavily quantized models are more exposed to prompt injection in an agent: prefer the largest model you can run',
    )
  }
  if (context < OPENCLAW_MIN_CONTEXT && options.use === 'agent') warnings.push(`context ${context} is below OpenClaw's 16K minimum`)
  if (options.contextTokens !== undefined && options.contextTokens > model.contextLength) {
    warnings.push(
      `--ctx ${options.contextTokens} is above ${model.id}'s maximum of ${model.contextLength}: capped at ${model.contextLength}`,
    )
  }
  if (fit.placement === 'partial')
    warnings.push(
      `only ${fit.gpuLayers} of ${fit.totalLayers} layers on the GPU: expect it to be several times slower than a model that fits`,
    )
  if (fit.placement === 'cpu' && machine.gpus.length > 0) warnings.push('runs on the CPU: the GPU is too small for it')
  const short = fit.placement === 'none' ? null : ramShortNow(machine, fit)
  if (short !== null) {
    warnings.push(
      `needs about ${(short.neededBytes / GIB).toFixed(1)} GiB of RAM and ${(short.freeBytes / GIB).toFixed(1)} GiB is free now: close other programs before loading it, or the runtime may refuse to`,
    )
  }
  if (speed && speed.tokensPerSecond < MIN_USABLE_TPS[options.use])
    warnings.push(`slow for ${options.use} use: about ${speed.tokensPerSecond} tokens/s`)
  if (options.use === 'agent' && speed?.firstTokenSeconds != null) {
    if (speed.firstTokenSeconds > OPENCLAW_LOCAL_TIMEOUT_SECONDS) {
      warnings.push(
        `too slow to start an agent turn: about ${speed.firstTokenSeconds} s to the first token of OpenClaw's ${promptTokens}-token prompt, past its ${OPENCLAW_LOCAL_TIMEOUT_SECONDS} s local timeout`,
      )
    } else if (speed.firstTokenRange!.high > OPENCLAW_LOCAL_TIMEOUT_SECONDS) {
      warnings.push(
        `the first token may take up to ${speed.firstTokenRange!.high} s, past OpenClaw's ${OPENCLAW_LOCAL_TIMEOUT_SECONDS} s local timeout; raise the provider's timeoutSeconds if turns time out`,
      )
    }
  }
  if (promptTokens > context) warnings.push(`a ${promptTokens}-token prompt does not fit the ${context}-token context`)
  if ((options.kvType ?? 'f16') !== 'f16')
    reasons.push(`${options.kvType} KV cache (needs flash attention: OLLAMA_FLASH_ATTENTION=1 / llama.cpp -fa on)`)
  const artifact = runtime.artifact(model, quant, context, fit, slots)
  if (slots > 1) reasons.push(`${slots} requests at once, each with the whole context: the KV cache holds ${slots} contexts`)
  reasons.push(...artifact.reasons)
  warnings.push(...artifact.warnings)

  return {
    model: model.id, name: model.name, quant, contextTokens: context, maxContextTokens: maxContext,
    placement: fit.placement, gpuLayers: fit.gpuLayers, totalLayers: fit.totalLayers,
    memory: {weightsBytes: size.weightsBytes, kvBytes: size.kvBytes, overheadBytes: overhead,
      totalBytes: size.weightsBytes + size.kvBytes + overhead, weightsBasis: size.weightsBasis},
    speed, runtime: runtime.id, pullCommand: artifact.command, modelId: artifact.modelId, reasons, warnings,
    score: plan.score, usable: plan.tooSlowBecause === null, tooSlowBecause: plan.tooSlowBecause,
  }
}

/** Ranked recommendations: only what fits and is usably fast, strongest first; `limit` of them in full. */
export function recommendModels(machine: Machine, options: RecommendOptions,
  limit = Infinity): {recommended: Evaluation[]; tooSlow: Evaluation[]} {
  const plans = languageModels()
    .filter((model) => suitsUse(model, options.use))
    .map((model) => planModel(model, machine, options))
    .filter((plan): plan is Plan => plan !== null && plan.fit.placement !== 'none')
  const byScore = (a: Plan, b: Plan) => b.score - a.score || (b.speed?.tokensPerSecond ?? 0) - (a.speed?.tokensPerSecond ?? 0)
  const recommended = plans.filter((plan) => plan.tooSlowBecause === null).sort(byScore)
  // The largest-context search only for the ones shown in full.
  return {
    recommended: recommended.map((plan, rank) => describePlan(plan, machine, options, rank < limit)),
    tooSlow: plans.filter((plan) => plan.tooSlowBecause !== null).sort(byScore).map((plan) => describePlan(plan, machine, options, false)),
  }
}

export interface ImageEvaluation {
  model: string
  name: string
  fits: 'comfortable' | 'tight' | 'no'
  neededGiB: {minimum: number; comfortable: number}
  gpus: number
  repo: string
  reason: string
}

/** Image models run in ComfyUI/diffusers on one GPU (HunyuanImage-3.0 needs several): the largest free GPU decides. */
export function recommendImageModels(machine: Machine): ImageEvaluation[] {
  const gpus = machine.gpus.filter((gpu) => gpu.backend === 'cuda' || gpu.backend === 'rocm' || gpu.backend === 'metal')
  const largestFree = Math.max(0, ...gpus.map((gpu) => gpu.freeBytes)) / GIB
  const totalFree = gpus.reduce((sum, gpu) => sum + gpu.freeBytes, 0) / GIB
  return IMAGE_MODELS.map((model): ImageEvaluation => {
    const enoughGpus = !model.gpus || gpus.length >= model.gpus
    const available = model.gpus ? totalFree : largestFree
    const fits = !enoughGpus ? 'no' : available >= model.comfortableVramGiB ? 'comfortable' : available >= model.minVramGiB ? 'tight' : 'no'
    const needs = model.gpus
      ? `needs ${model.gpus}+ GPUs with ${model.minVramGiB} GiB together`
      : `needs ${model.minVramGiB} GiB (comfortable at ${model.comfortableVramGiB} GiB)`
    const has = enoughGpus
      ? `${available.toFixed(1)} GiB free`
      : `this machine has ${gpus.length === 0 ? 'no usable GPU' : `${gpus.length} GPU${gpus.length === 1 ? '' : 's'}`}`
    return {
      model: model.id, name: model.name, fits, neededGiB: {minimum: model.minVramGiB, comfortable: model.comfortableVramGiB},
        gpus: model.gpus ?? 1, repo: model.repo,
      reason: `${needs}; ${has}`,
    }
  }).sort((a, b) => (a.fits === 'no' ? 1 : 0) - (b.fits === 'no' ? 1 : 0) || b.neededGiB.minimum - a.neededGiB.minimum)
}
