import {mkdirSync, writeFileSync} from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {localclawAsync as run} from '../helpers/cli.js'
import {fixture} from '../helpers/fixtures.js'
import {closedPort, serve, type Route} from '../helpers/server.js'
import {tempDir} from '../helpers/system.js'

interface Result {id: string; status: 'pass' | 'warn' | 'fail' | 'skip'; message: string; cause?: string; fix?: string; fixNote?: string}

/** A temp HOME whose OpenClaw config has one provider; Ollama's own port is closed unless the provider is Ollama. */
async function machine(provider: string, block: string) {
  const home = tempDir()
  const file = path.join(home, '.openclaw', 'openclaw.json')
  mkdirSync(path.dirname(file), {recursive: true})
  writeFileSync(file, `{ models: { mode: "merge", providers: { ${provider}: ${block} } } }`)
  return {HOME: home, PATH: '', CI: '1', OLLAMA_HOST: `127.0.0.1:${await closedPort()}`}
}

async function doctor(env: Record<string, string>, live = true) {
  const result = await run(['doctor', '--json', ...(live ? ['--live'] : [])], env)
  const json = JSON.parse(result.stdout) as {results: Result[]}
  return {
    code: result.code,
    byId: (id: string) => json.results.find((entry) => entry.id === id),
    live: json.results.filter((entry) => entry.id.startsWith('live')),
  }
}

/** A route that records the JSON body and the Authorization header it was sent. */
function recording(reply: () => {status?: number; body: string}) {
  const bodies: Array<Record<string, any>> = []
  const authorizations: string[] = []
  const route: Route = (request: http.IncomingMessage) => {
    authorizations.push(String(request.headers.authorization))
    let text = ''
    request.on('data', (chunk) => (text += chunk))
    request.on('end', () => bodies.push(JSON.parse(text)))
    return reply()
  }
  return {route, bodies, authorizations}
}

const ollamaBlock = (url: string, model: string, extra = '') =>
  `{ baseUrl: "${url}", api: "ollama", apiKey: "ollama-local", timeoutSeconds: 300${extra}, models: [{ id: "${model}", name: "${model}", contextWindow: 40960, contextTokens: 32768, params: { num_ctx: 32768 } }] }`
const ps = (name: string, contextLength: number) =>
  JSON.stringify({models: [{...JSON.parse(fixture('ollama/ps.json')).models[0], name, model: name, context_length: contextLength}]})

async function ollamaAnswering(chat: Route, loadedContext = 32768, model = 'qwen3:8b') {
  return serve({
    'GET /api/version': {body: fixture('ollama/version.json')},
    'GET /api/tags': {body: JSON.stringify({models: [{name: model, model, size: 5e9}]})},
    'GET /api/ps': {body: ps(model, loadedContext)},
    'POST /api/show': {body: fixture('ollama/show.json')},
    'POST /api/chat': chat,
  })
}

