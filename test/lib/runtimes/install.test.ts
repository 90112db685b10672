import {chmodSync, existsSync, readFileSync, writeFileSync} from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {install, runStep, stepCommand, type InstallRequest} from '../../../src/lib/runtimes/install.js'
import {probePort} from '../../../src/lib/net/ports.js'
import {llamacpp} from '../../../src/lib/runtimes/llamacpp.js'
import {lmstudio} from '../../../src/lib/runtimes/lmstudio.js'
import {ollama} from '../../../src/lib/runtimes/ollama.js'
import {downloadAndRun, type InstallContext} from '../../../src/lib/runtimes/runtime.js'
import {vllm} from '../../../src/lib/runtimes/vllm.js'
import {closedPort} from '../../helpers/server.js'
import {fakeBin, killAfterTest, tempDir, testSystem} from '../../helpers/system.js'

const context = (overrides: Partial<InstallContext> & {programs?: string[]} = {}): InstallContext => {
  const {programs = ['curl', 'systemctl'], ...rest} = overrides
  return {
    platform: 'linux',
    arch: 'x64',
    wsl: null,
    backends: [],
    homedir: '/home/u',
    has: (program) => programs.includes(program),
    root: false,
    systemd: true,
    ...rest,
  }
}
const OLLAMA_SCRIPT = [
  'curl -fsSL --create-dirs -o /home/u/.localclaw/downloads/ollama.com_install.sh https://ollama.com/install.sh',
  'sh /home/u/.localclaw/downloads/ollama.com_install.sh',
]
const commands = (plan: ReturnType<typeof ollama.installPlan>, ctx: InstallContext) =>
  plan.supported ? [...plan.steps, ...(plan.start ? [plan.start] : [])].map((step) => stepCommand(step, ctx).join(' ')) : plan.reason

