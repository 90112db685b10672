import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {realSystem, type System} from '../../../src/lib/system.js'
import {OLLAMA_DROP_IN} from '../../../src/lib/runtimes/ollama-listen.js'
import {expose, unexpose, type ExposeRequest} from '../../../src/lib/tailscale/expose-service.js'
import {fixture} from '../../helpers/fixtures.js'
import {fakeBin, tempDir} from '../../helpers/system.js'

/** This node's tailnet address, standing in on loopback so nothing here ever leaves the machine. */
const TAILNET_IP = '127.0.0.201'

/**
 * A stand-in systemd for ollama.service under a test root: `restart ollama` applies the unit file
 * and then its drop-ins in file-name order, as systemd.unit(5) says, the last OLLAMA_HOST winning,
 * and writes the LISTEN socket that leaves in the root's /proc/net/tcp (the kernel's format).
 */
const STANDIN_SYSTEMCTL = `
const {readFileSync, readdirSync, writeFileSync, mkdirSync} = await import('node:fs')
const [command, unit] = process.argv.slice(2)
const root = process.env.STANDIN_ROOT
if (command === 'restart' && unit === 'ollama') {
  if (process.env.STANDIN_HANG) await new Promise((resolve) => setTimeout(resolve, 60000))
  const dir = root + '/etc/systemd/system'
  let dropIns = []
  try { dropIns = readdirSync(dir + '/ollama.service.d').filter((name) => name.endsWith('.conf')).sort().map((name) => dir + '/ollama.service.d/' + name) } catch {}
  let host = '127.0.0.1:11434'
  for (const file of [dir + '/ollama.service', ...dropIns]) {
    for (const line of readFileSync(file, 'utf8').split('\\n')) {
      const match = /^\\s*Environment=.*OLLAMA_HOST=([^"\\s]+)/.exec(line)
      if (match) host = match[1]
    }
  }
  const [ip, port] = host.split(':')
  const hex = ip.split('.').reverse().map((byte) => Number(byte).toString(16).padStart(2, '0')).join('').toUpperCase() + ':' + Number(port).toString(16).toUpperCase().padStart(4, '0')
  mkdirSync(root + '/proc/net', {recursive: true})
  writeFileSync(root + '/proc/net/tcp', '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\\n   0: ' + hex + ' 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 4242 1 0 100 0 0 10 0\\n')
}
`

/** A systemd Linux host under a temp root: the official ollama.service, tailscale up with TUN, Ollama on loopback. */
function host(options: {override?: string; hang?: boolean} = {}) {
  const root = tempDir()
  const home = tempDir()
  mkdirSync(path.join(root, 'run/systemd/system'), {recursive: true})
  const unitDir = path.join(root, 'etc/systemd/system')
  mkdirSync(path.join(unitDir, 'ollama.service.d'), {recursive: true})
  writeFileSync(
    path.join(unitDir, 'ollama.service'),
    '[Unit]\nDescription=Ollama Service\n\n[Service]\nExecStart=/usr/local/bin/ollama serve\nUser=ollama\nRestart=always\nRestartSec=3\nEnvironment="PATH=/usr/local/bin:/usr/bin:/bin"\n\n[Install]\nWantedBy=default.target\n',
  )
  if (options.override) writeFileSync(path.join(unitDir, 'ollama.service.d/override.conf'), options.override)
  mkdirSync(path.join(root, 'proc/net'), {recursive: true})
  writeFileSync(path.join(root, 'proc/net/tcp'), '  sl  local_address rem_address   st\n   0: 0100007F:2CAA 00000000:0000 0A 0\n')
  const status = JSON.parse(fixture('tailscale/status-running.COMPOSED.json'))
  status.Self.TailscaleIPs = status.TailscaleIPs = [TAILNET_IP]
  status.Peer = {}
  const statusFile = path.join(root, 'status.json')
  writeFileSync(statusFile, JSON.stringify(status))
  const script = path.join(root, 'systemctl.mjs')
  writeFileSync(script, STANDIN_SYSTEMCTL)
  const bin = fakeBin({
    tailscale: `if [ "$1" = status ]; then cat '${statusFile}'; exit 0; fi\nif [ "$1 $2" = "serve status" ]; then echo '{}'; exit 0; fi`,
    ollama: 'echo "ollama version is 0.6.2"',
    systemctl: `exec '${process.execPath}' '${script}' "$@"`,
  })
  const system: System = {
    ...realSystem(), platform: 'linux', root, homedir: home, uid: 0,
    env: {PATH: `${bin}:/usr/bin:/bin`, HOME: home, STANDIN_ROOT: root, ...(options.hang ? {STANDIN_HANG: '1'} : {})},
  }
  const request: ExposeRequest = {
    runtime: 'ollama',
    allowLan: false,
    dryRun: false,
    yes: true,
    canPrompt: false,
    confirm: async () => false,
    system,
    waitMs: 1500,
  }
  return {root, system, request, dropIn: path.join(root, OLLAMA_DROP_IN), override: path.join(unitDir, 'ollama.service.d/override.conf')}
}

