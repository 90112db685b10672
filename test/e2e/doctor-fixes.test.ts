import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {matchProblems} from '../../src/lib/doctor/problems.js'
import {localclawAsync as run} from '../helpers/cli.js'
import {fixture, fixturePath} from '../helpers/fixtures.js'
import {localclawParses, runsAsPrinted} from '../helpers/printed-fix.js'
import {closedPort, serve} from '../helpers/server.js'
import {fakeBin, tempDir} from '../helpers/system.js'

interface Result {id: string; status: string; fix?: string; fixNote?: string}

const cli = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
/** `localclaw` on PATH as a user has it: the built CLI. */
const shim = () => fakeBin({localclaw: `exec '${process.execPath}' '${cli}' "$@"`})

function home(config?: string): {env: Record<string, string>; file: string} {
  const dir = tempDir()
  const file = path.join(dir, '.openclaw', 'openclaw.json')
  if (config !== undefined) {
    mkdirSync(path.dirname(file), {recursive: true})
    writeFileSync(file, config)
  }
  return {env: {HOME: dir, PATH: shim(), CI: '1'}, file}
}

/** A fix line through the shell, asynchronously: the stand-in runtime lives in this process and must keep answering. */
function shell(line: string, env: Record<string, string>): Promise<{code: number | null; output: string}> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', line], {env})
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => resolve({code, output}))
  })
}

async function doctor(env: Record<string, string>, extra: string[] = []): Promise<Result[]> {
  return (JSON.parse((await run(['doctor', '--json', ...extra], env)).stdout) as {results: Result[]}).results
}

/** An Ollama stand-in that has qwen3:8b, and gets any model it is asked to pull. */
async function ollama() {
  const models = new Set(['qwen3:8b'])
  const server = await serve({
    'GET /api/version': {body: fixture('ollama/version.json')},
    'GET /api/tags': () => ({body: JSON.stringify({models: [...models].map((name) => ({name, model: name, size: 5e9}))})}),
    'GET /api/ps': {body: fixture('ollama/ps-empty.json')},
    'POST /api/pull': (request) => {
      let body = ''
      request.on('data', (chunk) => (body += chunk))
      request.on('end', () => models.add((JSON.parse(body || '{}') as {model?: string; name?: string}).model ?? 'unknown'))
      return {body: fixture('ollama/pull-stream.ndjson')}
    },
  })
  return server
}

const ollamaConfig = (baseUrl: string, block: string) => `{
  models: { mode: "merge", providers: { ollama: { baseUrl: "${baseUrl}", ${block} } } },
  agents: { defaults: { model: { primary: "ollama/qwen3:8b" } } },
  gateway: { mode: "local" },
}
`
const entry = (id: string, extra = '') => `{ id: "${id}", name: "${id}", contextWindow: 40960${extra} }`

/** Recorded logs whose problems have a fix command: a 429, a truncated prompt, a port in use, a model that is not there. */
const LOGS = [
  'ollama/pull-cli-429.txt',
  'ollama/server-log-truncating-prompt.log',
  'ollama/journalctl-bind-in-use.COMPOSED.txt',
  'ollama/error-model-not-found.json',
  'llamacpp/error-exceed-context-size.json',
]