describe('install plans, per OS', () => {
  it.each([
    // Downloaded as its own step: curl | sh would hide a failed download.
    ['Linux with systemd', context(), [...OLLAMA_SCRIPT, 'sudo systemctl start ollama']],
    ['Linux without systemd (a container)', context({systemd: false}), [...OLLAMA_SCRIPT, 'ollama serve']],
    ['macOS', context({platform: 'darwin', arch: 'arm64'}), [...OLLAMA_SCRIPT, 'open -a Ollama --args hidden']],
    [
      'Windows',
      context({platform: 'win32', root: true}),
      ['powershell.exe -NoProfile -ExecutionPolicy Bypass -Command irm https://ollama.com/install.ps1 | iex', 'ollama serve'],
    ],
  ])('Ollama, %s', (_, ctx, expected) => {
    expect(commands(ollama.installPlan(ctx), ctx)).toEqual(expected)
  })

  it.each([
    ['WSL 1', context({wsl: 1}), /WSL 1 cannot run Ollama/],
    ['32-bit', context({arch: 'ia32'}), /ia32 is not supported/],
    ['no curl', context({programs: []}), /curl is needed/],
  ])('Ollama refuses %s, saying why', (_, ctx, reason) => {
    expect(commands(ollama.installPlan(ctx), ctx)).toMatch(reason)
  })

  it('LM Studio: the headless installer, then the daemon and the server', () => {
    const ctx = context()
    expect(commands(lmstudio.installPlan(ctx), ctx)).toEqual([
      'curl -fsSL --create-dirs -o /home/u/.localclaw/downloads/lmstudio.ai_install.sh https://lmstudio.ai/install.sh',
      'bash /home/u/.localclaw/downloads/lmstudio.ai_install.sh',
      '/home/u/.lmstudio/bin/lms daemon up',
      '/home/u/.lmstudio/bin/lms server start',
    ])
  })

  it.each([
    ['macOS with Homebrew', context({platform: 'darwin', programs: ['brew']}), ['brew install llama.cpp']],
    ['Windows', context({platform: 'win32', root: true, programs: ['winget']}), ['winget install llama.cpp']],
    [
      'Debian 13',
      context({programs: ['apt-get'], distro: {id: 'debian', versionId: '13', idLike: []}}),
      ['sudo apt-get install -y llama.cpp'],
    ],
    [
      'Debian testing (no VERSION_ID) as root',
      context({programs: ['apt-get'], root: true, distro: {id: 'debian', versionId: null, idLike: []}}),
      ['apt-get install -y llama.cpp'],
    ],
    [
      'Ubuntu 25.04',
      context({programs: ['apt-get'], distro: {id: 'ubuntu', versionId: '25.04', idLike: ['debian']}}),
      ['sudo apt-get install -y llama.cpp'],
    ],
  ])('llama.cpp, %s', (_, ctx, expected) => {
    expect(commands(llamacpp.installPlan(ctx), ctx)).toEqual(expected)
  })

  it.each([
    ['Debian 12', {id: 'debian', versionId: '12', idLike: []}, /Debian 12 has no llama\.cpp package/],
    ['Ubuntu 24.04', {id: 'ubuntu', versionId: '24.04', idLike: ['debian']}, /Ubuntu 24\.04 has no llama\.cpp package/],
    [
      'a derivative localclaw cannot place',
      {id: 'linuxmint', versionId: '22', idLike: ['ubuntu', 'debian']},
      /may not carry a llama\.cpp package/,
    ],
  ])('llama.cpp on %s: no apt plan for a package that does not exist, and the routes that do work', (_, distro, reason) => {
    const plan = llamacpp.installPlan(context({programs: ['apt-get'], distro}))
    expect(plan).toMatchObject({supported: false, reason: expect.stringMatching(reason)})
    expect(plan.supported === false && plan.suggestions.join('\n')).toMatch(/github\.com\/ggml-org\/llama\.cpp\/releases[\s\S]*cmake/)
  })

  it('llama.cpp with no known package manager explains how to build it', () => {
    const plan = llamacpp.installPlan(context({programs: []}))
    expect(plan).toMatchObject({
      supported: false,
      suggestions: [
        expect.stringMatching(/releases/),
        expect.stringMatching(/cmake -B build/),
        expect.stringMatching(/brew install llama\.cpp/),
      ],
    })
  })

  it('vLLM: only with CUDA or ROCm, into a virtual environment', () => {
    expect(commands(vllm.installPlan(context({programs: ['python3']})), context())).toMatch(
      /needs a working NVIDIA \(CUDA\) or AMD \(ROCm\) GPU/,
    )
    expect(commands(vllm.installPlan(context({platform: 'darwin', backends: ['metal']})), context())).toMatch(/not on darwin/)
    const ctx = context({programs: ['python3'], backends: ['cuda']})
    expect(commands(vllm.installPlan(ctx), ctx)).toEqual([
      'python3 -m venv /home/u/.local/share/localclaw/vllm', '/home/u/.local/share/localclaw/vllm/bin/pip install --upgrade pip vllm',
    ])
  })

  it('without systemd, ollama serve runs as this user, so the note names this user\'s model directory', () => {
    expect(ollama.installPlan(context({systemd: false}))).toMatchObject({
      notes: ['Models go to /home/u/.ollama/models (ollama serve runs as you; OLLAMA_MODELS moves them)'],
    })
    expect(ollama.installPlan(context())).toMatchObject({notes: [expect.stringContaining('/usr/share/ollama')]})
  })

  it('moves Ollama with OLLAMA_HOST, never a --port flag it does not have', () => {
    const advice = ollama.portAdvice(11434, context()).join('\n')
    expect(advice).toMatch(/OLLAMA_HOST=127\.0\.0\.1:11435 ollama serve/)
    expect(advice).toMatch(/sudo systemctl edit ollama, add \[Service\] Environment="OLLAMA_HOST=127\.0\.0\.1:11435"/)
    expect(advice).not.toMatch(/ollama serve --port/)
    // The config line names the model it needs: with one known, a command that runs as printed.
    expect(ollama.portAdvice(11434, context(), 'qwen3:8b').at(-1)).toBe(
      'Then point OpenClaw at it: localclaw config --url http://127.0.0.1:11435 --model qwen3:8b',
    )
  })
})

// A real Ollama stand-in, started in the background by the fake `ollama serve`, stopped after each test (killAfterTest).

