import {firstVersion, getJson, answeredButNot, isRecord, notAnswering, type Runtime} from './runtime.js'
import type {HttpRequest} from '../net/http.js'

/** Ollama: GET /api/version answers {"version": "..."} (runtimes.md 1.1). */
export const ollama: Runtime = {
  id: 'ollama',
  name: 'Ollama',
  defaultPort: 11434,
  binaries: ['ollama'],
  extraBinaryDirs: (system) => system.platform === 'win32' && system.env.LOCALAPPDATA
    ? [`${system.env.LOCALAPPDATA}\\Programs\\Ollama`]
    : system.platform === 'darwin' ? ['/Applications/Ollama.app/Contents/Resources'] : [],
  versionArgs: ['--version'],
  // "ollama version is 0.6.2"; a "Warning: could not connect" line may come first when no server runs.
  parseVersion: (output) => firstVersion(/version is\s+(\S+)/.exec(output)?.[1] ?? output),
  defaultBaseUrl: () => 'http://127.0.0.1:11434',
  async identify(http, baseUrl, timeoutMs) {
    const url = `${baseUrl}/api/version`
    const answer = await getJson(http, url, timeoutMs)
    if ('failure' in answer) return notAnswering(baseUrl, answer.failure)
    // LM Studio answers unknown routes with 200 and an "error" body; only a version string counts.
    if (answer.status === 200 && isRecord(answer.json) && typeof answer.json.version === 'string' && !('error' in answer.json)) {
      return {url: baseUrl, answering: true, identified: true, version: answer.json.version, detail: 'Ollama is running'}
    }
    return answeredButNot(baseUrl, 'Ollama', `GET /api/version -> HTTP ${answer.status}`)
  },
  async listModels(http, baseUrl, timeoutMs) {
    const answer = await getJson(http, `${baseUrl}/api/tags`, timeoutMs)
    if ('failure' in answer || answer.status !== 200 || !isRecord(answer.json) || !Array.isArray(answer.json.models)) return null
    return answer.json.models.filter(isRecord).map((model) => String(model.name))
  },
  modelFacts: showModel,
  openclaw: {providerId: 'ollama', api: 'ollama', apiKey: 'ollama-local', basePath: ''},
}

/** POST /api/show: model_info["<arch>.context_length"] and capabilities ["completion","tools","vision","thinking"]. */
async function showModel(http: HttpRequest, baseUrl: string, modelId: string, timeoutMs: number) {
  const result = await http(`${baseUrl}/api/show`, {method: 'POST', body: JSON.stringify({model: modelId}), headers: {'content-type': 'application/json'}, timeoutMs})
  if (!result.ok || result.status !== 200) return null
  let json: unknown
  try {
    json = JSON.parse(result.body)
  } catch {
    return null
  }
  if (!isRecord(json)) return null
  const info = isRecord(json.model_info) ? json.model_info : {}
  const contextKey = Object.keys(info).find((key) => key.endsWith('.context_length'))
  const capabilities = Array.isArray(json.capabilities) ? json.capabilities.map(String) : null
  return {
    id: modelId,
    contextWindow: contextKey && typeof info[contextKey] === 'number' ? info[contextKey] as number : null,
    tools: capabilities ? capabilities.includes('tools') : null,
    vision: capabilities ? capabilities.includes('vision') : null,
    reasoning: capabilities ? capabilities.includes('thinking') : null,
  }
}
