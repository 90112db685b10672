import {describe, expect, it} from 'vitest'

import {matchProblems, PROBLEMS} from '../../../src/lib/doctor/problems.js'
import {fixture} from '../../helpers/fixtures.js'
import {localclawParses, runsAsPrinted} from '../../helpers/printed-fix.js'

/** Every recorded error text (copied from ../shared/reference, see test/fixtures/README.md) and the problem it is. */
const RECORDED: Array<[string, string]> = [
  ['ollama/serve-bind-in-use-linux-macos.txt', 'port-in-use'],
  ['ollama/journalctl-bind-in-use.COMPOSED.txt', 'port-in-use'],
  ['llamacpp/server-bind-in-use.txt', 'port-in-use'],
  ['vllm/server-bind-in-use.COMPOSED.txt', 'port-in-use'],
  ['ollama/pull-cli-429.txt', 'pull-rate-limited'],
  // Retries ran out, but on a name that does not resolve: the DNS, not the connection.
  ['ollama/pull-cli-max-retries.txt', 'pull-dns-failure'],
  ['ollama/pull-dial-timeout.txt', 'pull-connection-dropped'],
  ['ollama/pull-cli-notfound.txt', 'pull-unknown-model'],
  ['ollama/pull-nonstream-notfound.json', 'pull-unknown-model'],
  ['ollama/pull-stream-notfound.ndjson', 'pull-unknown-model'],
  ['ollama/error-model-not-found.json', 'model-not-found'],
  ['ollama/openai-error-not-found.json', 'model-not-found'],
  ['ollama/cli-not-running.txt', 'ollama-not-running'],
  ['vllm/error-model-not-found-current.COMPOSED.json', 'model-not-found'],
  ['vllm/error-model-not-found-legacy.json', 'model-not-found'],
  ['vllm/error-cuda-oom-torch.txt', 'cuda-out-of-memory'],
  ['vllm/error-kv-cache-too-small-v1.txt', 'vllm-kv-cache-too-small'],
  ['vllm/error-free-memory-on-startup.txt', 'vllm-gpu-busy'],
  ['vllm/error-free-memory-on-startup-v0.9.txt', 'vllm-gpu-busy'],
  ['nvidia/nvidia-smi-driver-missing.txt', 'nvidia-driver'],
  ['lmstudio/server-log-unexpected-endpoint.txt', 'lmstudio-unexpected-endpoint'],
  ['lmstudio/unknown-endpoint-returns-200.http', 'lmstudio-unexpected-endpoint'],
  ['llamacpp/health-loading-503.json', 'llamacpp-loading'],
  ['llamacpp/error-401-invalid-api-key.json', 'llamacpp-api-key'],
  ['llamacpp/error-501-not-supported.json', 'llamacpp-endpoint-disabled'],
  ['tailscale/not-running-linux-no-systemd.txt', 'tailscale-not-running'],
  ['tailscale/not-running-linux-systemd.txt', 'tailscale-not-running'],
  ['tailscale/not-running-process-present.txt', 'tailscale-not-running'],
  ['tailscale/not-running-windows.txt', 'tailscale-not-running'],
  ['tailscale/ip-not-running-raw.txt', 'tailscale-not-running'],
  ['tailscale/status-text-stopped.txt', 'tailscale-not-running'],
  ['tailscale/logged-out-authenticate.txt', 'tailscale-logged-out'],
  ['ollama/error-system-memory.txt', 'ollama-not-enough-memory'],
  ['ollama/runner-killed.COMPOSED.log', 'ollama-runner-killed'],
  ['ollama/server-log-truncating-prompt.log', 'ollama-prompt-truncated'],
  ['ollama/error-does-not-support-tools.txt', 'ollama-no-tools'],
  ['ollama/pull-412-newer-version.txt', 'ollama-needs-update'],
  ['ollama/pull-dns-no-such-host.txt', 'pull-dns-failure'],
  ['ollama/pull-tls-unknown-authority.txt', 'pull-tls-intercepted'],
  ['nvidia/nvml-driver-library-mismatch.txt', 'nvidia-driver-mismatch'],
  ['nvidia/cuda-no-kernel-image.txt', 'cuda-no-kernel-image'],
  ['nvidia/docker-no-gpu-driver.txt', 'docker-no-gpu-runtime'],
  ['llamacpp/unknown-architecture.txt', 'llamacpp-unknown-architecture'],
  ['llamacpp/error-tools-require-jinja.COMPOSED.json', 'llamacpp-needs-jinja'],
  ['llamacpp/error-exceed-context-size.json', 'llamacpp-context-exceeded'],
  ['vllm/error-auto-tool-choice.COMPOSED.json', 'vllm-no-tool-parser'],
  ['vllm/error-bfloat16-compute-capability.txt', 'vllm-bf16-unsupported'],
  ['vllm/error-gated-repo.txt', 'hf-gated-model'],
  ['lmstudio/error-no-models-loaded.txt', 'lmstudio-no-model-loaded'],
  ['lmstudio/error-model-not-found.txt', 'lmstudio-model-not-found'],
  ['lmstudio/error-invalid-model-identifier.txt', 'lmstudio-model-not-found'],
  ['lmstudio/error-insufficient-resources.txt', 'lmstudio-insufficient-resources'],
  ['openclaw/unknown-model-ollama.txt', 'openclaw-unknown-model'],
]

