import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {catalogRepos, configArch, hubDrift, refreshHub, type HubFile} from '../../scripts/hub-refresh-lib.js'
import {findModel} from '../../src/lib/catalog/lookup.js'
import {languageModels} from '../../src/lib/catalog/models.js'
import {serve} from '../helpers/server.js'

const get = async (url: string) => {
  const response = await fetch(url)
  return {status: response.status, json: await response.json().catch(() => null)}
}

describe('catalog:refresh reads the Hugging Face repositories the catalog names (against a loopback Hub)', () => {
  it('each repository: whether it exists, how the Hub spells it, its GGUF files, the architecture in its config.json', async () => {
    const hub = await serve({
      'GET /api/models/Qwen/Qwen3-8B-GGUF': {
        body: JSON.stringify({
          id: 'Qwen/Qwen3-8B-GGUF',
          siblings: [{rfilename: 'README.md'}, {rfilename: 'Qwen3-8B-Q4_K_M.gguf'}, {rfilename: 'Qwen3-8B-Q8_0.gguf'}],
        }),
      },
      'GET /api/models/Qwen/Qwen3-8B-AWQ': {
        body: JSON.stringify({id: 'Qwen/Qwen3-8B-AWQ', siblings: [{rfilename: 'config.json'}, {rfilename: 'model.safetensors'}]}),
      },
      'GET /Qwen/Qwen3-8B-AWQ/resolve/main/config.json': {
        body: JSON.stringify({num_hidden_layers: 36, num_attention_heads: 32, num_key_value_heads: 8, head_dim: 128, hidden_size: 4096}),
      },
      'GET /api/models/meta-llama/Llama-3.1-8B-Instruct': {status: 401, body: '{"error":"gated"}'},
      'GET /api/models/nobody/gone': {status: 404, body: '{"error":"Repository not found"}'},
    })
    const previous: HubFile = {fetchedAt: null, endpoint: hub.url, repos: {}}
    const {file, failed} = await refreshHub(
      ['Qwen/Qwen3-8B-GGUF', 'Qwen/Qwen3-8B-AWQ', 'meta-llama/Llama-3.1-8B-Instruct', 'nobody/gone'],
      previous,
      get,
      new Date('2026-12-01T10:00:00Z'),
    )
    expect(failed).toEqual([])
    expect(file.fetchedAt).toBe('2026-12-01')
    expect(file.repos).toEqual({
      'Qwen/Qwen3-8B-AWQ': {id: 'Qwen/Qwen3-8B-AWQ', ggufFiles: [], arch: {layers: 36, kvHeads: 8, headDim: 128}},
      'Qwen/Qwen3-8B-GGUF': {id: 'Qwen/Qwen3-8B-GGUF', ggufFiles: ['Qwen3-8B-Q4_K_M.gguf', 'Qwen3-8B-Q8_0.gguf']},
      'meta-llama/Llama-3.1-8B-Instruct': {gated: true},
      'nobody/gone': {missing: true},
    })
  })

  it('names what the Hub contradicts: a missing or respelt repository, a GGUF quantization with no file, other architecture numbers', () => {
    const qwen = findModel('qwen3:8b')!.model
    const awq = qwen.vllm!.find((checkpoint) => checkpoint.quant === 'AWQ')!.repo
    const file: HubFile = {
      fetchedAt: '2026-12-01',
      endpoint: 'https://huggingface.co',
      repos: {
        [qwen.gguf!]: {id: qwen.gguf!, ggufFiles: ['Qwen3-8B-Q4_K_M.gguf', 'Qwen3-8B-Q8_0.gguf']},
        [awq]: {id: awq, ggufFiles: [], arch: {layers: qwen.arch.layers, kvHeads: qwen.arch.kvHeads, headDim: qwen.arch.headDim}},
      },
    }
    expect(hubDrift([qwen], file)).toEqual([])
    file.repos[qwen.gguf!] = {id: qwen.gguf!.toLowerCase(), ggufFiles: ['Qwen3-8B-Q4_K_M.gguf']}
    file.repos[awq] = {id: awq, ggufFiles: [], arch: {layers: qwen.arch.layers + 4, kvHeads: qwen.arch.kvHeads, headDim: qwen.arch.headDim}}
    expect(hubDrift([qwen], file)).toEqual([
      {model: 'qwen3:8b', repo: qwen.gguf, problem: `the Hub spells it ${qwen.gguf!.toLowerCase()}`},
      {model: 'qwen3:8b', repo: qwen.gguf, problem: `has no Q8_0 GGUF file (llama-server -hf ${qwen.gguf}:Q8_0 would fail)`},
      {model: 'qwen3:8b', repo: awq, problem: `config.json gives layers ${qwen.arch.layers + 4}, the catalog ${qwen.arch.layers}`},
    ])
    file.repos[awq] = {missing: true}
    expect(hubDrift([qwen], file)).toContainEqual({model: 'qwen3:8b', repo: awq, problem: 'does not exist on the Hub (HTTP 404)'})
  })

  it('config.json as transformers reads it: text_config for a multimodal model, head_dim else hidden / heads', () => {
    const multimodal = {text_config: {num_hidden_layers: 34, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256}}
    expect(configArch(multimodal)).toEqual({layers: 34, kvHeads: 4, headDim: 256})
    expect(configArch({num_hidden_layers: 32, num_attention_heads: 32, hidden_size: 4096})).toEqual({layers: 32, kvHeads: 32, headDim: 128})
    expect(configArch({model_type: 'unknown'})).toBeUndefined()
  })

  it('every GGUF repository and vLLM checkpoint the catalog names is read, once; the committed file agrees with the catalog', () => {
    const repos = catalogRepos(languageModels())
    expect(repos).toContain('Qwen/Qwen3-8B-GGUF')
    expect(new Set(repos).size).toBe(repos.length)
    const committed = JSON.parse(readFileSync(new URL('../../src/lib/catalog/hf-repos.json', import.meta.url), 'utf8')) as HubFile
    expect(committed.endpoint).toBe('https://huggingface.co')
    expect(hubDrift(languageModels(), committed)).toEqual([])
  })
})
