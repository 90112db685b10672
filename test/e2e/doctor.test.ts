import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import JSON5 from 'json5'
import {describe, expect, it} from 'vitest'

import {fakeNvidiaSmi, localclawAsync as run} from '../helpers/cli.js'
import {fixture, fixturePath} from '../helpers/fixtures.js'
import {leaked, PLANTED_CONFIG} from '../helpers/planted-secrets.js'
import {RUNTIMES_DOWN} from '../helpers/runtimes-down.js'
import {closedPort, serve} from '../helpers/server.js'
import {fakeBin, killAfterTest, printFile, tempDir} from '../helpers/system.js'

interface Result {
  id: string
  check: string
  status: 'pass' | 'warn' | 'fail' | 'skip'
  message: string
  cause?: string
  fix?: string
  fixNote?: string
  action?: {kind: string}
}

/** A machine: a temp HOME with an optional OpenClaw config, fake tools on PATH, OLLAMA_HOST where a test wants it. */
function machine(options: {config?: string; ollamaHost?: string; path?: string[]} = {}) {
  const home = tempDir()
  const configFile = path.join(home, '.openclaw', 'openclaw.json')
  if (options.config !== undefined) {
    mkdirSync(path.dirname(configFile), {recursive: true})
    writeFileSync(configFile, options.config)
  }
  const env: Record<string, string> = {HOME: home, PATH: (options.path ?? []).join(':'), CI: '1'}
  // Nothing listens here unless a test puts something there: Ollama's port on this machine is never consulted.
  if (options.ollamaHost) env.OLLAMA_HOST = options.ollamaHost
  return {home, configFile, env}
}


async function doctor(env: Record<string, string>, extra: string[] = []) {
  const result = await run(['doctor', '--json', ...extra], env)
  const json = JSON.parse(result.stdout) as
    {ok: boolean; summary: Record<string, number>; results: Result[]; fixes?: Array<{id: string; outcome: string; detail: string}>}
  const byId = (id: string) => json.results.find((entry) => entry.id === id)
  return {...result, json, byId}
}

/** `ollama --version` prints what a real one prints when no server answers. */
const fakeOllama = () => fakeBin({ollama: 'echo "Warning: could not connect to a running Ollama instance"\necho "ollama version is 0.6.2"'})

const ollamaConfig = (baseUrl: string, models: string) => `// my setup
{
  models: { mode: "merge", providers: { ollama: { baseUrl: "${baseUrl}", api: "ollama", apiKey: "ollama-local", models: [${models}] } } },
  agents: { defaults: { model: { primary: "ollama/qwen3:8b" } } },
}
`
const entry = (id: string, extra = '') => `{ id: "${id}", name: "${id}", contextWindow: 40960${extra} }`

const tags = (...names: string[]) => JSON.stringify({models: names.map((name) => ({name, model: name, size: 5e9}))})