/** Wordings with no recorded file: other OSes and versions, from the sources in runtimes.md and openclaw.md. */
const WORDINGS: Array<[string, string]> = [
  [
    'Error: listen tcp 127.0.0.1:11434: bind: Only one usage of each socket address (protocol/network address/port) is normally permitted.',
    'port-in-use',
  ],
  ['Error: model "llama3.1" not found, try pulling it first', 'model-not-found'],
  ['Model context window too small (4096 tokens; source=modelsConfig). Minimum is 16000.', 'context-too-small'],
  ['Auth lookup failed for provider "llamacpp": No API key found for provider "llamacpp"', 'openclaw-no-api-key'],
  [
    'ggml_backend_cuda_buffer_type_alloc_buffer: allocating 5120.00 MiB on device 0: cudaMalloc failed: out of memory',
    'cuda-out-of-memory',
  ],
  [
    'docker: Error response from daemon: failed to create task: nvidia-container-cli: initialization error: load library failed: libnvidia-ml.so.1',
    'nvidia-driver',
  ],
  ['Error: Head "http://127.0.0.1:11434/": dial tcp 127.0.0.1:11434: connect: connection refused', 'ollama-not-running'],
  ['POST /chat/completions -> 404 page not found', 'ollama-openai-path'],
  ['Auth lookup failed for provider "anthropic": No API key found for provider "anthropic"', 'openclaw-hosted-no-api-key'],
  ['bash: ollama: command not found', 'runtime-not-on-path'],
  ["'ollama' is not recognized as an internal or external command,", 'runtime-not-on-path'],
  ['Out of memory: Killed process 4242 (ollama) total-vm:41943040kB, anon-rss:31457280kB', 'ollama-runner-killed'],
]

