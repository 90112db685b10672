import {utimesSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {driverInstall as driverInstallFix} from '../../../src/lib/doctor/checks/gpu.js'
import {ollama} from '../../../src/lib/runtimes/ollama.js'
import {readRecentLogs} from '../../../src/lib/doctor/logs.js'
import {fixture, fixturePath} from '../../helpers/fixtures.js'
import {fakeBin, printFile, testSystem, writeTree} from '../../helpers/system.js'

describe('runtime logs', () => {
  it('reads the journal on Linux and localclaw\'s own server log; a log untouched for a day is history', async () => {
    const journalctl = fakeBin({journalctl: printFile(fixturePath('ollama/server-log-gpu-cuda-v0.6.log'))})
    const system = testSystem({path: [journalctl]})
    writeTree(system.homedir, {'.localclaw/logs/ollama-serve.log': 'fresh\n', '.localclaw/logs/vllm-serve.log': 'old\n'})
    const old = (Date.now() - 3 * 24 * 3600 * 1000) / 1000
    utimesSync(path.join(system.homedir, '.localclaw/logs/vllm-serve.log'), old, old)
    const ollama = await readRecentLogs(system, 'ollama', 1000)
    expect(ollama.map((log) => log.source)).toEqual(['journalctl -u ollama', path.join(system.homedir, '.localclaw/logs/ollama-serve.log')])
    expect(ollama[0]!.text).toContain('library=cuda')
    expect(await readRecentLogs(system, 'vllm', 1000)).toEqual([])
  })

  it('keeps the end of a long log', async () => {
    const system = testSystem()
    const lines = Array.from({length: 2000}, (_, index) => `line ${index}`).join('\n')
    writeFileSync(path.join(system.homedir, 'x'), '')
    writeTree(system.homedir, {'.localclaw/logs/llamacpp-serve.log': lines})
    const [log] = await readRecentLogs(system, 'llamacpp', 1000)
    expect(log!.text.split('\n')).toHaveLength(500)
    expect(log!.text.endsWith('line 1999')).toBe(true)
  })
})

describe('GPU findings', () => {
  it('Ollama\'s last GPU discovery: library=cpu (v0.13 wording) is a finding, a CUDA device is not', () => {
    expect(ollama.gpuUse!.noGpuInLog(fixture('ollama/server-log-cpu-only-v0.13.log'))).toMatch(/id=cpu library=cpu/)
    expect(ollama.gpuUse!.noGpuInLog(fixture('ollama/server-log-gpu-cuda-v0.6.log'))).toBeNull()
    // A restart after the driver was fixed: the latest discovery counts.
    expect(
      ollama.gpuUse!.noGpuInLog(`${fixture('ollama/server-log-cpu-only-v0.13.log')}\n${fixture('ollama/server-log-gpu-cuda-v0.6.log')}`),
    ).toBeNull()
  })

  it('the driver install command for the distribution', () => {
    const driverInstall = (os: string | null, platform: string) => {
      const fix = driverInstallFix(os, platform)
      return typeof fix === 'string' ? fix : `${fix.run} # ${fix.note}`
    }
    expect(driverInstall('Ubuntu 24.04.1 LTS', 'linux')).toMatch(/^sudo ubuntu-drivers install/)
    expect(driverInstall('Debian GNU/Linux 12 (bookworm)', 'linux')).toMatch(/^sudo apt install nvidia-driver/)
    expect(driverInstall('Fedora Linux 41', 'linux')).toMatch(/akmod-nvidia/)
    expect(driverInstall(null, 'win32')).toMatch(/nvidia\.com/)
  })
})
