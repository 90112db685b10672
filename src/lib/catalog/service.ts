import {ExitCode, LocalclawError} from '../errors.js'
import type {CustomModelSpec} from './custom.js'
import {explainModel, type ModelDetail} from './explain.js'
import {findImageModel, findModel, modelSuggestions} from './lookup.js'
import type {RemoteOptions} from './remote.js'
import {quantsFor, recommendImageModels, recommendModels, type Evaluation, type ImageEvaluation, type RecommendOptions, type Use} from './recommend.js'
import {hypotheticalMachine, type HypotheticalSpec, type Machine} from './target.js'

export interface HardwareSummary {
  source: Machine['source']
  nodes: number
  gpus: Array<{name: string; backend: string; totalBytes: number; freeBytes: number; bandwidthGBps: number | null; unified: boolean}>
  ramTotalBytes: number
  ramAvailableBytes: number
  ramBandwidthGBps: number | null
  assumptions: string[]
}

/** An evaluation as printed: the ranking internals stay inside. */
export type PublicEvaluation = Omit<Evaluation, 'score' | 'usable' | 'tooSlowBecause'>

function publicEvaluation<T extends Evaluation>(evaluation: T): Omit<T, 'score' | 'usable' | 'tooSlowBecause'> {
  const {score: _score, usable: _usable, tooSlowBecause: _tooSlowBecause, ...rest} = evaluation
  return rest
}

export interface RecommendListResult {
  use: Use
  hardware: HardwareSummary
  recommendations: PublicEvaluation[]
  /** Fit, but too slow to recommend for this use. */
  tooSlow: Array<{
    model: string
    placement: Evaluation['placement']
    tokensPerSecond: number | null
    firstTokenSeconds: number | null
    reason: string
  }>
  images?: ImageEvaluation[]
  warnings: string[]
}

export type RecommendModelResult = Omit<ModelDetail, 'score' | 'usable' | 'tooSlowBecause'> & {hardware: HardwareSummary}

/** recommend's planning options (the runtimes it may choose from, the one --runtime named, ...) and what to plan for. */
export interface RecommendRequest extends RecommendOptions {
  model?: string
  limit: number
  /** Set when any hardware flag was given: plan for that machine instead of this one. */
  hypothetical?: HypotheticalSpec
  custom?: Omit<CustomModelSpec, 'name'>
  gguf?: string
  /** This machine, detected only when the plan is for it; its RAM alone for a hypothetical GPU without --ram. */
  thisMachine: () => Promise<Machine>
  thisMemory: () => Promise<{totalBytes: number; availableBytes: number}>
  /** For a name the catalog does not know (hf.co/..., a .gguf URL, an Ollama name:tag): how to read its header. */
  remote?: RemoteOptions
}

function summarize(machine: Machine): HardwareSummary {
  return {
    source: machine.source, nodes: machine.nodes, assumptions: machine.assumptions,
    gpus: machine.gpus.map(({name, backend, totalBytes, freeBytes, bandwidthGBps, unified}) => ({name, backend, totalBytes, freeBytes,
      bandwidthGBps, unified})),
    ramTotalBytes: machine.ramTotalBytes, ramAvailableBytes: machine.ramAvailableBytes, ramBandwidthGBps: machine.ramBandwidthGBps,
  }
}

// Probing hardware and reading GGUF files load modules a hypothetical catalog query never needs.
async function resolveMachine(request: RecommendRequest): Promise<Machine> {
  if (request.hypothetical) {
    const {ramGiB} = request.hypothetical
    return hypotheticalMachine(ramGiB === undefined ? {...request.hypothetical,
      detectedRam: await request.thisMemory()} : request.hypothetical)
  }
  return request.thisMachine()
}

async function resolveModel(request: RecommendRequest) {
  if (request.gguf) return (await import('./custom.js')).modelFromGgufFile(request.gguf)
  const name = request.model!
  const match = findModel(name)
  if (match) return match.model
  if (request.custom && Object.values(request.custom).some((value) => value !== undefined))
    return (await import('./custom.js')).customModel({name, ...request.custom})
  const close = modelSuggestions(name).map((candidate) => `localclaw recommend ${candidate}`)
  const {isRemoteName, remoteModel} = await import('./remote.js')
  if (request.remote && isRemoteName(name)) {
    try {
      return (await remoteModel(name, request.remote)).model
    } catch (error) {
      // A name the registry does not know either is most likely a typo of one the catalog knows.
      if (!(error instanceof LocalclawError) || error.code !== 'unknown_model') {
        if (error instanceof LocalclawError) error.suggestions.push(...close)
        throw error
      }
    }
  }
  throw new LocalclawError(`"${name}" is not in the catalog.`, {
    code: 'unknown_model',
    exit: ExitCode.usage,
    suggestions: [
      ...close,
      'Describe it: --params <B> --layers <n> --kv-heads <n> --head-dim <n>, measure a file: --gguf <path>, or name its GGUF: hf.co/<org>/<repo>:<QUANT>',
    ],
  })
}

