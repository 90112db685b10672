import path from 'node:path'

import type {HttpRequest} from '../net/http.js'
import {firstVersion, getJson, answeredButNot, isRecord, notAnswering, type Runtime} from './runtime.js'

/**
 * LM Studio: `lms` lives in <LM Studio home>/bin, normally ~/.lmstudio/bin (legacy ~/.cache/lm-studio/bin),
 * often not on PATH until `lms bootstrap`. GET /lmstudio-greeting -> {"lmstudio": true} is exactly
 * the check `lms` itself makes (runtimes.md section 2).
 */
export const lmstudio: Runtime = {
  id: 'lmstudio',
  name: 'LM Studio',
  defaultPort: 1234,
  binaries: ['lms'],
  extraBinaryDirs: (system) => [
    path.join(system.homedir, '.lmstudio', 'bin'),
    path.join(system.homedir, '.cache', 'lm-studio', 'bin'),
  ],
  versionArgs: ['version'],
  parseVersion: firstVersion,
  defaultBaseUrl: () => 'http://127.0.0.1:1234',
  async identify(http, baseUrl, timeoutMs) {
    const answer = await getJson(http, `${baseUrl}/lmstudio-greeting`, timeoutMs)
    if ('failure' in answer) return notAnswering(baseUrl, answer.failure)
    if (answer.status === 200 && isRecord(answer.json) && answer.json.lmstudio === true) {
      return {url: baseUrl, answering: true, identified: true, version: null, detail: 'LM Studio server is running'}
    }
    return answeredButNot(baseUrl, 'LM Studio', `GET /lmstudio-greeting -> HTTP ${answer.status}`)
  },
  async listModels(http, baseUrl, timeoutMs) {
    const models = await v0Models(http, baseUrl, timeoutMs)
    return models && models.filter((model) => model.type !== 'embeddings').map((model) => String(model.id))
  },
  async modelFacts(http, baseUrl, modelId, timeoutMs) {
    const model = (await v0Models(http, baseUrl, timeoutMs))?.find((entry) => entry.id === modelId)
    if (!model) return null
    return {
      id: modelId,
      contextWindow: typeof model.max_context_length === 'number' ? model.max_context_length : null,
      tools: null,
      vision: model.type === 'vlm',
      reasoning: null,
    }
  },
  // Responses API: what OpenClaw's local-model docs recommend for LM Studio, and it works.
  openclaw: {providerId: 'lmstudio', api: 'openai-responses', apiKey: 'lmstudio-local', basePath: '/v1'},
}

/** GET /api/v0/models (LM Studio 0.3.6+): type llm|vlm|embeddings, max_context_length. */
async function v0Models(http: HttpRequest, baseUrl: string, timeoutMs: number): Promise<Array<Record<string, unknown>> | null> {
  const answer = await getJson(http, `${baseUrl}/api/v0/models`, timeoutMs)
  if ('failure' in answer || answer.status !== 200 || !isRecord(answer.json) || !Array.isArray(answer.json.data)) return null
  return answer.json.data.filter(isRecord)
}
