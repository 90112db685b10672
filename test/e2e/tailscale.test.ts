import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import JSON5 from 'json5'
import {afterEach, describe, expect, it} from 'vitest'

import {localclawAsync as run} from '../helpers/cli.js'
import {fixture, fixturePath} from '../helpers/fixtures.js'
import {leaked, PLANTED_CONFIG} from '../helpers/planted-secrets.js'
import {closedPort} from '../helpers/server.js'
import {fakeBin, printFile, tempDir} from '../helpers/system.js'



const servers: http.Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => {
    server.closeAllConnections()
    server.close(resolve)
  })))
})

/**
 * A peer's Ollama: a real server on the peer's stand-in address (127.0.0.x), on a port of its own
 * (passed as --port), since this machine may run something on 11434 of every loopback address. The
 * default ports are probed in test/lib/tailscale/peer-runtimes.test.ts.
 */
async function peerOllama(address: string, models: string[]): Promise<number> {
  const server = http.createServer((request, response) => {
    response.setHeader('content-type', 'application/json')
    if (request.url === '/api/version') return response.end(fixture('ollama/version.json'))
    if (request.url === '/api/tags') return response.end(JSON.stringify({models: models.map((name) => ({name, model: name}))}))
    response.statusCode = 404
    response.end('404 page not found')
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, address, resolve))
  return (server.address() as AddressInfo).port
}

/** The recorded `tailscale status --json` (COMPOSED, see fixtures README) with peers standing in on loopback addresses. */
function statusJson(peers: Array<{name: string; ip: string; online: boolean}>, backendState = 'Running', selfIp?: string): string {
  const status = JSON.parse(fixture('tailscale/status-running.COMPOSED.json'))
  if (selfIp) status.Self.TailscaleIPs = status.TailscaleIPs = [selfIp]
  const template = Object.values(status.Peer)[0] as Record<string, unknown>
  status.BackendState = backendState
  status.Peer = Object.fromEntries(peers.map((peer, index) => [`nodekey:${index}`, {
    ...template, HostName: peer.name, DNSName: `${peer.name}.tail1234.ts.net.`, OS: 'linux', TailscaleIPs: [peer.ip], Online: peer.online,
  }]))
  return JSON.stringify(status)
}

function world(tailscale: string) {
  const home = tempDir()
  const file = path.join(tempDir(), 'status.json')
  writeFileSync(file, tailscale)
  const bin = fakeBin({tailscale: `[ "$1" = status ] && ${printFile(file)}`})
  return {home, env: {HOME: home, PATH: bin, CI: '1'}}
}

// A distinct 127.0.0.x per test run, so a stale listener cannot collide.
const base = 20 + Math.floor(Math.random() * 200)
const gpubox = `127.0.0.${base}`
const laptop = `127.0.0.${base + 1}`

describe('localclaw tailscale status', () => {
  it('this node, its peers, and which online peer serves which models', async () => {
    const port = await peerOllama(gpubox, ['qwen3:8b', 'llama3.2:latest'])
    const {env} = world(
      statusJson([
        {name: 'gpubox', ip: gpubox, online: true},
        {name: 'laptop', ip: laptop, online: true},
        {name: 'old-pc', ip: '127.0.0.2', online: false},
      ]),
    )
    const result = await run(['tailscale', 'status', '--json', '--port', String(port)], env)
    expect(result.code).toBe(0)
    const json = JSON.parse(result.stdout)
    expect(json.tailscale).toMatchObject({running: true, ipv4: '100.99.99.99', dnsName: 'authentic-associate.tail1234.ts.net'})
    const byName = Object.fromEntries(json.peers.map((entry: {peer: {hostName: string}}) => [entry.peer.hostName, entry]))
    expect(byName.gpubox.probe.runtimes).toEqual([
      {runtime: 'ollama', name: 'Ollama', url: `http://${gpubox}:${port}`, version: '0.5.1', models: ['qwen3:8b', 'llama3.2:latest']},
    ])
    expect(byName.laptop.probe).toMatchObject({runtimes: [], ports: [{runtime: null, port, state: 'refused'}]})
    expect(byName['old-pc']).toMatchObject({probe: null, note: 'offline'})
    const human = await run(['tailscale', 'status', '--port', String(port)], env)
    expect(human.stdout).toMatch(
      new RegExp(
        `● gpubox\\s+${gpubox.replace(/\./g, '\\.')}\\s+linux\\s+Ollama 0\\.5\\.1 at http://${gpubox.replace(/\./g, '\\.')}:${port}: qwen3:8b, llama3\\.2:latest`,
      ),
    )
    expect(human.stdout).toMatch(/○ old-pc .* offline/)
  })

  it.each([
    [
      'the daemon is not running',
      {status: printFile(fixturePath('tailscale/not-running-linux-systemd.txt'), 1, 'stderr')},
      /daemon is not running[\s\S]*Fix: sudo systemctl start tailscaled/,
    ],
    ['logged out', {json: 'NeedsLogin'}, /logged out[\s\S]*Fix: sudo tailscale up/],
  ])('%s: exit 1 with the fix', async (_name, setup, expected) => {
    const home = tempDir()
    let bin: string
    if ('json' in setup) {
      const file = path.join(tempDir(), 'status.json')
      writeFileSync(file, statusJson([], setup.json))
      bin = fakeBin({tailscale: printFile(file)})
    } else {
      bin = fakeBin({tailscale: setup.status})
    }
    const result = await run(['tailscale', 'status'], {HOME: home, PATH: bin, CI: '1'})
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(expected)
  })

  it('not installed: how to install it', async () => {
    const result = await run(['tailscale', 'status', '--json'], {HOME: tempDir(), PATH: fakeBin({}), CI: '1'})
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).problem).toEqual({
      message: 'Tailscale is not installed.',
      fix: expect.stringContaining('https://tailscale.com/install.sh'),
    })
  })
})

