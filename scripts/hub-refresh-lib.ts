// The Hugging Face half of `npm run catalog:refresh` (scripts/catalog-refresh.ts): for every repository
// the catalog names (GGUF repositories llama.cpp and LM Studio fetch from, vLLM checkpoints), whether it
// exists, how the Hub spells it, its GGUF file names, and the architecture its config.json gives; then
// every catalog entry those facts contradict. Apart from the script so the tests can drive it against a
// loopback Hub.
import type {LanguageModel} from '../src/lib/catalog/types.js'
import {ggufQuants} from '../src/lib/runtimes/runtime.js'
import {byKey, readEach, refreshedOn} from './refresh-reads.js'

export interface RepoFacts {
  /** The repository's id as the Hub spells it (the casing a download needs on a case-sensitive mirror). */
  id: string
  /** Its .gguf files, for the repositories llama.cpp and LM Studio fetch a quantization from. */
  ggufFiles: string[]
  /** From config.json (text_config for a multimodal model); absent where the Hub gave none. */
  arch?: {layers: number; kvHeads: number; headDim: number}
}

export type RepoEntry = RepoFacts | {missing: true} | {gated: true}

export interface HubFile {
  /** ISO date of the refresh; null before the first one. */
  fetchedAt: string | null
  endpoint: string
  repos: Record<string, RepoEntry>
}

/** A GET's status and parsed JSON body (null when the body was not JSON). */
export type HubGet = (url: string) => Promise<{status: number; json: unknown}>

/** The repositories the catalog names: its GGUF repositories and vLLM checkpoints, each once. */
export function catalogRepos(models: LanguageModel[]): string[] {
  const named = models.flatMap((model) => [...(model.gguf ? [model.gguf] : []), ...(model.vllm ?? []).map((checkpoint) => checkpoint.repo)])
  return [...new Set(named)].sort()
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined

/** The numbers that size a model's KV cache, as transformers reads them (head_dim, else hidden / heads). */
export function configArch(config: unknown): RepoFacts['arch'] | undefined {
  const outer = (config ?? {}) as Record<string, unknown>
  const text = (typeof outer.text_config === 'object' && outer.text_config !== null ? outer.text_config : outer) as Record<string, unknown>
  const layers = count(text.num_hidden_layers)
  const heads = count(text.num_attention_heads)
  const hidden = count(text.hidden_size)
  const headDim = count(text.head_dim) ?? (hidden && heads ? hidden / heads : undefined)
  const kvHeads = count(text.num_key_value_heads) ?? heads
  return layers && kvHeads && headDim ? {layers, kvHeads, headDim} : undefined
}

/** One repository: its model info (existence, casing, files), then its config.json. */
async function repoFacts(endpoint: string, repo: string, get: HubGet): Promise<RepoEntry> {
  const info = await get(`${endpoint}/api/models/${repo}`)
  if (info.status === 404) return {missing: true}
  if (info.status === 401 || info.status === 403) return {gated: true}
  if (info.status !== 200) throw new Error(`HTTP ${info.status} for ${repo}`)
  const body = (info.json ?? {}) as {id?: unknown; siblings?: Array<{rfilename?: unknown}>}
  const files = (body.siblings ?? []).map((file) => file.rfilename).filter((name): name is string => typeof name === 'string')
  const facts: RepoFacts = {
    id: typeof body.id === 'string' ? body.id : repo,
    ggufFiles: files.filter((name) => /\.gguf$/i.test(name)).sort(),
  }
  if (files.includes('config.json')) {
    const config = await get(`${endpoint}/${repo}/resolve/main/config.json`)
    const arch = config.status === 200 ? configArch(config.json) : undefined
    if (arch) facts.arch = arch
  }
  return facts
}

export interface HubRefresh {
  file: HubFile
  /** Repositories that could not be read, with why (kept as they were). */
  failed: Array<{repo: string; reason: string}>
}

/** Read every repository (a few at a time) into the previous file; one that could not be read keeps its entry. */
export async function refreshHub(repos: string[], previous: HubFile, get: HubGet, now: Date, concurrency = 4): Promise<HubRefresh> {
  const entries: Record<string, RepoEntry> = {...previous.repos}
  const reads = await readEach(repos, async (repo) => {
    entries[repo] = await repoFacts(previous.endpoint.replace(/\/+$/, ''), repo, get)
  }, concurrency)
  return {
    file: {fetchedAt: refreshedOn(reads, now, previous.fetchedAt), endpoint: previous.endpoint, repos: byKey(entries)},
    failed: reads.failed.map(({key, reason}) => ({repo: key, reason})),
  }
}

/** A catalog entry the Hub contradicts, in words a person can act on. */
export interface HubDrift {
  model: string
  repo: string
  problem: string
}

/**
 * Where the Hub contradicts the catalog: a repository that does not exist or is spelt otherwise, a GGUF
 * repository without a file for a quantization the catalog offers from it (llama-server -hf repo:QUANT
 * would fail), a checkpoint whose config.json gives other architecture numbers than the entry.
 */
export function hubDrift(models: LanguageModel[], file: HubFile): HubDrift[] {
  const drift: HubDrift[] = []
  for (const model of models) {
    const checkpoints = (model.vllm ?? []).map((checkpoint) => ({repo: checkpoint.repo, gguf: false}))
    const repos = [...(model.gguf ? [{repo: model.gguf, gguf: true}] : []), ...checkpoints]
    for (const {repo, gguf} of repos) {
      const entry = file.repos[repo]
      if (!entry || 'gated' in entry) continue
      if ('missing' in entry) {
        drift.push({model: model.id, repo, problem: 'does not exist on the Hub (HTTP 404)'})
        continue
      }
      if (entry.id !== repo) drift.push({model: model.id, repo, problem: `the Hub spells it ${entry.id}`})
      if (gguf) {
        for (const quant of ggufQuants(model)) {
          if (!entry.ggufFiles.some((name) => name.toLowerCase().includes(quant.toLowerCase()))) {
            drift.push({model: model.id, repo, problem: `has no ${quant} GGUF file (llama-server -hf ${repo}:${quant} would fail)`})
          }
        }
      }
      // Multi-head latent attention caches a latent, not heads x head size: config.json's heads say nothing of it.
      for (const field of model.arch.mla ? [] : ['layers', 'kvHeads', 'headDim'] as const) {
        const hub = entry.arch?.[field]
        if (hub !== undefined && hub !== model.arch[field])
          drift.push({model: model.id, repo, problem: `config.json gives ${field} ${hub}, the catalog ${model.arch[field]}`})
      }
    }
  }
  return drift
}
