import {readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {pull} from '../../../src/lib/runtimes/pull-service.js'
import {probePort} from '../../../src/lib/net/ports.js'
import {fixture} from '../../helpers/fixtures.js'
import {serve} from '../../helpers/server.js'
import {fakeBin, tempDir, testSystem} from '../../helpers/system.js'

const base = {retries: 0, verify: false, onEvent: () => {}}

describe('pull service', () => {
  it('refuses before downloading when the model directory is too small, with the numbers', async () => {
    const server = await serve({'GET /api/tags': {body: fixture('ollama/tags-empty.json')}})
    const system = testSystem({probePort, env: {OLLAMA_MODELS: tempDir()}})
    await expect(pull({...base, model: 'deepseek-r1:671b', runtime: 'ollama', url: server.url.replace('127.0.0.1', 'localhost'), system}))
      .rejects.toMatchObject({code: 'disk_full', message: expect.stringMatching(/deepseek-r1:671b needs 376 GiB, and only .* is free at /)})
    expect(server.hits).toEqual(['GET /api/tags'])
    // Every caller's failures (pull, setup, doctor --fix) land in the log doctor reads back.
    expect(readFileSync(path.join(system.homedir, '.localclaw', 'logs', 'pull.log'), 'utf8')).toMatch(
      /^\S+Z localclaw pull deepseek-r1:671b \(ollama\) failed: deepseek-r1:671b needs 376 GiB/,
    )
  })

  it('a catalog model the runtime cannot fetch is refused before anything runs, naming the runtimes that can', async () => {
    // Qwen3.8 27B is not in the Ollama library: `ollama pull qwen3.8:27b` would fail at the registry.
    const server = await serve({})
    const refusal = pull({...base, model: 'qwen3.8:27b', runtime: 'ollama', url: server.url, system: testSystem()})
    await expect(refusal).rejects.toMatchObject({code: 'no_download', message: 'qwen3.8:27b has no Ollama download.'})
    await expect(refusal).rejects.toMatchObject({suggestions: expect.arrayContaining(['localclaw pull qwen3.8:27b --runtime llamacpp'])})
    expect(server.hits).toEqual([])
    // A name the catalog does not know is still passed on as typed (an Ollama tag it may have).
    await expect(pull({...base, model: 'some-new-model:7b', runtime: 'ollama', url: server.url, system: testSystem()})).rejects.not
      .toMatchObject({code: 'no_download'})
  })

  it('pulls a catalog name as its Ollama tag, then verifies with a real generation', async () => {
    const server = await serve({
      'GET /api/tags': {body: fixture('ollama/tags.json')},
      'POST /api/pull': {body: fixture('ollama/pull-stream.ndjson')},
      'POST /api/generate': {body: fixture('ollama/generate-nonstream.json')},
    })
    const result = await pull({
      ...base,
      verify: true,
      model: 'Llama 3.2 3B Instruct',
      runtime: 'ollama',
      url: server.url,
      system: testSystem(),
    })
    expect(result).toMatchObject({model: 'llama3.2:3b', outcome: {totalBytes: 2142590208}})
    // generate-nonstream.json: 18 tokens in 52,479,709 ns; loaded in 101,397,084 ns.
    expect(result.verify).toMatchObject({tokensPerSecond: 343, loadMs: 101})
  })

  it.each([
    ['lmstudio', 'qwen3:8b', undefined, 'lms get qwen/qwen3-8b --yes'],
    ['llamacpp', 'qwen3:8b', undefined, 'hf download Qwen/Qwen3-8B-GGUF --include *Q4_K_M*'],
    ['llamacpp', 'gpt-oss:20b', undefined, 'hf download ggml-org/gpt-oss-20b-GGUF'],
    // The file its source names: Unsloth's dynamic mix is tagged UD-Q4_K_M.
    ['llamacpp', 'qwen3.8:27b', undefined, 'hf download unsloth/Qwen3.8-27B-GGUF --include *UD-Q4_K_M*'],
    ['vllm', 'qwen3:8b', 'AWQ', 'hf download Qwen/Qwen3-8B-AWQ'],
  ] as const)('%s %s: the runtime\'s own download command', async (runtime, model, quant, expected) => {
    const log = path.join(tempDir(), 'args')
    const record = `echo "$(basename "$0") $*" > '${log}'`
    const bin = fakeBin({lms: record, hf: record})
    const result = await pull({...base, model, runtime, quant, system: testSystem({path: [bin]})})
    expect(readFileSync(log, 'utf8').trim()).toBe(expected)
    expect(result.command).not.toBeNull()
  })

  it.each([
    [
      'lmstudio',
      /LM Studio does not serve it yet: start it with the model \(lms load qwen\/qwen3-8b\), then run localclaw pull again with --verify, or localclaw doctor --live/,
    ],
    [
      'llamacpp',
      /llama\.cpp does not serve it yet: start it with the model \(llama-server -hf Qwen\/Qwen3-8B-GGUF --jinja\), then run localclaw pull again with --verify/,
    ],
  ] as const)('--verify on %s with no server serving the model says how to get there, instead of nothing', async (runtime, message) => {
    const bin = fakeBin({lms: 'exit 0', hf: 'exit 0'})
    const result = await pull({...base, verify: true, model: 'qwen3:8b', runtime, system: testSystem({path: [bin]})})
    expect(result.verify).toBeNull()
    expect(result.warnings.join('\n')).toMatch(message)
  })

  it('--verify on llama.cpp measures the model its server serves under the alias recommend starts it with', async () => {
    // llama-server's /v1/models (VERBATIM shape) with the id --alias qwen3:8b gives it, and its recorded reply with timings.
    const models = JSON.parse(fixture('llamacpp/v1-models.json'))
    models.data[0].id = 'qwen3:8b'
    const server = await serve({
      'GET /v1/models': {body: JSON.stringify(models)},
      'POST /v1/chat/completions': {body: fixture('llamacpp/chat-completion-tool-call.COMPOSED.json')},
    })
    const bin = fakeBin({hf: 'exit 0'})
    const system = testSystem({path: [bin], env: {LOCALCLAW_LLAMACPP_URL: server.url}, probePort})
    const result = await pull({...base, verify: true, model: 'qwen3:8b', runtime: 'llamacpp', system})
    // predicted_n 24 in predicted_ms 3100.2 (the recording's timings).
    expect(result.verify).toMatchObject({tokensPerSecond: 7.7})
    expect(result.warnings.join()).not.toMatch(/does not serve it/)
    expect(server.hits).toContain('POST /v1/chat/completions')
  })

  it('--verify on llama.cpp does not time whatever other model the server runs', async () => {
    const server = await serve({'GET /v1/models': {body: fixture('llamacpp/v1-models.json')}})
    const bin = fakeBin({hf: 'exit 0'})
    const system = testSystem({path: [bin], env: {LOCALCLAW_LLAMACPP_URL: server.url}, probePort})
    const result = await pull({...base, verify: true, model: 'qwen3:8b', runtime: 'llamacpp', system})
    expect(result.verify).toBeNull()
    expect(server.hits).not.toContain('POST /v1/chat/completions')
  })

  it('says which tool is missing for Hugging Face downloads', async () => {
    await expect(pull({...base, model: 'qwen3:8b', runtime: 'vllm', system: testSystem()})).rejects.toMatchObject({
      code: 'tool_missing',
      suggestions: expect.arrayContaining(['pip install -U huggingface_hub']),
    })
  })

  it('fails with the download command\'s exit code in the message', async () => {
    const bin = fakeBin({lms: 'exit 3'})
    await expect(pull({...base, model: 'qwen3:8b', runtime: 'lmstudio', system: testSystem({path: [bin]})})).rejects.toThrow(
      /lms get qwen\/qwen3-8b --yes exited with 3/,
    )
  })
})
