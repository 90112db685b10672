import {describe, expect, it} from 'vitest'

import {modelEntry, providerTarget, type ModelFacts} from '../../../src/lib/openclaw/blocks.js'
import {editDocument, parseDocument, type Json} from '../../../src/lib/openclaw/document.js'
import {planMerge} from '../../../src/lib/openclaw/merge.js'
import type {Strategy} from '../../../src/lib/openclaw/strategy.js'
import {ollama} from '../../../src/lib/runtimes/ollama.js'
import {runtimeById} from '../../../src/lib/runtimes/registry.js'

const qwen: ModelFacts = {
  id: 'qwen3:8b',
  name: 'Qwen3 8B',
  contextWindow: 40960,
  contextTokens: 32768,
  maxTokens: 8192,
  reasoning: true,
  vision: false,
  tools: true,
}
const local = providerTarget(ollama, 'http://127.0.0.1:11434').target

/** Plans, applies, and returns the resulting config value. */
function merged(input: object, strategy: Strategy = 'local-first', target = local, fresh = false) {
  const config = input as Json
  const text = JSON.stringify(config, null, 2)
  const plan = planMerge(config, {target, model: qwen, strategy, fresh})
  return {plan, value: parseDocument(editDocument(text, plan.operations, 'f').text, 'f').value as Record<string, any>}
}

const hosted = {
  models: {providers: {anthropic: {apiKey: '${ANTHROPIC_API_KEY}'}}},
  agents: {defaults: {model: {primary: 'anthropic/claude-opus-4-7', fallbacks: ['openai/gpt-5']}}, list: [{id: 'main'}]},
  channels: {telegram: {enabled: true}},
  gateway: {mode: 'local', port: 18789},
}