describe('every fix doctor prints is a command that runs as printed', () => {
  it('across the usual broken setups, each fix line is valid shell made of real commands, its notes apart', async () => {
    const server = await ollama()
    const down = `127.0.0.1:${await closedPort()}`
    const scenarios: Array<{config?: string; env?: Record<string, string>; args?: string[]}> = [
      {env: {OLLAMA_HOST: down}},
      {
        config: ollamaConfig(
          server.url,
          `api: "ollama", apiKey: "ollama-local", models: [${entry('qwen3:8b', ', contextTokens: 8192')}, ${entry('gemma3:4b', ', contextTokens: 32768')}]`,
        ),
        env: {OLLAMA_HOST: server.url.replace('http://', '')},
      },
      {
        config: ollamaConfig(server.url, `api: "openai-completions", models: [${entry('qwen3:8b', ', contextTokens: 32768')}]`),
        env: {OLLAMA_HOST: server.url.replace('http://', '')},
      },
      {config: '{ models: [ }', env: {OLLAMA_HOST: down}},
      {
        config:
          '{ agents: { defaults: { contextTokens: 32768, model: { primary: "llamacpp/qwen3:8b", fallbacks: ["ollama-gpubox/qwen3:8b", "mystery/x"] } } } }',
        env: {OLLAMA_HOST: down},
      },
      {config: '[1, 2]', env: {OLLAMA_HOST: down}},
      // A llama-server provider on a port nothing listens on: its port belongs in a model's serve command.
      {
        config: `{ models: { providers: { llamacpp: { baseUrl: "http://${down}/v1", api: "openai-completions", apiKey: "llamacpp-local", models: [${entry('qwen3:8b')}] } } } }`,
        env: {OLLAMA_HOST: down},
      },
      // Logs with known problems: their fixes come from the table doctor explain shares, filled from the config.
      {
        config: ollamaConfig(server.url, `api: "ollama", apiKey: "ollama-local", models: [${entry('qwen3:8b', ', contextTokens: 32768')}]`),
        env: {OLLAMA_HOST: server.url.replace('http://', '')},
        args: [...LOGS.flatMap((log) => ['--log', fixturePath(log)])],
      },
      {env: {OLLAMA_HOST: down}, args: [...LOGS.flatMap((log) => ['--log', fixturePath(log)])]},
    ]
    let checked = 0
    let fromLogs = 0
    for (const scenario of scenarios) {
      const {env} = home(scenario.config)
      for (const result of (await doctor({...env, ...scenario.env}, scenario.args)).filter((entry) => entry.fix)) {
        expect(runsAsPrinted(result.fix!), `${result.id}: ${result.fix}`).toBeNull()
        expect(await localclawParses(result.fix!), `${result.id}: ${result.fix}`).toBeNull()
        checked++
        if (result.id.startsWith('log.')) fromLogs++
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10)
    expect(fromLogs).toBeGreaterThanOrEqual(LOGS.length)
  }, 60_000)

  it('run as printed against the stand-in, the localclaw fixes fix what they name', async () => {
    const server = await ollama()
    const config = ollamaConfig(
      server.url,
      `api: "openai-completions", models: [${entry('qwen3:8b', ', contextTokens: 8192')}, ${entry('gemma3:4b', ', contextTokens: 32768')}]`,
    )
    const {env: base} = home(config)
    const env = {...base, OLLAMA_HOST: server.url.replace('http://', '')}
    const before = await doctor(env)
    const failing = before.filter(
      (result) =>
        result.status === 'fail' &&
        result.fix?.startsWith('localclaw ') &&
        !/^localclaw (recommend|doctor|detect|setup|install)\b/.test(result.fix),
    )
    expect(failing.map((result) => result.id).sort()).toEqual([
      'config.provider.ollama',
      'context.ollama/qwen3:8b',
      'model.ollama/gemma3:4b',
    ])
    // One at a time, as a person would: each on the config the previous one left.
    for (const id of failing.map((result) => result.id)) {
      const now = (await doctor(env)).find((result) => result.id === id)!
      if (now.status !== 'fail') continue
      const ran = await shell(now.fix!, {...env, LOCALCLAW_YES: '1'})
      expect(ran.code, `${id}: ${now.fix}\n${ran.output}`).toBe(0)
      expect((await doctor(env)).find((result) => result.id === id)?.status, `${id} after ${now.fix}`).not.toBe('fail')
    }
    expect((await doctor(env)).filter((result) => result.status === 'fail').map((result) => result.id)).toEqual([])
  }, 120_000)

  it('every localclaw fix in the known-problems table, filled for an Ollama setup, runs as printed against the stand-in', async () => {
    const server = await ollama()
    const {env: base} = home(
      ollamaConfig(server.url, `api: "ollama", apiKey: "ollama-local", models: [${entry('qwen3:8b', ', contextTokens: 32768')}]`),
    )
    const env = {...base, OLLAMA_HOST: server.url.replace('http://', ''), LOCALCLAW_YES: '1'}
    const texts = readdirSync(fixturePath('.'), {recursive: true, encoding: 'utf8'})
      .filter(
        (file) => /^(ollama|llamacpp|lmstudio|vllm|openclaw|nvidia|tailscale)\//.test(file) && /\.(txt|json|log|http|ndjson)$/.test(file),
      )
      .map((file) => fixture(file))
    const fixes = new Set(texts.flatMap((text) => matchProblems(text, {model: 'qwen3:8b', key: 'qwen3:8b', runtime: 'ollama'}))
      .map((match) => match.fix).filter((fix): fix is string => fix?.startsWith('localclaw ') === true))
    // install would really install: its plan is checked by its own tests; here, that it parses.
    const runnable = [...fixes].filter((fix) => !/^localclaw (install|setup)\b/.test(fix))
    expect(runnable.length).toBeGreaterThanOrEqual(6)
    for (const fix of runnable) {
      const ran = await shell(fix, env)
      // doctor's own answer may be "something failed" (exit 3); anything else is the fix not running.
      expect([0, ...(fix.startsWith('localclaw doctor') ? [3] : [])], `${fix}\n${ran.output}`).toContain(ran.code)
    }
    for (const fix of fixes) expect(await localclawParses(fix), fix).toBeNull()
  }, 120_000)

  it('an unreadable config (mode 000) is "permission denied" with chmod for a fix, never a parse error or a backup that does not exist', async (context) => {
    const {env, file} = home('{}\n')
    chmodSync(file, 0o000)
    // Root reads any file: drop to nobody (setpriv) where the suite runs as root, as it does in containers.
    const asRoot = process.getuid?.() === 0
    if (asRoot) for (const dir of [path.dirname(path.dirname(file)), path.dirname(file)]) chmodSync(dir, 0o755)
    const argv = [cli, 'doctor', '--json']
    // Found on this process's PATH: the child's PATH holds only the localclaw shim.
    const setpriv = spawnSync('sh', ['-c', 'command -v setpriv'], {encoding: 'utf8'}).stdout.trim()
    if (asRoot && !setpriv) return context.skip() // no setpriv on this machine
    const child = asRoot
      ? spawnSync(setpriv, ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...argv], {
          env: {...env, OLLAMA_HOST: `127.0.0.1:${await closedPort()}`},
          encoding: 'utf8',
        })
      : spawnSync(process.execPath, argv, {env: {...env, OLLAMA_HOST: `127.0.0.1:${await closedPort()}`}, encoding: 'utf8'})
    const result = (JSON.parse(child.stdout) as {results: Result[]}).results.find((entry) => entry.id === 'config.file')!
    expect(result).toMatchObject({status: 'fail', message: `${file} cannot be read: permission denied`, fix: `chmod u+rw ${file}`})
    expect(JSON.stringify(result)).not.toMatch(/JSON5|line and column|\.bak/)
    expect(runsAsPrinted(result.fix!)).toBeNull()
  })
})