function fakeOllamaWorld() {
  const dir = tempDir()
  const marker = path.join(dir, 'installer-ran')
  const serverScript = path.join(dir, 'server.cjs')
  // Like ollama serve: it listens where OLLAMA_HOST says (11434 without it), never on a port passed another way.
  writeFileSync(
    serverScript,
    `const [host, port] = (process.env.OLLAMA_HOST || '127.0.0.1:11434').split(':'); require('node:http').createServer((q, r) => r.end(JSON.stringify({version: '0.9.9'}))).listen(Number(port), host)`,
  )
  const bin = fakeBin({})
  // What the "official installer" does here: record that it ran, and install a fake ollama.
  const installer = path.join(dir, 'install.sh')
  writeFileSync(
    installer,
    [
      `touch '${marker}'`,
      `printf '%s\\n' '#!/bin/sh' 'if [ "$1" = "--version" ]; then echo "ollama version is 0.9.9"; exit 0; fi' 'echo $$ > ${dir}/pid' 'exec ${process.execPath} ${serverScript}' > '${bin}/ollama'`,
      `chmod +x '${bin}/ollama'`,
    ].join('\n'),
  )
  // curl -fsSL --create-dirs -o FILE URL: the "download" writes the installer where -o says.
  writeFileSync(
    path.join(bin, 'curl'),
    `#!/bin/sh\nwhile [ "$1" != "-o" ]; do shift; done\nmkdir -p "$(dirname "$2")"\ncat '${installer}' > "$2"\n`,
  )
  chmodSync(path.join(bin, 'curl'), 0o755)
  return {dir, bin, marker}
}

const request = (overrides: Partial<InstallRequest>): InstallRequest => ({
  runtime: 'ollama', dryRun: false, yes: true, canPrompt: false, confirm: async () => false,
  system: testSystem(), backends: async () => [], waitMs: 10_000, ...overrides,
})

