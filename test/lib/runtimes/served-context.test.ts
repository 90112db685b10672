import {describe, expect, it} from 'vitest'

import {http} from '../../../src/lib/net/http.js'
import {llamacpp} from '../../../src/lib/runtimes/llamacpp.js'
import {lmstudio} from '../../../src/lib/runtimes/lmstudio.js'
import {ollama} from '../../../src/lib/runtimes/ollama.js'
import {servesModel} from '../../../src/lib/runtimes/runtime.js'
import {vllm} from '../../../src/lib/runtimes/vllm.js'
import {fixture} from '../../helpers/fixtures.js'
import {serve} from '../../helpers/server.js'

const GIB = 1024 ** 3

describe('the context each runtime really serves, from its recorded answers', () => {
  it('Ollama: /api/ps context_length of the loaded model, matched under its :latest name', async () => {
    const server = await serve({'GET /api/ps': {body: fixture('ollama/ps.json')}})
    expect(await ollama.servedContext(http, server.url, 'gemma4:latest', 1000)).toEqual({
      tokens: 4096,
      basis: 'loaded now with that context (/api/ps)',
    })
    expect(await ollama.servedContext(http, server.url, 'qwen3:8b', 1000)).toBeNull()
  })

  it('vLLM: max_model_len; llama.cpp: n_ctx from /props', async () => {
    const server = await serve({
      'GET /v1/models': {body: fixture('vllm/v1-models.COMPOSED.json')},
      'GET /props': {body: fixture('llamacpp/props.json')},
    })
    expect((await vllm.servedContext(http, server.url, 'facebook/opt-125m', 1000))?.tokens).toBe(2048)
    expect((await llamacpp.servedContext(http, server.url, 'any', 1000))?.tokens).toBe(1024)
  })

  it('LM Studio: the loaded instance\'s context_length from /api/v1/models (4096, though the model takes 32768); nothing for a model not loaded', async () => {
    const server = await serve({'GET /api/v1/models': {body: fixture('lmstudio/api-v1-models.json')}})
    expect(await lmstudio.servedContext(http, server.url, 'gemma-3-270m-it-qat', 1000)).toEqual({
      tokens: 4096,
      basis: 'loaded now with that context (/api/v1/models)',
    })
    expect(await lmstudio.servedContext(http, server.url, 'text-embedding-nomic-embed-text-v1.5-embedding', 1000)).toBeNull()
    expect(await lmstudio.servedContext(http, server.url, 'qwen/qwen3-8b', 1000)).toBeNull()
  })

  it('LM Studio before 0.4 (no /api/v1): it does not say', async () => {
    const server = await serve({})
    expect(await lmstudio.servedContext(http, server.url, 'gemma-3-270m-it-qat', 1000)).toBeNull()
  })

  it('each fix uses the runtime\'s own mechanism', () => {
    expect(vllm.contextFix('Qwen/Qwen3-8B-AWQ', 32768)).toBe(
      'vllm serve Qwen/Qwen3-8B-AWQ --max-model-len 32768 --enable-auto-tool-choice --tool-call-parser hermes --reasoning-parser qwen3',
    )
    expect(vllm.contextFix('my-org/finetune', 16384)).toBe('vllm serve my-org/finetune --max-model-len 16384')
    expect(llamacpp.contextFix('m', 32768)).toBe('restart llama-server with -c 32768')
    expect(ollama.contextFix('m', 32768)).toContain('OLLAMA_CONTEXT_LENGTH=32768')
    expect(lmstudio.contextFix('qwen/qwen3-8b', 32768)).toBe('lms load qwen/qwen3-8b --context-length 32768')
  })

  it('Ollama\'s default without num_ctx: the VRAM tiers (23/47 GiB in practice), its log line, its variable', () => {
    const defaults = ollama.requestContext!
    expect([0, 22.9 * GIB, 23.99 * GIB, 46.9 * GIB, 47.5 * GIB].map((vram) => defaults.byVram(vram).tokens)).toEqual([4096, 4096, 32768,
      32768, 262144])
    expect(defaults.fromLog('msg="vram-based default context" total_vram="11.0 GiB" default_num_ctx=4096\n... default_num_ctx=32768')).toBe(
      32768,
    )
    expect(defaults.fromLog(fixture('ollama/server-log-gpu-cuda-v0.6.log'))).toBeNull()
    expect(defaults.envVar).toBe('OLLAMA_CONTEXT_LENGTH')
    expect(vllm.requestContext).toBeUndefined()
  })

  it('model names: Ollama files a bare name under :latest, the others compare exactly', () => {
    expect(servesModel(ollama, ['llama3.2:latest'], 'llama3.2')).toBe(true)
    expect(servesModel(ollama, ['llama3.2'], 'llama3.2:latest')).toBe(true)
    expect(servesModel(ollama, ['llama3.2:3b'], 'llama3.2')).toBe(false)
    expect(servesModel(vllm, ['Qwen/Qwen3-8B'], 'Qwen/Qwen3-8B:latest')).toBe(false)
  })
})
