import {firstVersion, getJson, answeredButNot, isRecord, notAnswering, openAiModels, ownedBy, type Runtime} from './runtime.js'

/**
 * vLLM: /v1/models entries say owned_by "vllm" (runtimes.md section 3); GET /version gives the version.
 * It serves HTTP only after the weights load, so "not answering" can mean "still loading".
 */
export const vllm: Runtime = {
  id: 'vllm',
  name: 'vLLM',
  defaultPort: 8000,
  binaries: ['vllm'],
  extraBinaryDirs: () => [],
  versionArgs: ['--version'],
  // vllm --version may print INFO log lines before the bare version; take the last version-like line.
  parseVersion: (output) => {
    const lines = output.split('\n').map((line) => line.trim()).filter((line) => /^v?\d+\.\d+/.test(line))
    return lines.length > 0 ? firstVersion(lines.at(-1)!) : null
  },
  defaultBaseUrl: () => 'http://127.0.0.1:8000',
  async identify(http, baseUrl, timeoutMs) {
    const models = await getJson(http, `${baseUrl}/v1/models`, timeoutMs)
    if ('failure' in models) return notAnswering(baseUrl, models.failure)
    if (ownedBy(models.json) !== 'vllm') return answeredButNot(baseUrl, 'vLLM', `GET /v1/models -> HTTP ${models.status}`)
    const version = await getJson(http, `${baseUrl}/version`, timeoutMs)
    const number = !('failure' in version) && isRecord(version.json) && typeof version.json.version === 'string' ? version.json.version : null
    return {url: baseUrl, answering: true, identified: true, version: number, detail: 'vLLM is serving'}
  },
  async listModels(http, baseUrl, timeoutMs) {
    return (await openAiModels(http, baseUrl, timeoutMs))?.map((model) => String(model.id)) ?? null
  },
  async modelFacts(http, baseUrl, modelId, timeoutMs) {
    const model = (await openAiModels(http, baseUrl, timeoutMs))?.find((entry) => entry.id === modelId)
    if (!model) return null
    // max_model_len is the context the server actually runs with.
    return {id: modelId, contextWindow: typeof model.max_model_len === 'number' ? model.max_model_len : null, tools: null, vision: null, reasoning: null}
  },
  openclaw: {providerId: 'vllm', api: 'openai-completions', apiKey: 'vllm-local', basePath: '/v1'},
}
