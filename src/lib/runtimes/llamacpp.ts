import {findModel} from '../catalog/lookup.js'
import type {Distro} from '../hardware/os.js'
import {hostFlagListen} from './listen.js'
import {
  getJson,
  huggingFaceCli,
  answeredButNot,
  ggufQuants,
  ggufTag,
  isRecord,
  notAnswering,
  openAiModelFacts,
  openAiModelIds,
  ownedBy,
  unsupported,
  type InstallStep,
  type Runtime,
  urlFromEnv,
} from './runtime.js'

/** Debian 13 (trixie) and Ubuntu 25.04 (plucky) are the first releases with a llama.cpp package; null: cannot tell. */
function aptCarriesLlamaCpp(distro: Distro | undefined): boolean | null {
  const version = Number.parseFloat(distro?.versionId ?? '')
  // Debian testing and unstable have no VERSION_ID, and carry it.
  if (distro?.id === 'debian') return Number.isFinite(version) ? version >= 13 : true
  if (distro?.id === 'ubuntu') return Number.isFinite(version) ? version >= 25.04 : null
  return null
}

function distroName(distro: Distro | undefined): string {
  const name = distro?.id ? distro.id.charAt(0).toUpperCase() + distro.id.slice(1) : 'This distribution'
  return distro?.versionId ? `${name} ${distro.versionId}` : name
}

/**
 * llama.cpp's llama-server: GET /health is 200 {"status":"ok"} or 503 "Loading model"; /v1/models
 * says owned_by "llamacpp" (runtimes.md section 4). `--version` prints
 * "version: 0.4.1-dev (build 10991, commit 930e2fa59)" (older: "version: 4491 (c67cc983)") on stderr.
 */
