import {describe, expect, it} from 'vitest'

import {localclaw} from '../helpers/cli.js'
import {closedPort} from '../helpers/server.js'
import {fakeBin} from '../helpers/system.js'

describe('localclaw install', () => {
  it('--dry-run prints the official commands and runs nothing', () => {
    // A curl that would fail if run: --dry-run must not run it.
    const run = localclaw(['install', 'ollama', '--dry-run', '--json'], {path: [fakeBin({curl: 'exit 99'})]})
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({runtime: 'ollama', action: 'planned'})
    expect(result.commands.join('\n')).toMatch(
      /curl -fsSL --create-dirs -o \S+ https:\/\/ollama\.com\/install\.sh\nsh \S+install\.sh|install\.ps1/,
    )
  })

  it('refuses with the reason when the official installer cannot be fetched', () => {
    const run = localclaw(['install', 'ollama', '--dry-run'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/curl is needed to fetch the official installer/)
  })

  it('an installed but stopped Ollama is started, not described as installed by the official script', async () => {
    const ollama = fakeBin({ollama: 'echo "Warning: could not connect to a running Ollama instance"\necho "ollama version is 0.6.2"'})
    const run = localclaw(['install', 'ollama', '--dry-run'], {
      path: [ollama, fakeBin({curl: 'exit 99'})],
      env: {OLLAMA_HOST: `127.0.0.1:${await closedPort()}`},
    })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^Ollama is installed but not running; localclaw starts it:\n {2}\$ .*ollama serve/m)
    expect(run.stdout).not.toMatch(/official install script/)
  })

  it('refuses vLLM without a CUDA or ROCm GPU, saying what to use instead', () => {
    const run = localclaw(['install', 'vllm', '--dry-run'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/vLLM cannot be installed here: vLLM needs a working NVIDIA \(CUDA\) or AMD \(ROCm\) GPU/)
    expect(run.stderr).toMatch(/Try: Use Ollama or llama.cpp on this machine/)
  })
})