describe('localclaw doctor', () => {
  it('with every runtime down and no config: a failure with its fix, exit 3, every result shaped for scripts', async () => {
    const {env} = machine({ollamaHost: `127.0.0.1:${await closedPort()}`})
    const {code, json, byId} = await doctor(env)
    expect(code).toBe(3)
    expect(json.ok).toBe(false)
    expect(byId('runtime')).toMatchObject({status: 'fail', fix: expect.stringContaining('localclaw install ollama')})
    expect(byId('config.file')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('no OpenClaw config'),
      fix: 'localclaw setup',
      fixNote: expect.stringContaining('add --yes without a terminal'),
    })
    for (const result of json.results) {
      expect(result).toMatchObject({
        id: expect.any(String),
        status: expect.stringMatching(/^(pass|warn|fail|skip)$/),
        message: expect.any(String),
      })
      if (result.status === 'fail') expect(result.fix).toBeTruthy()
    }
    expect(json.summary.fail).toBe(json.results.filter((result) => result.status === 'fail').length)
  })

  it('people get one line per check, the cause and fix under failures, and a summary', async () => {
    const {env} = machine({ollamaHost: `127.0.0.1:${await closedPort()}`})
    const {code, stdout} = await run(['doctor'], env)
    expect(code).toBe(3)
    expect(stdout).toMatch(/^✖ no local runtime is installed\n {4}A local model needs a runtime.*\n {4}Fix: localclaw install ollama/m)
    expect(stdout).toMatch(/^Problems found: \d+ ok, \d+ warnings?, 1 failed/m)
  })

  it('a loopback Ollama: a typo with its close match, a missing model to pull, a model on the CPU with a 4096 context', async () => {
    const server = await serve({
      'GET /api/version': {body: fixture('ollama/version.json')},
      'GET /api/tags': {body: tags('qwen3:8b', 'llama3.1:8b', 'llama3.2:latest')},
      // Recorded shape (ps.json), loaded entirely in system RAM: size_vram 0.
      'GET /api/ps': {
        body: JSON.stringify({
          models: [
            {
              ...JSON.parse(fixture('ollama/ps.json')).models[0],
              name: 'llama3.2:latest',
              model: 'llama3.2:latest',
              size_vram: 0,
              context_length: 4096,
            },
          ],
        }),
      },
    })
    const {env} = machine({
      ollamaHost: server.url.replace('http://', ''),
      config: ollamaConfig(
        server.url,
        [
          entry('qwen3:8b', ', contextTokens: 32768'),
          entry('llama3.1-8b', ', contextTokens: 32768'),
          entry('llama3.2'),
          entry('gemma3:4b', ', contextTokens: 32768'),
          // Not in the Ollama library: no pull gets it there.
          entry('qwen3.8:27b', ', contextTokens: 32768'),
        ].join(', '),
      ),
      // A working GPU: a model entirely on the CPU is then a failure.
      path: [fakeNvidiaSmi('nvidia/query-rtx4090.COMPOSED.csv')],
    })
    const {code, byId} = await doctor(env)
    expect(code).toBe(3)
    expect(byId('runtime.ollama')).toMatchObject({status: 'pass', message: expect.stringContaining('Ollama 0.5.1 answering')})
    expect(byId('model.ollama/qwen3:8b')?.status).toBe('pass')
    expect(byId('model.ollama/llama3.2')?.status).toBe('pass')
    expect(byId('model.ollama/llama3.1-8b')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('did you mean llama3.1:8b'),
      fix: expect.stringContaining('--model llama3.1:8b'),
    })
    expect(byId('model.ollama/gemma3:4b')).toMatchObject({status: 'fail', fix: 'localclaw pull gemma3:4b', action: {kind: 'pull-model'}})
    expect(byId('model.ollama/qwen3.8:27b')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('Ollama has no download of it'),
      fix: 'localclaw config --runtime lmstudio --model qwen3.8:27b',
    })
    expect(byId('model.ollama/qwen3.8:27b')?.action).toBeUndefined()
    expect(byId('gpu.offload.llama3.2:latest')).toMatchObject({status: 'fail', message: expect.stringContaining('100% on the CPU')})
    // No contextTokens: OpenClaw sends no num_ctx, so the 4096 Ollama loaded it with is what the agent gets.
    expect(byId('context.ollama/llama3.2')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('4096 tokens of context (loaded now'),
      action: {kind: 'set-context'},
    })
    expect(byId('context.ollama/qwen3:8b')?.status).not.toBe('fail')
  })

  it('a healthy CPU-only machine: Ollama at the configured URL, other programs on 8000 and 8080: no failure, exit 0', async () => {
    const ollama = await serve({
      'GET /api/version': {body: fixture('ollama/version.json')},
      'GET /api/tags': {body: tags('qwen3:8b')},
      // Recorded shape (ps.json): loaded entirely in RAM, as on any machine without a GPU.
      'GET /api/ps': {
        body: JSON.stringify({
          models: [
            {...JSON.parse(fixture('ollama/ps.json')).models[0], name: 'qwen3:8b', model: 'qwen3:8b', size_vram: 0, context_length: 32768},
          ],
        }),
      },
    })
    // What python3 -m http.server answers: 404 to every API route.
    const [vllmPort, llamaPort] = await Promise.all([serve({}), serve({})])
    const home = tempDir()
    // OLLAMA_HOST points elsewhere (the helpers' closed port): the config's URL is where Ollama is.
    const env = {HOME: home, PATH: '', CI: '1', LOCALCLAW_VLLM_URL: vllmPort.url, LOCALCLAW_LLAMACPP_URL: llamaPort.url}
    const configured = await run(['config', '--model', 'qwen3:8b', '--url', ollama.url, '--context-tokens', '32768', '--yes'], env)
    expect(configured.code, configured.stderr).toBe(0)
    const {code, json, byId} = await doctor(env)
    expect(json.results.filter((result) => result.status === 'fail')).toEqual([])
    expect(code).toBe(0)
    expect(byId('runtime.ollama')).toMatchObject({status: 'pass', message: expect.stringContaining(`answering at ${ollama.url}`)})
    expect(byId('gpu.offload.qwen3:8b')).toMatchObject({status: 'pass', message: expect.stringContaining('on the CPU')})
    for (const port of [vllmPort.port, llamaPort.port]) expect(byId(`port.${port}`)?.status).toBe('skip')
  })

  it('a runtime probe cut off by its time box is "could not tell", never "not installed"', async () => {
    // Accepts the connection, never answers: the probe outlives its 300 ms box.
    const hung = await serve({}, {hang: true})
    const {env} = machine({ollamaHost: hung.url.replace('http://', '')})
    const {byId} = await doctor(env, ['--probe-timeout', '300'])
    expect(byId('runtime.ollama')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('could not tell whether Ollama is installed'),
      fix: expect.stringContaining('--probe-timeout'),
    })
    const detect = JSON.parse((await run(['detect', '--json', '--probe-timeout', '300'], env)).stdout) as {
      runtimes: Array<{id: string; installed: boolean | null}>
    }
    expect(detect.runtimes.find((runtime) => runtime.id === 'ollama')?.installed).toBeNull()
  })

  it('a server that never answered is not said to run the model with 4096 tokens: it will, once it runs', async () => {
    const port = await closedPort()
    const {env} = machine({config: ollamaConfig(`http://127.0.0.1:${port}`, entry('qwen3:8b')), ollamaHost: `127.0.0.1:${port}`})
    const result = (await doctor(env)).byId('context.ollama/qwen3:8b')
    expect(result).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(
        /OpenClaw sends no context, so Ollama \(not answering now\) will run it with its default of \d+ tokens/,
      ),
    })
    expect(result?.message).not.toMatch(/the server runs it/)
  })

  it('LM Studio: a model that is downloaded but not loaded is a cold start waiting to happen', async () => {
    const server = await serve({
      'GET /lmstudio-greeting': {body: fixture('lmstudio/lmstudio-greeting.json')},
      'GET /api/v0/models': {body: fixture('lmstudio/api-v0-models.json')},
    })
    const config = `{ models: { providers: { lmstudio: { baseUrl: "${server.url}/v1", api: "openai-responses", apiKey: "lmstudio", models: [${entry('meta-llama-3.1-8b-instruct', ', contextTokens: 32768')}] } } } }`
    const {env} = machine({config, ollamaHost: `127.0.0.1:${await closedPort()}`})
    const {byId} = await doctor(env)
    expect(byId('model.lmstudio/meta-llama-3.1-8b-instruct')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('not loaded'),
      fix: 'lms load meta-llama-3.1-8b-instruct',
    })
    expect(byId('config.provider.lmstudio')?.status).toBe('pass')
  })

  it('servers that run one model: vLLM gets the command to serve another, with its tool flags; llama.cpp answers any name', async () => {
    const vllmServer = await serve({'GET /v1/models': {body: fixture('vllm/v1-models.COMPOSED.json')}})
    const llamaServer = await serve({'GET /v1/models': {body: fixture('llamacpp/v1-models.json')}})
    const config = `{ models: { providers: {
      vllm: { baseUrl: "${vllmServer.url}/v1", api: "openai-completions", apiKey: "vllm-local", models: [${entry('Qwen/Qwen3-8B', ', contextTokens: 32768')}] },
      llamacpp: { baseUrl: "${llamaServer.url}/v1", api: "openai-completions", apiKey: "llamacpp-local", models: [${entry('whatever-name', ', contextTokens: 32768')}] },
    } } }`
    const {env} = machine({config, ollamaHost: `127.0.0.1:${await closedPort()}`})
    const {byId} = await doctor(env)
    const missing = byId('model.vllm/Qwen/Qwen3-8B')
    // With the parsers that keep OpenClaw's tool calls working (without them vLLM answers 400).
    expect(missing).toMatchObject({
      status: 'fail',
      fix: 'vllm serve Qwen/Qwen3-8B --enable-auto-tool-choice --tool-call-parser hermes --reasoning-parser qwen3',
      fixNote: 'vLLM serves the model it was started with: facebook/opt-125m',
    })
    expect(missing?.action).toBeUndefined()
    expect(byId('model.llamacpp/whatever-name')?.status).toBe('pass')
  })

  it('a remote base URL that does not answer: says so, and how to make the other machine listen', async () => {
    const config = `{ models: { providers: { "ollama-gpubox": { baseUrl: "http://127.0.0.2:${await closedPort()}", api: "ollama", apiKey: "ollama-local", models: [${entry('qwen3:8b', ', contextTokens: 32768')}] } } } }`
    const {env} = machine({config, ollamaHost: `127.0.0.1:${await closedPort()}`})
    const {byId} = await doctor(env)
    expect(byId('server.ollama-gpubox')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('the remote Ollama at http://127.0.0.2:'),
      fix: expect.stringContaining('On that machine: localclaw tailscale expose ollama'),
    })
  })

  it('a real socket holding the port: names the process, and moves Ollama with OLLAMA_HOST, never --port', async () => {
    const squatter = await serve({}, {status: 404, body: 'not here'})
    const {env} = machine({ollamaHost: `127.0.0.1:${squatter.port}`, path: [fakeOllama()]})
    const {code, byId} = await doctor(env)
    expect(code).toBe(3)
    const port = byId(`port.${squatter.port}`)
    expect(port).toMatchObject({status: 'fail', message: expect.stringContaining(`pid ${process.pid}`)})
    expect(port?.fix).toContain(`OLLAMA_HOST=127.0.0.1:${squatter.port + 1} ollama serve`)
    expect(port?.fix).not.toMatch(/ollama serve --port/)
    expect(byId('runtime.ollama')).toMatchObject({status: 'fail', message: expect.stringContaining('something else answers')})
  })

  it('installed but not running: the start command, and --fix can do it', async () => {
    const {env} = machine({ollamaHost: `127.0.0.1:${await closedPort()}`, path: [fakeOllama()]})
    const {byId} = await doctor(env)
    expect(byId('runtime.ollama')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('Ollama 0.6.2 is installed but not running'),
      action: {kind: 'start-runtime'},
    })
    expect(byId('runtime.ollama')?.fix).toMatch(/ollama serve|systemctl start ollama/)
  })

  it('--fix --yes starts the stopped runtime the way its installer would, then finds it answering', async () => {
    const port = await closedPort()
    const dir = tempDir()
    const server = path.join(dir, 'server.cjs')
    writeFileSync(
      server,
      `require('node:http').createServer((q, r) => r.end(q.url === '/api/version' ? '{"version":"0.6.2"}' : '{"models":[]}')).listen(${port}, '127.0.0.1')`,
    )
    const bin = fakeBin({
      ollama: `if [ "$1" = "--version" ]; then echo "ollama version is 0.6.2"; exit 0; fi\necho $$ > '${dir}/pid'\nexec '${process.execPath}' '${server}'`,
    })
    const {env} = machine({ollamaHost: `127.0.0.1:${port}`, path: [bin]})
    const {json, byId} = await doctor(env, ['--fix', '--yes'])
    if (existsSync(path.join(dir, 'pid'))) killAfterTest(Number(readFileSync(path.join(dir, 'pid'), 'utf8')))
    expect(json.fixes).toEqual([
      expect.objectContaining({id: 'runtime.ollama', outcome: 'fixed', detail: `Ollama started at http://127.0.0.1:${port}`}),
    ])
    expect(byId('runtime.ollama')).toMatchObject({status: 'pass', message: `Ollama 0.6.2 answering at http://127.0.0.1:${port}`})
  })

  it('an NVIDIA GPU whose driver is not loaded: the install command and a reboot', async () => {
    const nvidia = fakeBin({'nvidia-smi': printFile(fixturePath('nvidia/nvidia-smi-driver-missing.txt'), 9)})
    const {env} = machine({ollamaHost: `127.0.0.1:${await closedPort()}`, path: [nvidia]})
    const {byId} = await doctor(env)
    expect(byId('gpu.driver')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining("couldn't communicate with the NVIDIA driver"),
    })
    expect(byId('gpu.driver')?.fix).toMatch(/reboot|restart/)
  })

  it('Ollama whose log says it found no GPU (library=cpu) on a machine with a working one: a failure, with the log line and the restart', async () => {
    const {env, home} = machine({
      ollamaHost: `127.0.0.1:${await closedPort()}`,
      path: [fakeOllama(), fakeNvidiaSmi('nvidia/query-rtx4090.COMPOSED.csv')],
    })
    mkdirSync(path.join(home, '.localclaw', 'logs'), {recursive: true})
    writeFileSync(path.join(home, '.localclaw', 'logs', 'ollama-serve.log'), fixture('ollama/server-log-cpu-only-v0.13.log'))
    const {byId} = await doctor(env)
    expect(byId('gpu.ollama')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/^Ollama found no GPU at its last start, but this machine has .*RTX 4090.*library=cpu/),
      // The restart depends on where Ollama runs: this host may itself be a container.
      fix: expect.stringMatching(/^(sudo systemctl restart ollama|docker run -d --gpus=all .* ollama\/ollama)$/),
    })
  })

  it('a GPU-only runtime (vLLM) installed where no CUDA or ROCm GPU works: a failure pointing at a runtime that runs here', async () => {
    const vllm = fakeBin({vllm: 'echo "0.9.1"'})
    const {env} = machine({ollamaHost: `127.0.0.1:${await closedPort()}`, path: [vllm]})
    const {byId} = await doctor(env)
    expect(byId('gpu.vllm')).toMatchObject({
      status: 'fail', message: 'vLLM is installed, but no NVIDIA (CUDA) or AMD (ROCm) GPU works here',
      cause: expect.stringContaining('vLLM needs a working NVIDIA (CUDA) or AMD (ROCm) GPU'), fix: 'localclaw install ollama',
    })
  })

  it('recent logs: a 429 and an out-of-memory in Ollama\'s log, a failed pull, a KV cache error in a --log file', async () => {
    const {env, home} = machine({ollamaHost: `127.0.0.1:${await closedPort()}`, path: [fakeOllama()]})
    mkdirSync(path.join(home, '.localclaw', 'logs'), {recursive: true})
    writeFileSync(
      path.join(home, '.localclaw', 'logs', 'ollama-serve.log'),
      `${fixture('ollama/server-log-cpu-only-v0.13.log')}\n${fixture('ollama/pull-cli-429.txt')}\ncudaMalloc failed: out of memory\n`,
    )
    const kvLog = path.join(tempDir(), 'vllm.log')
    writeFileSync(kvLog, fixture('vllm/error-kv-cache-too-small-v1.txt'))
    // A real failed pull, recorded by pull itself.
    const registry = await serve({
      'GET /api/tags': {body: tags()},
      'POST /api/pull': {status: 200, body: '{"error":"pull model manifest: 429: too many requests"}\n'},
    })
    expect((await run(['pull', 'qwen3:8b', '--url', registry.url, '--retries', '0'], env)).code).toBe(1)
    const {byId} = await doctor(env, ['--log', kvLog, '--log', '/nonexistent/x.log'])
    // No config names the model to pull again: the command is not printed as one, only the template to fill in.
    expect(byId('log.ollama.pull-rate-limited')).toMatchObject({
      status: 'warn',
      fixNote: expect.stringContaining('localclaw pull <model> --runtime ollama --retries 10 (fill in <model>)'),
    })
    expect(byId('log.ollama.pull-rate-limited')?.fix).toBeUndefined()
    expect(byId('log.ollama.cuda-out-of-memory')?.status).toBe('warn')
    expect(byId('log.pull.pull-rate-limited')).toMatchObject({status: 'warn', message: expect.stringContaining('pull.log')})
    expect(byId('log.file1.vllm-kv-cache-too-small')?.fixNote).toContain('vllm serve <model> --max-model-len 34736 (fill in <model>)')
    expect(byId('log.file2')).toMatchObject({status: 'warn', message: '/nonexistent/x.log could not be read'})
  })

  it('a known problem in a log names the configured model in its fix, and that fix runs as printed', async () => {
    const server = await serve({'GET /api/version': {body: '{"version":"0.13.0"}'}, 'GET /api/tags': {body: tags('qwen3:8b')}})
    const config = ollamaConfig(`http://${new URL(server.url).host}`, entry('qwen3:8b', ', contextTokens: 32768'))
    const {env, configFile} = machine({config, ollamaHost: new URL(server.url).host})
    const log = path.join(tempDir(), 'ollama.log')
    // Ollama cut the prompt at num_ctx: the fix sets the context for the model OpenClaw uses.
    writeFileSync(log, fixture('ollama/server-log-truncating-prompt.log'))
    const {byId} = await doctor(env, ['--log', log])
    const found = byId('log.file1.ollama-prompt-truncated')
    expect(found?.fix).toBe('localclaw config --runtime ollama --model qwen3:8b --context-tokens 32768')
    const ran = await run([...found!.fix!.split(' ').slice(1), '--yes'], env)
    expect(ran.code, ran.stderr).toBe(0)
    expect(readFileSync(configFile, 'utf8')).toMatch(/num_ctx["']?:\s*32768/)
  })

  it.each([
    [
      'Ollama with /v1 on the native api',
      ollamaConfig('http://127.0.0.1:11434/v1', entry('qwen3:8b', ', contextTokens: 32768')),
      'config.provider.ollama',
      /without \/v1/,
    ],
    [
      'openai-completions without /v1',
      `{ models: { providers: { ollama: { baseUrl: "http://127.0.0.1:11434", api: "openai-completions", apiKey: "ollama-local", models: [${entry('qwen3:8b')}] } } } }`,
      'config.provider.ollama',
      /404 page not found/,
    ],
    [
      'LM Studio without /v1',
      `{ models: { providers: { lmstudio: { baseUrl: "http://127.0.0.1:1234", api: "openai-responses", apiKey: "lmstudio", models: [${entry('qwen/qwen3-8b')}] } } } }`,
      'config.provider.lmstudio',
      /Unexpected endpoint/,
    ],
    [
      'a custom provider without apiKey',
      `{ models: { providers: { llamacpp: { baseUrl: "http://127.0.0.1:8080/v1", api: "openai-completions", models: [${entry('qwen3')}] } } } }`,
      'config.provider.llamacpp',
      /No API key found for provider/,
    ],
    [
      'an ollama block without apiKey',
      `{ models: { providers: { ollama: { baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [${entry('qwen3:8b')}] } } } }`,
      'config.provider.ollama',
      /No API key found for provider "ollama"/,
    ],
    [
      'an lmstudio block with the marker earlier localclaw wrote',
      `{ models: { providers: { lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", api: "openai-responses", apiKey: "lmstudio-local", models: [${entry('qwen/qwen3-8b')}] } } } }`,
      'config.provider.lmstudio',
      /apiKey "lmstudio-local"[\s\S]*OpenClaw refuses that marker/,
    ],
    [
      'an lmstudio block without apiKey',
      `{ models: { providers: { lmstudio: { baseUrl: "http://127.0.0.1:1234/v1", api: "openai-responses", models: [${entry('qwen/qwen3-8b')}] } } } }`,
      'config.provider.lmstudio',
      /it wants the non-secret marker "lmstudio"/,
    ],
    [
      'a ref to a provider that is not configured',
      '{ agents: { defaults: { model: { primary: "gpubox/qwen3:8b" } } } }',
      'config.refs',
      /provider "gpubox", which is not configured/,
    ],
    [
      'a context below 16K',
      ollamaConfig('http://127.0.0.1:11434', entry('qwen3:8b', ', contextTokens: 8192')),
      'context.ollama/qwen3:8b',
      /context 8192 is below the 16384/,
    ],
    ['a file that does not parse', '{\n  models: {\n    mode: merge\n  }\n}\n', 'config.file', /openclaw\.json:3:\d+: not valid JSON5/],
  ])('config: %s', async (_name, config, id, message) => {
    const {env} = machine({config, ollamaHost: `127.0.0.1:${await closedPort()}`})
    const {byId} = await doctor(env)
    const result = byId(id)
    expect(result?.status).toBe('fail')
    expect(`${result?.message} ${result?.cause}`).toMatch(message)
    expect(result?.fix).toBeTruthy()
  })

  it('config: the fix printed for a provider without apiKey runs as printed and clears the failure', async () => {
    const config = `{ models: { providers: { ollama: { baseUrl: "http://127.0.0.1:11434", api: "ollama", models: [${entry('qwen3:8b', ', contextTokens: 32768')}] } } } }`
    const {env, configFile} = machine({config, ollamaHost: `127.0.0.1:${await closedPort()}`})
    const fix = (await doctor(env)).byId('config.provider.ollama')!.fix!
    const command = fix.replace(/ \(rewrites only this provider.*\)$/, '')
    expect(command).toMatch(/^localclaw config --runtime ollama --model qwen3:8b --url http:\/\/127\.0\.0\.1:11434$/)
    const ran = await run([...command.split(' ').slice(1), '--yes'], env)
    expect(ran.code, ran.stderr).toBe(0)
    expect(JSON5.parse(readFileSync(configFile, 'utf8')).models.providers.ollama.apiKey).toBe('ollama-local')
    expect((await doctor(env)).byId('config.provider.ollama')?.status).toBe('pass')
  })

  it('config: a FIFO or a directory at the config path is reported, not read (a FIFO blocked doctor forever)', async () => {
    for (const [make, kind] of [
      [(file: string) => execFileSync('mkfifo', [file]), 'a named pipe (FIFO)'],
      [(file: string) => mkdirSync(file), 'a directory'],
    ] as const) {
      const {env, configFile} = machine({ollamaHost: `127.0.0.1:${await closedPort()}`})
      mkdirSync(path.dirname(configFile), {recursive: true})
      make(configFile)
      const {code, byId} = await doctor(env)
      expect(code).toBe(3)
      expect(byId('config.file')).toMatchObject({
        status: 'fail',
        message: `${configFile} is ${kind}, not a config file`,
        fix: expect.stringContaining(`mv ${configFile} `),
      })
    }
  })

  it('config: a parse error names a backup only when one exists', async () => {
    const {env, configFile} = machine({config: '{ models: [ }', ollamaHost: `127.0.0.1:${await closedPort()}`})
    const said = async () => {
      const result = (await doctor(env)).byId('config.file')
      return `${result?.fix} # ${result?.fixNote}`
    }
    expect(await said()).toMatch(new RegExp(`^\\$\\{EDITOR:-vi\\} \\+1 ${configFile.replace(/[.]/g, '\\.')} # `))
    expect(await said()).not.toMatch(/\.bak/)
    writeFileSync(`${configFile}.bak`, '{}\n')
    expect(await said()).toContain(`${configFile}.bak`)
  })

  it('config: a ref to a missing provider gets the command that defines it, when its id says which runtime or machine', async () => {
    const fixFor = async (primary: string) => {
      const {env} = machine({
        config: `{ agents: { defaults: { model: { primary: "${primary}" } } } }`,
        ollamaHost: `127.0.0.1:${await closedPort()}`,
      })
      return (await doctor(env)).byId('config.refs')?.fix
    }
    expect(await fixFor('llamacpp/qwen3:8b')).toBe('localclaw config --runtime llamacpp --model qwen3:8b')
    expect(await fixFor('ollama-gpubox/qwen3:8b')).toBe('localclaw tailscale connect gpubox --runtime ollama --model qwen3:8b')
    expect(await fixFor('mystery/qwen3:8b')).toBe('localclaw setup')
  })

  it('an installed llama.cpp that is not running: the fix starts it with the configured model, as recommend prints it', async () => {
    const llamaServer = fakeBin({'llama-server': 'echo "version: 4491 (c67cc983)" >&2'})
    const config = `{ models: { providers: { llamacpp: { baseUrl: "http://${RUNTIMES_DOWN.LOCALCLAW_LLAMACPP_URL}/v1", api: "openai-completions", apiKey: "llamacpp-local", models: [${entry('qwen3:8b', ', contextTokens: 32768')}] } } } }`
    const {env} = machine({config, path: [llamaServer], ollamaHost: `127.0.0.1:${await closedPort()}`})
    const {byId} = await doctor(env)
    expect(byId('runtime.llamacpp')).toMatchObject({
      status: 'fail',
      fix: expect.stringMatching(/^llama-server -hf Qwen\/Qwen3-8B-GGUF:\w+ -c 32768 --parallel 1 --jinja --alias qwen3:8b$/),
    })
  })

  it('config: the removed agents.defaults.contextTokens is a warning', async () => {
    const {env} = machine({config: '{ agents: { defaults: { contextTokens: 32768 } } }'})
    const {byId} = await doctor(env)
    expect(byId('config.legacy')).toMatchObject({status: 'warn', fix: 'openclaw config unset agents.defaults.contextTokens'})
  })

  it('--fix without --yes and without a terminal: changes nothing, exit 2', async () => {
    const config = ollamaConfig('http://127.0.0.1:11434', entry('qwen3:8b', ', contextTokens: 8192'))
    const {env, configFile} = machine({config, ollamaHost: `127.0.0.1:${await closedPort()}`})
    const result = await run(['doctor', '--fix'], env)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/Pass --yes/)
    expect(readFileSync(configFile, 'utf8')).toBe(config)
  })

  describe('a configured name pull would file under another tag (before: "localclaw pull qwen3-8b", which downloads qwen3:8b, and doctor failed forever)', () => {
    async function standIn() {
      let pulled = false
      const server = await serve({
        'GET /api/version': {body: fixture('ollama/version.json')},
        'GET /api/tags': () => ({body: pulled ? tags('qwen3:8b') : tags()}),
        'GET /api/ps': {body: fixture('ollama/ps-empty.json')},
        'POST /api/pull': () => {
          pulled = true
          return {body: fixture('ollama/pull-stream.ndjson')}
        },
      })
      // As config writes it: the entry, the primary, the alias and an allow list all name qwen3-8b.
      const config = `// mine
{
  models: { mode: "merge", providers: { ollama: { baseUrl: "${server.url}", api: "ollama", apiKey: "ollama-local", models: [${entry('qwen3-8b', ', contextTokens: 32768')}] } } },
  agents: { defaults: { model: { primary: "ollama/qwen3-8b", fallbacks: ["anthropic/claude-opus-4-7"] }, models: { "ollama/qwen3-8b": { alias: "local" } }, modelPolicy: { allow: ["ollama/qwen3-8b", "anthropic/claude-opus-4-7"] } } },
}
`
      return machine({config, ollamaHost: server.url.replace('http://', '')})
    }

    it('the printed commands pull that tag and point OpenClaw at it, run as printed', async () => {
      const {env, configFile} = await standIn()
      const before = (await doctor(env)).byId('model.ollama/qwen3-8b')!
      expect(before).toMatchObject({status: 'fail', action: {kind: 'pull-and-rename', from: 'qwen3-8b', to: 'qwen3:8b'}})
      const commands = before.fix!.replace(/ \(or localclaw doctor --fix.*\)$/, '')
      expect(commands).toBe('localclaw pull qwen3:8b && localclaw config --runtime ollama --model qwen3:8b')
      for (const command of commands.split(' && ')) {
        // As printed; config asks before writing, and there is no terminal here to answer it.
        const args = command.split(' ').slice(1)
        const ran = await run(args[0] === 'config' ? [...args, '--yes'] : args, env)
        expect(ran.code, `${command}: ${ran.stderr}`).toBe(0)
      }
      expect(JSON5.parse(readFileSync(configFile, 'utf8')).agents.defaults.model.primary).toBe('ollama/qwen3:8b')
      expect((await doctor(env)).byId('model.ollama/qwen3:8b')?.status).toBe('pass')
    })

    it('doctor --fix --yes pulls it and renames the entry and every ref, comments kept', async () => {
      const {env, configFile} = await standIn()
      const {json} = await doctor(env, ['--fix', '--yes'])
      expect(json.fixes?.find((fix) => fix.id === 'model.ollama/qwen3-8b')?.outcome).toBe('fixed')
      const written = readFileSync(configFile, 'utf8')
      expect(written).toContain('// mine')
      const config = JSON5.parse(written)
      expect(config.models.providers.ollama.models.map((model: {id: string}) => model.id)).toEqual(['qwen3:8b'])
      expect(config.agents.defaults).toEqual({
        model: {primary: 'ollama/qwen3:8b', fallbacks: ['anthropic/claude-opus-4-7']},
        models: {'ollama/qwen3:8b': {alias: 'local'}},
        modelPolicy: {allow: ['ollama/qwen3:8b', 'anthropic/claude-opus-4-7']},
      })
      const after = await doctor(env)
      expect(after.byId('model.ollama/qwen3:8b')?.status).toBe('pass')
      expect(after.byId('model.ollama/qwen3-8b')).toBeUndefined()
    })
  })

  it('--fix --yes: pulls the missing model, sets the context in place (comments kept, backup made), then checks again', async () => {
    let pulled = false
    const server = await serve({
      'GET /api/version': {body: fixture('ollama/version.json')},
      'GET /api/tags': () => ({body: pulled ? tags('qwen3:8b', 'gemma3:4b') : tags('qwen3:8b')}),
      'GET /api/ps': {body: fixture('ollama/ps-empty.json')},
      'POST /api/pull': () => {
        pulled = true
        return {body: fixture('ollama/pull-stream.ndjson')}
      },
    })
    const config = ollamaConfig(
      server.url,
      [entry('qwen3:8b', ', contextTokens: 8192'), entry('gemma3:4b', ', contextTokens: 32768')].join(', '),
    )
    const {env, configFile} = machine({config, ollamaHost: server.url.replace('http://', '')})
    const {json, byId} = await doctor(env, ['--fix', '--yes'])
    expect(json.fixes?.map((fix) => [fix.id, fix.outcome])).toEqual(
      expect.arrayContaining([
        ['model.ollama/gemma3:4b', 'fixed'],
        ['context.ollama/qwen3:8b', 'fixed'],
      ]),
    )
    expect(byId('model.ollama/gemma3:4b')?.status).toBe('pass')
    expect(byId('context.ollama/qwen3:8b')?.status).not.toBe('fail')
    const written = readFileSync(configFile, 'utf8')
    expect(written).toContain('// my setup')
    expect(Number(/contextTokens: (\d+)/.exec(written)?.[1])).toBeGreaterThanOrEqual(16384)
    expect(readFileSync(`${configFile}.bak`, 'utf8')).toBe(config)
  })
})