describe('merge', () => {
  it('a fresh config gets the provider, routing, alias, modelPolicy and gateway.mode', () => {
    const {value} = merged({}, 'local-first', local, true)
    expect(value).toEqual({
      models: {
        mode: 'merge',
        providers: {
          ollama: {
            baseUrl: 'http://127.0.0.1:11434',
            api: 'ollama',
            apiKey: 'ollama-local',
            timeoutSeconds: 300,
            models: [
              {
                id: 'qwen3:8b',
                name: 'Qwen3 8B',
                reasoning: true,
                input: ['text'],
                cost: {input: 0, output: 0, cacheRead: 0, cacheWrite: 0},
                contextWindow: 40960,
                contextTokens: 32768,
                maxTokens: 8192,
                params: {num_ctx: 32768},
                compat: {supportsTools: true},
              },
            ],
          },
        },
      },
      agents: {defaults: {model: {primary: 'ollama/qwen3:8b'}, models: {'ollama/qwen3:8b': {alias: 'local'}}, modelPolicy: {allow: []}}},
      gateway: {mode: 'local'},
    })
  })

  it.each([
    ['local-first', 'ollama/qwen3:8b', ['anthropic/claude-opus-4-7', 'openai/gpt-5']],
    ['local-fallback', 'anthropic/claude-opus-4-7', ['openai/gpt-5', 'ollama/qwen3:8b']],
    ['local-only', 'ollama/qwen3:8b', []],
  ] as const)('%s: primary %s, fallbacks %j', (strategy, primary, fallbacks) => {
    const {value} = merged(hosted, strategy)
    expect(value.agents.defaults.model).toEqual({primary, fallbacks})
  })

  it('touches nothing it does not own', () => {
    const {value} = merged(hosted)
    expect(value.models.providers.anthropic).toEqual(hosted.models.providers.anthropic)
    expect(value.agents.list).toEqual(hosted.agents.list)
    expect(value.channels).toEqual(hosted.channels)
    expect(value.gateway).toEqual(hosted.gateway)
  })

  it('running it on its own result plans nothing', () => {
    for (const strategy of ['local-first', 'local-fallback', 'local-only'] as const) {
      const {value} = merged(hosted, strategy)
      expect(planMerge(value, {target: local, model: qwen, strategy, fresh: false}).operations, strategy).toEqual([])
    }
  })

  it('repairs an Ollama block written the broken way, keeping the user\'s other models, key and timeout', () => {
    const broken = {
      models: {
        providers: {
          ollama: {
            baseUrl: 'http://localhost:11434',
            api: 'openai-completions',
            apiKey: '${OLLAMA_KEY}',
            timeoutSeconds: 900,
            models: [
              {id: 'llama3.2:3b', name: 'mine', params: {keep_alive: '1h'}},
              {id: 'qwen3:8b', name: 'My Qwen', params: {num_ctx: 8192, keep_alive: '15m'}},
            ],
          },
        },
      },
    }
    const {value, plan} = merged(broken)
    const provider = value.models.providers.ollama
    expect(provider).toMatchObject({baseUrl: 'http://127.0.0.1:11434', api: 'ollama', apiKey: '${OLLAMA_KEY}', timeoutSeconds: 900})
    expect(provider.models[0]).toEqual(broken.models.providers.ollama.models[0])
    // num_ctx follows contextTokens (OpenClaw sends it instead); the user's other params stay.
    expect(provider.models[1]).toMatchObject({
      id: 'qwen3:8b',
      name: 'My Qwen',
      params: {num_ctx: 32768, keep_alive: '15m'},
      contextTokens: 32768,
    })
    expect(plan.changes.map((change) => change.path)).toEqual(expect.arrayContaining(['models.providers.ollama.api']))
  })

  it('an existing provider without a timeout gets the local default; only Ollama entries carry num_ctx', () => {
    const {value, plan} = merged({
      models: {providers: {ollama: {baseUrl: 'http://127.0.0.1:11434', api: 'ollama', apiKey: 'ollama-local', models: []}}},
    })
    expect(value.models.providers.ollama.timeoutSeconds).toBe(300)
    expect(plan.changes).toContainEqual(expect.objectContaining({kind: '+', path: 'models.providers.ollama.timeoutSeconds'}))
    const vllm = providerTarget(runtimeById('vllm')!, 'http://127.0.0.1:8000/v1').target
    expect(modelEntry(vllm, {...qwen, id: 'Qwen/Qwen3-8B-FP8'})).not.toHaveProperty('params')
  })

  it('writes the timeout estimated for this machine, and keeps one the user set', () => {
    const planned = (config: object) => {
      const plan = planMerge(config as Json, {target: local, model: qwen, strategy: 'local-first', fresh: false, timeoutSeconds: 900})
      return {plan, value: parseDocument(editDocument(JSON.stringify(config), plan.operations, 'f').text, 'f').value as Record<string, any>}
    }
    expect(planned({}).value.models.providers.ollama.timeoutSeconds).toBe(900)
    expect(merged({}).value.models.providers.ollama.timeoutSeconds).toBe(300)
    const theirs = {
      models: {
        providers: {ollama: {baseUrl: 'http://127.0.0.1:11434', api: 'ollama', apiKey: 'ollama-local', timeoutSeconds: 120, models: []}},
      },
    }
    expect(planned(theirs).value.models.providers.ollama.timeoutSeconds).toBe(120)
  })

  it('a Qwen3 reasoning model on vLLM gets the thinking format OpenClaw documents; other runtimes and families do not', () => {
    const vllm = providerTarget(runtimeById('vllm')!, 'http://127.0.0.1:8000/v1').target
    expect(modelEntry(vllm, {...qwen, family: 'qwen3'}).compat).toMatchObject({thinkingFormat: 'qwen-chat-template'})
    expect(modelEntry(vllm, {...qwen, family: 'qwen3', reasoning: false}).compat).not.toHaveProperty('thinkingFormat')
    expect(modelEntry(vllm, {...qwen, family: 'llama3.1'}).compat).not.toHaveProperty('thinkingFormat')
    expect(modelEntry(local, {...qwen, family: 'qwen3'}).compat).not.toHaveProperty('thinkingFormat')
  })

  it('replaces a key marker an earlier localclaw wrote that OpenClaw refuses, and keeps a key the user set', () => {
    const lmstudio = providerTarget(runtimeById('lmstudio')!, 'http://127.0.0.1:1234/v1').target
    const model = {...qwen, id: 'qwen/qwen3-8b'}
    const withKey = (apiKey: string) =>
      ({models: {providers: {lmstudio: {baseUrl: 'http://127.0.0.1:1234/v1', api: 'openai-responses', apiKey, models: []}}}}) as Json
    const stale = planMerge(withKey('lmstudio-local'), {target: lmstudio, model, strategy: 'local-first', fresh: false})
    expect(stale.changes).toContainEqual(expect.objectContaining({kind: '~', path: 'models.providers.lmstudio.apiKey'}))
    const mine = planMerge(withKey('${LM_API_TOKEN}'), {target: lmstudio, model, strategy: 'local-first', fresh: false})
    expect(mine.changes.map((change) => change.path)).not.toContain('models.providers.lmstudio.apiKey')
  })

  it('keeps what a legacy allowlist allowed when it adds modelPolicy', () => {
    const {value} = merged({agents: {defaults: {models: {'anthropic/claude-opus-4-7': {alias: 'opus'}}}}})
    expect(value.agents.defaults.modelPolicy).toEqual({allow: ['anthropic/claude-opus-4-7', 'ollama/qwen3:8b']})
  })

  it('adds its ref to an explicit allow list, and leaves an empty one (any model) alone', () => {
    expect(merged({agents: {defaults: {modelPolicy: {allow: ['openai/gpt-5']}}}}).value.agents.defaults.modelPolicy.allow).toEqual([
      'openai/gpt-5',
      'ollama/qwen3:8b',
    ])
    expect(merged({agents: {defaults: {modelPolicy: {allow: []}}}}).value.agents.defaults.modelPolicy.allow).toEqual([])
  })

  it('turns a string model setting into primary + fallbacks', () => {
    expect(merged({agents: {defaults: {model: 'anthropic/claude-opus-4-7'}}}).value.agents.defaults.model).toEqual({
      primary: 'ollama/qwen3:8b',
      fallbacks: ['anthropic/claude-opus-4-7'],
    })
  })

  it('gives another machine its own provider id and alias, so two machines coexist', () => {
    const gpubox = providerTarget(ollama, 'http://127.0.0.1:11434', {url: 'http://gpubox.tail1234.ts.net:11434'}).target
    const other = providerTarget(ollama, 'http://127.0.0.1:11434', {url: 'http://100.88.88.88:11434/v1'})
    expect(gpubox).toMatchObject({providerId: 'ollama-gpubox', baseUrl: 'http://gpubox.tail1234.ts.net:11434', remote: true})
    expect(other.target).toMatchObject({providerId: 'ollama-100-88-88-88', baseUrl: 'http://100.88.88.88:11434'})
    expect(other.warnings[0]).toMatch(/\/v1 was dropped/)
    const first = merged({}, 'local-first', gpubox).value
    const both = merged(first, 'local-fallback', other.target).value
    expect(Object.keys(both.models.providers)).toEqual(['ollama-gpubox', 'ollama-100-88-88-88'])
    expect(both.agents.defaults.model).toEqual({primary: 'ollama-gpubox/qwen3:8b', fallbacks: ['ollama-100-88-88-88/qwen3:8b']})
  })

  describe('refuses to edit through $include instead of flattening it', () => {
    const plan = (config: object) => () => planMerge(config as Json, {target: local, model: qwen, strategy: 'local-first', fresh: false})
    const ollamaBlock = {baseUrl: 'http://127.0.0.1:11434', api: 'ollama', apiKey: 'ollama-local'}
    it.each<[string, object, RegExp]>([
      ['on an ancestor', {models: {$include: './models.json5'}}, /^models is loaded from "\.\/models\.json5" with \$include/],
      ['at the root', {$include: './base.json5'}, /^the root is loaded from/],
      [
        'as the provider\'s models',
        {models: {providers: {ollama: {...ollamaBlock, models: {$include: './ollama-models.json5'}}}}},
        /^models\.providers\.ollama\.models is loaded from "\.\/ollama-models\.json5"/,
      ],
      [
        'as a model entry in the array',
        {models: {providers: {ollama: {...ollamaBlock, models: [{id: 'a', name: 'a'}, {$include: './b.json5'}]}}}},
        /^models\.providers\.ollama\.models\[1\] \(an item of the array models\.providers\.ollama\.models\) is loaded from "\.\/b\.json5"/,
      ],
      [
        'in a model entry\'s field',
        {models: {providers: {ollama: {...ollamaBlock, models: [{id: 'qwen3:8b', name: 'q', params: {$include: './params.json5'}}]}}}},
        /^models\.providers\.ollama\.models\[0\]\.params is loaded/,
      ],
      [
        'as the fallbacks',
        {agents: {defaults: {model: {primary: 'anthropic/claude-opus-4-7', fallbacks: {$include: './fallbacks.json5'}}}}},
        /^agents\.defaults\.model\.fallbacks is loaded/,
      ],
      [
        'as an array of files on the aliases',
        {agents: {defaults: {models: {$include: ['./a.json5', './b.json5']}}}},
        /^agents\.defaults\.models is loaded from \["\.\/a\.json5","\.\/b\.json5"\]/,
      ],
      [
        'as the model policy',
        {agents: {defaults: {modelPolicy: {$include: './policy.json5'}}}},
        /^agents\.defaults\.modelPolicy is loaded/,
      ],
    ])('%s', (_, config, message) => {
      expect(plan(config)).toThrow(message)
      expect(plan(config)).toThrow(/writing it here would flatten the include\. Nothing was written/)
    })

    it('an include elsewhere (channels, another provider) is left alone', () => {
      expect(
        merged({channels: {$include: './channels.json5'}, models: {providers: {anthropic: {$include: './anthropic.json5'}}}}).value.models
          .providers.ollama,
      ).toBeDefined()
    })
  })

  describe('refuses a value of the wrong type instead of replacing it', () => {
    const plan = (config: object) => () => planMerge(config as Json, {target: local, model: qwen, strategy: 'local-first', fresh: false})
    it.each<[string, object, RegExp]>([
      [
        'fallbacks as a string',
        {agents: {defaults: {model: {primary: 'anthropic/claude-opus-4-7', fallbacks: 'openai/gpt-5'}}}},
        /^agents\.defaults\.model\.fallbacks is a string \("openai\/gpt-5"\), where OpenClaw expects an array of strings; localclaw will not replace it/,
      ],
      ['providers as an array', {models: {providers: [{id: 'ollama'}]}}, /^models\.providers is an array .* expects an object/],
      [
        'a provider\'s models as a string',
        {models: {providers: {ollama: {baseUrl: 'http://127.0.0.1:11434', models: 'qwen3:8b'}}}},
        /^models\.providers\.ollama\.models is a string .* expects an array/,
      ],
      ['the provider as a string', {models: {providers: {ollama: 'http://127.0.0.1:11434'}}}, /^models\.providers\.ollama is a string/],
      [
        'a model entry that is not an object',
        {models: {providers: {ollama: {baseUrl: 'http://127.0.0.1:11434', models: ['qwen3:8b']}}}},
        /^models\.providers\.ollama\.models\[0\] is a string/,
      ],
      [
        'the model setting as a number',
        {agents: {defaults: {model: 3}}},
        /^agents\.defaults\.model is a number .* expects a string or an object/,
      ],
    ])('%s', (_, config, message) => {
      expect(plan(config)).toThrow(message)
    })

    it('a shape OpenClaw accepts is kept as it is: the model setting as a string', () => {
      expect(merged({agents: {defaults: {model: 'anthropic/claude-opus-4-7'}}}).value.agents.defaults.model).toEqual({
        primary: 'ollama/qwen3:8b',
        fallbacks: ['anthropic/claude-opus-4-7'],
      })
    })
  })

  describe('provider ids and URLs', () => {
    it.each(['anthropic', 'openai', 'ollama-cloud', 'lmstudio'])(
      'refuses OpenClaw\'s own provider id %s for a local Ollama block',
      (providerId) => {
        expect(() => providerTarget(ollama, 'http://127.0.0.1:11434', {providerId})).toThrow(
          new RegExp(
            `"${providerId}" is one of OpenClaw's own provider ids: a block for Ollama there would send every ${providerId}/\\.\\.\\. model ref`,
          ),
        )
      },
    )

    it('a host named like a hosted service does not become one by default (ollama-cloud from http://cloud:11434)', () => {
      expect(() => providerTarget(ollama, 'http://127.0.0.1:11434', {url: 'http://cloud:11434'})).toThrow(
        /"ollama-cloud" is one of OpenClaw's own provider ids/,
      )
    })

    it('keeps the runtime\'s own id and any name of the user\'s', () => {
      expect(providerTarget(runtimeById('vllm')!, 'http://127.0.0.1:8000/v1', {providerId: 'vllm'}).target.providerId).toBe('vllm')
      expect(providerTarget(ollama, 'http://127.0.0.1:11434', {providerId: 'my-ollama'}).target.providerId).toBe('my-ollama')
    })

    it.each(['ftp://gpubox:21', 'file:///tmp/x'])('refuses a URL that is not http(s): %s', (url) => {
      expect(() => providerTarget(ollama, 'http://127.0.0.1:11434', {url})).toThrow(/is not an http\(s\) URL/)
    })
  })

  it('warns about an existing config without gateway.mode, and leaves it to the user', () => {
    const {plan, value} = merged({agents: {}})
    expect(value.gateway).toBeUndefined()
    expect(plan.warnings.join()).toMatch(/openclaw config set gateway.mode local/)
  })
})
