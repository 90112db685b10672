import {getJson, answeredButNot, isRecord, notAnswering, openAiModels, ownedBy, type Runtime} from './runtime.js'

/**
 * llama.cpp's llama-server: GET /health is 200 {"status":"ok"} or 503 "Loading model"; /v1/models
 * says owned_by "llamacpp" (runtimes.md section 4). `--version` prints
 * "version: 0.4.1-dev (build 10991, commit 930e2fa59)" (older: "version: 4491 (c67cc983)") on stderr.
 */
export const llamacpp: Runtime = {
  id: 'llamacpp',
  name: 'llama.cpp',
  defaultPort: 8080,
  binaries: ['llama-server'],
  extraBinaryDirs: () => [],
  versionArgs: ['--version'],
  parseVersion: (output) => /version:\s*([^\n]+)/.exec(output)?.[1]?.trim() ?? null,
  defaultBaseUrl: () => 'http://127.0.0.1:8080',
  async identify(http, baseUrl, timeoutMs) {
    const health = await getJson(http, `${baseUrl}/health`, timeoutMs)
    if ('failure' in health) return notAnswering(baseUrl, health.failure)
    if (health.status === 503 && isRecord(health.json) && /loading model/i.test(JSON.stringify(health.json))) {
      return {url: baseUrl, answering: true, identified: true, version: null, detail: 'llama-server is loading its model'}
    }
    const models = await getJson(http, `${baseUrl}/v1/models`, timeoutMs)
    if (!('failure' in models) && ownedBy(models.json) === 'llamacpp') {
      return {url: baseUrl, answering: true, identified: true, version: null, detail: 'llama-server is running'}
    }
    return answeredButNot(baseUrl, 'llama-server', `GET /health -> HTTP ${health.status}`)
  },
  async listModels(http, baseUrl, timeoutMs) {
    return (await openAiModels(http, baseUrl, timeoutMs))?.map((model) => String(model.id)) ?? null
  },
  async modelFacts(http, baseUrl, modelId, timeoutMs) {
    const model = (await openAiModels(http, baseUrl, timeoutMs))?.find((entry) => entry.id === modelId)
    if (!model) return null
    const meta = isRecord(model.meta) ? model.meta : {}
    return {id: modelId, contextWindow: typeof meta.n_ctx_train === 'number' ? meta.n_ctx_train : null, tools: null, vision: null, reasoning: null}
  },
  // Not a bundled OpenClaw provider: a custom id, which needs the llama.cpp tool-schema cleaner set explicitly.
  openclaw: {providerId: 'llamacpp', api: 'openai-completions', apiKey: 'llamacpp-local', basePath: '/v1', compat: {toolSchemaProfile: 'llamacpp'}},
}
