import {spawn, spawnSync} from 'node:child_process'
import {closeSync, openSync, readFileSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

import {fakeNvidiaSmi, localclaw} from '../helpers/cli.js'
import {fixturePath} from '../helpers/fixtures.js'
import {RUNTIMES_DOWN} from '../helpers/runtimes-down.js'
import {fakeBin, tempDir} from '../helpers/system.js'

const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string
const nvidiaSmi = (queryFile: string) => fakeNvidiaSmi(queryFile)
const brokenDriver = () => fakeBin({'nvidia-smi': `cat '${fixturePath('nvidia/nvidia-smi-driver-missing.txt')}'\nexit 9`})

/** A Node on this machine that localclaw does not run on (Debian's Node 20 here), if there is one. */
const oldNode = ['/usr/bin/node', '/usr/local/bin/node', '/bin/node'].find((bin) => {
  const found = spawnSync(bin, ['--version'], {encoding: 'utf8'})
  return found.status === 0 && Number(found.stdout.trim().slice(1).split('.')[0]) < 22
})

describe('stdin is the command\'s to read, never a positional argument', () => {
  it('`yes | localclaw install --dry-run` plans the default runtime; it was "Expected y to be one of ..."', () => {
    // A curl that would fail if run: --dry-run must not run it.
    const run = localclaw(['install', '--dry-run', '--json'], {input: 'y\ny\ny\n', path: [fakeBin({curl: 'exit 99'})]})
    expect(run.stderr).not.toContain('Expected y')
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({runtime: 'ollama', action: 'planned'})
  })

  it('a name on stdin does not turn recommend\'s list into one model\'s plan', () => {
    const run = localclaw(['recommend', '--json', '--gpu', 'RTX 4090', '--ram', '64'], {input: 'qwen2.5:0.5b\n'})
    expect(run.code).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result.model).toBeUndefined()
    expect(result.recommendations.length).toBeGreaterThan(0)
  })
})

