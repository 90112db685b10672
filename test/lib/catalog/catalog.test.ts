import {describe, expect, it} from 'vitest'

import {IMAGE_MODELS} from '../../../src/lib/catalog/images.js'
import {findModel, modelSuggestions} from '../../../src/lib/catalog/lookup.js'
import {OLLAMA_LATEST} from '../../../src/lib/catalog/latest.js'
import {languageModels} from '../../../src/lib/catalog/models.js'
import {QUANTS} from '../../../src/lib/catalog/quants.js'
import {findDevice} from '../../../src/lib/hardware/device-lookup.js'
import {closeMatches} from '../../../src/lib/names.js'

describe('catalog data', () => {
  it('has at least 80 language models with unique ids', () => {
    expect(languageModels().length).toBeGreaterThanOrEqual(80)
    expect(new Set(languageModels().map((model) => model.id)).size).toBe(languageModels().length)
  })

  it('includes every model the seeds name', () => {
    for (const name of ['llama3.1:8b', 'llama3.2:1b', 'qwen2.5:1.5b', 'qwen2.5:7b', 'qwen2.5:14b', 'deepseek-r1:1.5b', 'deepseek-r1:7b',
      'deepseek-r1:8b', 'deepseek-r1:14b', 'deepseek-r1:32b', 'deepseek-r1:70b', 'codellama:7b', 'qwen1.5-moe-a2.7b', 'gpt-oss:20b',
      'gpt-oss:120b', 'minimax-m2.1', 'tinyllama:1.1b']) {
      expect(findModel(name), name).toBeDefined()
    }
    for (const name of ['z-image-turbo', 'flux.1-dev', 'sdxl', 'lumina-image-2.0', 'glm-image', 'hunyuanimage-3.0']) {
      expect(IMAGE_MODELS.some((model) => model.id === name), name).toBe(true)
    }
  })

  it('covers the families people run now', () => {
    for (const family of ['qwen3', 'qwen3-coder', 'gemma3', 'llama3.3', 'mistral-small', 'phi4', 'deepseek-v3', 'glm-4.5', 'kimi-k2',
      'gemma4', 'qwen3.5', 'qwen3.6', 'qwen3.8', 'qwen3-next', 'granite4', 'deepseek-v3.2', 'glm-4.7-flash', 'ministral-3', 'magistral']) {
      expect(languageModels().some((model) => model.family === family), family).toBe(true)
    }
  })

  it('the short Qwen3 tags are the 2507 builds Ollama serves under them now (256K), the April builds under their own tags', () => {
    for (const [tag, name] of [
      ['qwen3:4b', 'Qwen3 4B Thinking 2507'],
      ['qwen3:30b', 'Qwen3 30B-A3B Thinking 2507'],
      ['qwen3:235b', 'Qwen3 235B-A22B Thinking 2507'],
    ]) {
      expect(findModel(tag!)?.model, tag).toMatchObject({name, contextLength: 262144})
    }
    expect(findModel('qwen3:30b-a3b-q4_K_M')?.model).toMatchObject({name: 'Qwen3 30B-A3B (April 2025)', contextLength: 40960})
  })

  it('hybrid-attention families say so: their KV grows with a quarter of their layers', () => {
    for (const id of ['qwen3.5:9b', 'qwen3.6:35b', 'qwen3-next:80b', 'qwen3-coder-next']) {
      expect(findModel(id)?.model.arch.hybrid?.fullAttentionInterval, id).toBe(4)
    }
  })

  it.each(languageModels().map((model) => [model.id, model] as const))('%s is internally consistent', (_, model) => {
    expect(model.source.length).toBeGreaterThan(10)
    expect(model.arch.layers).toBeGreaterThan(0)
    expect(model.arch.kvHeads * model.arch.headDim).toBeGreaterThan(0)
    if (model.activeParamsB) expect(model.activeParamsB).toBeLessThan(model.paramsB)
    // A published download size cannot be smaller than 2 bits or larger than 17 bits per parameter.
    for (const tag of model.ollama ?? []) {
      const bitsPerWeight = (tag.sizeBytes * 8) / (model.paramsB * 1e9)
      expect(bitsPerWeight, tag.tag).toBeGreaterThan(2)
      expect(bitsPerWeight, tag.tag).toBeLessThan(17)
      expect(tag.tag).toMatch(/^[a-z0-9.-]+:[a-z0-9._-]+$/i)
      expect(QUANTS[tag.quant]).toBeDefined()
    }
    for (const repo of [model.gguf, ...(model.vllm ?? []).map((checkpoint) => checkpoint.repo)].filter(Boolean)) {
      expect(repo).toMatch(/^[\w.-]+\/[\w.-]+$/)
    }
    expect(Boolean(model.ollama?.length || model.gguf || model.vllm?.length), 'some runtime can fetch it').toBe(true)
  })

  it('stores Mixtral as the 46.7 B model it is, not as "7B" (peers recommended it on 24 GB cards)', () => {
    const mixtral = findModel('mixtral:8x7b')!.model
    expect(mixtral.paramsB).toBeGreaterThan(46)
    expect(mixtral.ollama![0]!.sizeBytes).toBeGreaterThan(24 * 1024 ** 3)
  })
})

describe('lookup', () => {
  it('finds a model by tag, quant tag, :latest, repository or name', () => {
    expect(findModel('qwen3:8b')?.model.id).toBe('qwen3:8b')
    expect(findModel('qwen3:8b-q8_0')?.tag?.quant).toBe('Q8_0')
    expect(findModel('Qwen/Qwen3-8B-AWQ')?.model.id).toBe('qwen3:8b')
    expect(findModel('openai/gpt-oss-20b')?.model.id).toBe('gpt-oss:20b')
    expect(findModel('Gemma 3 12B')?.model.id).toBe('gemma3:12b')
  })

  it('a bare family and <family>:latest resolve as Ollama resolves them: the tag :latest points at', () => {
    expect(findModel('qwen3')?.model.id).toBe('qwen3:8b')
    expect(findModel('llama3.2:latest')?.model.id).toBe('llama3.2:3b')
    expect(findModel('gemma4')?.model.id).toBe('gemma4:e4b')
    expect(findModel('qwen3.5:latest')?.model.id).toBe('qwen3.5:9b')
    // A tag the family does not have is still not invented from :latest.
    expect(findModel('qwen3:7b')).toBeUndefined()
    for (const [family, id] of Object.entries(OLLAMA_LATEST))
      expect(findModel(id)?.model.family === family || findModel(id)?.model.id.startsWith(family), `${family} -> ${id}`).toBe(true)
  })

  it('suggests close matches for a typo', () => {
    expect(modelSuggestions('llama3.1-8b')[0]).toBe('llama3.1:8b')
    expect(modelSuggestions('qwen3:7b')).toContain('qwen3:8b')
    expect(closeMatches('zzzzzz', ['qwen3:8b'])).toEqual([])
  })

  it('finds GPUs by marketing name as nvidia-smi prints it', () => {
    expect(findDevice('NVIDIA GeForce RTX 4090')?.vramGiB).toBe(24)
    expect(findDevice('RTX 4070 Ti SUPER')?.name).toBe('NVIDIA GeForce RTX 4070 Ti SUPER')
    expect(findDevice('NVIDIA A100-SXM4-80GB')?.bandwidthGBps).toBe(2039)
    expect(findDevice('NVIDIA A100 80GB PCIe')?.bandwidthGBps).toBe(1935)
    expect(findDevice('RTX 4095')).toBeUndefined()
  })
})