describe('install', () => {
  it('--dry-run shows the plan and runs nothing', async () => {
    const port = await closedPort()
    const {bin, marker} = fakeOllamaWorld()
    const system = testSystem({path: [bin, '/usr/bin', '/bin'], probePort})
    const result = await install(request({dryRun: true, url: `http://127.0.0.1:${port}`, system}))
    expect(result).toMatchObject({action: 'planned'})
    expect(result.commands[0]).toMatch(
      /^curl -fsSL --create-dirs -o \S+\/\.localclaw\/downloads\/ollama\.com_install\.sh https:\/\/ollama\.com\/install\.sh$/,
    )
    expect(existsSync(marker)).toBe(false)
  })

  it('without a terminal and without --yes: refuses before running anything', async () => {
    const port = await closedPort()
    const {bin, marker} = fakeOllamaWorld()
    const system = testSystem({path: [bin, '/usr/bin', '/bin'], probePort})
    await expect(install(request({yes: false, url: `http://127.0.0.1:${port}`, system}))).rejects.toMatchObject({
      code: 'missing_input',
      exit: 2,
    })
    expect(existsSync(marker)).toBe(false)
  })

  it('installs, starts the server, waits for it, and reports the version', async () => {
    const port = await closedPort()
    const {bin, dir, marker} = fakeOllamaWorld()
    const system = testSystem({path: [bin, '/usr/bin', '/bin'], probePort, homedir: dir})
    const result = await install(request({url: `http://127.0.0.1:${port}`, system}))
    killAfterTest(Number(readFileSync(path.join(dir, 'pid'), 'utf8')))
    expect(existsSync(marker)).toBe(true)
    expect(result).toMatchObject({action: 'installed', version: '0.9.9', url: `http://127.0.0.1:${port}`})
  })

  it('--url on another port: the server it starts listens there (OLLAMA_HOST), and the plan says so', async () => {
    const port = await closedPort()
    const {bin, dir} = fakeOllamaWorld()
    const system = testSystem({path: [bin, '/usr/bin', '/bin'], probePort, homedir: dir})
    const result = await install(request({url: `http://127.0.0.1:${port}`, system}))
    killAfterTest(Number(readFileSync(path.join(dir, 'pid'), 'utf8')))
    expect(result.commands.at(-1)).toBe(`OLLAMA_HOST=127.0.0.1:${port} ollama serve &`)
    expect(result).toMatchObject({action: 'installed', url: `http://127.0.0.1:${port}`})
  })

  it('an ollama serve that exits at once is reported with what it said, not waited on', async () => {
    const port = await closedPort()
    const bin = fakeBin({
      ollama: `if [ "$1" = "--version" ]; then echo "ollama version is 0.9.9"; exit 0; fi\necho "Error: listen tcp 127.0.0.1:${port}: bind: address already in use" >&2\nexit 1`,
    })
    const system = testSystem({path: [bin, '/usr/bin', '/bin'], probePort, homedir: tempDir()})
    const error = await install(request({url: `http://127.0.0.1:${port}`, system, waitMs: 60_000})).catch((thrown) => thrown)
    expect(error).toMatchObject({
      code: 'start_failed',
      message: expect.stringMatching(
        new RegExp(
          `^Ollama stopped right after it started \\(exit code 1\\):\\nError: listen tcp 127\\.0\\.0\\.1:${port}: bind: address already in use$`,
        ),
      ),
    })
  })

  it('a download that fails is reported with curl\'s own message, not as a PATH problem, and runs nothing after it', async () => {
    const port = await closedPort()
    const {marker} = fakeOllamaWorld()
    const bin = fakeBin({curl: 'echo "curl: (6) Could not resolve host: ollama.com" >&2\nexit 6'})
    const system = testSystem({path: [bin, '/usr/bin', '/bin'], probePort, homedir: tempDir()})
    const error = await install(request({url: `http://127.0.0.1:${port}`, system})).catch((thrown) => thrown)
    expect(error).toMatchObject({
      code: 'download_failed',
      message: 'Could not download https://ollama.com/install.sh: curl: (6) Could not resolve host: ollama.com.',
    })
    expect(error.suggestions.join(' ')).not.toMatch(/PATH|ollama-serve\.log|journalctl/)
    expect(existsSync(marker)).toBe(false)
  })

  it('already installed and running: nothing to do', async () => {
    const port = await closedPort()
    const {bin, dir, marker} = fakeOllamaWorld()
    const system = testSystem({path: [bin, '/usr/bin', '/bin'], probePort, homedir: dir})
    await install(request({url: `http://127.0.0.1:${port}`, system}))
    killAfterTest(Number(readFileSync(path.join(dir, 'pid'), 'utf8')))
    const again = await install(request({url: `http://127.0.0.1:${port}`, system, yes: false}))
    expect(again).toMatchObject({action: 'already-running', commands: []})
    expect(existsSync(marker)).toBe(true)
  })

  it('a real socket on the port: names who holds it and how to move Ollama', async () => {
    // Some other web server (say nginx) on Ollama's port.
    const server = http.createServer((_, response) => response.writeHead(404).end('not found'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const {port} = server.address() as net.AddressInfo
    try {
      const error = await install(request({url: `http://127.0.0.1:${port}`, system: testSystem({probePort, root: ''})})).catch(
        (thrown) => thrown,
      )
      expect(error).toMatchObject({
        code: 'port_in_use',
        message: expect.stringMatching(new RegExp(`Port ${port} is already taken by .*\\(pid ${process.pid}\\), which is not Ollama`)),
      })
      expect(error.suggestions[0]).toMatch(new RegExp(`OLLAMA_HOST=127.0.0.1:${port + 1} ollama serve`))
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('needs root, and will not hang on a hidden sudo password prompt', async () => {
    const port = await closedPort()
    const bin = fakeBin({curl: 'exit 0', sudo: 'exit 1', systemctl: 'exit 0'})
    const root = tempDir()
    writeFileSync(path.join(tempDir(), 'x'), '')
    const system = testSystem({path: [bin], probePort, uid: 1000, root})
    const {mkdirSync} = await import('node:fs')
    mkdirSync(path.join(root, 'run', 'systemd', 'system'), {recursive: true})
    await expect(install(request({url: `http://127.0.0.1:${port}`, system}))).rejects.toMatchObject({
      code: 'needs_root',
      suggestions: expect.arrayContaining([expect.stringMatching(/sudo -v/)]),
    })
  })
})

describe('what localclaw keeps under ~/.localclaw', () => {
  it('a downloaded installer is 0600 in a 0700 directory, though curl --create-dirs follows the umask', async () => {
    const {realSystem} = await import('../../../src/lib/system.js')
    const {statSync} = await import('node:fs')
    const home = tempDir()
    const curl = fakeBin({curl: 'while [ "$1" != -o ]; do shift; done; mkdir -p "$(dirname "$2")"; echo "#!/bin/sh" > "$2"'})
    const system = {...realSystem(), homedir: home, env: {PATH: `${curl}:/usr/bin:/bin`, HOME: home}}
    const [download] = downloadAndRun('https://ollama.com/install.sh', context({homedir: home}), 'sh')
    await runStep(download!, context({homedir: home}), system, path.join(home, '.localclaw', 'logs'), ollama)
    const file = path.join(home, '.localclaw', 'downloads', 'ollama.com_install.sh')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    for (const dir of [path.join(home, '.localclaw'), path.dirname(file)]) expect(statSync(dir).mode & 0o777).toBe(0o700)
  })
})
