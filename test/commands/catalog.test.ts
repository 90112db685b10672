import {describe, expect, it} from 'vitest'

import Catalog from '../../src/commands/catalog.js'
import type {CatalogListing} from '../../src/lib/catalog/list.js'
import {languageModels} from '../../src/lib/catalog/models.js'
import {runCommand} from '../helpers/capture.js'
import {testSystem} from '../helpers/system.js'

const listing = async (argv: string[]) => {
  const run = await runCommand(Catalog, [...argv, '--json'], {system: testSystem()})
  return {code: run.exitCode, result: JSON.parse(run.stdout) as CatalogListing}
}

describe('localclaw catalog', () => {
  it('lists every language model with what it can do, the runtimes that fetch it, and the dates of its sources', async () => {
    const {code, result} = await listing([])
    expect(code).toBe(0)
    expect(result.models.map((model) => model.id)).toEqual(languageModels().map((model) => model.id))
    expect(result.models.length).toBeGreaterThanOrEqual(80)
    const qwen = result.models.find((model) => model.id === 'qwen3:8b')!
    expect(qwen.runtimes.map((entry) => entry.runtime)).toEqual(['ollama', 'lmstudio', 'llamacpp', 'vllm'])
    expect(qwen.runtimes.find((entry) => entry.runtime === 'ollama')).toMatchObject({command: 'ollama pull qwen3:8b'})
    // The command is for the model's default quantization where the runtime has it.
    expect(qwen.runtimes.find((entry) => entry.runtime === 'llamacpp')!.command).toMatch(/^llama-server -hf Qwen\/Qwen3-8B-GGUF:Q4_K_M /)
    expect(result.sources).toEqual(expect.arrayContaining([
      {what: expect.stringMatching(/Hugging Face config\.json/), asOf: '2026-05-12'},
      {what: expect.stringMatching(/Ollama library pages/), asOf: '2026-07-15'},
    ]))
    expect(result.images.length).toBeGreaterThan(0)
  })

  it('--use agent keeps only models that call tools with 16K of context: deepseek-r1:8b, whose tag has no tools, is not there', async () => {
    const {result} = await listing(['--use', 'agent'])
    expect(result.models.length).toBeGreaterThan(20)
    for (const model of result.models) {
      expect(model.capabilities, model.id).toContain('tools')
      expect(model.contextLength, model.id).toBeGreaterThanOrEqual(16_384)
    }
    expect(result.models.map((model) => model.id)).not.toContain('deepseek-r1:8b')
    expect(result.images).toEqual([])
  })

  it('--runtime keeps only what that runtime can fetch, each with its own command', async () => {
    const {result} = await listing(['--runtime', 'vllm'])
    const withCheckpoints = languageModels().filter((model) => (model.vllm ?? []).length > 0).map((model) => model.id)
    expect(result.models.map((model) => model.id)).toEqual(withCheckpoints)
    for (const model of result.models) {
      expect(model.runtimes.map((entry) => entry.runtime), model.id).toEqual(['vllm'])
      expect(model.runtimes[0]!.command, model.id).toMatch(/^vllm serve /)
    }
  })

  it('a name narrows it; nothing matching is exit 1 with what to try, for a person and under --json', async () => {
    const {result} = await listing(['gemma4'])
    expect(result.models.length).toBeGreaterThan(0)
    expect(result.models.every((model) => model.id.startsWith('gemma4'))).toBe(true)
    const none = await listing(['no-such-model'])
    expect(none.code).toBe(1)
    expect(none.result.models).toEqual([])
    const human = await runCommand(Catalog, ['no-such-model'], {system: testSystem()})
    expect(human.exitCode).toBe(1)
    expect(human.stderr).toMatch(/No catalog model matches "no-such-model"[\s\S]*localclaw recommend hf\.co/)
  })

  it('people get a table and the dates the facts are from', async () => {
    const run = await runCommand(Catalog, ['qwen3.5', '--use', 'agent'], {system: testSystem()})
    expect(run.stdout).toMatch(
      /^\d+ language models for agent use:\n\nMODEL +PARAMS +CONTEXT +CAN +RUNTIMES\nqwen3\.5:0\.8b +0\.87B +256K +tools/,
    )
    expect(run.stdout).toMatch(/Facts as of:\n {2}Hugging Face config\.json fields \(architecture numbers\): 2026-05-12/)
  })
})