describe('localclaw tailscale connect', () => {
  it('checks the peer, then writes its own provider at the 100.x-style address, validated like config', async () => {
    const port = await peerOllama(gpubox, ['qwen3:8b'])
    const {env, home} = world(statusJson([{name: 'gpubox', ip: gpubox, online: true}]))
    const configFile = path.join(home, '.openclaw', 'openclaw.json')
    mkdirSync(path.dirname(configFile), {recursive: true})
    writeFileSync(configFile, '{ agents: { defaults: { model: { primary: "anthropic/claude-opus-4-7" } } } }\n')
    const result = await run(
      ['tailscale', 'connect', 'GPUBOX', '--strategy', 'local-fallback', '--yes', '--json', '--port', String(port)],
      env,
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      ref: 'ollama-gpubox/qwen3:8b',
      provider: {id: 'ollama-gpubox', baseUrl: `http://${gpubox}:${port}`},
      written: true,
    })
    const config = JSON5.parse(readFileSync(configFile, 'utf8'))
    expect(config.models.providers['ollama-gpubox']).toMatchObject({
      api: 'ollama',
      apiKey: 'ollama-local',
      baseUrl: `http://${gpubox}:${port}`,
    })
    expect(config.agents.defaults.model).toEqual({primary: 'anthropic/claude-opus-4-7', fallbacks: ['ollama-gpubox/qwen3:8b']})
  })

  it('--json carries no secret of the config it edits, though its diff does show that config', async () => {
    const port = await peerOllama(gpubox, ['qwen3:8b'])
    const {env, home} = world(statusJson([{name: 'gpubox', ip: gpubox, online: true}]))
    const configFile = path.join(home, '.openclaw', 'openclaw.json')
    mkdirSync(path.dirname(configFile), {recursive: true})
    writeFileSync(configFile, PLANTED_CONFIG)
    for (const extra of [['--dry-run'], ['--yes']]) {
      const result = await run(['tailscale', 'connect', 'gpubox', '--json', '--port', String(port), ...extra], env)
      expect(result.code, result.stderr).toBe(0)
      expect(JSON.parse(result.stdout).diff).toMatch(/ollama-gpubox/)
      expect(leaked(result.stdout + result.stderr)).toEqual([])
    }
    expect(leaked(readFileSync(configFile, 'utf8'))).toEqual(leaked(PLANTED_CONFIG))
  })

  it.each([
    [
      'an offline peer',
      [{name: 'gpubox', ip: gpubox, online: false}],
      'gpubox',
      1,
      /gpubox is offline on the tailnet[\s\S]*tailscale ping gpubox/,
    ],
    [
      'a peer whose runtime listens on loopback only',
      [{name: 'laptop', ip: laptop, online: true}],
      'laptop',
      1,
      /reachable, but no model runtime answers[\s\S]*localclaw tailscale expose/,
    ],
    [
      'a name that is not on the tailnet',
      [{name: 'gpubox', ip: gpubox, online: true}],
      'nosuchbox',
      2,
      /No machine called "nosuchbox"[\s\S]*Peers: gpubox/,
    ],
  ])('%s: says whether it is Tailscale or the runtime', async (_name, peers, query, code, expected) => {
    const {env} = world(statusJson(peers))
    // A port nothing listens on, on the peer's stand-in address: what a runtime bound to the peer's loopback looks like from here.
    const result = await run(['tailscale', 'connect', query, '--yes', '--port', String(await closedPort())], env)
    expect(result.code).toBe(code)
    expect(result.stderr).toMatch(expected)
  })

  it('several models and no terminal: names the flag and the choices', async () => {
    const port = await peerOllama(gpubox, ['qwen3:8b', 'gemma3:4b'])
    const {env} = world(statusJson([{name: 'gpubox', ip: gpubox, online: true}]))
    const result = await run(['tailscale', 'connect', 'gpubox', '--yes', '--port', String(port)], env)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/gpubox has 2 models[\s\S]*--model qwen3:8b[\s\S]*--model gemma3:4b/)
  })
})

