import {describe, expect, it} from 'vitest'

import {locateConfig} from '../../../src/lib/openclaw/paths.js'

const locate = (env: NodeJS.ProcessEnv, existing: string[] = [], extra: {explicit?: string; profile?: string} = {}) =>
  locateConfig({env, homedir: '/home/u', exists: (file) => existing.includes(file), ...extra})

describe('where OpenClaw reads its config', () => {
  it.each([
    ['--config wins over everything', {OPENCLAW_CONFIG_PATH: '/x/a.json'}, [], {explicit: '/y/b.json'}, '/y/b.json', '--config'],
    [
      'OPENCLAW_CONFIG_PATH',
      {OPENCLAW_CONFIG_PATH: '~/cfg.json5', OPENCLAW_STATE_DIR: '/s'},
      [],
      {},
      '/home/u/cfg.json5',
      'OPENCLAW_CONFIG_PATH',
    ],
    ['OPENCLAW_STATE_DIR', {OPENCLAW_STATE_DIR: '/s'}, [], {}, '/s/openclaw.json', 'OPENCLAW_STATE_DIR'],
    [
      'legacy clawdbot.json in the state dir',
      {OPENCLAW_STATE_DIR: '/s'},
      ['/s/clawdbot.json'],
      {},
      '/s/clawdbot.json',
      'OPENCLAW_STATE_DIR (legacy clawdbot.json)',
    ],
    ['OPENCLAW_HOME replaces HOME', {OPENCLAW_HOME: '/oc'}, [], {}, '/oc/.openclaw/openclaw.json', 'OPENCLAW_HOME (new file)'],
    ['--profile', {}, [], {profile: 'work'}, '/home/u/.openclaw-work/openclaw.json', 'profile work (new file)'],
    ['the default, existing', {}, ['/home/u/.openclaw/openclaw.json'], {}, '/home/u/.openclaw/openclaw.json', 'default location'],
    [
      'the legacy ~/.clawdbot when nothing newer exists',
      {},
      ['/home/u/.clawdbot/clawdbot.json'],
      {},
      '/home/u/.clawdbot/clawdbot.json',
      'legacy ~/.clawdbot directory',
    ],
    ['the canonical path for a new file', {}, [], {}, '/home/u/.openclaw/openclaw.json', 'default location (new file)'],
  ])('%s', (_, env, existing, extra, path, reason) => {
    expect(locate(env, existing, extra)).toMatchObject({path, reason})
  })

  it('prefers ~/.openclaw over the legacy directory when both exist', () => {
    expect(locate({}, ['/home/u/.openclaw/openclaw.json', '/home/u/.clawdbot/clawdbot.json']).path).toBe('/home/u/.openclaw/openclaw.json')
  })
})
