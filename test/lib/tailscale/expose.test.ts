import {describe, expect, it} from 'vitest'

import {stepCommand} from '../../../src/lib/runtimes/install.js'
import {runtimeById} from '../../../src/lib/runtimes/registry.js'
import type {InstallContext} from '../../../src/lib/runtimes/runtime.js'
import {defaultMethod, exposePlan, isForwarded, OLLAMA_DROP_IN, unexposePlan} from '../../../src/lib/tailscale/expose.js'

const context = (overrides: Partial<InstallContext> = {}): InstallContext => ({
  platform: 'linux', arch: 'x64', wsl: null, backends: [], homedir: '/home/u', has: () => true, root: false, systemd: true, ...overrides,
})
const facts = {tailnetIp: '100.99.99.99', tun: true, tailscale: 'tailscale', port: 11434}
const ollama = runtimeById('ollama')!
const commands = (plan: ReturnType<typeof exposePlan>, ctx: InstallContext) => (plan.supported ? plan.steps.map((step) => stepCommand(step, ctx).join(' ')) : [])

describe('tailscale expose plans', () => {
  it('Ollama on systemd Linux: a drop-in binding the tailnet address only, ordered after tailscaled, then a restart', () => {
    const ctx = context()
    const plan = exposePlan(ollama, defaultMethod(ollama, ctx), ctx, facts)
    expect(plan).toMatchObject({supported: true, method: 'bind', url: 'http://100.99.99.99:11434'})
    const [write, reload, restart] = commands(plan, ctx)
    expect(write).toMatch(new RegExp(`^sudo sh -c mkdir -p /etc/systemd/system/ollama\\.service\\.d && printf .* > ${OLLAMA_DROP_IN}$`))
    expect(write).toContain(`'Environment="OLLAMA_HOST=100.99.99.99:11434"'`)
    expect(write).toContain("'After=tailscaled.service'")
    expect([reload, restart]).toEqual(['sudo systemctl daemon-reload', 'sudo systemctl restart ollama'])
    // Never the whole network by default, and never a --port flag Ollama does not have.
    expect(commands(plan, ctx).join('\n')).not.toMatch(/0\.0\.0\.0|--port/)
    expect(plan.supported && plan.warnings.join(' ')).toMatch(/no longer answers on 127\.0\.0\.1/)
  })

  it('macOS sets OLLAMA_HOST with launchctl and reopens the app; Windows uses the user environment', () => {
    const mac = context({platform: 'darwin', systemd: false})
    expect(commands(exposePlan(ollama, 'bind', mac, facts), mac)).toEqual(['launchctl setenv OLLAMA_HOST 100.99.99.99:11434', 'osascript -e quit app "Ollama"', 'open -a Ollama'])
    const windows = context({platform: 'win32', systemd: false, root: true})
    expect(commands(exposePlan(ollama, 'bind', windows, facts), windows)).toEqual(['setx OLLAMA_HOST 100.99.99.99:11434'])
  })

  it('serve: a tailnet-only TCP forward, with Ollama\'s Host-check caveats', () => {
    const ctx = context({systemd: false})
    expect(defaultMethod(ollama, ctx)).toBe('serve')
    const plan = exposePlan(ollama, 'serve', ctx, {...facts, tun: false})
    expect(commands(plan, ctx)).toEqual(['tailscale serve --bg --tcp 11434 tcp://localhost:11434'])
    expect(plan.supported && plan.warnings.join('\n')).toMatch(/userspace-networking mode[\s\S]*403[\s\S]*not the \*\.ts\.net name/)
    expect(defaultMethod(runtimeById('lmstudio')!, context())).toBe('serve')
  })

  it('a runtime moved off its default port is exposed, and undone, on the port it really uses', () => {
    const ctx = context({systemd: false})
    const moved = {...facts, port: 11435}
    expect(exposePlan(ollama, 'serve', ctx, moved)).toMatchObject({url: 'http://100.99.99.99:11435'})
    expect(commands(exposePlan(ollama, 'serve', ctx, moved), ctx)).toEqual(['tailscale serve --bg --tcp 11435 tcp://localhost:11435'])
    expect(commands(exposePlan(ollama, 'bind', context({platform: 'darwin', systemd: false}), moved), ctx)[0]).toBe('launchctl setenv OLLAMA_HOST 100.99.99.99:11435')
    expect(unexposePlan(ollama, ctx, {tailscale: 'tailscale', forwarded: true, dropIn: false, port: 11435}).steps.map((step) => stepCommand(step, ctx).join(' '))).toEqual(['tailscale serve --tcp=11435 off'])
  })

  it('lan binds 0.0.0.0 with a warning and a firewall hint; LM Studio cannot bind one address', () => {
    const ctx = context()
    const plan = exposePlan(ollama, 'lan', ctx, facts)
    expect(commands(plan, ctx)[0]).toContain('OLLAMA_HOST=0.0.0.0:11434')
    expect(plan.supported && plan.warnings.join('\n')).toMatch(/every network[\s\S]*ufw allow in on tailscale0/)
    expect(exposePlan(runtimeById('lmstudio')!, 'bind', ctx, facts)).toMatchObject({supported: false, suggestions: [expect.stringContaining('--method serve')]})
    expect(exposePlan(runtimeById('vllm')!, 'bind', ctx, {...facts, port: 8000})).toMatchObject({supported: true, steps: [], manual: [expect.stringContaining('--host 100.99.99.99 --port 8000')]})
  })

  it('unexpose undoes only what is there', () => {
    const ctx = context()
    expect(unexposePlan(ollama, ctx, {tailscale: 'tailscale', forwarded: true, dropIn: true, port: 11434}).steps.map((step) => stepCommand(step, ctx).join(' '))).toEqual([
      'tailscale serve --tcp=11434 off', `sudo rm -f ${OLLAMA_DROP_IN}`, 'sudo systemctl daemon-reload', 'sudo systemctl restart ollama',
    ])
    expect(unexposePlan(ollama, ctx, {tailscale: 'tailscale', forwarded: false, dropIn: false, port: 11434}).steps).toEqual([])
    expect(isForwarded('{"TCP":{"11434":{"TCPForward":"localhost:11434"}}}', 11434)).toBe(true)
    expect(isForwarded('{"TCP":{"22":{"TCPForward":"localhost:22"}}}', 11434)).toBe(false)
    expect(isForwarded('{}', 11434)).toBe(false)
    expect(isForwarded('not json', 11434)).toBe(false)
  })
})
