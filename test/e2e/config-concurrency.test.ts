import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import JSON5 from 'json5'
import {describe, expect, it} from 'vitest'

import {writeConfig} from '../../src/lib/openclaw/write.js'
import {localclawAsync} from '../helpers/cli.js'
import {tempDir} from '../helpers/system.js'

const scratch = (dir: string) => readdirSync(dir).filter((name) => name.includes('.localclaw-') || name.endsWith('.lock'))

describe('two localclaw config --yes at once', () => {
  it('never lose an update: each one that says it wrote has its change in the file; the other refuses and says why', async () => {
    for (let pair = 0; pair < 8; pair++) {
      const home = tempDir()
      const file = path.join(home, '.openclaw', 'openclaw.json')
      mkdirSync(path.dirname(file), {recursive: true})
      writeFileSync(file, '{\n  // mine\n  gateway: { mode: "local" },\n}\n')
      const env = {HOME: home, PATH: '', CI: '1'}
      const runs = await Promise.all(
        ['a', 'b'].map((name) =>
          localclawAsync(
            [
              'config',
              '--model',
              'qwen3:8b',
              '--context-tokens',
              '32768',
              '--url',
              `http://127.0.0.1:1143${name === 'a' ? 5 : 6}`,
              '--provider-id',
              `ollama-${name}`,
              '--yes',
            ],
            env,
          ).then((run) => ({name, ...run})),
        ),
      )
      const config = JSON5.parse(readFileSync(file, 'utf8'))
      for (const run of runs) {
        if (run.code === 0) {
          expect(run.stdout).toMatch(/✔ Wrote/)
          expect(config.models.providers[`ollama-${run.name}`], `pair ${pair}: ${run.name} wrote, and its provider is gone`).toBeDefined()
        } else {
          expect(run.stderr).toMatch(/changed while localclaw was working|is being written by localclaw/)
        }
      }
      expect(runs.some((run) => run.code === 0)).toBe(true)
      expect(readFileSync(file, 'utf8')).toContain('// mine')
      expect(scratch(path.dirname(file))).toEqual([])
    }
  }, 120_000)
})

describe('kill -9 at random points of a write', () => {
  const writer = fileURLToPath(new URL('../../dist/lib/openclaw/write.js', import.meta.url))
  // Versions big enough that a kill lands inside a write, not only between them.
  const body = (version: number) => `v${version}\n${'x'.repeat(256 * 1024)}\n`
  const versionOf = (text: string | null) => (text === null ? null : Number(/^v(\d+)\n/.exec(text)?.[1] ?? Number.NaN))
  const ring = (file: string) => ['', '.bak', '.bak.1', '.bak.2', '.bak.3', '.bak.4']
    .map((suffix) => `${file}${suffix}`).map((slot) => (existsSync(slot) ? versionOf(readFileSync(slot, 'utf8')) : null))

  it.runIf(existsSync(writer))('leave the old or the new config, never a shifted ring, and the next write cleans up', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'openclaw.json')
    writeFileSync(file, body(0))
    const loop = `const {readFileSync} = await import('node:fs'); const {writeConfig} = await import(${JSON.stringify(writer)});
      const body = ${body.toString()};
      for (;;) { const original = readFileSync(${JSON.stringify(file)}, 'utf8'); await writeConfig(${JSON.stringify(file)}, body(Number(/^v(\\d+)/.exec(original)[1]) + 1), {original}) }`
    for (let round = 0; round < 25; round++) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', loop], {stdio: 'ignore'})
      await new Promise((resolve) => setTimeout(resolve, 60 + Math.random() * 120))
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))
      const live = versionOf(readFileSync(file, 'utf8'))
      expect(Number.isInteger(live), `round ${round}: the live file is not one complete version`).toBe(true)
      // The next write recovers what the killed one left: afterwards the ring runs back from the live version without a repeat.
      await writeConfig(file, body(live! + 1), {original: readFileSync(file, 'utf8')})
      const [now, ...backups] = ring(file)
      expect(now).toBe(live! + 1)
      expect(backups[0], `round ${round}: .bak is not the version just replaced`).toBe(live)
      const present = backups.filter((version): version is number => version !== null)
      expect(present, `round ${round}: ring ${JSON.stringify(backups)}`).toEqual([...present].sort((a, b) => b - a))
      expect(new Set(present).size).toBe(present.length)
      expect(scratch(dir)).toEqual([])
    }
  }, 120_000)
})
