import {runtimeById, RUNTIMES} from '../runtimes/registry.js'
import type {Runtime, RuntimeId} from '../runtimes/runtime.js'
import {shellWord} from '../shell.js'
import type {LocalProvider} from './configured.js'

/**
 * Known problems: what an error looks like (in any version's wording), why it happens, and the
 * command that fixes it. One table, used by the doctor's log checks and by `doctor explain`.
 * Texts: ../shared/reference/runtimes.md and openclaw.md; patterns key on status codes and key
 * phrases, never on an exact full message.
 */

/**
 * A fix as the table writes it: `run` is one shell line (a command that runs as printed once its
 * placeholders are filled), `note` what to know about it, or the fix in words where no one command does it.
 * {key} is filled from the text, <key> from the setup (the configured model, runtime, LM Studio key).
 */
export interface ProblemFix {
  run?: string
  note?: string
}

export interface KnownProblem {
  id: string
  title: string
  /** Any of these matching means this problem; each is worth its weight toward the confidence. */
  patterns: Array<{pattern: RegExp; weight: number}>
  cause: string
  /** The fix, or a choice of fix by what the text held. */
  fix: ProblemFix | ((values: Record<string, string>) => ProblemFix)
  /** Pull values out of the text (a model name, a port) for the cause and the fix; only what the text holds. */
  extract?: (text: string) => Record<string, string>
  /** The fix in general words, where the fix is built entirely from the text (README's table). */
  fixSummary?: string
  /** More general problems this one is a case of: when both match, this one leads and they follow as "also possible". */
  supersedes?: string[]
  /**
   * The runtime whose error this is. A setup configured for another runtime does not fill its fix:
   * an Ollama model name is not an LM Studio key, nor what a vLLM server was started with.
   */
  runtime?: RuntimeId
  /**
   * What doctor --live makes exact for the configured model when a request fails this way: restart the
   * server with the model's own serve command (its tool flags), or move to a model that calls tools.
   */
  liveFix?: 'serve-command' | 'tool-model'
}

/** The values that were found: a fix's {key} the text does not hold stays <key> for the setup to fill. */
const onlyFound = (values: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined))

/** Ollama's pull wording ("pull model manifest", "pulling") names the runtime a retried pull is for. */
const pullingRuntime = (text: string): Record<string, string> => onlyFound({runtime: /pull model manifest|\bpulling\b|\bollama\b/i.test(text) ? 'ollama' : undefined})

/**
 * The model a "not found" names, and Ollama as its runtime where the wording is Ollama's
 * (`model 'x' not found`, "try pulling it first").
 */