describe('doctor and secrets', () => {
  /** The planted-secrets config with a local Ollama provider and route added. */
  const withOllama = (baseUrl: string) =>
    PLANTED_CONFIG.replace(
      '"providers": {',
      `"providers": {\n      "ollama": { "baseUrl": "${baseUrl}", "api": "ollama", "apiKey": "ollama-local", "models": [${entry('qwen3:8b', ', contextTokens: 8192')}] },`,
    ).replace('{\n  "env"', '{\n  "agents": { "defaults": { "model": { "primary": "ollama/qwen3:8b" } } },\n  "env"')

  it('--fix shows its diff with every planted secret redacted, context lines included, and writes them back untouched', async () => {
    const server = await serve({
      'GET /api/version': {body: fixture('ollama/version.json')},
      'GET /api/tags': {body: tags('qwen3:8b')},
      'GET /api/ps': {body: fixture('ollama/ps-empty.json')},
    })
    const config = withOllama(server.url)
    const {env, configFile} = machine({config, ollamaHost: server.url.replace('http://', '')})
    const result = await run(['doctor', '--fix', '--yes'], env)
    expect(result.stdout).toMatch(/Fix: set contextTokens/)
    expect(result.stdout).toMatch(/^-.*contextTokens: 8192/m)
    expect(leaked(result.stdout + result.stderr)).toEqual([])
    expect(leaked(readFileSync(configFile, 'utf8'))).toEqual(leaked(config))
  })

  it('a base URL with credentials in it is never printed with them, in the report or in --json', async () => {
    const {env} = machine({config: withOllama(`http://admin:doctorpw-planted@127.0.0.1:${await closedPort()}`)})
    for (const extra of [[], ['--json']]) {
      const result = await run(['doctor', ...extra], env)
      expect(result.stdout).toContain('127.0.0.1')
      expect(result.stdout + result.stderr).not.toContain('doctorpw-planted')
      expect(leaked(result.stdout + result.stderr)).toEqual([])
    }
  })
})