export const llamacpp: Runtime = {
  id: 'llamacpp',
  name: 'llama.cpp',
  engine: 'llama.cpp',
  downloads: 'gguf-file',
  engineLabel: 'llama.cpp',
  backends: ['cuda', 'rocm', 'metal', 'vulkan'],
  role: 'no-gpu-path',
  // The printed llama-server command names the catalog id with --alias.
  catalogModelId: async ({model}) => model.id,
  quants: (model) => (model.gguf ? ggufQuants(model) : []),
  artifact(model, quant, contextTokens, _fit, slots = 1) {
    if (!model.gguf) return {command: null, modelId: null, reasons: [], warnings: []}
    // -c is shared by all slots, so each slot's whole context times the slots; --alias fixes the id it serves.
    return {
      command: `llama-server -hf ${model.gguf}${quant === 'MXFP4' ? '' : `:${ggufTag(model, quant)}`} -c ${contextTokens * slots} --parallel ${slots} --jinja --alias ${model.id}`,
      modelId: model.id,
      reasons: ['--jinja applies the model\'s chat template, which tool calls need (the default only in llama.cpp builds since late 2025)'],
      warnings: [],
    }
  },
  defaultPort: 8080,
  binaries: ['llama-server'],
  extraBinaryDirs: () => [],
  // The GGUF repository's files for one quantization (gpt-oss ships MXFP4 only, so all of it).
  async downloadCommand({model, quant, system}) {
    const catalog = findModel(model)?.model
    const chosen = quant ?? (catalog?.ollama?.[0]?.quant === 'MXFP4' ? undefined : 'Q4_K_M')
    const tag = chosen && catalog ? ggufTag(catalog, chosen) : chosen
    return [await huggingFaceCli(system, 'llama.cpp'), 'download', catalog?.gguf ?? model, ...(tag ? ['--include', `*${tag}*`] : [])]
  },
  versionArgs: ['--version'],
  parseVersion: (output) => /version:\s*([^\n]+)/.exec(output)?.[1]?.trim() ?? null,
  urlEnv: 'LOCALCLAW_LLAMACPP_URL',
  defaultBaseUrl: (system) => urlFromEnv(system, 'LOCALCLAW_LLAMACPP_URL', 'http://127.0.0.1:8080'),
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
  listModels: openAiModelIds,
  modelFacts: (http, baseUrl, modelId, timeoutMs) =>
    openAiModelFacts(http, baseUrl, modelId, timeoutMs, (entry) => (isRecord(entry.meta) ? entry.meta.n_ctx_train : null)),
  canonicalModelId: (id) => id,
  /** GET /props: default_generation_settings.n_ctx, the context each slot runs with. */
  async servedContext(http, baseUrl, _modelId, timeoutMs) {
    const answer = await getJson(http, `${baseUrl}/props`, timeoutMs)
    const settings =
      !('failure' in answer) && isRecord(answer.json) && isRecord(answer.json.default_generation_settings)
        ? answer.json.default_generation_settings
        : null
    return typeof settings?.n_ctx === 'number' ? {tokens: settings.n_ctx, basis: 'llama-server\'s n_ctx (/props)'} : null
  },
  contextFix: (_modelId, tokens) => `restart llama-server with -c ${tokens}`,
  missingV1Symptom: 'llama-server answers 404: its OpenAI API lives under /v1',
  serveCommand: (modelId) => `llama-server -hf ${modelId} --jinja`,
  anyModelName: true,
  // Not a bundled OpenClaw provider: a custom id, which needs the llama.cpp tool-schema cleaner set explicitly.
  openclaw: {
    providerId: 'llamacpp',
    api: 'openai-completions',
    apiKey: 'llamacpp-local',
    basePath: '/v1',
    compat: {toolSchemaProfile: 'llamacpp'},
  },
  /** The package managers llama.cpp's docs/install.md lists. A server needs a model, so there is nothing to start yet. */
  installPlan(context) {
    const plan = (method: string, step: InstallStep) => ({
      supported: true as const,
      method,
      steps: [step],
      start: null,
      notes: ['llama-server needs a model to start: `llama-server -hf <repo>:<quant>` (localclaw recommend shows one)'],
      logHint: 'the terminal running llama-server',
    })
    if (context.platform === 'win32')
      return context.has('winget')
        ? plan('winget', {description: 'install with winget', argv: ['winget', 'install', 'llama.cpp']})
        : unsupported('winget was not found', ['Download a release build from https://github.com/ggml-org/llama.cpp/releases'])
    if (context.has('brew')) return plan('Homebrew', {description: 'install with Homebrew', argv: ['brew', 'install', 'llama.cpp']})
    const routes = [
      'Download a release build: https://github.com/ggml-org/llama.cpp/releases (llama-server is in the archive)',
      'Or build it: git clone https://github.com/ggml-org/llama.cpp && cd llama.cpp && cmake -B build && cmake --build build --config Release -t llama-server',
      'Or install Homebrew, then: brew install llama.cpp',
    ]
    if (context.platform === 'linux' && context.has('apt-get')) {
      const packaged = aptCarriesLlamaCpp(context.distro)
      if (packaged === true)
        return plan(`${distroName(context.distro)} package`, {
          description: 'install with apt',
          argv: ['apt-get', 'install', '-y', 'llama.cpp'],
          root: true,
        })
      const which =
        packaged === false
          ? `${distroName(context.distro)} has no llama.cpp package`
          : 'this distribution may not carry a llama.cpp package'
      return unsupported(`${which} (Debian 13 and Ubuntu 25.04 are the first releases that do)`, routes)
    }
    return unsupported(`no package manager localclaw knows for llama.cpp on ${context.platform}`, routes)
  },
  portAdvice: (port, _context, modelId = '<model>') => [
    llamacpp.serveOnPort(port + 1),
    `Then: localclaw config --runtime llamacpp --url http://127.0.0.1:${port + 1}/v1 --model ${modelId}`,
  ],
  // localclaw does not know the arguments llama-server was started with; the flag to add is exact.
  listen: hostFlagListen('llama.cpp'),
  serveOnPort: (port) => `add --port ${port} to your llama-server command (localclaw recommend <model> --runtime llamacpp prints one)`,
}
