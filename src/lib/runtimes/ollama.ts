import path from 'node:path'

import {findModel} from '../catalog/lookup.js'
import type {HttpRequest} from '../net/http.js'
import {pathExists} from '../system.js'
import {GIB} from '../units.js'
import {ollamaClientUrl} from './ollama-host.js'
import {ollamaListen} from './ollama-listen.js'
import {
  downloadAndRun,
  firstVersion,
  getJson,
  answeredButNot,
  isRecord,
  needsCurl,
  notAnswering,
  unsupported,
  type Runtime,
} from './runtime.js'

/** The Ollama tag `localclaw pull` fetches for a catalog name ("qwen3-8b" is qwen3:8b); anything else as typed. */
export function ollamaTag(query: string): {tag: string; sizeBytes: number | null} {
  const match = findModel(query)
  // A :latest alias is pulled as typed (Ollama files it under that name); its size is the tag it points at.
  if (match?.alias) return {tag: query, sizeBytes: match.model.ollama?.[0]?.sizeBytes ?? null}
  const tag = match?.tag ?? match?.model.ollama?.[0]
  return tag ? {tag: tag.tag, sizeBytes: tag.sizeBytes} : {tag: query, sizeBytes: null}
}

/** Ollama: GET /api/version answers {"version": "..."} (runtimes.md 1.1). */
export const ollama: Runtime = {
  id: 'ollama',
  name: 'Ollama',
  engine: 'llama.cpp',
  downloads: 'ollama-blob',
  engineLabel: 'Ollama (llama-server since v0.30)',
  // Ollama's Vulkan backend is experimental and off by default.
  backends: ['cuda', 'rocm', 'metal'],
  // Measured about 15% below llama.cpp on the same GPU (eta 0.58 vs 0.70 median; memory-math.md section 10).
  decodeFactor: {factor: 0.85, note: 'Ollama about 15% below llama.cpp'},
  role: 'default',
  quants: (model) => (model.ollama ?? []).map((tag) => tag.quant),
  artifact(model, quant, _contextTokens, _fit, slots = 1) {
    const tag = model.ollama?.find((candidate) => candidate.quant === quant)
    if (!tag) return {command: null, modelId: null, reasons: [], warnings: []}
    // Ollama serves as many at once as OLLAMA_NUM_PARALLEL says; the plan counted `slots` contexts.
    const parallel =
      slots > 1
        ? [`serve ${slots} requests at once as planned: OLLAMA_NUM_PARALLEL=${slots} ollama serve (each gets the whole context)`]
        : []
    return {command: `ollama pull ${tag.tag}`, modelId: tag.tag, reasons: [], warnings: parallel}
  },
  defaultPort: 11434,
  binaries: ['ollama'],
  extraBinaryDirs: (system) =>
    system.platform === 'win32' && system.env.LOCALAPPDATA
      ? [`${system.env.LOCALAPPDATA}\\Programs\\Ollama`]
      : system.platform === 'darwin'
        ? ['/Applications/Ollama.app/Contents/Resources']
        : [],
  versionArgs: ['--version'],
  // "ollama version is 0.6.2"; a "Warning: could not connect" line may come first when no server runs.
  parseVersion: (output) => firstVersion(/version is\s+(\S+)/.exec(output)?.[1] ?? output),
  // The same server Ollama's own CLI would talk to.
  urlEnv: 'OLLAMA_HOST',
  pulledAs: (query) => ollamaTag(query).tag,
  defaultBaseUrl: (system) => ollamaClientUrl(system.env.OLLAMA_HOST),
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
  canonicalModelId: (id) => (id.includes(':') ? id : `${id}:latest`),
  /** GET /api/ps: context_length of the loaded model (absent in older builds, and when not loaded). */
  async servedContext(http, baseUrl, modelId, timeoutMs) {
    const answer = await getJson(http, `${baseUrl}/api/ps`, timeoutMs)
    if ('failure' in answer || !isRecord(answer.json) || !Array.isArray(answer.json.models)) return null
    const wanted = ollama.canonicalModelId(modelId)
    const loaded = answer.json.models.filter(isRecord).find((entry) => ollama.canonicalModelId(String(entry.name)) === wanted)
    return loaded && typeof loaded.context_length === 'number'
      ? {tokens: loaded.context_length, basis: 'loaded now with that context (/api/ps)'}
      : null
  },
  // runtimes.md 1.2: unknown routes, ollama/ollama#5830.
  missingV1Symptom: 'Ollama answers "404 page not found"',
  contextFix: (_modelId, tokens) =>
    `Set contextTokens so OpenClaw sends num_ctx (localclaw doctor --fix), or on the server: OLLAMA_CONTEXT_LENGTH=${tokens}`,
  /** runtimes.md 1.4: v0.15.5+ picks the default from total VRAM and logs it as "vram-based default context". */
  requestContext: {
    envVar: 'OLLAMA_CONTEXT_LENGTH',
    fromLog: (log) => {
      const logged = [...log.matchAll(/default_num_ctx=(\d+)/g)].at(-1)?.[1]
      return logged ? Number(logged) : null
    },
    // Documented as 24 and 48 GiB; the code compares against 23 and 47 GiB, so a 24 GB card (23.99 GiB) gets 32K.
    byVram: (vram) => ({
      tokens: vram < 23 * GIB ? 4096 : vram < 47 * GIB ? 32768 : 262144,
      basis: 'Ollama\'s default for this much VRAM (4096 below 24 GB)',
    }),
  },
  catalogModelId: async ({model, tag, alias}, query) => alias ?? tag?.tag ?? model.ollama?.[0]?.tag ?? query,
  gpuUse: {
    // Its last GPU discovery in the log: `inference compute ... library=cpu` means it found none.
    noGpuInLog(log) {
      const last = log
        .split('\n')
        .filter((line) => line.includes('msg="inference compute"'))
        .at(-1)
      return last && /library=cpu\b/i.test(last) ? last.trim() : null
    },
    // /api/ps: size_vram below size means part of the model runs on the CPU (runtimes.md 1.1).
    async loaded(http, baseUrl, timeoutMs) {
      const answer = await getJson(http, `${baseUrl}/api/ps`, timeoutMs)
      if ('failure' in answer || answer.status !== 200 || !isRecord(answer.json) || !Array.isArray(answer.json.models)) return null
      return answer.json.models.filter(isRecord).map((model) => ({
        model: String(model.name),
        bytes: typeof model.size === 'number' ? model.size : 0,
        vramBytes: typeof model.size_vram === 'number' ? model.size_vram : 0,
      }))
    },
    restart: ({container, nvidia}) =>
      container
        ? {run: 'docker run -d --gpus=all -v ollama:/root/.ollama -p 11434:11434 ollama/ollama', note: 'Ollama\'s container, with the GPU'}
        : nvidia
          ? {run: 'sudo systemctl restart ollama', note: 'now that the driver works; or quit and reopen the app'}
          : {run: 'localclaw install ollama', note: 'reinstalls it the official way, which adds the ROCm libraries'},
  },
  // OLLAMA_MODELS, the Linux service's directory where its installer made one, or the user's default.
  async modelStore(system) {
    const serviceDir = '/usr/share/ollama/.ollama/models'
    if (system.env.OLLAMA_MODELS) return {dir: system.env.OLLAMA_MODELS, basis: 'OLLAMA_MODELS'}
    if (system.platform === 'linux' && (await pathExists(system, serviceDir)))
      return {dir: serviceDir, basis: "the Ollama service's default (Linux installer, user ollama)"}
    return {dir: path.join(system.homedir, '.ollama', 'models'), basis: "Ollama's default for this user"}
  },
  async logSources(system) {
    if (system.platform === 'linux') return {files: [], journalUnit: 'ollama'}
    if (system.platform === 'darwin') return {files: [path.join(system.homedir, '.ollama', 'logs', 'server.log')]}
    return {
      files: system.platform === 'win32' && system.env.LOCALAPPDATA ? [path.join(system.env.LOCALAPPDATA, 'Ollama', 'server.log')] : [],
    }
  },
  openclaw: {
    providerId: 'ollama',
    api: 'ollama',
    apiKey: 'ollama-local',
    basePath: '',
    contextParam: 'num_ctx',
    missingBlockSymptom: 'Unknown model: ollama/...: Ollama requires authentication to be registered as a provider',
    legacyApi: {
      api: 'openai-completions',
      what: 'Ollama through its OpenAI-compatible /v1 API',
      why: 'OpenClaw calls this legacy mode: tool calling is unreliable there; the native api "ollama" is what its onboarding writes.',
    },
  },
  noPortFlag: 'ollama serve has no --port flag',
  /** runtimes.md 1.6: install.sh on Linux and macOS, install.ps1 on Windows. */
  installPlan(context) {
    if (context.wsl === 1)
      return unsupported('WSL 1 cannot run Ollama: its installer refuses WSL 1, which has no GPU access', [
        'Convert the distro in Windows PowerShell: wsl --set-version <distro> 2',
      ])
    if (!['x64', 'arm64'].includes(context.arch))
      return unsupported(`${context.arch} is not supported: Ollama ships for 64-bit x86 and ARM only`)
    if (context.platform === 'win32') {
      return {
        supported: true,
        method: 'the official PowerShell installer (a per-user install, no administrator needed)',
        steps: [{description: 'download and run https://ollama.com/install.ps1', shell: 'irm https://ollama.com/install.ps1 | iex'}],
        start: {description: 'start the server in the background', argv: ['ollama', 'serve'], background: true},
        notes: ['Ollama on Windows needs NVIDIA driver 551.61 or newer for CUDA'],
        logHint: '%LOCALAPPDATA%\\Ollama\\server.log',
      }
    }
    const curl = needsCurl(context)
    if (curl) return curl
    if (context.platform === 'darwin') {
      return {
        supported: true,
        method: 'the official install script (installs Ollama.app into /Applications and links the ollama command)',
        steps: downloadAndRun('https://ollama.com/install.sh', context, 'sh'),
        start: {description: 'start the Ollama app in the background', argv: ['open', '-a', 'Ollama', '--args', 'hidden']},
        notes: [
          'Homebrew\'s formula is an alternative, but its 0.30.0 build shipped without llama-server and failed on GGUF models (homebrew-core#285917)',
        ],
        logHint: '~/.ollama/logs/server.log',
      }
    }
    if (context.platform !== 'linux') return unsupported(`Ollama has no installer for ${context.platform}`)
    return {
      supported: true,
      method: 'the official install script (installs to /usr/local, creates the ollama user and its systemd service)',
      steps: downloadAndRun('https://ollama.com/install.sh', context, 'sh', {
        description: 'run the downloaded install.sh (it uses sudo itself)',
      }),
      start: context.systemd
        ? {description: 'start the ollama service', argv: ['systemctl', 'start', 'ollama'], root: true}
        : {description: 'start the server in the background (no systemd here)', argv: ['ollama', 'serve'], background: true},
      // The service runs as user ollama; a plain `ollama serve` runs as whoever starts it.
      notes: [
        context.systemd
          ? 'Models go to /usr/share/ollama/.ollama/models (the service runs as user ollama)'
          : `Models go to ${context.homedir}/.ollama/models (ollama serve runs as you; OLLAMA_MODELS moves them)`,
      ],
      logHint: context.systemd ? 'journalctl -u ollama --no-pager -n 50' : '~/.localclaw/logs/ollama-serve.log',
    }
  },
  /** Ollama has no --port flag: it reads OLLAMA_HOST (runtimes.md 1.4). */
  portAdvice(port, context, modelId = '<model>') {
    const next = `127.0.0.1:${port + 1}`
    const persist =
      context.platform === 'linux' && context.systemd
        ? `sudo systemctl edit ollama, add [Service] Environment="OLLAMA_HOST=${next}", then sudo systemctl restart ollama`
        : context.platform === 'darwin'
          ? `launchctl setenv OLLAMA_HOST ${next}, then quit and reopen the Ollama app`
          : context.platform === 'win32'
            ? `setx OLLAMA_HOST ${next}, then quit and reopen Ollama`
            : `export OLLAMA_HOST=${next}`
    return [
      `${ollama.serveOnPort(port + 1)} (${ollama.noPortFlag})`,
      `To keep it: ${persist}`,
      `Then point OpenClaw at it: localclaw config --url http://${next} --model ${modelId}`,
    ]
  },
  serveOnPort: (port) => ollama.startOnPort!(port),
  listen: ollamaListen,
  startOnPort: (port) => `OLLAMA_HOST=127.0.0.1:${port} ollama serve`,
  // ollama serve listens where OLLAMA_HOST says, the same variable its client reads.
  serveEnv: (url) => ({OLLAMA_HOST: new URL(url).host}),
}

/** POST /api/show: model_info["<arch>.context_length"] and capabilities ["completion","tools","vision","thinking"]. */
async function showModel(http: HttpRequest, baseUrl: string, modelId: string, timeoutMs: number) {
  const result = await http(`${baseUrl}/api/show`, {
    method: 'POST',
    body: JSON.stringify({model: modelId}),
    headers: {'content-type': 'application/json'},
    timeoutMs,
  })
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
