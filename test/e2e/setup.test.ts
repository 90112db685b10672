import {spawn} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import JSON5 from 'json5'
import {describe, expect, it} from 'vitest'

import {fakeNvidiaSmi, localclaw, localclawAsync as run} from '../helpers/cli.js'
import {fixture} from '../helpers/fixtures.js'
import {serve} from '../helpers/server.js'
import {tempDir} from '../helpers/system.js'

const cli = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

/** A machine with nothing on PATH; the run helper already puts every runtime on a closed port. */
const nothingInstalled = () => ({HOME: tempDir(), PATH: '', CI: '1'})
const tags = (...names: string[]) => JSON.stringify({models: names.map((name) => ({name, model: name, size: 5e9}))})

describe('localclaw setup', () => {
  it('bare `localclaw` without a terminal: prints the plan, changes nothing, exit 0', async () => {
    const home = tempDir()
    const result = await run([], {...nothingInstalled(), HOME: home})
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Setup:\n {2}○ Ollama installed and running: not installed/m)
    expect(result.stdout).toMatch(/Nothing was changed: there is no terminal to ask in\. Run `localclaw setup --yes`/)
    expect(existsSync(path.join(home, '.openclaw'))).toBe(false)
  })

  it('--yes with a running Ollama: pulls the missing model, writes the config, checks; a re-run skips every step', async () => {
    let pulled = false
    const server = await serve({
      'GET /api/version': {body: fixture('ollama/version.json')},
      'GET /api/tags': () => ({body: pulled ? tags('qwen3:8b') : tags()}),
      'GET /api/ps': {body: fixture('ollama/ps-empty.json')},
      'POST /api/show': {body: fixture('ollama/show.json')},
      'POST /api/chat': {body: fixture('ollama/chat-tool-call.COMPOSED.json')},
      'POST /api/pull': () => {
        pulled = true
        return {body: fixture('ollama/pull-stream.ndjson')}
      },
    })
    const home = tempDir()
    const env = {HOME: home, PATH: '', CI: '1', OLLAMA_HOST: server.url.replace('http://', '')}
    const first = await run(['setup', '--model', 'qwen3:8b', '--yes', '--json'], env)
    const result = JSON.parse(first.stdout)
    expect(result).toMatchObject({action: 'done', model: 'qwen3:8b', runtime: 'ollama'})
    expect(result.steps.map((step: {id: string; state: string}) => step.id)).toEqual(['runtime', 'model', 'config'])
    // Finished steps say what is true now (it said "about 5.0 GiB to download" after the download).
    expect(result.steps.find((step: {id: string}) => step.id === 'model')).toMatchObject({
      state: 'done',
      detail: 'downloaded',
      command: null,
    })
    expect(server.hits).toContain('POST /api/pull')
    // Under --json stdout is the result alone; the download still shows on stderr (it was silent).
    expect(first.stderr).toMatch(/pulling \S+ +\d+%/)
    const config = JSON5.parse(readFileSync(path.join(home, '.openclaw', 'openclaw.json'), 'utf8'))
    expect(config.models.providers.ollama).toMatchObject({api: 'ollama', baseUrl: server.url, apiKey: 'ollama-local'})
    expect(config.agents.defaults.model.primary).toBe('ollama/qwen3:8b')
    // No GPU here: the watchdog must outlast the estimated cold load and first token of OpenClaw's prompt.
    const {speed} = JSON.parse(localclaw(['recommend', 'qwen3:8b', '--runtime', 'ollama', '--json']).stdout)
    expect(config.models.providers.ollama.timeoutSeconds).toBeGreaterThanOrEqual(Math.max(300,
      speed.loadSeconds + speed.firstTokenRange.high))
    // The final check runs the real doctor against the same server, with one live request (a tool call): nothing fails.
    expect(server.hits).toContain('POST /api/chat')
    expect(result.doctor).toMatchObject({fail: 0})
    expect(first.code).toBe(0)

    const again = await run(['setup', '--model', 'qwen3:8b', '--yes'], env)
    expect(again.stdout).toMatch(/✔ Ollama installed and running: Ollama 0\.5\.1 answers at/)
    expect(again.stdout).toMatch(/✔ qwen3:8b on Ollama: already downloaded/)
    expect(again.stdout).toMatch(/✔ OpenClaw config: .* already uses ollama\/qwen3:8b/)
    expect(server.hits.filter((hit) => hit === 'POST /api/pull')).toHaveLength(1)
  })

  it('on a big GPU: pulls and configures the tag of the quantization it announced, not the model\'s default tag', async () => {
    let pulledBody = ''
    const server = await serve({
      'GET /api/version': {body: fixture('ollama/version.json')},
      'GET /api/tags': () => ({body: pulledBody ? tags(JSON.parse(pulledBody).model) : tags()}),
      'GET /api/ps': {body: fixture('ollama/ps-empty.json')},
      'POST /api/show': {body: fixture('ollama/show.json')},
      'POST /api/chat': {body: fixture('ollama/chat-tool-call.COMPOSED.json')},
      'POST /api/pull': (request) => {
        request.on('data', (chunk) => (pulledBody += chunk))
        return {body: fixture('ollama/pull-stream.ndjson')}
      },
    })
    const home = tempDir()
    const env = {
      HOME: home,
      PATH: fakeNvidiaSmi('nvidia/query-rtx4090.COMPOSED.csv'),
      CI: '1',
      OLLAMA_HOST: server.url.replace('http://', ''),
    }
    const result = await run(['setup', '--model', 'qwen3:8b', '--yes'], env)
    expect(result.code, result.stderr).toBe(0)
    // Before: "Q8_0, about 8.1 GiB to download", then qwen3:8b (Q4_K_M) pulled and configured.
    expect(result.stdout).toMatch(/○ qwen3:8b-q8_0 on Ollama: Q8_0, about [\d.]+ GiB to download\n {6}localclaw pull qwen3:8b-q8_0/)
    expect(JSON.parse(pulledBody).model).toBe('qwen3:8b-q8_0')
    const config = JSON5.parse(readFileSync(path.join(home, '.openclaw', 'openclaw.json'), 'utf8'))
    expect(config.agents.defaults.model.primary).toBe('ollama/qwen3:8b-q8_0')
    // On the 4090 the first token comes in seconds: OpenClaw's own 300 s, written explicitly.
    expect(config.models.providers.ollama.timeoutSeconds).toBe(300)
  })

  it('plans the model recommend --runtime ollama names, and keeps a recommended model Ollama already has', async () => {
    const gpu = fakeNvidiaSmi('nvidia/query-rtx4090.COMPOSED.csv')
    const {recommendations} = JSON.parse(localclaw(['recommend', '--runtime', 'ollama', '--json'], {path: [gpu]}).stdout)
    expect(recommendations.length).toBeGreaterThan(1)
    const [first, second] = recommendations
    const ollamaWith = (...models: string[]) => serve({
      'GET /api/version': {body: fixture('ollama/version.json')},
      'GET /api/tags': {body: tags(...models)},
      'GET /api/ps': {body: fixture('ollama/ps-empty.json')},
      'POST /api/show': {body: fixture('ollama/show.json')},
      'POST /api/chat': {body: fixture('ollama/chat-tool-call.COMPOSED.json')},
      'POST /api/pull': {body: fixture('ollama/pull-stream.ndjson')},
    })
    const empty = await ollamaWith()
    const plan = JSON.parse(
      (await run(['setup', '--json'], {HOME: tempDir(), PATH: gpu, CI: '1', OLLAMA_HOST: empty.url.replace('http://', '')})).stdout,
    )
    expect(plan).toMatchObject({action: 'planned', model: first.model})

    // Ollama already has the second pick: setup keeps it rather than downloading the first.
    const stocked = await ollamaWith(second.modelId)
    const kept = await run(['setup', '--yes', '--json'], {
      HOME: tempDir(),
      PATH: gpu,
      CI: '1',
      OLLAMA_HOST: stocked.url.replace('http://', ''),
    })
    expect(JSON.parse(kept.stdout)).toMatchObject({action: 'done', model: second.model})
    expect(stocked.hits).not.toContain('POST /api/pull')
  })

  it('--context-tokens below what an agent needs: said before anything runs, and the printed step carries the flag', async () => {
    const result = await run(['setup', '--model', 'qwen3:8b', '--context-tokens', '4096'], nothingInstalled())
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/! context 4096 is below the 16384 tokens OpenClaw needs/)
    expect(result.stdout).toMatch(/localclaw config --runtime ollama --model qwen3:8b --strategy local-first --context-tokens 4096/)
    // A script gets the same warning in the result, and nothing on stderr to parse.
    const json = await run(['setup', '--model', 'qwen3:8b', '--context-tokens', '4096', '--json'], nothingInstalled())
    expect(JSON.parse(json.stdout).warnings).toEqual([expect.stringMatching(/^context 4096 is below the 16384 tokens OpenClaw needs/)])
    expect(json.stderr).not.toMatch(/below the 16384/)
  })

  it('--runtime vllm on a machine without CUDA or ROCm: the real reason before anything runs, not "does not fit"', async () => {
    const result = await run(['setup', '--model', 'qwen3:8b', '--runtime', 'vllm', '--yes'], nothingInstalled())
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /vLLM cannot be set up here: vLLM needs a working NVIDIA \(CUDA\) or AMD \(ROCm\) GPU, and detect found none/,
    )
    expect(result.stderr).toMatch(/Use Ollama or llama\.cpp on this machine/)
    expect(result.stderr).not.toMatch(/does not fit/)
  })

  it('a program that is not Ollama on Ollama\'s port: said before anything runs, with the port advice', async () => {
    const impostor = await serve({}, {status: 200, body: '<html>not ollama</html>', headers: {'content-type': 'text/html'}})
    const result = await run(['setup', '--model', 'qwen3:8b', '--yes'], {
      HOME: tempDir(),
      PATH: '',
      CI: '1',
      OLLAMA_HOST: impostor.url.replace('http://', ''),
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`Port ${impostor.port}, where Ollama should answer, is held by another program`))
    expect(result.stderr).toMatch(new RegExp(`OLLAMA_HOST=127\\.0\\.0\\.1:${impostor.port + 1} ollama serve`))
    // Before: the plan went ahead and the install step failed on the port.
    expect(impostor.hits.filter((hit) => hit.startsWith('POST'))).toEqual([])
  })

  it('a model Ollama cannot fetch: said before anything runs, with the runtimes that can, not "does not fit"', async () => {
    const result = await run(['setup', '--model', 'qwen3.8:27b', '--runtime', 'ollama', '--yes'], nothingInstalled())
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/qwen3\.8:27b has no Ollama download/)
    expect(result.stderr).toMatch(/--runtime llamacpp/)
    expect(result.stderr).not.toMatch(/does not fit/)
  })

  it('an unknown model is a usage error with close names', async () => {
    const result = await run(['setup', '--model', 'qwen3:8bb', '--yes'], nothingInstalled())
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/"qwen3:8bb" is not in the catalog[\s\S]*--model qwen3:8b/)
  })
})

describe('localclaw setup interrupted', () => {
  it('Ctrl-C during the pull: exit 130, and the config step never ran', async () => {
    let pulling!: () => void
    const pullStarted = new Promise<void>((resolve) => (pulling = resolve))
    const server = await serve({
      'GET /api/version': {body: fixture('ollama/version.json')},
      'GET /api/tags': {body: tags()},
      'GET /api/ps': {body: fixture('ollama/ps-empty.json')},
      // The first progress line, then nothing: a download in flight.
      'POST /api/pull': {handle: (response) => {
        response.writeHead(200, {'content-type': 'application/x-ndjson'})
        response.write('{"status":"pulling manifest"}\n')
        pulling()
      }},
    })
    const home = tempDir()
    const child = spawn(process.execPath, [cli, 'setup', '--model', 'qwen3:8b', '--yes'], {
      env: {HOME: home, PATH: '', CI: '1', OLLAMA_HOST: server.url.replace('http://', '')},
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    await pullStarted
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(stderr).toMatch(/Interrupted: the partial download is kept/)
    expect(existsSync(path.join(home, '.openclaw'))).toBe(false)
  })
})
