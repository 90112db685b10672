import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import Config from '../../src/commands/config.js'
import Doctor from '../../src/commands/doctor/index.js'
import TailscaleStatus, {type TailscaleStatusResult} from '../../src/commands/tailscale/status.js'
import {runCommand} from '../helpers/capture.js'
import {fixturePath} from '../helpers/fixtures.js'
import {fakeBin, printFile, testSystem} from '../helpers/system.js'

// Commands run in this process against a System of the test's own (BaseCommand.system()): a temp
// HOME, fake programs on PATH, every runtime's port closed. Nothing on the real host is read or written.
describe('commands in-process, on a test system', () => {
  it('config --yes writes the provider into the test HOME, not the real one, and reports it as JSON', async () => {
    const system = testSystem()
    const run = await runCommand(Config, ['--runtime', 'ollama', '--model', 'qwen3:8b', '--context-tokens', '32768', '--yes', '--json'], {
      system,
    })
    expect(run.exitCode).toBe(0)
    const file = path.join(system.homedir, '.openclaw', 'openclaw.json')
    expect(JSON.parse(run.stdout)).toMatchObject({path: file, changed: true, created: true})
    const written = readFileSync(file, 'utf8')
    expect(written).toContain('"ollama/qwen3:8b"')
    expect(written).toMatch(/num_ctx["']?:\s*32768/)
  })

  it('config without --yes and without a terminal asks for nothing and writes nothing: exit 2, the flag that answers it', async () => {
    const system = testSystem()
    const run = await runCommand(Config, ['--runtime', 'ollama', '--model', 'qwen3:8b', '--context-tokens', '32768', '--json'], {system})
    expect(run.exitCode).toBe(2)
    expect(JSON.parse(run.stdout).error).toMatchObject({code: 'missing_input', suggestions: [expect.stringContaining('--yes')]})
    expect(existsSync(path.join(system.homedir, '.openclaw', 'openclaw.json'))).toBe(false)
  })

  it('doctor --json with every runtime down and no config: each check reports, and the exit code says it failed', async () => {
    const run = await runCommand(Doctor, ['--json'], {system: testSystem()})
    const report = JSON.parse(run.stdout) as {ok: boolean; results: Array<{id: string; status: string; message: string}>}
    expect(run.exitCode).toBe(3)
    expect(report.ok).toBe(false)
    expect(report.results.find((result) => result.id === 'runtime')).toMatchObject({
      status: 'fail',
      message: 'no local runtime is installed',
    })
    expect(report.results.find((result) => result.id === 'config.file')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('no OpenClaw config'),
    })
    expect(report.results.map((result) => result.id)).toEqual(expect.arrayContaining(['runtime.ollama', 'runtime.vllm', 'gpu', 'disk']))
  })

  it('tailscale status --json reads the tailscale on the test PATH', async () => {
    const tailscale = fakeBin({tailscale: printFile(fixturePath('tailscale/not-running-linux-systemd.txt'), 1, 'stderr')})
    const run = await runCommand(TailscaleStatus, ['--json'], {system: testSystem({path: [tailscale]})})
    expect(run.exitCode).toBe(1)
    const result = JSON.parse(run.stdout) as TailscaleStatusResult
    expect(result.tailscale).toMatchObject({installed: true, running: false})
    expect(result.problem?.fix).toBeTruthy()
  })
})