/** Flags that describe a model only mean something for one model localclaw does not already know. */
function refuseInapplicable(request: RecommendRequest): void {
  const custom = request.custom ?? {}
  const described = (['paramsB', 'activeParamsB', 'layers', 'kvHeads', 'headDim'] as const).filter((key) => custom[key] !== undefined)
  const flag: Record<(typeof described)[number], string> = {
    paramsB: '--params',
    activeParamsB: '--active-params',
    layers: '--layers',
    kvHeads: '--kv-heads',
    headDim: '--head-dim',
  }
  const usage = (message: string, suggestions: string[]) => new LocalclawError(message, {code: 'usage', exit: ExitCode.usage, suggestions})
  if (request.gguf && request.model) {
    throw usage(`--gguf measures the model in the file; "${request.model}" names another.`, [`localclaw recommend --gguf ${request.gguf}`])
  }
  if (described.length === 0) return
  const flags = described.map((key) => flag[key]).join(', ')
  if (!request.model && !request.gguf) {
    throw usage(`${flags} describe${described.length === 1 ? 's' : ''} one model: name it.`, [
      `localclaw recommend my-model ${described.map((key) => `${flag[key]} ${custom[key]}`).join(' ')}`,
    ])
  }
  if (request.gguf)
    throw usage(`--gguf reads the architecture from the file; ${flags} would be ignored.`, [`localclaw recommend --gguf ${request.gguf}`])
  if (request.model && findModel(request.model)) {
    throw usage(`${request.model} is in the catalog, with its own architecture; ${flags} would be ignored.`, [
      `localclaw recommend ${request.model}`,
    ])
  }
}

export async function recommend(request: RecommendRequest): Promise<RecommendListResult | RecommendModelResult> {
  refuseInapplicable(request)
  const machine = await resolveMachine(request)
  if (request.users !== undefined && request.users > 1 && machine.gpus.length === 0) {
    throw new LocalclawError(`--users ${request.users} changes a plan only on GPUs (vLLM serving several at once); this plan has none.`, {
      code: 'usage', exit: ExitCode.usage, suggestions: ['Drop --users: a CPU plan serves one request at a time'],
    })
  }
  if (request.model || request.gguf) {
    if (request.model && findImageModel(request.model) && !request.gguf) {
      throw new LocalclawError(`${request.model} is an image model: see it with --use image.`, {
        code: 'image_model',
        exit: ExitCode.usage,
        suggestions: ['localclaw recommend --use image'],
      })
    }
    const model = await resolveModel(request)
    const detail = explainModel(model, machine, request)
    if (!detail) {
      // What each runtime does have, as the flags that ask for it.
      const offers = request.runtimes.map((runtime) => ({runtime, quants: quantsFor(model, runtime)}))
        .filter((entry) => entry.quants.length > 0)
      throw new LocalclawError(
        `${model.id} has no download for ${request.runtime?.id ?? 'any runtime'}${request.quant ? ` at ${request.quant}` : ''}.`,
        {
          code: 'no_variant',
          exit: ExitCode.usage,
          suggestions:
            offers.length > 0
              ? offers.map(
                  ({runtime, quants}) =>
                    `localclaw recommend ${model.id} --runtime ${runtime.id} --quant ${quants[0]}${quants.length > 1 ? ` (also ${quants.slice(1).join(', ')})` : ''}`,
                )
              : ['Try another --runtime or --quant'],
        },
      )
    }
    return {...publicEvaluation(detail), hardware: summarize(machine)}
  }
  const warnings = [...machine.assumptions]
  if (request.use === 'image') {
    return {use: request.use, hardware: summarize(machine), recommendations: [], tooSlow: [], images: recommendImageModels(machine),
      warnings}
  }
  const {recommended, tooSlow} = recommendModels(machine, request, request.limit)
  if (recommended.length === 0) {
    warnings.push(tooSlow.length > 0
      ? `every model that fits is too slow for ${request.use} use on this machine (see tooSlow for the figure that decided each)`
      : `no model in the catalog fits this machine for ${request.use} use`)
    if (request.use === 'agent') {
      // What does work, each a command that runs as printed.
      const quickest = [...tooSlow].sort((a, b) => (a.speed?.firstTokenSeconds ?? Infinity) - (b.speed?.firstTokenSeconds ?? Infinity))[0]
      const fallback = quickest?.modelId
        ? ` (localclaw config --strategy local-fallback --runtime ${quickest.runtime} --model ${quickest.modelId}, after pulling it)`
        : ''
      warnings.push(`what works instead: a hosted primary with a local model only as its fallback for short tasks${fallback}, `
        + 'a machine with a GPU, or a GPU box on your tailnet (localclaw tailscale connect, with the box\'s name)')
    }
  }
  return {
    use: request.use, hardware: summarize(machine), recommendations: recommended.slice(0, request.limit).map(publicEvaluation),
    tooSlow: tooSlow.map((evaluation) => ({
      model: evaluation.model, placement: evaluation.placement, tokensPerSecond: evaluation.speed?.tokensPerSecond ?? null,
      firstTokenSeconds: evaluation.speed?.firstTokenSeconds ?? null, reason: evaluation.tooSlowBecause ?? 'too slow',
    })),
    warnings,
  }
}

export function isModelResult(result: RecommendListResult | RecommendModelResult): result is RecommendModelResult {
  return 'placement' in result
}
