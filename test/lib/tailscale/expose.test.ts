import {describe, expect, it} from 'vitest'

import {stepCommand} from '../../../src/lib/runtimes/install.js'
import {runtimeById} from '../../../src/lib/runtimes/registry.js'
import type {InstallContext} from '../../../src/lib/runtimes/runtime.js'
import {OLLAMA_DROP_IN} from '../../../src/lib/runtimes/ollama-listen.js'
import {defaultMethod, exposePlan, isForwarded, unexposePlan} from '../../../src/lib/tailscale/expose.js'

const context = (overrides: Partial<InstallContext> = {}): InstallContext => ({
  platform: 'linux', arch: 'x64', wsl: null, backends: [], homedir: '/home/u', has: () => true, root: false, systemd: true, ...overrides,
})
const facts = {tailnetIp: '100.99.99.99', tun: true, tailscale: 'tailscale', port: 11434}
const ollama = runtimeById('ollama')!
const commands = (plan: ReturnType<typeof exposePlan>, ctx: InstallContext) =>
  plan.supported ? plan.steps.map((step) => stepCommand(step, ctx).join(' ')) : []

describe('tailscale expose plans', () => {
  it('Ollama on systemd Linux: a drop-in binding the tailnet address only, ordered after tailscaled, then a restart', () => {
    const ctx = context()
    const plan = exposePlan(ollama, defaultMethod(ollama, ctx), ctx, facts)
    expect(plan).toMatchObject({supported: true, method: 'bind', url: 'http://100.99.99.99:11434'})
    const [write, reload, restart] = commands(plan, ctx)
    expect(write).toMatch(new RegExp(`^sudo sh -c mkdir -p /etc/systemd/system/ollama\\.service\\.d && printf .* > ${OLLAMA_DROP_IN}$`))
    expect(write).toContain(`'Environment="OLLAMA_HOST=100.99.99.99:11434"'`)
    expect(write).toContain(' After=tailscaled.service ')
    expect([reload, restart]).toEqual(['sudo systemctl daemon-reload', 'sudo systemctl restart ollama'])
    // Never the whole network by default, and never a --port flag Ollama does not have.
    expect(commands(plan, ctx).join('\n')).not.toMatch(/0\.0\.0\.0|--port/)
    expect(plan.supported && plan.warnings.join(' ')).toMatch(/no longer answers on 127\.0\.0\.1/)
  })

  it('macOS sets OLLAMA_HOST with launchctl and reopens the app; Windows uses the user environment', () => {
    const mac = context({platform: 'darwin', systemd: false})
    expect(commands(exposePlan(ollama, 'bind', mac, facts), mac)).toEqual([
      'launchctl setenv OLLAMA_HOST 100.99.99.99:11434',
      'osascript -e quit app "Ollama"',
      'open -a Ollama',
    ])
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
    expect(commands(exposePlan(ollama, 'bind', context({platform: 'darwin', systemd: false}), moved), ctx)[0]).toBe(
      'launchctl setenv OLLAMA_HOST 100.99.99.99:11435',
    )
    expect(
      unexposePlan(ollama, ctx, {
        tailscale: 'tailscale',
        forwarded: true,
        dropIn: false,
        port: 11435,
        record: {forwardAdded: true, port: 11435},
      }).steps.map((step) => stepCommand(step, ctx).join(' ')),
    ).toEqual(['tailscale serve --tcp=11435 off'])
  })

  it('lan binds 0.0.0.0 with a warning and a firewall hint; LM Studio cannot bind one address', () => {
    const ctx = context()
    const plan = exposePlan(ollama, 'lan', ctx, facts)
    expect(commands(plan, ctx)[0]).toContain('OLLAMA_HOST=0.0.0.0:11434')
    expect(plan.supported && plan.warnings.join('\n')).toMatch(/every network[\s\S]*ufw allow in on tailscale0/)
    expect(exposePlan(runtimeById('lmstudio')!, 'bind', ctx, facts)).toMatchObject({
      supported: false,
      suggestions: [expect.stringContaining('--method serve')],
    })
    expect(exposePlan(runtimeById('vllm')!, 'bind', ctx, {...facts, port: 8000})).toMatchObject({
      supported: true,
      steps: [],
      manual: [expect.stringContaining('--host 100.99.99.99 --port 8000')],
    })
  })

  it('unexpose undoes only what expose recorded: its forward, its drop-in, OLLAMA_HOST as it was', () => {
    const ctx = context()
    const run = (plan: ReturnType<typeof unexposePlan>, on = ctx) => plan.steps.map((step) => stepCommand(step, on).join(' '))
    const base = {tailscale: 'tailscale', port: 11434, forwarded: true, dropIn: true}
    expect(run(unexposePlan(ollama, ctx, {...base, record: {forwardAdded: true, port: 11434}}))).toEqual([
      'tailscale serve --tcp=11434 off', `sudo rm -f ${OLLAMA_DROP_IN}`, 'sudo systemctl daemon-reload', 'sudo systemctl restart ollama',
    ])
    // A forward that was there before expose (or with no record at all) is the user's.
    for (const record of [{forwardAdded: false, port: 11434}, null]) {
      const plan = unexposePlan(ollama, ctx, {...base, dropIn: false, record})
      expect(plan.steps).toEqual([])
      expect(plan.manual.join()).toMatch(
        /forwards port 11434, and localclaw did not set that up, so it is left alone; to remove it: tailscale serve --tcp=11434 off/,
      )
    }
    expect(unexposePlan(ollama, ctx, {...base, forwarded: false, dropIn: false, record: null}).steps).toEqual([])
    const mac = context({platform: 'darwin', systemd: false})
    expect(
      run(
        unexposePlan(ollama, mac, {...base, forwarded: false, record: {forwardAdded: false, port: 11434, previousHost: '127.0.0.1:11500'}}),
        mac,
      )[0],
    ).toBe('launchctl setenv OLLAMA_HOST 127.0.0.1:11500')
    expect(
      run(unexposePlan(ollama, mac, {...base, forwarded: false, record: {forwardAdded: false, port: 11434, previousHost: null}}), mac)[0],
    ).toBe('launchctl unsetenv OLLAMA_HOST')
    expect(unexposePlan(ollama, mac, {...base, forwarded: false, record: null})).toEqual({
      steps: [],
      manual: [expect.stringMatching(/no record of setting OLLAMA_HOST/)],
    })
    expect(isForwarded('{"TCP":{"11434":{"TCPForward":"localhost:11434"}}}', 11434)).toBe(true)
    expect(isForwarded('{"TCP":{"22":{"TCPForward":"localhost:22"}}}', 11434)).toBe(false)
    expect(isForwarded('{}', 11434)).toBe(false)
    expect(isForwarded('not json', 11434)).toBe(false)
  })

  it('userspace networking (TUN: false): the forward by default, and bind refused, since it would take Ollama down', () => {
    const ctx = context()
    expect(defaultMethod(ollama, ctx, false)).toBe('serve')
    expect(defaultMethod(ollama, ctx, true)).toBe('bind')
    expect(exposePlan(ollama, 'bind', ctx, {...facts, tun: false})).toMatchObject({
      supported: false,
      reason: expect.stringMatching(/userspace-networking mode \(TUN: false\).*Cannot assign requested address/),
      suggestions: expect.arrayContaining([expect.stringContaining('--method serve')]),
    })
  })
})