describe('localclaw doctor --live', () => {
  it('Ollama: one request with a tool, sent as OpenClaw sends it; a structured call, the context it runs with, and its timings', async () => {
    const chat = recording(() => ({body: fixture('ollama/chat-tool-call.COMPOSED.json')}))
    const server = await ollamaAnswering(chat.route)
    const env = await machine('ollama', ollamaBlock(server.url, 'qwen3:8b'))
    const {byId} = await doctor(env)
    expect(chat.bodies[0]).toMatchObject({
      model: 'qwen3:8b',
      stream: false,
      think: false,
      options: {num_ctx: 32768},
      tools: [{type: 'function', function: {name: 'get_weather'}}],
    })
    expect(byId('live.tools.ollama/qwen3:8b')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('called get_weather({"city":"Paris"})'),
    })
    expect(byId('live.context.ollama/qwen3:8b')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('runs with 32768 tokens of context'),
    })
    // 171 prompt tokens in 0.713 s, 38 in 0.352 s, loaded in 2.1 s (the recorded durations).
    expect(byId('live.speed.ollama/qwen3:8b')).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(/load 2\.1 s, prefill 239\.8 tok\/s, decode 107\.8 tok\/s.*~54 s, within the 300 s OpenClaw waits/),
    })
  })

  it('without --live, doctor sends no inference request', async () => {
    const chat = recording(() => ({body: fixture('ollama/chat-tool-call.COMPOSED.json')}))
    const server = await ollamaAnswering(chat.route)
    const {live} = await doctor(await machine('ollama', ollamaBlock(server.url, 'qwen3:8b')), false)
    expect(live).toEqual([])
    expect(server.hits).not.toContain('POST /api/chat')
  })

  it.each([
    [
      'a model without tool support (HTTP 400)',
      {status: 400, body: '{"error":"registry.ollama.ai/library/qwen2.5:0.5b does not support tools"}'},
      /does not support tools/,
      /no tool-calling template/,
    ],
    [
      'a tool call written as text (ollama#12174)',
      {body: fixture('ollama/chat-tool-call-as-text.COMPOSED.json')},
      /came back as text in the answer/,
      /does not emit structured tool calls/,
    ],
    [
      'an answer that is all thinking',
      {body: fixture('ollama/chat-thinking-only.COMPOSED.json')},
      /empty, with everything in the thinking/,
      /reasoning/,
    ],
  ])('Ollama, %s: live.tools fails, told apart, with a fix; exit 3', async (_name, reply, message, cause) => {
    const server = await ollamaAnswering(reply)
    const {code, byId} = await doctor(await machine('ollama', ollamaBlock(server.url, 'qwen3:8b')))
    const tools = byId('live.tools.ollama/qwen3:8b')!
    expect(tools).toMatchObject({status: 'fail', message: expect.stringMatching(message), cause: expect.stringMatching(cause)})
    // This provider's URL too (the stand-in is not on the default port), so the command rewrites this provider.
    expect(tools.fix).toMatch(
      /^localclaw (config --runtime ollama --model \S+ --url http:\/\/127\.0\.0\.1:\d+|recommend --runtime ollama)$/,
    )
    expect(tools.fixNote).toMatch(/calls? tools/)
    expect(code).toBe(3)
  })

  it('Ollama loaded the model with less context than the config plans for: live.context fails', async () => {
    const server = await ollamaAnswering({body: fixture('ollama/chat-tool-call.COMPOSED.json')}, 4096)
    const {byId} = await doctor(await machine('ollama', ollamaBlock(server.url, 'qwen3:8b')))
    expect(byId('live.context.ollama/qwen3:8b')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('runs it with 4096 tokens of context, the config plans for 32768'),
    })
  })

  it('no answer within the provider\'s timeoutSeconds: fails as OpenClaw\'s turn would', async () => {
    const server = await ollamaAnswering({hang: true})
    const block = `{ baseUrl: "${server.url}", api: "ollama", apiKey: "ollama-local", timeoutSeconds: 1, models: [{ id: "qwen3:8b", name: "qwen3:8b", contextTokens: 32768 }] }`
    const {byId} = await doctor(await machine('ollama', block))
    expect(byId('live.tools.ollama/qwen3:8b')).toMatchObject({status: 'fail', message: 'ollama/qwen3:8b: no answer within 1 s'})
  })

  it('vLLM started without its tool flags: the exact serve command for this model, and the Bearer key sent', async () => {
    const completions = recording(() => ({status: 400, body: fixture('vllm/error-auto-tool-choice.COMPOSED.json')}))
    const server = await serve({
      'GET /v1/models': {body: fixture('vllm/v1-models.COMPOSED.json')},
      'POST /v1/chat/completions': completions.route,
    })
    const block = `{ baseUrl: "${server.url}/v1", api: "openai-completions", apiKey: "vllm-local", models: [{ id: "Qwen/Qwen3-8B-FP8", name: "Qwen3 8B", contextTokens: 32768 }] }`
    const {byId} = await doctor({...await machine('vllm', block), LOCALCLAW_VLLM_URL: server.url})
    expect(completions.authorizations).toEqual(['Bearer vllm-local'])
    expect(completions.bodies[0]).toMatchObject({
      model: 'Qwen/Qwen3-8B-FP8',
      tool_choice: 'auto',
      tools: [{function: {name: 'get_weather'}}],
    })
    expect(byId('live.tools.vllm/Qwen/Qwen3-8B-FP8')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('vLLM was started without tool calling (HTTP 400)'),
      fix: expect.stringMatching(
        /^vllm serve Qwen\/Qwen3-8B-FP8 --max-model-len 32768 --enable-auto-tool-choice --tool-call-parser hermes/,
      ),
      fixNote: 'restart vLLM with this command: it has the tool flags',
    })
  })

  it('llama-server without --jinja, then with it: the failure, then a call, a context check and a slow prefill warned against the timeout', async () => {
    let jinja = false
    const server = await serve({
      'GET /health': {body: fixture('llamacpp/health-ok-200.json')},
      'GET /v1/models': {body: fixture('llamacpp/v1-models.json')},
      'GET /props': {body: fixture('llamacpp/props.json')},
      'POST /v1/chat/completions': () =>
        jinja
          ? {body: fixture('llamacpp/chat-completion-tool-call.COMPOSED.json')}
          : {status: 500, body: fixture('llamacpp/error-tools-require-jinja.COMPOSED.json')},
    })
    const block = `{ baseUrl: "${server.url}/v1", api: "openai-completions", apiKey: "llamacpp-local", models: [{ id: "qwen3:8b", name: "qwen3:8b", contextTokens: 32768 }] }`
    const env = {...(await machine('llamacpp', block)), LOCALCLAW_LLAMACPP_URL: server.url}
    expect((await doctor(env)).byId('live.tools.llamacpp/qwen3:8b')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('tool calls need --jinja'),
      fix: expect.stringContaining('--jinja'),
    })

    jinja = true
    const {byId} = await doctor(env)
    expect(byId('live.tools.llamacpp/qwen3:8b')).toMatchObject({status: 'pass'})
    // props.json (VERBATIM) reports n_ctx 1024.
    expect(byId('live.context.llamacpp/qwen3:8b')).toMatchObject({status: 'fail', fix: 'restart llama-server with -c 32768'})
    // 180 tokens in 7.2 s: 25 tok/s, so 13000 tokens take ~520 s against OpenClaw's 300.
    expect(byId('live.speed.llamacpp/qwen3:8b')).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/prefill 25 tok\/s, decode 7\.7 tok\/s.*~520 s, past the 300 s OpenClaw waits/),
      fix: expect.stringContaining('models.providers.llamacpp.timeoutSeconds'),
    })
  })

  it('LM Studio on the Responses API: the function_call item counts as the tool call', async () => {
    const responses = recording(() => ({body: fixture('lmstudio/responses-function-call.COMPOSED.json')}))
    const server = await serve({
      'GET /lmstudio-greeting': {body: fixture('lmstudio/lmstudio-greeting.json')},
      'GET /api/v0/models': {body: fixture('lmstudio/api-v0-models.json')},
      'POST /v1/responses': responses.route,
    })
    const block = `{ baseUrl: "${server.url}/v1", api: "openai-responses", apiKey: "lmstudio", models: [{ id: "qwen/qwen3-8b", name: "Qwen3 8B", contextTokens: 32768 }] }`
    const {byId} = await doctor({...await machine('lmstudio', block), LOCALCLAW_LMSTUDIO_URL: server.url})
    expect(responses.bodies[0]).toMatchObject({model: 'qwen/qwen3-8b', tools: [{type: 'function', name: 'get_weather'}]})
    expect(byId('live.tools.lmstudio/qwen/qwen3-8b')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('called get_weather({"city":"Paris"})'),
    })
    expect(byId('live.speed.lmstudio/qwen/qwen3-8b')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('reports no timings of its own'),
    })
  })

  it('LM Studio 0.4+: a model loaded with a smaller context than the config plans fails live.context, with the lms load that fixes it', async () => {
    const responses = recording(() => ({body: fixture('lmstudio/responses-function-call.COMPOSED.json')}))
    const server = await serve({
      'GET /lmstudio-greeting': {body: fixture('lmstudio/lmstudio-greeting.json')},
      'GET /api/v0/models': {body: fixture('lmstudio/api-v0-models.json')},
      'GET /api/v1/models': {body: fixture('lmstudio/api-v1-models.json')},
      'POST /v1/responses': responses.route,
    })
    const block = `{ baseUrl: "${server.url}/v1", api: "openai-responses", apiKey: "lmstudio", models: [{ id: "gemma-3-270m-it-qat", name: "Gemma 3 270m", contextTokens: 32768 }] }`
    const {byId} = await doctor({...(await machine('lmstudio', block)), LOCALCLAW_LMSTUDIO_URL: server.url})
    expect(byId('live.context.lmstudio/gemma-3-270m-it-qat')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('runs it with 4096 tokens of context, the config plans for 32768'),
      fix: 'lms load gemma-3-270m-it-qat --context-length 32768',
    })
  })
})
