import {describe, expect, it} from 'vitest'

import {languageModels} from '../../../src/lib/catalog/models.js'
import {recommendModels} from '../../../src/lib/catalog/recommend.js'
import {hypotheticalMachine} from '../../../src/lib/catalog/target.js'
import {fixture} from '../../helpers/fixtures.js'
import {planning} from '../../helpers/planning.js'

interface HfEntry {
  name: string
  parameters_raw?: number | null
  num_hidden_layers?: number | null
  num_key_value_heads?: number | null
  hidden_size?: number | null
  vocab_size?: number | null
}

/** The catalog's BF16 repositories as the Hugging Face snapshot records them (fixtures README: catalog/). */
const HF = new Map(
  (JSON.parse(fixture('catalog/hf-model-configs-2026-05-12.subset.json')) as HfEntry[]).map((entry) => [entry.name, entry]),
)

/** Where the snapshot is wrong, not the catalog (catalog-sources README: scraper errors), with why. */
const SNAPSHOT_ERRORS: Record<string, string> = {
  'microsoft/phi-4': 'parameters rounded to 14.000 B by the scraper; the model card says 14.7 B',
  'zai-org/GLM-4.5-Air':
    'parameters count the MTP layer (110.5 B); Z.ai documents 106 B total, and the MTP layer is not loaded for decoding',
  'THUDM/glm-4-9b-chat': 'KV heads read 32; its config says multi_query_group_num 2',
}

describe('catalog facts against their sources', () => {
  const checked = languageModels().flatMap((model) =>
    (model.vllm ?? [])
      .filter((checkpoint) => checkpoint.quant === 'BF16')
      .map((checkpoint) => ({model, repo: checkpoint.repo, hf: HF.get(checkpoint.repo)})),
  ).filter((entry): entry is typeof entry & {hf: HfEntry} => entry.hf !== undefined && !(entry.repo in SNAPSHOT_ERRORS))

  it('covers most of the catalog', () => {
    expect(checked.length).toBeGreaterThanOrEqual(35)
  })

  it('parameters within 3% of the Hugging Face count (qwen3:0.6b has 0.75 B, not 0.6)', () => {
    const off = checked.filter(({model,
      hf}) => hf.parameters_raw && Math.abs(model.paramsB - hf.parameters_raw / 1e9) / (hf.parameters_raw / 1e9) > 0.03)
      .map(({model, hf}) => `${model.id}: ${model.paramsB} B, Hugging Face ${(hf.parameters_raw! / 1e9).toFixed(3)} B`)
    expect(off).toEqual([])
  })

  it('layers, KV heads, hidden size and vocabulary as config.json gives them', () => {
    const off = checked.flatMap(({model, hf}) =>
      (
        [
          ['layers', 'num_hidden_layers'],
          ['kvHeads', 'num_key_value_heads'],
          ['hidden', 'hidden_size'],
          ['vocab', 'vocab_size'],
        ] as const
      )
        .filter(([ours, theirs]) => hf[theirs] != null && model.arch[ours] !== undefined && hf[theirs] !== model.arch[ours])
        .map(([ours, theirs]) => `${model.id}.${ours}: ${model.arch[ours]}, config ${hf[theirs]}`),
    )
    expect(off).toEqual([])
  })
})

interface OllamaTagEntry {
  name: string
  context_window_num: number
  size_num: number | null
}

/**
 * The ollama.com library pages as scraped on 2026-07-15, for the tags the catalog names (an alias tag
 * that shares a digest is listed once).
 */
const OLLAMA_TAGS = new Map(
  Object.values(JSON.parse(fixture('catalog/ollama-library-tags-2026-07-15.subset.json')) as Record<string, Record<string, OllamaTagEntry>>)
    .flatMap((family) => Object.values(family))
    .map((entry) => [entry.name, entry]),
)

describe('catalog tags against the Ollama library', () => {
  const tags = languageModels().flatMap((model) => (model.ollama ?? []).map((tag) => ({model, tag, page: OLLAMA_TAGS.get(tag.tag)})))
    .filter((entry): entry is typeof entry & {page: OllamaTagEntry} => entry.page !== undefined)

  it('the context a tag is described with is the one the library lists for it (pages round 40,960 to "40K")', () => {
    expect(tags.length).toBeGreaterThanOrEqual(40)
    // qwen3:4b, :30b and :235b were re-pointed to the 256K 2507 builds: the April entries name the April tags.
    const off = tags.filter(({model, page}) => Math.abs(page.context_window_num - model.contextLength) / model.contextLength > 0.05)
      .map(({model, tag, page}) => `${model.id} (${tag.tag}): ${model.contextLength}, library ${page.context_window_num}`)
    expect(off).toEqual([])
  })

  it('download sizes within the library page\'s rounding', () => {
    const off = tags.filter(({tag, page}) => page.size_num && Math.abs(tag.sizeBytes - page.size_num) / page.size_num > 0.08)
      .map(({model, tag, page}) => `${model.id} (${tag.tag}): ${tag.sizeBytes}, library ${page.size_num}`)
    expect(off).toEqual([])
  })
})

describe('models that cannot call tools through OpenClaw are not offered to an agent', () => {
  it('deepseek-r1:8b (its Ollama tag has no tools: HTTP 400) and qwen2.5-coder (tool calls come back as text)', () => {
    const offered = recommendModels(hypotheticalMachine({gpuNames: ['RTX 4090'], ramGiB: 64}), planning({use: 'agent'})).recommended.map(
      (evaluation) => evaluation.model,
    )
    expect(offered.length).toBeGreaterThan(0)
    expect(offered.filter((id) => id === 'deepseek-r1:8b' || id.startsWith('qwen2.5-coder:'))).toEqual([])
  })
})
