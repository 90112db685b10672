import {closeMatches, normalizeName as normalize} from '../names.js'
import {IMAGE_MODELS} from './images.js'
import {OLLAMA_LATEST} from './latest.js'
import {languageModels} from './models.js'
import type {ImageModel, LanguageModel, OllamaTag} from './types.js'

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
  for (const model of languageModels()) {
    const tag = model.ollama?.find((candidate) => normalize(candidate.tag) === withLatest)
    if (tag) return {model, tag}
    if (namesOf(model).some((name) => normalize(name) === withLatest)) return {model}
  }
  // A bare family, as Ollama resolves it: qwen3 and qwen3:latest are the tag :latest points at.
  const latest = withLatest.includes(':')
    ? undefined
    : Object.entries(OLLAMA_LATEST).find(([family]) => normalize(family) === withLatest)?.[1]
  const match = latest && latest !== query ? findModel(latest) : undefined
  return match ? {model: match.model, alias: query} : undefined
}

export function findImageModel(query: string): ImageModel | undefined {
  const wanted = normalize(query)
  return IMAGE_MODELS.find((model) => [model.id, model.name, model.repo].some((name) => normalize(name) === wanted))
}

export function modelSuggestions(query: string): string[] {
  const ids = [...languageModels().flatMap((model) => [model.id, ...(model.ollama ?? []).map((tag) => tag.tag)]),
    ...IMAGE_MODELS.map((model) => model.id)]
  return closeMatches(query, ids)
}
