import {existsSync, readFileSync} from 'node:fs'
import {readdir, stat} from 'node:fs/promises'
import path from 'node:path'

import {findModel} from '../catalog/lookup.js'
import {ExitCode, LocalclawError} from '../errors.js'
import type {HttpRequest} from '../net/http.js'
import {whichBinary} from '../system.js'
import {
  downloadAndRun,
  firstVersion,
  ggufQuants,
  getJson,
  answeredButNot,
  isRecord,
  needsCurl,
  notAnswering,
  type Runtime,
  urlFromEnv,
} from './runtime.js'

/**
 * LM Studio's home, resolved as lms does (lmstudio-js findLMStudioHome): the path in
 * ~/.lmstudio-home-pointer, else the legacy ~/.cache/lm-studio when it exists, else ~/.lmstudio.
 */
export function lmstudioHome(homedir: string): string {
  try {
    const target = readFileSync(path.join(homedir, '.lmstudio-home-pointer'), 'utf8').trim()
    if (target) return target
  } catch {
    // no pointer
  }
  const legacy = path.join(homedir, '.cache', 'lm-studio')
  return existsSync(legacy) ? legacy : path.join(homedir, '.lmstudio')
}

/** `lms server start` reuses the last port, stored in <home>/.internal/http-server-config.json. */
/** LM Studio writes <home>/server-logs/<YYYY-MM>/<date>.<n>.log: the newest one. */
async function newestServerLog(homedir: string): Promise<string | null> {
  const root = path.join(lmstudioHome(homedir), 'server-logs')
  const files: Array<{file: string; mtime: number}> = []
  const visit = async (dir: string, depth: number) => {
    const entries = await readdir(dir, {withFileTypes: true}).catch(() => [])
    for (const entry of entries) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory() && depth < 1) await visit(file, depth + 1)
      else if (entry.isFile() && entry.name.endsWith('.log')) files.push({file, mtime: (await stat(file).catch(() => null))?.mtimeMs ?? 0})
    }
  }
  await visit(root, 0)
  return files.sort((a, b) => b.mtime - a.mtime)[0]?.file ?? null
}

export function lmstudioPort(homedir: string): number | null {
  try {
    const config = JSON.parse(readFileSync(path.join(lmstudioHome(homedir), '.internal', 'http-server-config.json'), 'utf8')) as {
      port?: unknown
    }
    return typeof config.port === 'number' && Number.isInteger(config.port) && config.port > 0 && config.port < 65536 ? config.port : null
  } catch {
    return null
  }
}

/**
 * LM Studio: `lms` lives in <LM Studio home>/bin, normally ~/.lmstudio/bin (legacy ~/.cache/lm-studio/bin),
 * often not on PATH until `lms bootstrap`. GET /lmstudio-greeting -> {"lmstudio": true} is exactly
 * the check `lms` itself makes (runtimes.md section 2).
 */