const missingModel = (text: string): Record<string, string> => onlyFound({
  model: /model ['"`]([^'"`]+)['"`] (?:not found|does not exist)/i.exec(text)?.[1] ?? /The model `([^`]+)`/.exec(text)?.[1],
  // The backquoted wording is vLLM's OpenAI-compatible server (llama.cpp answers any name; LM Studio has its own).
  runtime: /model '[^']+' not found|try pulling it first|\bollama\b/i.test(text) ? 'ollama' : /The model `[^`]+` does not exist/.test(text) ? 'vllm' : undefined,
})

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
    fix: {run: 'localclaw doctor', note: 'it names the process on port {port}, often {runtime} itself, already running; to run {runtime} on another port instead: {move}'},
    fixSummary: 'localclaw doctor (names the process on the port); to run the runtime on another port, its own way (OLLAMA_HOST=127.0.0.1:<port> ollama serve: there is no --port flag)',
    extract: (text) => {
      const port = boundPort(text)
      const runtime = portOwner(text, port)
      return {
        port: port === null ? '<port>' : String(port),
        runtime: runtime?.name ?? 'the runtime',
        move: runtime ? `${runtime.serveOnPort((port ?? runtime.defaultPort) + 1)}${runtime.noPortFlag ? ` (${runtime.noPortFlag})` : ''}` : 'its own port setting',
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
    fix: {run: 'localclaw pull <model> --runtime <runtime> --retries 10', note: 'after a few minutes: it backs off and resumes. For hf.co models, give the Ollama server an HF_TOKEN'},
    extract: pullingRuntime,
  },
  {
    id: 'pull-connection-dropped', title: 'Download kept dropping',
    patterns: [
      {pattern: /max retries exceeded/i, weight: 3},
      {pattern: /part \d+ stalled; retrying/i, weight: 2},
      {pattern: /dial tcp[^\n]*(i\/o timeout|connection reset|no such host)/i, weight: 2},
    ],
    cause: 'The connection to the registry\'s storage failed repeatedly (a flaky network, a proxy or firewall in the way, or a VPN).',
    fix: {run: 'localclaw pull <model> --runtime <runtime> --retries 10', note: 'partial downloads resume; behind a proxy, set HTTPS_PROXY for the Ollama server and restart it'},
    extract: pullingRuntime,
  },
  {
    id: 'pull-unknown-model', title: 'Pulling a model name that does not exist',
    patterns: [{pattern: /pull model manifest: file does not exist/i, weight: 3}, {pattern: /invalid model name/i, weight: 2}],
    cause: 'The registry has no model by that name: a typo, a wrong tag, or a cloud-only model.',
    fix: {run: 'localclaw recommend', note: 'it lists real names that fit this machine; localclaw pull <name> suggests close matches for a misspelt one'},
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
    // A server that runs the one model it was started with gets no other by pulling: start it with this one.
    fix: (values) => {
      const serve = values.runtime ? runtimeById(values.runtime)?.serveCommand : undefined
      return serve && values.model
        ? {run: serve(values.model), note: 'it serves only the model it was started with: restart it with this one, or point OpenClaw at the name it serves: localclaw config --runtime <runtime> --model <served name>'}
        : {run: 'localclaw pull {model} --runtime <runtime>', note: 'or point OpenClaw at a model the runtime has: localclaw config --runtime <runtime> --model <name>'}
    },
    extract: missingModel,
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
    fix: {run: 'nvidia-smi', note: 'it fails the same way until the driver works: install or reload it (Ubuntu: sudo ubuntu-drivers install; Debian: sudo apt install nvidia-driver), then reboot; in Docker add --gpus all and the NVIDIA Container Toolkit'},
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
    fix: {run: 'localclaw recommend <model> --runtime <runtime>', note: 'a quantization and context that fit; or free GPU memory other programs use (nvidia-smi lists them)'},
  },
  {
    id: 'vllm-kv-cache-too-small', title: 'vLLM: context too long for the KV cache',
    runtime: 'vllm',
    patterns: [
      {pattern: /larger than the available KV cache memory/i, weight: 3},
      {pattern: /larger than the maximum number of tokens that can be stored in KV cache/i, weight: 3},
    ],
    cause: 'max_model_len needs more KV cache than fits after the weights.',
    fix: {run: 'vllm serve <model> --max-model-len {maxLen}', note: 'keep the rest of your vllm serve command; or raise --gpu-memory-utilization, or use a smaller quantization'},
    extract: (text) => onlyFound({maxLen: /estimated maximum model length is (\d+)/.exec(text)?.[1] ?? /stored in KV cache \((\d+)\)/.exec(text)?.[1]}),
  },
  {
    id: 'vllm-gpu-busy', title: 'vLLM: not enough free GPU memory at start',
    runtime: 'vllm',
    patterns: [{pattern: /Free memory on device[^\n]*less than desired GPU memory utilization/i, weight: 3}],
    cause: 'vLLM reserves a fraction of TOTAL GPU memory (0.9 by default) and other processes already use part of it.',
    fix: (values) => values.fraction
      ? {run: 'vllm serve <model> --gpu-memory-utilization {fraction}', note: 'a little under the free share; keep the rest of your command. Or stop what else uses the GPU (nvidia-smi lists it)'}
      : {run: 'nvidia-smi', note: values.free ? 'only {free} of {total} GiB is free: stop what else uses the GPU (it lists them), then start vLLM again' : 'it lists what else uses the GPU: stop it, or start vLLM with a lower --gpu-memory-utilization'},
    fixSummary: 'vllm serve <model> --gpu-memory-utilization <the free share>, or stop what else uses the GPU',
    extract: (text): Record<string, string> => {
      const match = /\(([\d.]+)\/([\d.]+) GiB\) on startup/.exec(text)
      if (!match) return {}
      // A little under the free share, so it still fits when the other processes grow a bit.
      const fraction = Math.floor((Number(match[1]) / Number(match[2]) - 0.02) * 100) / 100
      return fraction >= 0.1 ? {fraction: fraction.toFixed(2)} : {free: match[1]!, total: match[2]!}
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
    fix: {run: 'localclaw config --runtime <runtime> --model <model> --context-tokens 32768', note: 'for Ollama, OpenClaw then sends num_ctx; or set OLLAMA_CONTEXT_LENGTH=32768 on the server'},
  },
  {
    id: 'lmstudio-unexpected-endpoint', title: 'LM Studio: unexpected endpoint',
    runtime: 'lmstudio',
    patterns: [{pattern: /Unexpected endpoint or method/i, weight: 3}],
    cause: 'A client called a path LM Studio does not serve (often a base URL without /v1, or another runtime\'s API); LM Studio answers it with HTTP 200 and an error.',
    fix: {run: 'localclaw config --runtime lmstudio --model <key>', note: 'writes http://127.0.0.1:1234/v1 with the responses API'},
  },
  {
    id: 'llamacpp-loading', title: 'llama.cpp still loading its model',
    runtime: 'llamacpp',
    patterns: [{pattern: /"message"\s*:\s*"Loading model"/i, weight: 3}, {pattern: /\b503\b[^\n]*Loading model/i, weight: 3}],
    cause: 'llama-server answers 503 until the model is in memory; large models take a while.',
    fix: {run: 'curl http://127.0.0.1:8080/health', note: 'wait for it: 200 {"status":"ok"} once the model is loaded'},
  },
  {
    id: 'llamacpp-api-key', title: 'llama.cpp: API key refused',
    runtime: 'llamacpp',
    patterns: [{pattern: /"message"\s*:\s*"Invalid API Key"/i, weight: 3}, {pattern: /\b401\b[^\n]*Invalid API Key/i, weight: 3}],
    cause: 'llama-server was started with --api-key, and the request carried a different key (or none).',
    fix: {note: 'set the provider\'s apiKey in openclaw.json to the key llama-server was started with (its --api-key), or restart llama-server without --api-key'},
  },
  {
    id: 'llamacpp-endpoint-disabled', title: 'llama.cpp: endpoint not enabled',
    runtime: 'llamacpp',
    patterns: [{pattern: /does not support (metrics|slots|props)[^\n]*endpoint/i, weight: 3}, {pattern: /"type"\s*:\s*"not_supported_error"/i, weight: 2}],
    cause: 'llama-server serves /metrics and /slots only when started with --metrics or --slots.',
    fix: {note: 'restart llama-server with --metrics (and --slots) if a tool needs them; chat completions work without'},
  },
  {
    id: 'openclaw-no-api-key', title: 'OpenClaw: no API key for a local provider',
    patterns: [{pattern: /No API key found for provider/i, weight: 3}, {pattern: /Auth lookup failed for provider/i, weight: 3}],
    cause: 'A custom provider block without an apiKey fails at runtime even for a local server; {provider} needs its non-secret marker.',
    fix: {run: 'localclaw config --runtime <runtime> --model <model>', note: 'writes the non-secret apiKey marker ("ollama-local", "llamacpp-local"...) that {provider} needs'},
    extract: (text) => {
      const provider = /provider ["“']?([\w.-]+)/i.exec(text)?.[1]
      return provider ? {provider} : {provider: 'the provider'}
    },
  },
  {
    id: 'ollama-not-running', title: 'Ollama is not running',
    runtime: 'ollama',
    patterns: [
      {pattern: /could not connect to ollama (server|app)/i, weight: 3},
      {pattern: /connect(ion)? refused[^\n]*11434|11434[^\n]*connect(ion)? refused/i, weight: 2},
    ],
    cause: 'Nothing listens where the client looks (127.0.0.1:11434, or OLLAMA_HOST).',
    fix: {run: 'ollama serve', note: 'or sudo systemctl start ollama, or open the Ollama app; not installed: localclaw install ollama'},
  },
  {
    id: 'ollama-openai-path', title: 'Ollama called on an OpenAI path without /v1',
    runtime: 'ollama',
    patterns: [{pattern: /404 page not found/i, weight: 2}, {pattern: /POST \/chat\/completions[^\n]*404/i, weight: 2}],
    cause: 'An Ollama provider with api "openai-completions" and no /v1 posts to /chat/completions, which Ollama answers 404.',
    fix: {run: 'localclaw config --runtime ollama --model <model>', note: 'writes api "ollama" with the native URL (no /v1)'},
  },
  {
    id: 'ollama-not-enough-memory', title: 'Ollama: not enough memory for the model',
    runtime: 'ollama',
    patterns: [{pattern: /model requires more system memory \([\d.]+ \w+\) than is available/i, weight: 4}],
    cause: 'The model and its context need {needed} and only {available} of memory is free, so Ollama refuses to load it.',
    fix: {run: 'localclaw recommend', note: 'models and contexts that fit this machine; or free memory other programs use, then try again'},
    extract: (text) => {
      const match = /more system memory \(([\d.]+ \w+)\) than is available \(([\d.]+ \w+)\)/i.exec(text)
      return {needed: match?.[1] ?? 'more', available: match?.[2] ?? 'less'}
    },
    supersedes: ['cuda-out-of-memory'],
  },
  {
    id: 'ollama-runner-killed', title: 'Ollama: the model runner was killed (out of memory)',
    runtime: 'ollama',
    patterns: [{pattern: /llama runner process has terminated: signal: killed/i, weight: 4}, {pattern: /Out of memory: Killed process \d+ \((ollama|llama)/i, weight: 4}],
    cause: 'The operating system\'s out-of-memory killer stopped the runner: the model plus its context did not fit in RAM (and swap).',
    fix: {run: 'localclaw recommend', note: 'a smaller model or context for this machine; the kernel log says who was killed: sudo dmesg | grep -i "killed process"'},
  },
  {
    id: 'ollama-prompt-truncated', title: 'Ollama cut the prompt to fit its context',
    runtime: 'ollama',
    patterns: [{pattern: /msg="truncating input prompt"/i, weight: 4}, {pattern: /input truncated \| n_ctx=/i, weight: 3}],
    cause: 'The prompt ({prompt} tokens) was longer than the context the model was loaded with ({limit}): OpenClaw sent no num_ctx, or a small one, so the agent lost the start of its instructions.',
    fix: {run: 'localclaw config --runtime ollama --model <model> --context-tokens 32768', note: 'writes contextTokens and params.num_ctx; or on the server: OLLAMA_CONTEXT_LENGTH=32768'},
    extract: (text) => ({limit: /limit=(\d+)/.exec(text)?.[1] ?? '<limit>', prompt: /prompt=(\d+)/.exec(text)?.[1] ?? 'more'}),
  },
  {
    id: 'ollama-no-tools', title: 'Ollama: the model does not support tools',
    runtime: 'ollama',
    liveFix: 'tool-model',
    patterns: [{pattern: /does not support tools/i, weight: 4}],
    cause: 'OpenClaw sends tools with every request, and {model} has no tool-calling template in Ollama, so Ollama answers 400.',
    fix: {run: 'localclaw recommend --runtime ollama', note: 'its agent picks all call tools; then point OpenClaw at one: localclaw config --runtime ollama --model <name>'},
    extract: (text) => {
      const model = /(?:registry\.ollama\.ai\/library\/)?([\w.:/-]+) does not support tools/i.exec(text)?.[1]
      return {model: model ?? 'this model'}
    },
  },
  {
    id: 'ollama-needs-update', title: 'Ollama is too old for this model',
    runtime: 'ollama',
    patterns: [{pattern: /pull model manifest: 412/i, weight: 3}, {pattern: /requires a newer version of Ollama/i, weight: 4}],
    cause: 'The model needs a newer Ollama than the one running (the server\'s version counts, not the CLI\'s).',
    fix: {run: 'curl -fsSL https://ollama.com/install.sh | sh', note: 'Linux; on macOS and Windows, the app\'s update. Then restart Ollama (the server\'s version counts) and pull again'},
    supersedes: ['pull-unknown-model'],
  },
  {
    id: 'pull-dns-failure', title: 'Download failed: the registry\'s name does not resolve',
    patterns: [{pattern: /dial tcp: lookup [\w.-]+(?: on [\d.:[\]a-f]+)?: (no such host|server misbehaving)/i, weight: 4}],
    cause: 'The DNS server this machine (or the Ollama container) uses cannot resolve {host}; retrying does not help until DNS works.',
    fix: {run: 'getent hosts {host}', note: 'no output means DNS is broken here; in Docker, give the container working DNS (docker run --dns 1.1.1.1 ...); behind a proxy, set HTTPS_PROXY for the Ollama server'},
    extract: (text) => ({host: /dial tcp: lookup ([\w.-]+)/i.exec(text)?.[1] ?? 'registry.ollama.ai'}),
    supersedes: ['pull-connection-dropped'],
  },
  {
    id: 'pull-tls-intercepted', title: 'Download failed: the TLS certificate is not trusted',
    patterns: [{pattern: /x509: certificate signed by unknown authority/i, weight: 4}, {pattern: /tls: failed to verify certificate/i, weight: 3}],
    cause: 'Something between this machine and the registry (a corporate proxy, an antivirus) re-signs HTTPS with a certificate this system does not trust.',
    fix: {note: 'install the proxy\'s CA certificate for the system (Debian/Ubuntu: copy it to /usr/local/share/ca-certificates/ and run sudo update-ca-certificates), then restart Ollama'},
  },
  {
    id: 'nvidia-driver-mismatch', title: 'NVIDIA driver and kernel module versions differ',
    patterns: [{pattern: /Driver\/library version mismatch/i, weight: 5}],
    cause: 'The NVIDIA driver was updated, but the old kernel module is still loaded, so nothing can use the GPU until it is replaced.',
    fix: {run: 'sudo reboot', note: 'or unload and reload the nvidia kernel modules'},
    supersedes: ['nvidia-driver'],
  },
  {
    id: 'cuda-no-kernel-image', title: 'CUDA: this build has no kernels for this GPU',
    patterns: [{pattern: /no kernel image is available for execution on the device/i, weight: 4}],
    cause: 'The runtime (or its PyTorch) was built without code for this GPU\'s compute capability: an older GPU with a newer build, or a brand-new GPU with an older one.',
    fix: {note: 'use a runtime build that supports this GPU (localclaw detect shows its compute capability): update Ollama (curl -fsSL https://ollama.com/install.sh | sh), or install vLLM with a PyTorch built for it'},
  },
  {
    id: 'docker-no-gpu-runtime', title: 'Docker cannot give the container the GPU',
    patterns: [{pattern: /could not select device driver "[^"]*" with capabilities: \[\[gpu\]\]/i, weight: 5}],
    cause: 'docker run --gpus needs the NVIDIA Container Toolkit, and it is not installed (or Docker was not restarted after installing it).',
    fix: {run: 'sudo apt-get install -y nvidia-container-toolkit && sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker', note: 'the package comes from NVIDIA\'s apt repository (add it first, per the Container Toolkit\'s install guide)'},
    supersedes: ['nvidia-driver'],
  },
  {
    id: 'llamacpp-unknown-architecture', title: 'llama.cpp is too old for this model',
    runtime: 'llamacpp',
    patterns: [{pattern: /unknown model architecture: '([\w.-]*)'/i, weight: 5}],
    cause: 'This llama.cpp build (or the runtime that bundles it) predates the {arch} architecture, so it cannot load the model.',
    fix: {note: 'update llama.cpp (brew upgrade llama.cpp, or a current release build), or Ollama/LM Studio if they bundle it; then load the model again'},
    extract: (text) => ({arch: /unknown model architecture: '([\w.-]*)'/i.exec(text)?.[1] || 'model\'s'}),
  },
  {
    id: 'llamacpp-needs-jinja', title: 'llama.cpp: tool calls need --jinja',
    runtime: 'llamacpp',
    liveFix: 'serve-command',
    patterns: [{pattern: /tools param requires --jinja flag/i, weight: 5}],
    cause: 'llama-server renders tool calls only with the model\'s own chat template, which older builds apply only with --jinja; OpenClaw always sends tools.',
    fix: {run: 'localclaw recommend <model> --runtime llamacpp', note: 'it prints the whole llama-server command, with --jinja; restart llama-server with it'},
  },
  {
    id: 'llamacpp-context-exceeded', title: 'llama.cpp: the request is longer than the context',
    runtime: 'llamacpp',
    patterns: [{pattern: /exceeds the available context size/i, weight: 4}, {pattern: /"type"\s*:\s*"exceed_context_size_error"/i, weight: 4}],
    cause: 'The prompt ({prompt} tokens) does not fit in the slot\'s context ({ctx}); llama-server divides -c between its slots (--parallel).',
    fix: {run: 'localclaw recommend <model> --runtime llamacpp', note: 'it prints the llama-server command with a -c that fits and --parallel 1; restart with it, and keep contextTokens in the config at or below it'},
    extract: (text) => ({prompt: /"n_prompt_tokens"\s*:\s*(\d+)/.exec(text)?.[1] ?? /request \((\d+) tokens\)/.exec(text)?.[1] ?? 'more', ctx: /"n_ctx"\s*:\s*(\d+)/.exec(text)?.[1] ?? 'less'}),
  },
  {
    id: 'vllm-no-tool-parser', title: 'vLLM was started without tool calling',
    runtime: 'vllm',
    liveFix: 'serve-command',
    patterns: [{pattern: /tool choice requires --enable-auto-tool-choice and --tool-call-parser/i, weight: 5}],
    cause: 'OpenClaw sends tools with tool_choice "auto", which vLLM accepts only when it was started with a tool-call parser for the model.',
    fix: {run: 'localclaw recommend <model> --runtime vllm', note: 'it prints the vllm serve command with --enable-auto-tool-choice and the right --tool-call-parser; restart vLLM with it'},
  },
  {
    id: 'vllm-bf16-unsupported', title: 'vLLM: this GPU has no bfloat16',
    runtime: 'vllm',
    patterns: [{pattern: /Bfloat16 is only supported on GPUs with compute capability of at least 8\.0/i, weight: 5}],
    cause: 'The model\'s weights are bfloat16, which GPUs before Ampere (compute capability {capability}) do not support.',
    fix: {run: 'vllm serve <model> --dtype half', note: 'float16; keep the rest of your command'},
    extract: (text) => ({capability: /has compute capability ([\d.]+)/.exec(text)?.[1]?.replace(/\.$/, '') ?? 'below 8.0'}),
  },
  {
    id: 'hf-gated-model', title: 'Hugging Face: the model is gated',
    patterns: [{pattern: /Cannot access gated repo/i, weight: 4}, {pattern: /GatedRepoError/, weight: 3}, {pattern: /is gated\. You must be authenticated/i, weight: 3}],
    cause: 'The repository {repo} needs an accepted license and a token, and this download had neither.',
    fix: {run: 'hf auth login', note: 'after accepting the terms at https://huggingface.co/{repo}; or set HF_TOKEN for the server. Then start it again'},
    extract: (text) => onlyFound({repo: /huggingface\.co\/([\w.-]+\/[\w.-]+)/.exec(text)?.[1]}),
  },
  {
    id: 'lmstudio-no-model-loaded', title: 'LM Studio: no model is loaded',
    runtime: 'lmstudio',
    patterns: [{pattern: /No models loaded\. Please load a model/i, weight: 5}],
    cause: 'The LM Studio server runs, but no model is in memory, and just-in-time loading is off.',
    fix: {run: 'lms load <key> --context-length 32768 -y', note: 'lms ls lists the keys'},
  },
  {
    id: 'lmstudio-model-not-found', title: 'LM Studio: no such model',
    runtime: 'lmstudio',
    patterns: [{pattern: /Please specify a valid (downloaded )?model/i, weight: 5}, {pattern: /Invalid model identifier/i, weight: 4}],
    cause: 'OpenClaw asks LM Studio for {model}, which it has not downloaded (or knows under another key).',
    fix: {run: 'lms get {model} && lms load {model} --context-length 32768 -y', note: 'lms ls lists the keys it has; localclaw config --runtime lmstudio --model <key> points OpenClaw at one'},
    extract: (text) => {
      const model = /Model \\?"([^"\\]+)\\?" not found/i.exec(text)?.[1] ?? /Invalid model identifier \\?"([^"\\]+)\\?"/i.exec(text)?.[1]
      return onlyFound({model})
    },
    supersedes: ['model-not-found'],
  },
  {
    id: 'lmstudio-insufficient-resources', title: 'LM Studio: not enough memory to load the model',
    runtime: 'lmstudio',
    patterns: [{pattern: /(stopped|aborted) due to insufficient system resources/i, weight: 5}, {pattern: /Not enough resources to load the model/i, weight: 4}],
    cause: 'LM Studio\'s guardrail estimates the model and its context need more memory than is free (the estimate is sometimes wrong for new architectures).',
    fix: {run: 'localclaw recommend <model> --runtime lmstudio', note: 'a quantization and context that fit; then lms load <key> --context-length <that> -y, or unload other models: lms unload --all'},
  },
  {
    id: 'openclaw-unknown-model', title: 'OpenClaw: unknown model',
    patterns: [{pattern: /Unknown model: [\w.-]+\/\S+/i, weight: 4}, {pattern: /requires authentication to be registered as a provider/i, weight: 3}],
    cause: 'The model ref {ref} names a provider or model the config does not define, so OpenClaw cannot route to it.',
    fix: {run: 'localclaw config --runtime <runtime> --model <model>', note: 'writes the provider with its models and points the ref at it; localclaw doctor shows which refs dangle'},
    extract: (text): Record<string, string> => {
      const ref = /Unknown model: ([\w.-]+\/[^\s.]+(?:\.[^\s.]+)*)/i.exec(text)?.[1]?.replace(/\.$/, '')
      if (!ref) return {ref: 'this model'}
      // A ref under a runtime's own provider id names what to configure; a custom provider id does not.
      const [provider, ...model] = ref.split('/')
      return runtimeById(provider as RuntimeId) ? {ref, runtime: provider!, model: model.join('/')} : {ref}
    },
  },
  {
    id: 'openclaw-hosted-no-api-key', title: 'OpenClaw: no API key for a hosted provider',
    patterns: [{pattern: /No API key found for provider ["“']?(anthropic|openai|google|openrouter|groq|mistral|deepseek|xai|moonshot|minimax|fireworks|together|cerebras)\b/i, weight: 5}],
    cause: 'A hosted model (a fallback or the primary) belongs to {provider}, and OpenClaw has no key for it: a local marker would not help.',
    fix: {run: 'openclaw onboard', note: 'gives OpenClaw your {provider} key (or set its environment variable); or stop using it: localclaw config --strategy local-only --runtime <runtime> --model <model>'},
    extract: (text) => ({provider: /No API key found for provider ["“']?([\w.-]+)/i.exec(text)?.[1] ?? 'that provider'}),
    supersedes: ['openclaw-no-api-key'],
  },
  {
    id: 'tailscale-logged-out', title: 'Tailscale is logged out',
    patterns: [{pattern: /To authenticate, visit:/i, weight: 4}, {pattern: /"BackendState"\s*:\s*"NeedsLogin"/, weight: 4}, {pattern: /^Logged out\.?$/m, weight: 4}],
    cause: 'This machine is not logged in to the tailnet (a new install, an expired key, or a logout), so tailnet addresses are unreachable.',
    fix: {run: 'sudo tailscale up', note: 'then open the login URL it prints; check with localclaw tailscale status'},
  },
  {
    id: 'runtime-not-on-path', title: 'The runtime\'s command is not found',
    patterns: [{pattern: /(ollama|lms|llama-server|vllm): (command )?not found/i, weight: 4}, {pattern: /'(ollama|lms|llama-server|vllm)' is not recognized as an internal or external command/i, weight: 4}],
    cause: '{command} is not installed, or its directory is not on PATH in this shell (LM Studio\'s lms lives in ~/.lmstudio/bin until lms bootstrap).',
    fix: {run: 'localclaw install {runtime}', note: 'if it is installed, localclaw detect finds it off PATH too (LM Studio\'s lms lives in ~/.lmstudio/bin until lms bootstrap)'},
    extract: (text) => {
      const command = /(ollama|lms|llama-server|vllm): (?:command )?not found/i.exec(text)?.[1] ?? /'(ollama|lms|llama-server|vllm)' is not recognized/i.exec(text)?.[1] ?? 'ollama'
      const runtime = RUNTIMES.find((candidate) => candidate.binaries.includes(command.toLowerCase()))
      return {command, runtime: runtime?.id ?? 'ollama'}
    },
  },
  {
    id: 'tailscale-not-running', title: 'Tailscale is not running',
    patterns: [{pattern: /failed to connect to local tailscale/i, weight: 3}, {pattern: /Tailscale is stopped/i, weight: 3}],
    cause: 'The tailscaled daemon is not running (or is logged out), so tailnet addresses do not resolve.',
    fix: {run: 'sudo systemctl start tailscaled && sudo tailscale up', note: 'Linux with systemd; on macOS and Windows, open the Tailscale app'},
  },
]

export interface ProblemMatch {
  id: string
  title: string
  cause: string
  /**
   * The command that fixes it, exactly as it runs in a shell; null where the fix is not one command,
   * or where it needs a value (`needs`) that neither the text nor the setup gave.
   */
  fix: string | null
  /** That command with the missing values as <name>, for a person to fill in. */
  fixTemplate?: string
  needs?: string[]
  /** What to know about the fix, or the fix in words where no one command does it. */
  fixNote: string | null
  confidence: 'high' | 'medium' | 'low'
  /** The line of the text that matched best, for context. */
  evidence: string
}

/**
 * The template with what is known filled in: {key} from the text or the setup, and a bare <key> the
 * fix names for the user (<model>, <runtime>, <key>) where the setup knows it; the rest stay <key>.
 * In a command each value is one shell word, quoted where it needs to be.
 */
function fill(template: string, values: Record<string, string>, asWord: (value: string) => string = (value) => value): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => (values[key] === undefined ? `<${key}>` : asWord(values[key])))
    .replace(/<(\w+)>/g, (whole, key: string) => (values[key] === undefined ? whole : asWord(values[key])))
}

/** The fix with the values in: a command only once nothing is left to fill in. */
function filledFix(fix: ProblemFix, values: Record<string, string>): Pick<ProblemMatch, 'fix' | 'fixTemplate' | 'needs' | 'fixNote'> {
  const note = fix.note ? fill(fix.note, values) : null
  if (!fix.run) return {fix: null, fixNote: note}
  const run = fill(fix.run, values, shellWord)
  const needs = [...new Set([...run.matchAll(/<(\w+)>/g)].map((found) => found[1]!))]
  return needs.length === 0 ? {fix: run, fixNote: note} : {fix: null, fixTemplate: run, needs, fixNote: note}
}

/** What the setup says for a fix's <model>, <key> and <runtime>: the first model OpenClaw is configured with. */
export function valuesFromSetup(providers: LocalProvider[]): Record<string, string> {
  const configured = providers.find((provider) => provider.models.length > 0)
  return configured ? {model: configured.models[0]!.id, key: configured.models[0]!.id, runtime: configured.runtime.id} : {}
}

/** A match's fix as one line of text: the command, or the template with what it needs, then its note. */
export function fixText(match: Pick<ProblemMatch, 'fix' | 'fixTemplate' | 'needs' | 'fixNote'>): {run: string | null; note: string | null} {
  if (match.fix) return {run: match.fix, note: match.fixNote}
  const parts = [match.fixTemplate ? `${match.fixTemplate} (fill in ${match.needs!.map((name) => `<${name}>`).join(' and ')})` : null, match.fixNote]
  return {run: null, note: parts.filter(Boolean).join('; ') || null}
}

/**
 * Known problems found in a text (an error message, a log excerpt), most confident first. `known`
 * is what the setup says (doctor: the configured model, its runtime, its LM Studio key); what the text
 * itself names wins over it.
 */
export function matchProblems(text: string, known: Record<string, string> = {}): ProblemMatch[] {
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
    // The setup fills a runtime's own error only when it is that runtime's setup.
    const setup = !problem.runtime || known.runtime === undefined || known.runtime === problem.runtime ? known : {}
    const values = {...setup, ...problem.extract?.(text)}
    matches.push({
      id: problem.id, title: problem.title, cause: fill(problem.cause, values),
      ...filledFix(typeof problem.fix === 'function' ? problem.fix(values) : problem.fix, values),
      confidence: score >= 3 ? 'high' : score === 2 ? 'medium' : 'low', evidence, score,
    })
  }
  // The most specific first: a problem that another matching one supersedes follows it, as "also possible".
  const present = new Set(matches.map((match) => match.id))
  const superseded = new Set(PROBLEMS.filter((problem) => present.has(problem.id)).flatMap((problem) => problem.supersedes ?? []))
  const rank = (match: {id: string}) => (superseded.has(match.id) ? 1 : 0)
  return matches.sort((a, b) => rank(a) - rank(b) || b.score - a.score).map(({score: _score, ...match}) => match)
}
