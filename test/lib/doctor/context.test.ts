import {describe, expect, it} from 'vitest'

import {localProviders} from '../../../src/lib/doctor/context.js'
import {modelRefs} from '../../../src/lib/openclaw/shape.js'
import {RUNTIMES_AT_DEFAULTS} from '../../helpers/runtimes-down.js'
import {testSystem} from '../../helpers/system.js'

describe('local providers in an OpenClaw config', () => {
  const system = testSystem({env: RUNTIMES_AT_DEFAULTS})

  it('finds the runtime by provider id, by api "ollama", or by the port of the base URL; hosted providers are left out', () => {
    const providers = localProviders(
      {
        models: {
          providers: {
            ollama: {
              baseUrl: 'http://localhost:11434',
              api: 'ollama',
              models: [{id: 'qwen3:8b', name: 'q', contextTokens: 32768, params: {num_ctx: 16384}}],
            },
            'ollama-gpubox': {baseUrl: 'http://100.101.102.103:11434', api: 'ollama', apiKey: 'ollama-local', models: []},
            mine: {baseUrl: 'http://127.0.0.1:8000/v1', api: 'openai-completions', models: []},
            anthropic: {baseUrl: 'https://api.anthropic.com', models: []},
          },
        },
        agents: {defaults: {model: {primary: 'ollama/qwen3:8b', fallbacks: ['lmstudio/qwen/qwen3-8b', 'anthropic/claude']}}},
      },
      system,
    )
    expect(providers.map((provider) => [provider.providerId, provider.runtime.id, provider.remote, provider.atDefaultUrl])).toEqual([
      ['ollama', 'ollama', false, true],
      ['ollama-gpubox', 'ollama', true, false],
      ['mine', 'vllm', false, true],
      ['lmstudio', 'lmstudio', false, true],
    ])
    expect(providers[0]).toMatchObject({
      hasBlock: true,
      hasApiKey: false,
      models: [{id: 'qwen3:8b', contextTokens: 32768, numCtx: 16384, listed: true}],
    })
    // Referenced only: the built-in default URL, and the model from the ref.
    expect(providers[3]).toMatchObject({
      hasBlock: false,
      baseUrl: 'http://127.0.0.1:1234/v1',
      serverUrl: 'http://127.0.0.1:1234',
      models: [{id: 'qwen/qwen3-8b', listed: false}],
    })
  })

  it('reads refs as a string or as primary and fallbacks', () => {
    expect(modelRefs({agents: {defaults: {model: 'ollama/a'}}})).toEqual(['ollama/a'])
    expect(modelRefs({agents: {defaults: {model: {primary: 'x/a', fallbacks: ['y/b', 3]}}}})).toEqual(['x/a', 'y/b'])
    expect(modelRefs(null)).toEqual([])
  })
})