describe('localclaw tailscale expose and unexpose', () => {
  const self = `127.0.0.${base + 2}`

  /** A fake tailscale that answers status from the recording and logs every serve command it is given. */
  function exposeWorld(serveStatus = '{}') {
    const dir = tempDir()
    writeFileSync(path.join(dir, 'status.json'), statusJson([], 'Running', self))
    writeFileSync(path.join(dir, 'serve.json'), serveStatus)
    const bin = fakeBin({
      tailscale: `if [ "$1" = status ]; then cat '${dir}/status.json'; exit 0; fi
if [ "$1 $2" = "serve status" ]; then cat '${dir}/serve.json'; exit 0; fi
echo "$@" >> '${dir}/serve.log'
case "$*" in
  "serve --bg --tcp "*) printf '{"TCP":{"%s":{"TCPForward":"localhost:%s"}}}' "$4" "$4" > '${dir}/serve.json' ;;
  "serve --tcp="*" off") echo '{}' > '${dir}/serve.json' ;;
esac`,
      ollama: 'echo "ollama version is 0.6.2"',
    })
    // Ollama at its default address here, as on a machine that never set OLLAMA_HOST: the plans name 11434.
    return {log: path.join(dir, 'serve.log'), env: {HOME: tempDir(), PATH: bin, CI: '1', OLLAMA_HOST: ''}}
  }

  it('--dry-run shows the plan and runs nothing', async () => {
    const {env, log} = exposeWorld()
    const result = await run(['tailscale', 'expose', '--dry-run', '--json'], env)
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      action: 'planned',
      method: 'serve',
      url: `http://${self}:11434`,
      commands: [expect.stringMatching(/tailscale serve --bg --tcp 11434 tcp:\/\/localhost:11434$/)],
    })
    expect(() => readFileSync(log)).toThrow()
  })

  it('without --yes and without a terminal: refuses, runs nothing', async () => {
    const {env, log} = exposeWorld()
    const result = await run(['tailscale', 'expose'], env)
    expect(result.code).toBe(2)
    expect(result.stdout).toMatch(/^Method: serve, reachable at http:\/\/127\.0\.0\.\d+:11434\nCommands:/)
    expect(result.stderr).toMatch(/Pass --yes/)
    expect(() => readFileSync(log)).toThrow()
  })

  it('--yes forwards the port Ollama uses here and verifies Ollama answers at the tailnet address', async () => {
    const {env, log} = exposeWorld()
    // What the forward makes reachable: Ollama at this node's tailnet address, on the port OLLAMA_HOST gives it here.
    const port = await peerOllama(self, [])
    const result = await run(['tailscale', 'expose', '--yes'], {...env, OLLAMA_HOST: `127.0.0.1:${port}`})
    expect(result.code).toBe(0)
    expect(readFileSync(log, 'utf8')).toBe(`serve --bg --tcp ${port} tcp://localhost:${port}\n`)
    expect(result.stdout).toMatch(
      new RegExp(
        `✔ http://${self.replace(/\./g, '\\.')}:${port} answers from the tailnet\. On the machine running OpenClaw: localclaw tailscale connect authentic-associate`,
      ),
    )
  })

  it('never 0.0.0.0 without --allow-lan', async () => {
    const {env} = exposeWorld()
    const result = await run(['tailscale', 'expose', '--method', 'lan', '--yes'], env)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/0\.0\.0\.0[\s\S]*Pass --allow-lan/)
  })

  it('unexpose turns off the forward expose added, and only that', async () => {
    const {env, log} = exposeWorld()
    const port = await peerOllama(self, [])
    const moved = {...env, OLLAMA_HOST: `127.0.0.1:${port}`}
    expect((await run(['tailscale', 'expose', '--yes'], moved)).code).toBe(0)
    const result = await run(['tailscale', 'unexpose', '--yes'], moved)
    expect(result.code, result.stderr).toBe(0)
    expect(readFileSync(log, 'utf8')).toBe(`serve --bg --tcp ${port} tcp://localhost:${port}\nserve --tcp=${port} off\n`)
    const nothing = await run(['tailscale', 'unexpose', '--yes'], moved)
    expect(nothing.stdout).toMatch(/Nothing to undo/)
  })

  it('a forward the user made is left alone, and unexpose says how to remove it', async () => {
    const {env, log} = exposeWorld('{"TCP":{"11434":{"TCPForward":"localhost:11434"}}}')
    const result = await run(['tailscale', 'unexpose', '--yes'], env)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /tailscale serve forwards port 11434, and localclaw did not set that up, so it is left alone; to remove it: .*tailscale serve --tcp=11434 off/,
    )
    expect(() => readFileSync(log)).toThrow()
  })
})
