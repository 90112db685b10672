import {describe, expect, it} from 'vitest'

import {providerTarget} from '../../../src/lib/openclaw/blocks.js'
import {resolveFacts} from '../../../src/lib/openclaw/facts.js'
import {http} from '../../../src/lib/net/http.js'
import {llamacpp} from '../../../src/lib/runtimes/llamacpp.js'
import {lmstudio} from '../../../src/lib/runtimes/lmstudio.js'
import {ollama} from '../../../src/lib/runtimes/ollama.js'
import {vllm} from '../../../src/lib/runtimes/vllm.js'
import type {Runtime} from '../../../src/lib/runtimes/runtime.js'
import {fixture} from '../../helpers/fixtures.js'
import {closedPort, serve} from '../../helpers/server.js'

const at = (runtime: Runtime, url: string) => providerTarget(runtime, url, {url}).target

describe('model facts from the running runtime', () => {
  it('Ollama: context from /api/show model_info, capabilities from its list', async () => {
    // The recorded /api/tags lists deepseek-r1:latest; /api/show is the recorded gemma4 example.
    const tags = JSON.parse(fixture('ollama/tags.json'))
    tags.models.push({...tags.models[0], name: 'gemma4:e4b', model: 'gemma4:e4b'})
    const server = await serve({'GET /api/tags': {body: JSON.stringify(tags)}, 'POST /api/show': {body: fixture('ollama/show.json')}})
    const {facts, sources, served} = await resolveFacts({
      target: at(ollama, server.url),
      model: 'gemma4:e4b',
      http,
      timeoutMs: 1000,
      contextTokens: 32768,
    })
    expect(served).toContain('deepseek-r1:latest')
    expect(facts).toMatchObject({
      id: 'gemma4:e4b',
      contextWindow: 131072,
      vision: true,
      tools: false,
      reasoning: false,
      contextTokens: 32768,
    })
    expect(sources).toContain('context window from Ollama')
  })

  it('Ollama: a family name (qwen3, the :latest alias) stays as typed, the catalog\'s facts for the tag it points at', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`
    const {facts} = await resolveFacts({target: at(ollama, down), model: 'qwen3', http, timeoutMs: 500, contextTokens: 32768})
    // ollama pull qwen3 files it as qwen3:latest, not qwen3:8b: the config must name what Ollama serves.
    expect(facts).toMatchObject({id: 'qwen3', contextWindow: 40960})
  })

  it('LM Studio: /api/v0/models max_context_length and vlm type', async () => {
    const server = await serve({'GET /api/v0/models': {body: fixture('lmstudio/api-v0-models.json')}})
    const {facts} = await resolveFacts({target: at(lmstudio, server.url), model: 'qwen2-vl-7b-instruct', http, timeoutMs: 1000})
    expect(facts).toMatchObject({contextWindow: 32768, vision: true, contextTokens: 32768})
  })

  it('vLLM: max_model_len is the context the server runs with', async () => {
    const server = await serve({'GET /v1/models': {body: fixture('vllm/v1-models.COMPOSED.json')}})
    const {facts, warnings} = await resolveFacts({target: at(vllm, server.url), model: 'facebook/opt-125m', http, timeoutMs: 1000})
    expect(facts).toMatchObject({contextWindow: 2048, contextTokens: 2048})
    expect(warnings.join()).toMatch(/below the 16384 tokens OpenClaw needs/)
  })

  it('llama.cpp: n_ctx_train from /v1/models meta', async () => {
    const server = await serve({'GET /v1/models': {body: fixture('llamacpp/v1-models.json')}})
    const {facts} = await resolveFacts({
      target: at(llamacpp, server.url),
      model: '../models/Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf',
      http,
      timeoutMs: 1000,
    })
    expect(facts.contextWindow).toBe(131072)
  })

  it('says when the runtime lacks the model', async () => {
    const server = await serve({'GET /api/tags': {body: fixture('ollama/tags.json')}})
    const {warnings, facts} = await resolveFacts({target: at(ollama, server.url), model: 'qwen3:8b', http, timeoutMs: 1000})
    expect(warnings.join()).toMatch(/Ollama does not have qwen3:8b yet/)
    expect(facts.contextWindow).toBe(40960)
  })

  it('a catalog model the runtime cannot fetch: says so, with the runtimes that can, rather than "get it"', async () => {
    const server = await serve({'GET /api/tags': {body: fixture('ollama/tags-empty.json')}})
    const {warnings} = await resolveFacts({target: at(ollama, server.url), model: 'qwen3.8:27b', http, timeoutMs: 1000})
    expect(warnings.join('\n')).toMatch(/Ollama has no download of qwen3\.8:27b: .*--runtime llamacpp/)
    expect(warnings.join('\n')).not.toMatch(/does not have qwen3\.8:27b yet/)
    // Unless it serves one under that name (imported with ollama create): then it is what the config names.
    const tags = JSON.parse(fixture('ollama/tags.json'))
    tags.models.push({...tags.models[0], name: 'qwen3.8:27b', model: 'qwen3.8:27b'})
    const serving = await serve({'GET /api/tags': {body: JSON.stringify(tags)}, 'POST /api/show': {body: fixture('ollama/show.json')}})
    const served = await resolveFacts({target: at(ollama, serving.url), model: 'qwen3.8:27b', http, timeoutMs: 1000})
    expect(served.warnings.join('\n')).not.toMatch(/has no download/)
  })

  it('offline: the catalog, and a warning', async () => {
    const {facts, warnings} = await resolveFacts({
      target: at(ollama, `http://127.0.0.1:${await closedPort()}`),
      model: 'qwen3:8b',
      http,
      timeoutMs: 500,
    })
    expect(facts).toMatchObject({id: 'qwen3:8b', name: 'Qwen3 8B', contextWindow: 40960, tools: true, reasoning: true})
    expect(warnings[0]).toMatch(/did not answer/)
  })

  it('maps a catalog id to the identifier each runtime serves', async () => {
    const closed = `http://127.0.0.1:${await closedPort()}`
    const ids = await Promise.all(
      [ollama, lmstudio, vllm].map(
        async (runtime) => (await resolveFacts({target: at(runtime, closed), model: 'qwen3:8b', http, timeoutMs: 300})).facts.id,
      ),
    )
    expect(ids).toEqual(['qwen3:8b', 'qwen/qwen3-8b', 'Qwen/Qwen3-8B'])
  })
})
