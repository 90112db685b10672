import {firstVersion, getJson, answeredButNot, isRecord, notAnswering, type Runtime} from './runtime.js'

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
}
