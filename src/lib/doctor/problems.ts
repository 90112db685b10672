import {runtimeById, RUNTIMES} from '../runtimes/registry.js'
import type {Runtime, RuntimeId} from '../runtimes/runtime.js'

/**
 * Known problems: what an error looks like (in any version's wording), why it happens, and the
 * command that fixes it. One table, used by the doctor's log checks and by `doctor explain`.
 * Texts: ../shared/reference/runtimes.md and openclaw.md; patterns key on status codes and key
 * phrases, never on an exact full message.
 */
export interface KnownProblem {
  id: string
  title: string
  /** Any of these matching means this problem; each is worth its weight toward the confidence. */
  patterns: Array<{pattern: RegExp; weight: number}>
  cause: string
  /** The command or change that fixes it; {placeholders} are filled from what the text contained. */
  fix: string
  /** Pull values out of the text (a model name, a port) for the fix. */
  extract?: (text: string) => Record<string, string>
  /** The fix in general words, where the fix is built entirely from the text (README's table). */
  fixSummary?: string
}

const modelName = (text: string): Record<string, string> => {
  const name = /model ['"`]([^'"`]+)['"`] (?:not found|does not exist)/i.exec(text)?.[1] ?? /The model `([^`]+)`/.exec(text)?.[1]
  return name ? {model: name} : {}
}

/**
 * The port in a bind error, read from the address: Go's `listen tcp 127.0.0.1:11434: bind`, Python's
 * `bind on address ('0.0.0.0', 8000)`, llama-server's `hostname: 127.0.0.1, port: 8080`. Never a
 * number elsewhere on the line (a journalctl timestamp's 08:06:48, a pid).
 */
export function boundPort(text: string): number | null {
  const patterns = [
    /listen tcp\d? (?:\[[^\]]*\]|[^\s[\]]*):(\d{1,5})\b/i,
    /bind on address \(\s*['"][^'"]*['"],\s*(\d{1,5})\s*\)/i,
    /\bport[:=]?\s+(\d{1,5})\b/i,
    /(?:\b(?:\d{1,3}\.){3}\d{1,3}|localhost|\[[0-9a-f:]*\]):(\d{1,5})\b/i,
  ]
  for (const pattern of patterns) {
    const port = Number(pattern.exec(text)?.[1])
    if (Number.isInteger(port) && port > 0 && port < 65_536) return port
  }
  return null
}

/** The runtime a bind error came from: named in the text (its process, its error wording), else whose default port it is. */
function portOwner(text: string, port: number | null): Runtime | null {
  const named: Array<[RegExp, RuntimeId]> = [
    [/llama-server|llama\.cpp|couldn't bind HTTP server socket/i, 'llamacpp'],
    [/\bvllm\b|uvicorn|\[Errno \d+\]/i, 'vllm'],
    [/lm ?studio|\blms\b/i, 'lmstudio'],
    [/\bollama\b|listen tcp/i, 'ollama'],
  ]
  const byName = named.find(([pattern]) => pattern.test(text))?.[1]
  return (byName ? runtimeById(byName) : undefined) ?? RUNTIMES.find((runtime) => runtime.defaultPort === port) ?? null
}

export const PROBLEMS: KnownProblem[] = [
  {
    id: 'port-in-use', title: 'Port already in use',
    patterns: [
      {pattern: /bind: address already in use/i, weight: 3},
      {pattern: /Only one usage of each socket address/i, weight: 3},
      {pattern: /couldn't bind HTTP server socket/i, weight: 3},
      {pattern: /\[Errno (98|48|10048)\][^\n]*address already in use/i, weight: 3},
      {pattern: /EADDRINUSE|Address already in use/i, weight: 2},
    ],
    cause: 'Another process holds port {port}: often {runtime} itself, already running as a service or an app.',
    fix: 'localclaw doctor (names the process on port {port}); to run {runtime} on another port: {move}',
    fixSummary: 'localclaw doctor (names the process on the port); to run the runtime on another port, its own way (OLLAMA_HOST=127.0.0.1:<port> ollama serve: there is no --port flag)',
    extract: (text) => {
      const port = boundPort(text)
      const runtime = portOwner(text, port)
      return {
        port: port === null ? '<port>' : String(port),
        runtime: runtime?.name ?? 'the runtime',
        move: runtime ? `${runtime.serveOnPort((port ?? runtime.defaultPort) + 1)}${runtime.id === 'ollama' ? ' (ollama serve has no --port flag)' : ''}` : 'its own port setting',
      }
    },
  },
  {
    id: 'pull-rate-limited', title: 'Download rate-limited (HTTP 429)',
    patterns: [
      {pattern: /pull model manifest: 429/i, weight: 3},
      {pattern: /\b429\b[^\n]*(rate limit|too many requests)/i, weight: 3},
      {pattern: /rate limit your IP/i, weight: 2},
    ],
    cause: 'The model registry (or Hugging Face, for hf.co/ models) is refusing downloads from this address for a while.',
    fix: 'Wait a few minutes, then: localclaw pull <model> --retries 10 (it backs off and resumes). For hf.co models, give the Ollama server an HF_TOKEN.',
  },
  {
    id: 'pull-connection-dropped', title: 'Download kept dropping',
    patterns: [
      {pattern: /max retries exceeded/i, weight: 3},
      {pattern: /part \d+ stalled; retrying/i, weight: 2},
      {pattern: /dial tcp[^\n]*(i\/o timeout|connection reset|no such host)/i, weight: 2},
    ],
    cause: 'The connection to the registry\'s storage failed repeatedly (a flaky network, a proxy or firewall in the way, or a VPN).',
    fix: 'localclaw pull <model> --retries 10 (partial downloads resume); behind a proxy, set HTTPS_PROXY for the Ollama server and restart it',
  },
  {
    id: 'pull-unknown-model', title: 'Pulling a model name that does not exist',
    patterns: [{pattern: /pull model manifest: file does not exist/i, weight: 3}, {pattern: /invalid model name/i, weight: 2}],
    cause: 'The registry has no model by that name: a typo, a wrong tag, or a cloud-only model.',
    fix: 'localclaw recommend (real names that fit this machine); localclaw pull <name> suggests close matches',
  },
  {
    id: 'model-not-found', title: 'Model not found on the runtime',
    patterns: [
      {pattern: /model ['"`][^'"`]+['"`] not found/i, weight: 3},
      {pattern: /try pulling it first/i, weight: 3},
      {pattern: /"type"\s*:\s*"not_found_error"/i, weight: 2},
      {pattern: /The model `[^`]+` does not exist/i, weight: 3},
      {pattern: /\b404\b[^\n]*not found/i, weight: 1},
    ],
    cause: 'The runtime does not have {model} (not pulled yet, a different tag, or :latest added to a bare name).',
    fix: 'localclaw pull {model}, or point OpenClaw at a model it has: localclaw config --model <name>',
    extract: modelName,
  },
  {
    id: 'nvidia-driver', title: 'NVIDIA driver not loaded',
    patterns: [
      {pattern: /couldn't communicate with the NVIDIA driver/i, weight: 3},
      {pattern: /Failed to initialize NVML/i, weight: 3},
      {pattern: /nvidia-container-cli: initialization error/i, weight: 3},
      {pattern: /libnvidia-ml\.so/i, weight: 2},
      {pattern: /no CUDA-capable device is detected|CUDA driver version is insufficient/i, weight: 3},
    ],
    cause: 'There is an NVIDIA GPU but its driver is missing, not loaded, or mismatched (after an update, before a reboot); models fall back to the CPU.',
    fix: 'Install or reload the driver (Ubuntu: sudo ubuntu-drivers install; Debian: sudo apt install nvidia-driver), then reboot; in Docker add --gpus all and the NVIDIA Container Toolkit',
  },
  {
    id: 'cuda-out-of-memory', title: 'Out of GPU memory',
    patterns: [
      {pattern: /CUDA out of memory/i, weight: 3},
      {pattern: /OutOfMemoryError/, weight: 3},
      {pattern: /cudaMalloc failed: out of memory/i, weight: 3},
      {pattern: /(CUDA|ROCm|HIP|Metal)[^\n]{0,40}out of memory/i, weight: 2},
    ],
    cause: 'The model, its context (KV cache) and buffers need more GPU memory than is free.',
    fix: 'localclaw recommend <model> (a quantization and context that fit); free GPU memory used by other programs',
  },
  {
    id: 'vllm-kv-cache-too-small', title: 'vLLM: context too long for the KV cache',
    patterns: [
      {pattern: /larger than the available KV cache memory/i, weight: 3},
      {pattern: /larger than the maximum number of tokens that can be stored in KV cache/i, weight: 3},
    ],
    cause: 'max_model_len needs more KV cache than fits after the weights.',
    fix: 'vllm serve <model> --max-model-len {maxLen} (or raise --gpu-memory-utilization, or use a smaller quantization)',
    extract: (text) => ({maxLen: /estimated maximum model length is (\d+)/.exec(text)?.[1] ?? /stored in KV cache \((\d+)\)/.exec(text)?.[1] ?? '<smaller length>'}),
  },
  {
    id: 'vllm-gpu-busy', title: 'vLLM: not enough free GPU memory at start',
    patterns: [{pattern: /Free memory on device[^\n]*less than desired GPU memory utilization/i, weight: 3}],
    cause: 'vLLM reserves a fraction of TOTAL GPU memory (0.9 by default) and other processes already use part of it.',
    fix: '{advice}',
    fixSummary: 'vllm serve <model> --gpu-memory-utilization <the free share>, or stop what else uses the GPU',
    extract: (text) => {
      const match = /\(([\d.]+)\/([\d.]+) GiB\) on startup/.exec(text)
      const stop = 'stop what else uses the GPU (nvidia-smi lists it)'
      if (!match) return {advice: `vllm serve <model> --gpu-memory-utilization <lower fraction>, or ${stop}`}
      // A little under the free share, so it still fits when the other processes grow a bit.
      const fraction = Math.floor((Number(match[1]) / Number(match[2]) - 0.02) * 100) / 100
      return {advice: fraction >= 0.1
        ? `vllm serve <model> --gpu-memory-utilization ${fraction.toFixed(2)}, or ${stop}`
        : `Only ${match[1]} of ${match[2]} GiB is free: ${stop}, then start vLLM again`}
    },
  },
  {
    id: 'context-too-small', title: 'Context window too small for OpenClaw',
    patterns: [
      {pattern: /Model context window too small/i, weight: 3},
      {pattern: /Minimum is 1?\d{4,5}\b/i, weight: 2},
      {pattern: /low context window:/i, weight: 2},
      {pattern: /context window[^\n]{0,60}(too small|below|minimum)/i, weight: 2},
    ],
    // context-window-guard.ts in OpenClaw 2026.9.6 blocks below 4000 tokens and warns below 8000; older releases refused below 16000.
    cause: 'The model is configured (or served) with a context too small for an agent: OpenClaw blocks it, or warns and compacts constantly; its prompt and tools need about 16K.',
    fix: 'localclaw config --model <model> --context-tokens 32768 (for Ollama, OpenClaw then sends num_ctx; or set OLLAMA_CONTEXT_LENGTH=32768 on the server)',
  },
  {
    id: 'lmstudio-unexpected-endpoint', title: 'LM Studio: unexpected endpoint',
    patterns: [{pattern: /Unexpected endpoint or method/i, weight: 3}],
    cause: 'A client called a path LM Studio does not serve (often a base URL without /v1, or another runtime\'s API); LM Studio answers it with HTTP 200 and an error.',
    fix: 'localclaw config --runtime lmstudio --model <key> (writes http://127.0.0.1:1234/v1 with the responses API)',
  },
  {
    id: 'llamacpp-loading', title: 'llama.cpp still loading its model',
    patterns: [{pattern: /"message"\s*:\s*"Loading model"/i, weight: 3}, {pattern: /\b503\b[^\n]*Loading model/i, weight: 3}],
    cause: 'llama-server answers 503 until the model is in memory; large models take a while.',
    fix: 'Wait, then check: curl http://127.0.0.1:8080/health (200 {"status":"ok"} when ready)',
  },
  {
    id: 'llamacpp-api-key', title: 'llama.cpp: API key refused',
    patterns: [{pattern: /"message"\s*:\s*"Invalid API Key"/i, weight: 3}, {pattern: /\b401\b[^\n]*Invalid API Key/i, weight: 3}],
    cause: 'llama-server was started with --api-key, and the request carried a different key (or none).',
    fix: 'Set the provider\'s apiKey in openclaw.json to the key llama-server was started with, or restart llama-server without --api-key',
  },
  {
    id: 'llamacpp-endpoint-disabled', title: 'llama.cpp: endpoint not enabled',
    patterns: [{pattern: /does not support (metrics|slots|props)[^\n]*endpoint/i, weight: 3}, {pattern: /"type"\s*:\s*"not_supported_error"/i, weight: 2}],
    cause: 'llama-server serves /metrics and /slots only when started with --metrics or --slots.',
    fix: 'Restart llama-server with --metrics (and --slots) if a tool needs them; chat completions work without',
  },
  {
    id: 'openclaw-no-api-key', title: 'OpenClaw: no API key for a local provider',
    patterns: [{pattern: /No API key found for provider/i, weight: 3}, {pattern: /Auth lookup failed for provider/i, weight: 3}],
    cause: 'A custom provider block without an apiKey fails at runtime even for a local server; {provider} needs its non-secret marker.',
    fix: 'localclaw config --runtime <runtime> --model <model> (writes apiKey "ollama-local", "llamacpp-local"...)',
    extract: (text) => {
      const provider = /provider ["“']?([\w.-]+)/i.exec(text)?.[1]
      return provider ? {provider} : {provider: 'the provider'}
    },
  },
  {
    id: 'ollama-not-running', title: 'Ollama is not running',
    patterns: [
      {pattern: /could not connect to ollama (server|app)/i, weight: 3},
      {pattern: /connect(ion)? refused[^\n]*11434|11434[^\n]*connect(ion)? refused/i, weight: 2},
    ],
    cause: 'Nothing listens where the client looks (127.0.0.1:11434, or OLLAMA_HOST).',
    fix: 'Start it: ollama serve (or sudo systemctl start ollama, or open the Ollama app); not installed: localclaw install ollama',
  },
  {
    id: 'ollama-openai-path', title: 'Ollama called on an OpenAI path without /v1',
    patterns: [{pattern: /404 page not found/i, weight: 2}, {pattern: /POST \/chat\/completions[^\n]*404/i, weight: 2}],
    cause: 'An Ollama provider with api "openai-completions" and no /v1 posts to /chat/completions, which Ollama answers 404.',
    fix: 'localclaw config --runtime ollama --model <model> (writes api "ollama" with the native URL)',
  },
  {
    id: 'tailscale-not-running', title: 'Tailscale is not running',
    patterns: [{pattern: /failed to connect to local tailscale/i, weight: 3}, {pattern: /Tailscale is stopped/i, weight: 3}],
    cause: 'The tailscaled daemon is not running (or is logged out), so tailnet addresses do not resolve.',
    fix: 'sudo systemctl start tailscaled, then tailscale up (macOS/Windows: open the Tailscale app)',
  },
]

export interface ProblemMatch {
  id: string
  title: string
  cause: string
  fix: string
  confidence: 'high' | 'medium' | 'low'
  /** The line of the text that matched best, for context. */
  evidence: string
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? `<${key}>`)
}

/** Known problems found in a text (an error message, a log excerpt), most confident first. */
export function matchProblems(text: string): ProblemMatch[] {
  const matches: Array<ProblemMatch & {score: number}> = []
  for (const problem of PROBLEMS) {
    let score = 0
    let evidence = ''
    for (const {pattern, weight} of problem.patterns) {
      const found = pattern.exec(text)
      if (!found) continue
      score += weight
      if (!evidence) {
        const start = text.lastIndexOf('\n', found.index) + 1
        const end = text.indexOf('\n', found.index)
        evidence = text.slice(start, end === -1 ? undefined : end).trim().slice(0, 240)
      }
    }
    if (score === 0) continue
    const values = problem.extract?.(text) ?? {}
    matches.push({
      id: problem.id, title: problem.title, cause: fill(problem.cause, values), fix: fill(problem.fix, values),
      confidence: score >= 3 ? 'high' : score === 2 ? 'medium' : 'low', evidence, score,
    })
  }
  return matches.sort((a, b) => b.score - a.score).map(({score: _score, ...match}) => match)
}
