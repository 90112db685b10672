import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {configure} from '../../src/lib/openclaw/configure.js'
import {STRATEGIES} from '../../src/lib/openclaw/strategy.js'
import {RUNTIME_IDS} from '../../src/lib/runtimes/registry.js'
import {fixture} from '../helpers/fixtures.js'
import {RUNTIMES_DOWN} from '../helpers/runtimes-down.js'
import {serve} from '../helpers/server.js'
import {testSystem} from '../helpers/system.js'
import {OPENCLAW_VERSION, prepareOpenclaw, runOpenclaw} from './openclaw.js'

// Cases run concurrently: their directories live until the end, not until the next test ends.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'localclaw-contract-'))
const tempDir = (prefix: string) => mkdtempSync(path.join(scratch, prefix))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))
beforeAll(prepareOpenclaw, 600_000)

async function validate(file: string): Promise<{code: number | null; output: string}> {
  const {code, stdout, stderr} = await runOpenclaw(['config', 'validate', '--json'], {
    configFile: file,
    home: tempDir('localclaw-validate-'),
    env: {ANTHROPIC_API_KEY: 'sk-test'},
  })
  return {code, output: stdout + stderr}
}

/** Starting points users really have. */
const STARTS: Record<string, {file: string; content: string} | null> = {
  none: null,
  'existing with comments': {
    file: '.openclaw/openclaw.json',
    content: `// my setup
{
  // hosted first
  agents: { defaults: { model: { primary: "anthropic/claude-opus-4-7" }, workspace: "~/work" } }, // keep
  gateway: { mode: "local" },
}
`,
  },
  'other providers and agents': {
    file: '.openclaw/openclaw.json',
    content: JSON.stringify(
      {
        models: {mode: 'merge', providers: {anthropic: {apiKey: '${ANTHROPIC_API_KEY}'}}},
        agents: {
          defaults: {
            model: {primary: 'anthropic/claude-opus-4-7', fallbacks: ['anthropic/claude-sonnet-4-5']},
            models: {'anthropic/claude-opus-4-7': {alias: 'opus'}},
            modelPolicy: {allow: []},
          },
        },
        gateway: {mode: 'local', port: 18789},
      },
      null,
      2,
    ),
  },
  'legacy location': {file: '.clawdbot/clawdbot.json', content: '{ gateway: { mode: "local" } }\n'},
}

const cases = Object.keys(STARTS).flatMap((start) => RUNTIME_IDS.flatMap((runtime) => STRATEGIES.map((strategy) => [start, runtime,
  strategy] as const)))

describe(`configs localclaw writes pass openclaw@${OPENCLAW_VERSION} config validate`, () => {
  it.concurrent.each(cases)('%s, %s, %s', async (start, runtime, strategy) => {
    const home = tempDir('localclaw-contract-home-')
    const initial = STARTS[start]
    if (initial) {
      mkdirSync(path.join(home, path.dirname(initial.file)), {recursive: true})
      writeFileSync(path.join(home, initial.file), initial.content)
    }
    const plan = await configure({
      runtime, model: 'qwen3:8b', strategy, contextTokens: 32768, timeoutMs: 300,
      system: testSystem({homedir: home, root: home, env: {HOME: home}}),
    })
    const result = await plan.apply()
    expect(result.path).toBe(path.join(home, initial?.file ?? '.openclaw/openclaw.json'))
    const {code, output} = await validate(result.path)
    const report = JSON.parse(output.slice(output.indexOf('{'))) as {valid: boolean; warnings: unknown[]}
    expect(report, output).toMatchObject({valid: true, warnings: []})
    expect(code).toBe(0)
  }, 120_000)
})

/** What `tailscale connect` writes: a provider per machine at its tailnet IP, two machines as primary and fallback. */
describe(`remote providers, as tailscale connect writes them, pass openclaw@${OPENCLAW_VERSION} config validate`, () => {
  it.concurrent.each(RUNTIME_IDS)('%s on two tailnet machines', async (runtime) => {
    const home = tempDir('localclaw-contract-remote-')
    const system = testSystem({homedir: home, root: home, env: {HOME: home}})
    const ports = {ollama: 11434, lmstudio: 1234, llamacpp: 8080, vllm: 8000}
    for (const [machine, ip, strategy] of [
      ['gpubox', '100.88.88.88', 'local-first'],
      ['laptop', '100.77.77.77', 'local-fallback'],
    ] as const) {
      const plan = await configure({
        runtime,
        model: 'qwen3:8b',
        strategy,
        contextTokens: 32768,
        timeoutMs: 300,
        system,
        url: `http://${ip}:${ports[runtime]}`,
        providerId: `${runtime}-${machine}`,
      })
      await plan.apply()
    }
    const file = path.join(home, '.openclaw', 'openclaw.json')
    const {code, output} = await validate(file)
    const report = JSON.parse(output.slice(output.indexOf('{'))) as {valid: boolean; warnings: unknown[]}
    expect(report, output).toMatchObject({valid: true, warnings: []})
    expect(code).toBe(0)
  }, 120_000)
})

