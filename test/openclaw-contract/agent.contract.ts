import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {configure} from '../../src/lib/openclaw/configure.js'
import {STRATEGIES, type Strategy} from '../../src/lib/openclaw/strategy.js'
import {runtimeById, RUNTIME_IDS} from '../../src/lib/runtimes/registry.js'
import type {RuntimeId} from '../../src/lib/runtimes/runtime.js'
import {testSystem} from '../helpers/system.js'
import {OPENCLAW_VERSION, prepareOpenclaw, runOpenclaw} from './openclaw.js'
import {ANSWER, startStandIn, type Recorded} from './standin.js'

/**
 * The runtime contract: a config localclaw writes, then a real agent turn of openclaw@2026.9.6
 * (`openclaw agent --local`, its system prompt and tools included) against a loopback stand-in of
 * the runtime. What OpenClaw sent is checked: the route, the model id the runtime serves, the auth
 * header, the tools, and for Ollama the context as options.num_ctx. `infer model run` is not used: it
 * cannot resolve a custom provider id with api "ollama" (openclaw#70249), which the agent path can.
 */
const scratch = mkdtempSync(path.join(os.tmpdir(), 'localclaw-agent-contract-'))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))
beforeAll(prepareOpenclaw, 600_000)

const CONTEXT = 32768
/** Where each runtime's chat turn goes (openclaw.md section 4). */
const CHAT_ROUTE: Record<RuntimeId, string> = {
  ollama: 'POST /api/chat',
  lmstudio: 'POST /v1/responses',
  vllm: 'POST /v1/chat/completions',
  llamacpp: 'POST /v1/chat/completions',
}
/** What a stand-in serves for the catalog's qwen3:8b, as the runtime would after localclaw's printed command. */
const SERVED: Record<RuntimeId, string> = {ollama: 'qwen3:8b', lmstudio: 'qwen/qwen3-8b', vllm: 'Qwen/Qwen3-8B-FP8', llamacpp: 'qwen3:8b'}

interface Case {
  runtime: RuntimeId
  strategy: Strategy
  where: 'local' | 'remote'
  /** What the user passes to --model, and what the stand-in serves. */
  model: string
  served: string
}

async function agentTurn({runtime, strategy, where, model,
  served}: Case): Promise<{chat: Recorded | undefined; requests: Recorded[]; output: string; ref: string}> {
  const standIn = await startStandIn(runtime, served)
  try {
    const home = mkdtempSync(path.join(scratch, `${runtime}-`))
    // "Remote": an address localclaw treats as another machine (it is loopback underneath), with the
    // per-machine provider id tailscale connect gives it.
    const remote = where === 'remote'
    const url = remote ? `http://[::ffff:127.0.0.1]:${standIn.port}` : standIn.url
    const plan = await configure({
      runtime, model, strategy, contextTokens: CONTEXT, timeoutMs: 2000, url,
      providerId: remote ? `${runtimeById(runtime)!.openclaw.providerId}-gpubox` : undefined,
      system: testSystem({homedir: home, root: home, env: {HOME: home}}),
    })
    const written = await plan.apply()
    const ref = written.ref!
    const run = await runOpenclaw(['agent', '--local', '--model', ref, '--message', 'Reply with one word.', '--json'], {
      configFile: written.path,
      home,
    })
    expect(run.code, `${run.stdout}\n${run.stderr.slice(-3000)}\n${readFileSync(written.path, 'utf8')}`).toBe(0)
    const result = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {payloads?: Array<{text?: string}>}
    return {
      chat: standIn.requests.find((request) => `${request.method} ${request.url}` === CHAT_ROUTE[runtime]),
      requests: standIn.requests,
      output: result.payloads?.map((payload) => payload.text).join('') ?? '',
      ref,
    }
  } finally {
    await standIn.close()
  }
}

function expectAgentRequest(turn: Awaited<ReturnType<typeof agentTurn>>, runtime: RuntimeId, served: string): void {
  const routes = turn.requests.map((request) => `${request.method} ${request.url}`).join(', ')
  expect(turn.chat, `no ${CHAT_ROUTE[runtime]} among: ${routes}`).toBeDefined()
  const body = turn.chat!.body!
  expect(body.model).toBe(served)
  expect(turn.chat!.headers.authorization).toMatch(/^Bearer \S+$/)
  // OpenClaw is an agent: its turn carries tools, which the runtime must be able to call.
  expect(Array.isArray(body.tools) && body.tools.length > 0, 'the turn carries tools').toBe(true)
  if (runtime === 'ollama') expect(body.options).toMatchObject({num_ctx: CONTEXT})
  expect(turn.output).toContain(ANSWER)
}

const matrix: Case[] = RUNTIME_IDS.flatMap((runtime) =>
  STRATEGIES.flatMap((strategy) =>
    (['local', 'remote'] as const).map((where) => ({runtime, strategy, where, model: 'qwen3:8b', served: SERVED[runtime]})),
  ),
)

describe(`a real openclaw@${OPENCLAW_VERSION} agent turn through every config localclaw writes`, () => {
  it.concurrent.each(matrix.map((entry) => [entry.runtime, entry.strategy, entry.where, entry] as const))(
    '%s, %s, %s',
    async (runtime, _strategy, _where, entry) => {
      expectAgentRequest(await agentTurn(entry), runtime, entry.served)
    },
    180_000,
  )
})

describe('a model id only the server knows is written, and sent, exactly as the server serves it', () => {
  it.concurrent.each([
    ['vLLM serving an AWQ repository', {runtime: 'vllm', model: 'Qwen/Qwen3-8B-AWQ', served: 'Qwen/Qwen3-8B-AWQ'}],
    ['LM Studio with its own key', {runtime: 'lmstudio', model: 'my-lab/qwen3-8b-finetune', served: 'my-lab/qwen3-8b-finetune'}],
    ['llama-server started with --alias', {runtime: 'llamacpp', model: 'my-alias', served: 'my-alias'}],
  ] as const)('%s', async (_name, entry) => {
    const turn = await agentTurn({...entry, strategy: 'local-first', where: 'local'})
    expect(turn.ref.endsWith(`/${entry.served}`)).toBe(true)
    expectAgentRequest(turn, entry.runtime, entry.served)
  }, 180_000)
})
