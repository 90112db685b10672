import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import JSON5 from 'json5'
import {describe, expect, it} from 'vitest'

import {localclaw} from '../helpers/cli.js'
import {leaked, PLANTED_CONFIG, PLANTED_SECRETS} from '../helpers/planted-secrets.js'
import {RUNTIMES_DOWN} from '../helpers/runtimes-down.js'
import {tempDir} from '../helpers/system.js'

const USER_FILE = `// mine
{
  agents: { defaults: { model: { primary: "anthropic/claude-opus-4-7" } } }, // hosted
  channels: { telegram: { botToken: "123:SECRET" } },
  gateway: { mode: "local" },
}
`

function home(content?: string) {
  const dir = tempDir()
  const file = path.join(dir, '.openclaw', 'openclaw.json')
  if (content !== undefined) {
    mkdirSync(path.dirname(file), {recursive: true})
    writeFileSync(file, content)
  }
  return {dir, file, env: {HOME: dir}}
}

const args = ['config', '--runtime', 'ollama', '--model', 'qwen3:8b', '--context-tokens', '32768']

describe('localclaw config', () => {
  it('without a terminal and without --yes: shows the diff, writes nothing, exit 2', () => {
    const {file, env} = home(USER_FILE)
    const run = localclaw(args, {env})
    expect(run.code).toBe(2)
    expect(run.stdout).toMatch(/~ agents\.defaults\.model\.primary: anthropic\/claude-opus-4-7 -> ollama\/qwen3:8b/)
    expect(run.stderr).toMatch(/Try: Pass --yes to write, or --dry-run/)
    expect(readFileSync(file, 'utf8')).toBe(USER_FILE)
  })

  it('--yes writes, keeps comments and foreign keys, backs up; a second run changes nothing', () => {
    const {file, env} = home(USER_FILE)
    expect(localclaw([...args, '--yes'], {env}).code).toBe(0)
    const written = readFileSync(file, 'utf8')
    expect(written).toContain('// mine')
    expect(written).toContain('// hosted')
    expect(JSON5.parse(written).channels).toEqual({telegram: {botToken: '123:SECRET'}})
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(USER_FILE)
    const again = localclaw([...args, '--yes'], {env})
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/Already configured: nothing to change/)
    expect(readFileSync(file, 'utf8')).toBe(written)
  })

  it('--dry-run shows the diff and writes nothing, not even a new file', () => {
    const {file, env} = home()
    const run = localclaw([...args, '--dry-run'], {env})
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^\+\s+"gateway": \{/m)
    expect(existsSync(file)).toBe(false)
  })

  it('--print prints the whole config for scripts, secrets redacted', () => {
    const {env} = home(USER_FILE)
    const printed = JSON.parse(localclaw([...args, '--print'], {env}).stdout)
    expect(printed.channels.telegram.botToken).toBe('<redacted>')
    expect(printed.models.providers.ollama.api).toBe('ollama')
    expect(JSON5.parse(localclaw([...args, '--print', '--show-secrets'], {env}).stdout).channels.telegram.botToken).toBe('123:SECRET')
  })

  it('no planted secret in any output: --print, --json, --dry-run, the plan before the question, --yes --json; the file keeps them all', () => {
    const {env, file} = home(PLANTED_CONFIG)
    for (const extra of [['--print'], ['--print', '--json'], ['--dry-run'], ['--dry-run', '--json'], [], ['--yes', '--json']]) {
      const run = localclaw([...args, ...extra], {env})
      expect(run.code, `${extra.join(' ')}: ${run.stderr}`).toBe(extra.length === 0 ? 2 : 0)
      expect(run.stdout).toContain('qwen3:8b')
      expect(leaked(run.stdout + run.stderr), extra.join(' ')).toEqual([])
    }
    expect(leaked(readFileSync(file, 'utf8'))).toEqual(PLANTED_SECRETS)
    // Only when asked, and only for --print.
    expect(leaked(localclaw([...args, '--print', '--show-secrets'], {env}).stdout)).toEqual(PLANTED_SECRETS)
    expect(localclaw([...args, '--dry-run', '--show-secrets'], {env}).stderr).toMatch(/--print/)
  })

  it('refuses OpenClaw\'s own provider ids and a non-http URL before touching the file, exit 2', () => {
    const {file, env} = home(USER_FILE)
    const hosted = localclaw([...args, '--provider-id', 'anthropic', '--yes'], {env})
    expect(hosted.code).toBe(2)
    expect(hosted.stderr).toMatch(
      /"anthropic" is one of OpenClaw's own provider ids[\s\S]*Try: Pass --provider-id with a name of its own, e\.g\. --provider-id ollama-local/,
    )
    expect(localclaw([...args, '--url', 'ftp://gpubox:21', '--yes'], {env}).code).toBe(2)
    expect(readFileSync(file, 'utf8')).toBe(USER_FILE)
  })

  it('a string of fallbacks or an include on the provider: refused with the key, the file untouched', () => {
    for (const content of [
      '{ agents: { defaults: { model: { primary: "anthropic/claude-opus-4-7", fallbacks: "openai/gpt-5" } } } }\n',
      '{ models: { providers: { ollama: { baseUrl: "http://127.0.0.1:11434", api: "ollama", models: { $include: "./ollama-models.json5" } } } } }\n',
    ]) {
      const {file, env} = home(content)
      const run = localclaw([...args, '--yes'], {env})
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(
        /agents\.defaults\.model\.fallbacks is a string|models\.providers\.ollama\.models is loaded from "\.\/ollama-models\.json5" with \$include/,
      )
      expect(readFileSync(file, 'utf8')).toBe(content)
      expect(existsSync(`${file}.bak`)).toBe(false)
    }
  })

  it('--json reports what it did, with the provider where OLLAMA_HOST puts Ollama', () => {
    const {env, file} = home()
    const result = JSON.parse(localclaw([...args, '--yes', '--json'], {env}).stdout)
    expect(result).toMatchObject({
      path: file,
      created: true,
      changed: true,
      written: true,
      ref: 'ollama/qwen3:8b',
      provider: {id: 'ollama', baseUrl: `http://${RUNTIMES_DOWN.OLLAMA_HOST}`},
    })
  })

  it('a malformed file: the line and column, exit 1, nothing written', () => {
    const broken = '{\n  models: {\n    mode: merge\n  }\n}\n'
    const {file, env} = home(broken)
    const run = localclaw([...args, '--yes'], {env})
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/openclaw\.json:3:11: not valid JSON5/)
    expect(readFileSync(file, 'utf8')).toBe(broken)
  })

  it('a FIFO at the config path: refused at once with what it is, never read (a read would block forever)', () => {
    const {file, env} = home()
    mkdirSync(path.dirname(file), {recursive: true})
    execFileSync('mkfifo', [file])
    const run = localclaw([...args, '--dry-run'], {env})
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`${file} is a named pipe (FIFO), not a config file. Nothing was written.`)
  })

  it('honours OPENCLAW_CONFIG_PATH and says why it chose the file', () => {
    const dir = tempDir()
    const target = path.join(dir, 'custom.json5')
    const run = localclaw([...args, '--yes'], {env: {HOME: dir, OPENCLAW_CONFIG_PATH: target}})
    expect(run.stdout).toMatch(new RegExp(`Config {2}${target} \\(OPENCLAW_CONFIG_PATH\\)`))
    expect(existsSync(target)).toBe(true)
  })

  it('without --model and without a terminal: names the flag, exit 2', () => {
    const run = localclaw(['config', '--runtime', 'ollama'], {env: home().env})
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Try: Pass --model/)
  })

  describe('what the agent needs, with no runtime running yet (scripted config generation)', () => {
    const printed = (extra: string[]) => {
      const run = localclaw(['config', ...extra, '--print'], {env: home().env})
      expect(run.code, run.stderr).toBe(0)
      type Provider = {timeoutSeconds?: number; models: Array<Record<string, unknown>>}
      return JSON5.parse(run.stdout) as {models: {providers: Record<string, Provider>}; agents: {defaults: {model: {primary: string}}}}
    }

    it('an id only vLLM serves is written exactly as given, not rewritten to the base repository', () => {
      const config = printed(['--runtime', 'vllm', '--model', 'Qwen/Qwen3-8B-AWQ'])
      expect(config.models.providers.vllm!.models[0]!.id).toBe('Qwen/Qwen3-8B-AWQ')
      expect(config.agents.defaults.model.primary).toBe('vllm/Qwen/Qwen3-8B-AWQ')
    })

    it('a catalog name on vLLM is written as the repository recommend tells the user to serve', () => {
      const recommended = JSON.parse(localclaw(['recommend', 'qwen3:8b', '--runtime', 'vllm', '--json']).stdout) as {
        modelId: string
        pullCommand: string
      }
      expect(recommended.pullCommand).toMatch(new RegExp(`^vllm serve ${recommended.modelId} `))
      expect(printed(['--runtime', 'vllm', '--model', 'qwen3:8b']).models.providers.vllm!.models[0]!.id).toBe(recommended.modelId)
    })

    it('Ollama\'s entry carries params.num_ctx equal to contextTokens, and every provider a timeout for slow local turns', () => {
      const ollama = printed(args.slice(1)).models.providers.ollama!
      expect(ollama.models[0]).toMatchObject({contextTokens: 32768, params: {num_ctx: 32768}})
      // The timeout outlasts what recommend estimates for this machine: a cold load and the first
      // token of OpenClaw's prompt. Never below OpenClaw's own 300 s for local providers.
      for (const runtime of ['ollama', 'lmstudio', 'llamacpp', 'vllm']) {
        const providers = printed(['--runtime', runtime, '--model', 'qwen3:8b', '--context-tokens', '32768']).models.providers
        const provider = Object.values(providers)[0]!
        const {speed} = JSON.parse(localclaw(['recommend', 'qwen3:8b', '--runtime', runtime, '--ctx', '32768', '--json']).stdout)
        // vLLM has no CPU plan: nothing to estimate, so the default.
        if (speed?.firstTokenRange) expect(provider.timeoutSeconds, runtime).toBeGreaterThanOrEqual(Math.max(300,
          speed.loadSeconds + speed.firstTokenRange.high))
        else expect(provider.timeoutSeconds, runtime).toBe(300)
        expect(provider.timeoutSeconds! % 60, runtime).toBe(0)
        if (runtime !== 'ollama') expect(provider.models[0], runtime).not.toHaveProperty('params')
      }
      // Another machine is not measured here: OpenClaw's local default, written explicitly.
      expect(
        printed(['--runtime', 'ollama', '--model', 'qwen3:8b', '--url', 'http://100.64.0.7:11434']).models.providers['ollama-100-64-0-7']!
          .timeoutSeconds,
      ).toBe(300)
    })
  })
})