describe('expose and unexpose against a stand-in systemd that applies drop-ins in their real order', () => {
  it('bind: the drop-in, a restart, and "done" only once the socket table shows the tailnet address alone', async () => {
    const {request, dropIn, root} = host()
    const result = await expose(request)
    expect(result).toMatchObject({action: 'done', method: 'bind', url: `http://${TAILNET_IP}:11434`})
    expect(readFileSync(dropIn, 'utf8')).toContain(`Environment="OLLAMA_HOST=${TAILNET_IP}:11434"`)
    expect(readFileSync(path.join(root, 'proc/net/tcp'), 'utf8')).toContain('C900007F:2CAA')
    // Then unexpose: the drop-in goes, and the socket table says loopback again.
    expect(await unexpose(request)).toMatchObject({action: 'done'})
    expect(existsSync(dropIn)).toBe(false)
  })

  it('a user\'s override.conf that sets OLLAMA_HOST sorts after localclaw\'s drop-in and would win: refused up front, named, nothing changed', async () => {
    const {request, dropIn} = host({
      override: '### Editing /etc/systemd/system/ollama.service.d/override.conf\n[Service]\nEnvironment="OLLAMA_HOST=0.0.0.0:11434"\n',
    })
    await expect(expose(request)).rejects.toThrow(
      /ollama\.service\.d\/override\.conf sets OLLAMA_HOST=0\.0\.0\.0:11434, and systemd applies it after localclaw's drop-in, so Ollama would keep listening there\. Nothing was changed/,
    )
    expect(existsSync(dropIn)).toBe(false)
  })

  it('unexpose does not say "back on loopback" while an override keeps Ollama on every network: it names the file', async () => {
    const {request, override} = host()
    await expose(request)
    writeFileSync(override, '[Service]\nEnvironment="OLLAMA_HOST=0.0.0.0:11434"\n')
    await expect(unexpose(request)).rejects.toThrow(
      /Ollama listens on 0\.0\.0\.0:11434 \(every network\), not on loopback only: .*ollama\.service\.d\/override\.conf sets OLLAMA_HOST=0\.0\.0\.0:11434, and systemd applies it last/,
    )
  })

  it('a port the service\'s own OLLAMA_HOST moved is the port exposed, the drop-in keeping it', async () => {
    const {request, dropIn} = host({override: '[Service]\nEnvironment="OLLAMA_HOST=127.0.0.1:11435"\n'})
    // Sorting after localclaw's drop-in, the override would win: moved into a name that sorts before it.
    const {renameSync} = await import('node:fs')
    renameSync(path.join(path.dirname(dropIn), 'override.conf'), path.join(path.dirname(dropIn), 'aaa-port.conf'))
    expect(await expose(request)).toMatchObject({action: 'done', url: `http://${TAILNET_IP}:11435`})
    expect(readFileSync(dropIn, 'utf8')).toContain(`OLLAMA_HOST=${TAILNET_IP}:11435`)
  })

  it('without --yes: no terminal refuses (exit 2, naming --yes); a "no" at the question changes nothing', async () => {
    const {request, dropIn} = host()
    await expect(expose({...request, yes: false})).rejects.toMatchObject({
      code: 'missing_input',
      exit: 2,
      message: 'This changes how a runtime listens, and there is no terminal to ask in.',
      suggestions: [expect.stringContaining('--yes')],
    })
    const asked: string[] = []
    const declined = await expose({...request, yes: false, canPrompt: true, confirm: async (message) => (asked.push(message), false)})
    expect(asked).toEqual([expect.stringMatching(/^Run (this command|these \d+ commands)\?$/)])
    expect(declined.action).not.toBe('done')
    expect(existsSync(dropIn)).toBe(false)
  })

  it('a hanging systemctl restart is stopped after the step\'s time box, and said so', async () => {
    const {request} = host({hang: true})
    await expect(expose({...request, stepTimeoutMs: 500})).rejects.toThrow(
      /"restart Ollama" did not finish within 0\.5 s, so it was stopped: systemctl restart ollama/,
    )
  })
})