describe('localclaw doctor explain', () => {
  const env = {HOME: tempDir(), PATH: '', CI: '1'}

  it('an argument: the problem, the cause, the fix with the port filled in', async () => {
    const result = await run(['doctor', 'explain', fixture('ollama/serve-bind-in-use-linux-macos.txt').trim()], env)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^● Port already in use \(high confidence\)/)
    expect(result.stdout).toContain('OLLAMA_HOST=127.0.0.1:11435 ollama serve')
  })

  it('the most specific problem first, the general ones it is a case of under "Also possible"', async () => {
    const result = await run(['doctor', 'explain', '--file', fixturePath('ollama/pull-dns-no-such-host.txt')], env)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /^● Download failed: the registry's name does not resolve \(high confidence\)[\s\S]*\n\nAlso possible:\n○ Download kept dropping/,
    )
  })

  it('unquoted words, --file and stdin all read the same text', async () => {
    const words = await run(['doctor', 'explain', 'Error:', 'could', 'not', 'connect', 'to', 'ollama', 'server', '--json'], env)
    expect(JSON.parse(words.stdout).matches[0].id).toBe('ollama-not-running')
    const file = await run(['doctor', 'explain', '--file', fixturePath('vllm/error-cuda-oom-torch.txt'), '--json'], env)
    expect(JSON.parse(file.stdout).matches[0]).toMatchObject({id: 'cuda-out-of-memory', confidence: 'high'})
    const piped = await run(['doctor', 'explain', '--json'], env, fixture('tailscale/not-running-linux-systemd.txt'))
    expect(JSON.parse(piped.stdout).matches[0].id).toBe('tailscale-not-running')
  })

  it('the model and runtime OpenClaw is configured with fill the fix where the text names none; without a config, a template to fill in', async () => {
    const truncated = fixture('ollama/server-log-truncating-prompt.log')
    const bare = await run(['doctor', 'explain', truncated], env)
    expect(bare.stdout).toContain(
      '  Fix:     localclaw config --runtime ollama --model <model> --context-tokens 32768\n           # fill in <model>',
    )
    expect(bare.stdout).not.toContain('Using:')
    const bareJson = JSON.parse((await run(['doctor', 'explain', truncated, '--json'], env)).stdout)
    expect(bareJson.matches[0]).toMatchObject({
      fix: null,
      fixTemplate: 'localclaw config --runtime ollama --model <model> --context-tokens 32768',
      needs: ['model'],
    })
    expect(bareJson.filledFrom).toBeNull()

    const {env: configured, configFile} = machine({
      config: ollamaConfig('http://127.0.0.1:11434', entry('qwen3:8b', ', contextTokens: 8192')),
    })
    const filled = await run(['doctor', 'explain', truncated], configured)
    expect(filled.stdout).toContain('  Fix:     localclaw config --runtime ollama --model qwen3:8b --context-tokens 32768\n')
    expect(filled.stdout).toContain(`  Using:   ollama model qwen3:8b, from ${configFile}`)
    const json = JSON.parse((await run(['doctor', 'explain', truncated, '--json'], configured)).stdout)
    expect(json.filledFrom).toEqual({config: configFile, model: 'qwen3:8b', runtime: 'ollama'})
    // A text that names its own model keeps it, and then the config is not named as a source.
    const named = JSON.parse(
      (await run(['doctor', 'explain', '{"error":"model \'llama3.2:latest\' not found"}', '--json'], configured)).stdout,
    )
    expect(named).toMatchObject({matches: [{fix: 'localclaw pull llama3.2:latest --runtime ollama'}], filledFrom: null})
  })

  it('nothing matches: exit 1 and what it would need', async () => {
    const result = await run(['doctor', 'explain', 'the weather is nice'], env)
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/No known problem matches this text[\s\S]*Paste the error line itself/)
    const json = await run(['doctor', 'explain', 'the weather is nice', '--json'], env)
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toEqual({matched: false, matches: [], filledFrom: null})
  })

  it('empty input is a usage error', async () => {
    const result = await run(['doctor', 'explain'], env, '  \n')
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/The error text is empty/)
  })
})