/**
 * A person at a terminal: `localclaw setup` in a real pseudo-terminal (tmux), answering each prompt
 * with Enter, against a loopback Ollama, then the written config through the real validator.
 */
describe('interactive setup in a terminal', () => {
  const tmux = spawnSync('tmux', ['-V']).status === 0
  it.runIf(tmux)('answers the prompts, pulls, writes a config OpenClaw accepts', async () => {
    let pulled = false
    const server = await serve({
      'GET /api/version': {body: fixture('ollama/version.json')},
      'GET /api/tags': () => ({body: JSON.stringify({models: pulled ? [{name: 'qwen3:8b', model: 'qwen3:8b'}] : []})}),
      'GET /api/ps': {body: fixture('ollama/ps-empty.json')},
      'POST /api/show': {body: fixture('ollama/show.json')},
      // setup ends with doctor --live: one tool-carrying request that must come back as a call.
      'POST /api/chat': {body: fixture('ollama/chat-tool-call.COMPOSED.json')},
      'POST /api/pull': () => {
        pulled = true
        return {body: fixture('ollama/pull-stream.ndjson')}
      },
    })
    const home = tempDir('localclaw-setup-tty-')
    const done = path.join(home, 'exit-code')
    const session = `localclaw-setup-${process.pid}`
    const cli = new URL('../../bin/run.js', import.meta.url).pathname
    // env -u CI: a real terminal session is interactive; CI in this process's environment must not leak in.
    // The other runtimes on closed ports: whatever this machine runs on 8000/8080/1234 plays no part.
    const down = Object.entries(RUNTIMES_DOWN)
      .filter(([name]) => name !== 'OLLAMA_HOST')
      .map(([name, value]) => `${name}=${value}`)
      .join(' ')
    const command = `env -u CI HOME=${home} PATH=/usr/bin:/bin ${down} OLLAMA_HOST=${server.url.replace('http://', '')} ${process.execPath} ${cli} setup --model qwen3:8b; echo $? > ${done}`
    expect(spawnSync('tmux', ['new-session', '-d', '-s', session, '-x', '200', '-y', '60', command]).status).toBe(0)
    const answered: string[] = []
    let runtimeScreen = ''
    try {
      const deadline = Date.now() + 60_000
      while (!existsSync(done) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250))
        const screen = spawnSync('tmux', ['capture-pane', '-p', '-t', session], {encoding: 'utf8'}).stdout ?? ''
        // Each prompt once, by its question: the runtime (Ollama first, it is running), then each step.
        const open = ['Which runtime?', 'qwen3:8b on Ollama', 'OpenClaw config: create'].find(
          (question) => screen.includes(question) && /\?\s*(\(Y\/n\))?/.test(screen) && !answered.includes(question),
        )
        if (open && (open === 'Which runtime?' ? screen.includes('❯') : screen.includes('Go ahead?'))) {
          answered.push(open)
          if (open === 'Which runtime?') runtimeScreen = screen
          spawnSync('tmux', ['send-keys', '-t', session, 'Enter'])
        }
      }
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session])
    }
    expect(existsSync(done), `prompts answered: ${answered.join(', ')}`).toBe(true)
    expect(answered).toEqual(['Which runtime?', 'qwen3:8b on Ollama', 'OpenClaw config: create'])
    // No CUDA or ROCm here: vLLM is listed with why, and cannot be picked.
    expect(runtimeScreen).toMatch(/vLLM[^\n]*needs a working NVIDIA \(CUDA\) or AMD \(ROCm\) GPU/)
    expect(pulled).toBe(true)
    expect(server.hits).toContain('POST /api/chat')
    expect(readFileSync(done, 'utf8').trim(), 'setup exit code').toBe('0')
    const file = path.join(home, '.openclaw', 'openclaw.json')
    expect(readFileSync(file, 'utf8')).toContain('"primary": "ollama/qwen3:8b"')
    const {code, output} = await validate(file)
    expect(JSON.parse(output.slice(output.indexOf('{'))), output).toMatchObject({valid: true, warnings: []})
    expect(code).toBe(0)
  }, 120_000)
})
