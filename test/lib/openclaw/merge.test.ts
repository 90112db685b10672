import {describe, expect, it} from 'vitest'

import {modelEntry, providerTarget, type ModelFacts} from '../../../src/lib/openclaw/blocks.js'
import {editDocument, parseDocument, type Json} from '../../../src/lib/openclaw/document.js'
import {planMerge, type Strategy} from '../../../src/lib/openclaw/merge.js'
import {ollama} from '../../../src/lib/runtimes/ollama.js'
import {runtimeById} from '../../../src/lib/runtimes/registry.js'

const qwen: ModelFacts = {id: 'qwen3:8b', name: 'Qwen3 8B', contextWindow: 40960, contextTokens: 32768, maxTokens: 8192, reasoning: true, vision: false, tools: true}
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
      models: {mode: 'merge', providers: {ollama: {baseUrl: 'http://127.0.0.1:11434', api: 'ollama', apiKey: 'ollama-local', timeoutSeconds: 300, models: [{
        id: 'qwen3:8b', name: 'Qwen3 8B', reasoning: true, input: ['text'], cost: {input: 0, output: 0, cacheRead: 0, cacheWrite: 0},
        contextWindow: 40960, contextTokens: 32768, maxTokens: 8192, params: {num_ctx: 32768}, compat: {supportsTools: true},
      }]}}},
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
    const broken = {models: {providers: {ollama: {
      baseUrl: 'http://localhost:11434', api: 'openai-completions', apiKey: '${OLLAMA_KEY}', timeoutSeconds: 900,
      models: [{id: 'llama3.2:3b', name: 'mine', params: {keep_alive: '1h'}}, {id: 'qwen3:8b', name: 'My Qwen', params: {num_ctx: 8192, keep_alive: '15m'}}],
    }}}}
    const {value, plan} = merged(broken)
    const provider = value.models.providers.ollama
    expect(provider).toMatchObject({baseUrl: 'http://127.0.0.1:11434', api: 'ollama', apiKey: '${OLLAMA_KEY}', timeoutSeconds: 900})
    expect(provider.models[0]).toEqual(broken.models.providers.ollama.models[0])
    // num_ctx follows contextTokens (OpenClaw sends it instead); the user's other params stay.
    expect(provider.models[1]).toMatchObject({id: 'qwen3:8b', name: 'My Qwen', params: {num_ctx: 32768, keep_alive: '15m'}, contextTokens: 32768})
    expect(plan.changes.map((change) => change.path)).toEqual(expect.arrayContaining(['models.providers.ollama.api']))
  })

  it('an existing provider without a timeout gets the local default; only Ollama entries carry num_ctx', () => {
    const {value, plan} = merged({models: {providers: {ollama: {baseUrl: 'http://127.0.0.1:11434', api: 'ollama', apiKey: 'ollama-local', models: []}}}})
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
    const theirs = {models: {providers: {ollama: {baseUrl: 'http://127.0.0.1:11434', api: 'ollama', apiKey: 'ollama-local', timeoutSeconds: 120, models: []}}}}
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
    const withKey = (apiKey: string) => ({models: {providers: {lmstudio: {baseUrl: 'http://127.0.0.1:1234/v1', api: 'openai-responses', apiKey, models: []}}}}) as Json
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
    expect(merged({agents: {defaults: {modelPolicy: {allow: ['openai/gpt-5']}}}}).value.agents.defaults.modelPolicy.allow).toEqual(['openai/gpt-5', 'ollama/qwen3:8b'])
    expect(merged({agents: {defaults: {modelPolicy: {allow: []}}}}).value.agents.defaults.modelPolicy.allow).toEqual([])
  })

  it('turns a string model setting into primary + fallbacks', () => {
    expect(merged({agents: {defaults: {model: 'anthropic/claude-opus-4-7'}}}).value.agents.defaults.model).toEqual({primary: 'ollama/qwen3:8b', fallbacks: ['anthropic/claude-opus-4-7']})
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

  it('refuses to edit through $include instead of flattening it', () => {
    expect(() => planMerge({models: {$include: './models.json5'}}, {target: local, model: qwen, strategy: 'local-first', fresh: false}))
      .toThrow(/models is loaded from "\.\/models\.json5" with \$include/)
  })

  it('warns about an existing config without gateway.mode, and leaves it to the user', () => {
    const {plan, value} = merged({agents: {}})
    expect(value.gateway).toBeUndefined()
    expect(plan.warnings.join()).toMatch(/openclaw config set gateway.mode local/)
  })
})