describe('localclaw, the built CLI', () => {
  it.runIf(oldNode)('on a Node it does not support: exit 1, the versions it needs and how to get one', () => {
    const run = spawnSync(oldNode!, [fileURLToPath(new URL('../../bin/run.js', import.meta.url)), 'detect'], {encoding: 'utf8'})
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(
      /^localclaw needs Node\.js 22\.22\.2\+ of 22\.x, 24\.15\.0\+ of 24\.x or 26\.0\.0 or newer; this is v\d+\.\d+\.\d+\.\n {2}Try: install the current Node 24/,
    )
  })

  it('--version prints name/version platform-arch node-version, like oclif', () => {
    const run = localclaw(['--version'])
    expect(run.code).toBe(0)
    expect(run.stdout.trim()).toBe(`localclaw/${version} ${process.platform}-${process.arch} node-${process.version}`)
  })

  it.each([
    [['install', '--url', 'notaurl', '--dry-run']],
    [['pull', 'qwen3:8b', '--url', 'notaurl']],
    [['config', '--model', 'qwen3:8b', '--url', 'http://', '--print']],
    [['pull', 'qwen3:8b', '--url', 'ftp://127.0.0.1:11434']],
  ])('a --url that is not a server address is a usage error at once (exit 2), not a minute of retries: %j', (args) => {
    const run = localclaw(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Expected a server address like http:\/\/127\.0\.0\.1:11434 or 127\.0\.0\.1:11434/)
  })

  it('an unknown or misspelt command is a usage error (exit 2) naming the closest command, as JSON under --json', () => {
    const run = localclaw(['recomend'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      '✖ Unknown command "recomend". Did you mean recommend?\n  Try: localclaw recommend\n       localclaw --help lists the commands\n',
    )
    const json = localclaw(['doctor', 'explian', '--json'])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout)).toEqual({
      error: {
        code: 'unknown_command',
        message: 'Unknown command "doctor explian". Did you mean doctor explain?',
        suggestions: ['localclaw doctor explain', 'localclaw --help lists the commands'],
        exit: 2,
      },
    })
    expect(localclaw(['frobnicate']).stderr).not.toMatch(/Did you mean/)
  })

  it('-h is help', () => {
    const run = localclaw(['-h'])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(localclaw(['--help']).stdout)
  })

  // A --json document goes out in one write to the descriptor, human output through the stream
  // (src/lib/stdout.ts): both must end quietly when the reader has gone before or during the write.
  it.each([
    ['--json, written straight to the descriptor', ['recommend', '--use', 'chat', '--json']],
    ['human output, through the stream', ['recommend', '--use', 'chat']],
  ])('a reader that closes stdout (| head -1) ends the command quietly, never with exit 13: %s', async (_, args) => {
    for (const closeAt of ['start', 'first data'] as const) {
      const child = spawn(process.execPath, [fileURLToPath(new URL('../../bin/run.js', import.meta.url)), ...args],
        {env: {HOME: tempDir(), PATH: '', CI: '1'}})
      if (closeAt === 'start') child.stdout.destroy()
      else child.stdout.once('data', () => child.stdout.destroy())
      let stderr = ''
      child.stderr.on('data', (chunk) => (stderr += chunk))
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect(code, `${closeAt}: ${stderr}`).toBe(0)
      expect(stderr).not.toMatch(/unsettled top-level await|EPIPE/)
    }
  })

  // What the one write is for: making process.stdout for a pipe or socket loads node:net and the stream
  // stack. bin/run.js, src/lib/stdout.ts and the oclif edits in scripts/bundle.js share a mark for
  // "not made yet"; if they fall out of step, the document still arrives, through the stream.
  it('a --json document goes out without making process.stdout; human output makes it', () => {
    const hook = `${tempDir()}/watch-stdout.cjs`
    writeFileSync(hook, [
      "const made = Object.getOwnPropertyDescriptor(process, 'stdout')",
      "let opened = false",
      "Object.defineProperty(process, 'stdout', {configurable: true, enumerable: made.enumerable, get() { opened = true; return made.get.call(process) }})",
      "process.on('exit', () => require('node:fs').writeSync(2, `stdout made: ${opened}\\n`))",
    ].join('\n'))
    const run = (args: string[]) => spawnSync(process.execPath, ['--require', hook, fileURLToPath(new URL('../../bin/run.js', import.meta.url)), ...args],
      {encoding: 'utf8', env: {HOME: tempDir(), PATH: '', CI: '1', ...RUNTIMES_DOWN}})
    const json = run(['recommend', '--json', '--use', 'chat', '--gpu', 'RTX 4090', '--ram', '64'])
    expect(json.status, json.stderr).toBe(0)
    expect(JSON.parse(json.stdout).recommendations.length).toBeGreaterThan(0)
    expect(json.stderr).toContain('stdout made: false')
    const human = run(['recommend', '--use', 'chat', '--gpu', 'RTX 4090', '--ram', '64'])
    expect(human.status, human.stderr).toBe(0)
    expect(human.stderr).toContain('stdout made: true')
  })

  it('a --json document larger than a pipe holds arrives whole: through a socket, a shell pipe and into a file', () => {
    const args = ['recommend', '--json', '--use', 'chat', '--limit', '100', '--gpu', 'RTX 4090', '--ram', '64']
    const piped = localclaw(args)
    expect(piped.code).toBe(0)
    expect(piped.stdout.length).toBeGreaterThan(64 * 1024)
    expect(JSON.parse(piped.stdout).recommendations.length).toBeGreaterThan(20)
    const file = `${tempDir()}/out.json`
    const fd = openSync(file, 'w')
    const redirected = spawnSync(process.execPath, [fileURLToPath(new URL('../../bin/run.js', import.meta.url)), ...args],
      {stdio: ['ignore', fd, 'pipe'], env: {HOME: tempDir(), PATH: '', CI: '1', ...RUNTIMES_DOWN}})
    closeSync(fd)
    expect(redirected.status).toBe(0)
    expect(readFileSync(file, 'utf8')).toBe(piped.stdout)
    // spawn gives the child a socket; a shell's | is a FIFO.
    const shellPiped = spawnSync('sh', ['-c', `"$0" "$@" | cat`, process.execPath, fileURLToPath(new URL('../../bin/run.js', import.meta.url)),
      ...args], {encoding: 'utf8', env: {HOME: tempDir(), PATH: process.env.PATH ?? '', CI: '1', ...RUNTIMES_DOWN}})
    expect(shellPiped.status, shellPiped.stderr).toBe(0)
    expect(shellPiped.stdout).toBe(piped.stdout)
  })

  it('--help lists detect', () => {
    const run = localclaw(['--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/detect\s+Show this machine's hardware profile/)
  })

  it('detect --json is one JSON document on stdout, exit 0', () => {
    const run = localclaw(['detect', '--json'], {path: [nvidiaSmi('nvidia/query-rtx4090.COMPOSED.csv')]})
    expect(run.code).toBe(0)
    const profile = JSON.parse(run.stdout)
    expect(profile.gpus[0]).toMatchObject({name: 'NVIDIA GeForce RTX 4090', backend: 'cuda'})
  })

  it('requirements met: exit 0', () => {
    const run = localclaw(['detect', '--require-gpu', '--min-vram', '16', '--require', 'cuda'], {
      path: [nvidiaSmi('nvidia/query-rtx4090.COMPOSED.csv')],
    })
    expect(run.code).toBe(0)
    expect(run.stderr).not.toMatch(/requirement not met/)
  })

  it('requirements unmet: exit 1, one line per unmet requirement, and the reason', () => {
    const run = localclaw(['detect', '--require-gpu', '--min-vram', '8', '--require', 'cuda', '--min-ram', '0.5'], {path: [brokenDriver()]})
    expect(run.code).toBe(1)
    const lines = run.stderr.split('\n').filter((line) => line.includes('requirement not met'))
    expect(lines.map((line) => /\((.+?)\)/.exec(line)?.[1])).toEqual(['gpu', 'min-vram', 'cuda'])
    expect(lines[0]).toMatch(/NVIDIA driver not loaded/)
  })

  it('requirements unmet under --json: exit 1, the profile and the unmet list on stdout', () => {
    const run = localclaw(['detect', '--json', '--min-vram', '48'], {path: [nvidiaSmi('nvidia/query-rtx4090.COMPOSED.csv')]})
    expect(run.code).toBe(1)
    const result = JSON.parse(run.stdout)
    expect(result.requirements).toEqual({
      met: false,
      results: [{requirement: 'min-vram', met: false, message: 'largest usable GPU memory is 24.0 GiB, need at least 48 GiB'}],
    })
    expect(result.gpus).toHaveLength(1)
  })

  it('takes requirements from LOCALCLAW_* variables, for CI', () => {
    const run = localclaw(['detect', '--json'], {path: [nvidiaSmi('nvidia/query-rtx4090.COMPOSED.csv')], env: {LOCALCLAW_MIN_VRAM: '48'}})
    expect(run.code).toBe(1)
  })

  it.each([
    [['detect', '--nope'], /Nonexistent flag: --nope/],
    [['detect', '--require', 'quantum'], /Expected --require=quantum to be one of: cuda, rocm, metal, vulkan/],
    [['detect', '--min-vram', 'lots'], /Expected a positive number of GiB, got "lots"/],
  ])('usage error %j: exit 2, what was wrong, and where to look', (args, message) => {
    const run = localclaw(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toMatch(/Try: See the flags: localclaw detect --help/)
    expect(run.stdout).toBe('')
  })

  it('a usage error under --json is a JSON error on stdout', () => {
    const run = localclaw(['detect', '--json', '--nope'])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout)).toMatchObject({error: {code: 'usage', exit: 2}})
  })
})