export const lmstudio: Runtime = {
  id: 'lmstudio',
  name: 'LM Studio',
  engine: 'llama.cpp',
  downloads: 'gguf-file',
  engineLabel: 'LM Studio (llama.cpp engine)',
  backends: ['cuda', 'rocm', 'metal', 'vulkan'],
  quants: ggufQuants,
  artifact(model, _quant, contextTokens) {
    const none = {command: null, modelId: null, reasons: [], warnings: []}
    if (model.lmstudio) {
      // LM Studio loads with its own default context and clamps silently (lmstudio-bug-tracker#2174, #2404).
      return {
        ...none,
        command: `lms get ${model.lmstudio} && lms load ${model.lmstudio} --context-length ${contextTokens} -y`,
        modelId: model.lmstudio,
      }
    }
    if (!model.gguf) return none
    return {
      ...none,
      command: `lms get ${model.gguf}`,
      warnings: [`then load it with its context: lms load <its key from lms ls> --context-length ${contextTokens} -y`],
    }
  },
  defaultPort: 1234,
  binaries: ['lms'],
  extraBinaryDirs: (system) => [
    ...new Set([
      path.join(lmstudioHome(system.homedir), 'bin'),
      path.join(system.homedir, '.lmstudio', 'bin'),
      path.join(system.homedir, '.cache', 'lm-studio', 'bin'),
    ]),
  ],
  // `lms get` takes LM Studio's key, else a GGUF repository.
  async downloadCommand({model, system}) {
    const lms = await whichBinary(system, ['lms'], lmstudio.extraBinaryDirs(system))
    if (!lms) {
      throw new LocalclawError('LM Studio\'s `lms` command was not found.', {
        code: 'runtime_missing',
        exit: ExitCode.failed,
        suggestions: ['Install LM Studio (https://lmstudio.ai), run it once, then `~/.lmstudio/bin/lms bootstrap`'],
      })
    }
    const catalog = findModel(model)?.model
    return [lms, 'get', catalog?.lmstudio ?? catalog?.gguf ?? model, '--yes']
  },
  versionArgs: ['version'],
  parseVersion: firstVersion,
  urlEnv: 'LOCALCLAW_LMSTUDIO_URL',
  defaultBaseUrl: (system) => urlFromEnv(system, 'LOCALCLAW_LMSTUDIO_URL', `http://127.0.0.1:${lmstudioPort(system.homedir) ?? 1234}`),
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
  canonicalModelId: (id) => id,
  // /api/v0/models gives the model's maximum, not the context it was loaded with.
  // LM Studio 0.4+ lists each loaded instance with the context it was loaded with (REST v1, list.md).
  async servedContext(http, baseUrl, modelId, timeoutMs) {
    const answer = await getJson(http, `${baseUrl}/api/v1/models`, timeoutMs)
    if ('failure' in answer || answer.status !== 200 || !isRecord(answer.json) || !Array.isArray(answer.json.models)) return null
    for (const model of answer.json.models.filter(isRecord)) {
      const instances = Array.isArray(model.loaded_instances) ? model.loaded_instances.filter(isRecord) : []
      const instance = model.key === modelId ? instances[0] : instances.find((candidate) => candidate.id === modelId)
      const tokens = instance && isRecord(instance.config) ? instance.config.context_length : undefined
      if (typeof tokens === 'number' && tokens > 0) return {tokens, basis: 'loaded now with that context (/api/v1/models)'}
    }
    return null
  },
  contextFix: (modelId, tokens) => `lms load ${modelId} --context-length ${tokens}`,
  // runtimes.md 2: unknown routes get HTTP 200 with an error body (lmstudio-bug-tracker#618).
  missingV1Symptom: 'LM Studio answers "Unexpected endpoint or method", with HTTP 200',
  /** /api/v0/models: state "not-loaded" until a request (or `lms load`) loads it. */
  unloadedModels: {
    list: async (http, baseUrl, timeoutMs) =>
      ((await v0Models(http, baseUrl, timeoutMs)) ?? []).filter((model) => model.state === 'not-loaded').map((model) => String(model.id)),
    fix: (modelId) => `lms load ${modelId}`,
  },
  // Responses API: what OpenClaw's local-model docs recommend for LM Studio, and it works. The key is
  // the docs' "lmstudio": with "lmstudio-local" OpenClaw 2026.9.6's agent refuses the responses api
  // ('No API key found for provider "lmstudio"'), found by the agent contract test.
  catalogModelId: async ({model}, query, served) => served?.find((id) => id === model.lmstudio) ?? model.lmstudio ?? query,
  async logSources(system) {
    const newest = await newestServerLog(system.homedir)
    return {files: newest ? [newest] : []}
  },
  openclaw: {providerId: 'lmstudio', api: 'openai-responses', apiKey: 'lmstudio', basePath: '/v1', staleApiKeys: ['lmstudio-local']},
  /** The headless llmster install (runtimes.md 2), then `lms daemon up`. */
  installPlan(context) {
    const lms = path.join(lmstudioHome(context.homedir), 'bin', context.platform === 'win32' ? 'lms.exe' : 'lms')
    const daemon = {description: 'start the LM Studio daemon', argv: [lms, 'daemon', 'up']}
    const start = {description: 'start the API server on port 1234', argv: [lms, 'server', 'start']}
    const logHint = path.join(lmstudioHome(context.homedir), 'server-logs')
    if (context.platform === 'win32') {
      return {
        supported: true,
        method: 'the official headless installer (llmster)',
        steps: [
          {description: 'download and run https://lmstudio.ai/install.ps1', shell: 'irm https://lmstudio.ai/install.ps1 | iex'},
          daemon,
        ],
        start,
        notes: ['The desktop app is an alternative: https://lmstudio.ai'],
        logHint,
      }
    }
    const curl = needsCurl(context)
    if (curl) return curl
    return {
      supported: true,
      method: 'the official headless installer (llmster), no desktop app needed',
      steps: [...downloadAndRun('https://lmstudio.ai/install.sh', context, 'bash'), daemon],
      start,
      notes: ['lms lives in ~/.lmstudio/bin; `lms bootstrap` adds it to PATH'],
      logHint,
    }
  },
  portAdvice: (port, _context, modelId = '<model>') => [
    lmstudio.serveOnPort(port + 1),
    `Then point OpenClaw at it: localclaw config --runtime lmstudio --url http://127.0.0.1:${port + 1}/v1 --model ${modelId}`,
  ],
  serveOnPort: (port) => lmstudio.startOnPort!(port),
  // Its server listens on loopback or on every network, never on one chosen address; it has no Host check.
  listen: {
    rebinds: () => false,
    listenOn: () => ({
      unsupported: 'LM Studio cannot listen on one chosen address',
      suggestions: ['localclaw tailscale expose lmstudio --method serve (LM Studio has no Host check, so the forward just works)'],
    }),
    unlisten: () => ({steps: [], manual: []}),
    forwardWarnings: () => [],
    bindWarnings: () => [],
    checkHint: 'Check that LM Studio is running',
  },
  startOnPort: (port) => `lms server start --port ${port}`,
}

/** GET /api/v0/models (LM Studio 0.3.6+): type llm|vlm|embeddings, max_context_length. */
async function v0Models(http: HttpRequest, baseUrl: string, timeoutMs: number): Promise<Array<Record<string, unknown>> | null> {
  const answer = await getJson(http, `${baseUrl}/api/v0/models`, timeoutMs)
  if ('failure' in answer || answer.status !== 200 || !isRecord(answer.json) || !Array.isArray(answer.json.data)) return null
  return answer.json.data.filter(isRecord)
}
