import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {fakeNvidiaSmi, localclaw} from './helpers/cli.js'

/**
 * The public contract scripts rely on: each command's flags, and every key of each `--json` output.
 * A change here is a breaking change for users: update the snapshot only on purpose
 * (`npx vitest run test/contract.test.ts -u`) and say so in the changelog.
 */
describe('contract', () => {
  it('command flags', async () => {
    const manifest = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8')) as {
      commands: Record<string, {
        flags: Record<string, {type: string; options?: string[]; multiple?: boolean; env?: string; default?: unknown; char?: string}>
      }>
    }
    const flags = Object.fromEntries(Object.entries(manifest.commands).sort().map(([id, command]) => [id, Object.fromEntries(
      Object.entries(command.flags).sort().map(([name, flag]) => [name, {
        type: flag.type, ...(flag.options ? {options: flag.options} : {}), ...(flag.multiple ? {multiple: true} : {}),
        ...(flag.env ? {env: flag.env} : {}), ...(flag.default !== undefined ? {default: flag.default} : {}),
      }]),
    )]))
    await expect(`${JSON.stringify(flags, null, 2)}\n`).toMatchFileSnapshot('contract/flags.json')
  })

  it('detect --json keys', async () => {
    const run = localclaw(['detect', '--json', '--require-gpu'], {path: [fakeNvidiaSmi('nvidia/query-rtx4090.COMPOSED.csv')]})
    expect(run.code).toBe(0)
    await expect(`${keyPaths(JSON.parse(run.stdout)).join('\n')}\n`).toMatchFileSnapshot('contract/detect.keys')
  })


  it('recommend --json keys, list and one model', async () => {
    const hardware = ['--gpu', 'RTX 4090', '--ram', '64', '--json']
    const list = JSON.parse(localclaw(['recommend', ...hardware]).stdout)
    // Too large at 32K, so the keys of its alternatives show too.
    const model = JSON.parse(localclaw(['recommend', 'qwen3:32b', '--ctx', '32768', ...hardware]).stdout)
    await expect(`${keyPaths(list).join('\n')}\n`).toMatchFileSnapshot('contract/recommend-list.keys')
    await expect(`${keyPaths(model).join('\n')}\n`).toMatchFileSnapshot('contract/recommend-model.keys')
  })
})

/** "gpus[].memory.totalBytes" for every key; arrays contribute the union of their elements' keys. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) {
    const paths = new Set<string>([`${prefix}[]`])
    for (const item of value) for (const path of keyPaths(item, `${prefix}[]`)) paths.add(path)
    return [...paths].sort()
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => {
      const path = prefix ? `${prefix}.${key}` : key
      return [path, ...keyPaths(child, path)]
    }).sort()
  }
  return []
}