describe('known problems', () => {
  it.each([...RECORDED.map(([file, id]) => [file, fixture(file), id]), ...WORDINGS.map(([text, id]) => [text.slice(0, 40), text, id])])(
    '%s -> %s',
    (_name, text, id) => {
      const [best] = matchProblems(text!)
      expect(best?.id).toBe(id)
      expect(best?.fix ?? best?.fixTemplate ?? best?.fixNote).toBeTruthy()
    },
  )

  it('reads the port from the address in a bind error, never from a timestamp, and the fix moves the runtime that failed', () => {
    const explain = (text: string) => matchProblems(text).find((match) => match.id === 'port-in-use')!
    // journalctl's 08:06:48 once gave "port 06".
    const journal = explain(fixture('ollama/journalctl-bind-in-use.COMPOSED.txt'))
    expect(journal).toMatchObject({
      fix: 'localclaw doctor',
      fixNote:
        'it names the process on port 11434, often Ollama itself, already running; to run Ollama on another port instead: OLLAMA_HOST=127.0.0.1:11435 ollama serve (ollama serve has no --port flag)',
    })
    const llama = explain(fixture('llamacpp/server-bind-in-use.txt'))
    expect(llama.cause).toContain('port 8080')
    expect(llama.fixNote).toMatch(/to run llama\.cpp on another port instead: add --port 8081 to your llama-server command/)
    const vllm = explain(fixture('vllm/server-bind-in-use.COMPOSED.txt'))
    expect(vllm.fixNote).toMatch(
      /port 8000, often vLLM itself, already running; to run vLLM on another port instead: add --port 8001 to your vllm serve command/,
    )
    expect(vllm.fixNote).not.toMatch(/OLLAMA_HOST/)
    expect(explain('[LM Studio] Error: listen EADDRINUSE: address already in use 127.0.0.1:1234').fixNote).toMatch(
      /port 1234, .*; to run LM Studio on another port instead: lms server start --port 1235$/,
    )
    // An IPv6 address, and a port known only by its runtime's default.
    expect(explain('Error: listen tcp [::1]:11500: bind: address already in use').fixNote).toContain(
      'OLLAMA_HOST=127.0.0.1:11501 ollama serve',
    )
  })

  it('knows at least 40 problems, each recorded (or worded) in the tables above', () => {
    expect(PROBLEMS.length).toBeGreaterThanOrEqual(40)
    const covered = new Set([...RECORDED, ...WORDINGS].map(([, id]) => id))
    expect(PROBLEMS.map((problem) => problem.id).filter((id) => !covered.has(id))).toEqual([])
  })

  it('the most specific problem leads, and the general ones it is a case of follow as also possible', () => {
    const ids = (text: string) => matchProblems(text).map((match) => match.id)
    // DNS failures also look like a dropped download; retrying does not help DNS.
    expect(ids(fixture('ollama/pull-dns-no-such-host.txt')).slice(0, 2)).toEqual(['pull-dns-failure', 'pull-connection-dropped'])
    // LM Studio's "not found" is not Ollama's: lms get, not localclaw pull.
    // A key with a space in it is one shell word.
    expect(matchProblems(fixture('lmstudio/error-model-not-found.txt'))[0]!.fix).toBe(
      "lms get 'local model' && lms load 'local model' --context-length 32768 -y",
    )
    const lmstudio = matchProblems('Model "qwen/qwen3-8b" not found. Please specify a valid model.')
    expect(lmstudio.map((match) => match.id)).toEqual(['lmstudio-model-not-found', 'model-not-found'])
    expect(lmstudio[0]!.fix).toBe('lms get qwen/qwen3-8b && lms load qwen/qwen3-8b --context-length 32768 -y')
    expect(ids(fixture('nvidia/nvml-driver-library-mismatch.txt'))[0]).toBe('nvidia-driver-mismatch')
    // A hosted provider's missing key needs the real key, not a local marker.
    const hosted = matchProblems('No API key found for provider "anthropic"')
    expect(hosted.map((match) => match.id)).toEqual(['openclaw-hosted-no-api-key', 'openclaw-no-api-key'])
    expect(hosted[0]).toMatchObject({fix: 'openclaw onboard', fixNote: expect.stringMatching(/your anthropic key/)})
    expect(JSON.stringify(hosted[0])).not.toMatch(/ollama-local/)
  })

  it('fills the new fixes from the text: the model, the sizes, the host, the runtime', () => {
    const first = (text: string) => matchProblems(text)[0]!
    expect(first(fixture('ollama/error-system-memory.txt')).cause).toContain('need 164.8 GiB and only 13.4 GiB')
    expect(first(fixture('ollama/server-log-truncating-prompt.log')).cause).toContain(
      '(5065 tokens) was longer than the context the model was loaded with (2048)',
    )
    expect(first(fixture('ollama/error-does-not-support-tools.txt')).cause).toContain('Qwen3.5:0.8b has no tool-calling template')
    expect(first(fixture('ollama/pull-dns-no-such-host.txt')).fix).toContain('getent hosts registry.ollama.ai')
    expect(first(fixture('llamacpp/error-exceed-context-size.json')).cause).toContain(
      '(1407 tokens) does not fit in the slot\'s context (256)',
    )
    expect(first(fixture('llamacpp/unknown-architecture.txt')).cause).toContain('predates the llama4 architecture')
    expect(first(fixture('vllm/error-gated-repo.txt')).fixNote).toContain('https://huggingface.co/meta-llama/Llama-2-7b-hf')
    expect(first(fixture('vllm/error-bfloat16-compute-capability.txt')).cause).toContain('compute capability 7.5')
    expect(first(fixture('openclaw/unknown-model-ollama.txt')).cause).toContain('The model ref ollama/qwen3:8b')
    expect(first('bash: lms: command not found').fix).toBe('localclaw install lmstudio')
  })

  it('fills the fix with what the text says: the port, the model, the length that fits', () => {
    expect(matchProblems(fixture('ollama/serve-bind-in-use-linux-macos.txt'))[0]!.fixNote).toContain(
      'OLLAMA_HOST=127.0.0.1:11435 ollama serve',
    )
    expect(matchProblems(fixture('ollama/error-model-not-found.json'))[0]!.fix).toBe('localclaw pull llama3.2:latest --runtime ollama')
    // vLLM's log does not say which model it served: the command waits for it.
    expect(matchProblems(fixture('vllm/error-kv-cache-too-small-v1.txt'))[0]).toMatchObject({
      fix: null,
      fixTemplate: 'vllm serve <model> --max-model-len 34736',
      needs: ['model'],
    })
    // 31.44 of 47.38 GiB free is 0.66 of the total: a little under it. 1.54 of 22.05 is too little to lower into.
    expect(matchProblems(fixture('vllm/error-free-memory-on-startup-v0.9.txt'), {model: 'Qwen/Qwen3-8B'})[0]!.fix).toBe(
      'vllm serve Qwen/Qwen3-8B --gpu-memory-utilization 0.64',
    )
    expect(matchProblems(fixture('vllm/error-free-memory-on-startup.txt'))[0]).toMatchObject({
      fix: 'nvidia-smi',
      fixNote: expect.stringMatching(/^only 1\.54 of 22\.05 GiB is free: stop what else uses the GPU/),
    })
  })

  it('every fix, filled from its text and a setup on any runtime, is a command that runs as printed and parses', async () => {
    const texts = [...RECORDED.map(([file]) => fixture(file)), ...WORDINGS.map(([text]) => text)]
    const setups = [
      {model: 'qwen3:8b', key: 'qwen3:8b', runtime: 'ollama'},
      {model: 'qwen/qwen3-8b', key: 'qwen/qwen3-8b', runtime: 'lmstudio'},
      {model: 'Qwen/Qwen3-8B-AWQ', key: 'Qwen/Qwen3-8B-AWQ', runtime: 'vllm'},
      {model: 'qwen3-8b', key: 'qwen3-8b', runtime: 'llamacpp'},
    ]
    let commands = 0
    for (const setup of setups) {
      for (const text of texts) {
        for (const match of matchProblems(text, setup)) {
          // A setup fills every placeholder of a problem its runtime can have; a fix left in words is one no single command does.
          const own = PROBLEMS.find((problem) => problem.id === match.id)!.runtime
          if (own === undefined || own === setup.runtime) expect(match.needs, `${match.id}: ${match.fixTemplate}`).toBeUndefined()
          if (!match.fix) continue
          expect(runsAsPrinted(match.fix), `${match.id}: ${match.fix}`).toBeNull()
          expect(await localclawParses(match.fix), `${match.id}: ${match.fix}`).toBeNull()
          commands++
        }
      }
    }
    expect(commands).toBeGreaterThan(150)
  })

  it('with neither the text nor a setup naming the model, the fix is a template to fill in, never printed as a command', () => {
    const [rateLimited] = matchProblems(fixture('ollama/pull-cli-429.txt'))
    expect(rateLimited).toMatchObject({fix: null, fixTemplate: 'localclaw pull <model> --runtime ollama --retries 10', needs: ['model']})
    expect(matchProblems(fixture('ollama/pull-cli-429.txt'), {model: 'qwen3:8b', runtime: 'ollama'})[0]!.fix).toBe(
      'localclaw pull qwen3:8b --runtime ollama --retries 10',
    )
    // Another runtime's setup does not fill a runtime's own error: an Ollama tag is not an LM Studio key.
    expect(matchProblems(fixture('lmstudio/error-no-models-loaded.txt'), {model: 'qwen3:8b', key: 'qwen3:8b', runtime: 'ollama'})[0])
      .toMatchObject({fix: null, fixTemplate: 'lms load <key> --context-length 32768 -y', needs: ['key']})
    expect(
      matchProblems(fixture('lmstudio/error-no-models-loaded.txt'), {model: 'qwen/qwen3-8b', key: 'qwen/qwen3-8b', runtime: 'lmstudio'})[0]!
        .fix,
    ).toBe('lms load qwen/qwen3-8b --context-length 32768 -y')
    // vLLM runs the one model it was started with: pulling another does not help, starting it with that one does.
    expect(matchProblems(fixture('vllm/error-model-not-found-legacy.json'), {model: 'qwen3:8b', runtime: 'ollama'})[0]!.fix)
      .toMatch(/^vllm serve Qwen1\.5-14B-Chat-GPTQ-Int8\b/)
    // What the text names wins over the setup: the ref OpenClaw could not route is the one to configure.
    expect(matchProblems(fixture('openclaw/unknown-model-ollama.txt'), {model: 'gemma3:4b', runtime: 'lmstudio'})[0]!.fix).toBe(
      'localclaw config --runtime ollama --model qwen3:8b',
    )
    for (const problem of PROBLEMS) {
      for (const match of matchProblems(problem.patterns.map(({pattern}) => pattern.source).join('\n'))) {
        if (match.fix) expect(match.fix, match.id).not.toMatch(/<\w+>/)
      }
    }
  })

  it('never suggests the --port flag Ollama does not have', () => {
    for (const problem of PROBLEMS)
      expect(JSON.stringify(typeof problem.fix === 'function' ? problem.fix({}) : problem.fix)).not.toMatch(/ollama serve --port/)
  })

  it('confidence follows the evidence: a bare 404 is low, a specific phrase high, unrelated text nothing', () => {
    expect(matchProblems('HTTP 404 Not Found')[0]?.confidence).toBe('low')
    expect(matchProblems(fixture('ollama/pull-cli-429.txt'))[0]?.confidence).toBe('high')
    expect(matchProblems('everything is fine, 200 OK')).toEqual([])
  })
})
