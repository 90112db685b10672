import {DEVICE_SPECS, type DeviceSpec} from '../hardware/devices.js'
import {IMAGE_MODELS} from './images.js'
import {OLLAMA_LATEST} from './latest.js'
import {LANGUAGE_MODELS} from './models.js'
import type {ImageModel, LanguageModel, OllamaTag} from './types.js'

const normalize = (text: string) => text.toLowerCase().replace(/^(nvidia|amd|apple)\s+/, '').replace(/geforce\s+|radeon\s+/g, '').replace(/[\s_]+/g, '-').trim()

/** Every name a model answers to: its id, Ollama tags, LM Studio key, repositories, display name. */
function namesOf(model: LanguageModel): string[] {
  return [model.id, model.name, ...(model.ollama ?? []).map((tag) => tag.tag), model.lmstudio, model.gguf,
    ...(model.vllm ?? []).map((c) => c.repo)]
    .filter((name): name is string => Boolean(name))
}

export interface ModelMatch {
  model: LanguageModel
  /** The exact Ollama tag asked for, when the name was one. */
  tag?: OllamaTag
  /**
   * The name was a family's :latest alias (qwen3, qwen3:latest): the model is the one it points at,
   * and Ollama files a pull of it under that name, not under the size tag.
   */
  alias?: string
}

export function findModel(query: string): ModelMatch | undefined {
  const wanted = normalize(query)
  const withLatest = wanted.endsWith(':latest') ? wanted.slice(0, -':latest'.length) : wanted
  for (const model of LANGUAGE_MODELS) {
    const tag = model.ollama?.find((candidate) => normalize(candidate.tag) === withLatest)
    if (tag) return {model, tag}
    if (namesOf(model).some((name) => normalize(name) === withLatest)) return {model}
  }
  // A bare family, as Ollama resolves it: qwen3 and qwen3:latest are the tag :latest points at.
  const latest = withLatest.includes(':') ? undefined : Object.entries(OLLAMA_LATEST).find(([family]) => normalize(family) === withLatest)?.[1]
  const match = latest && latest !== query ? findModel(latest) : undefined
  return match ? {model: match.model, alias: query} : undefined
}

export function findImageModel(query: string): ImageModel | undefined {
  const wanted = normalize(query)
  return IMAGE_MODELS.find((model) => [model.id, model.name, model.repo].some((name) => normalize(name) === wanted))
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({length: b.length + 1}, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!
    previous[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!
      previous[j] = Math.min(previous[j]! + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return previous[b.length]!
}

/** The closest names, best first: a typo ("llama3.1-8b") or a partial name ("qwen3") finds its models. */
export function closeMatches(query: string, names: string[], limit = 3): string[] {
  const wanted = normalize(query)
  const scored = [...new Set(names)].map((name) => {
    const candidate = normalize(name)
    const contains = candidate.includes(wanted) || wanted.includes(candidate)
    return {name, score: editDistance(wanted, candidate) - (contains ? 100 : 0)}
  })
  const threshold = Math.max(3, Math.floor(wanted.length / 3))
  return scored.filter((entry) => entry.score <= threshold).sort((a, b) => a.score - b.score).slice(0, limit).map((entry) => entry.name)
}

export function modelSuggestions(query: string): string[] {
  const ids = [...LANGUAGE_MODELS.flatMap((model) => [model.id, ...(model.ollama ?? []).map((tag) => tag.tag)]),
    ...IMAGE_MODELS.map((model) => model.id)]
  return closeMatches(query, ids)
}

export function findDevice(query: string): DeviceSpec | undefined {
  const byName = DEVICE_SPECS.find((device) => normalize(device.name) === normalize(query))
  return byName ?? DEVICE_SPECS.find((device) => device.pattern.test(query))
}

export function deviceSuggestions(query: string): string[] {
  return closeMatches(query, DEVICE_SPECS.map((device) => device.name))
}
