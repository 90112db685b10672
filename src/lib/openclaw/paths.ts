import {existsSync} from 'node:fs'
import path from 'node:path'

/**
 * Where OpenClaw reads its config, in its own order (openclaw.md section 1, src/config/paths.ts of
 * 2026.9.6): OPENCLAW_CONFIG_PATH; $OPENCLAW_STATE_DIR/openclaw.json or clawdbot.json; then under
 * OPENCLAW_HOME or HOME: ~/.openclaw(-<profile>)/openclaw.json, clawdbot.json, and the legacy
 * ~/.clawdbot. The first that exists wins; with none, the canonical path.
 */
export interface ConfigLocation {
  path: string
  /** Why this file: the rule that chose it. */
  reason: string
  exists: boolean
}

export interface LocateOptions {
  env: NodeJS.ProcessEnv
  homedir: string
  /** --config: wins over everything. */
  explicit?: string
  /** --profile: ~/.openclaw-<profile>. */
  profile?: string
  exists?: (file: string) => boolean
}

function expandHome(file: string, home: string): string {
  return file === '~' || file.startsWith('~/') ? path.join(home, file.slice(1)) : file
}

export function locateConfig(options: LocateOptions): ConfigLocation {
  const exists = options.exists ?? existsSync
  const home = options.env.OPENCLAW_HOME ? expandHome(options.env.OPENCLAW_HOME, options.homedir) : options.homedir
  const found = (file: string, reason: string): ConfigLocation => ({path: file, reason, exists: exists(file)})
  if (options.explicit) return found(path.resolve(expandHome(options.explicit, home)), '--config')
  if (options.env.OPENCLAW_CONFIG_PATH)
    return found(path.resolve(expandHome(options.env.OPENCLAW_CONFIG_PATH, home)), 'OPENCLAW_CONFIG_PATH')
  const profile = options.profile ?? options.env.OPENCLAW_PROFILE
  if (options.env.OPENCLAW_STATE_DIR) {
    const dir = path.resolve(expandHome(options.env.OPENCLAW_STATE_DIR, home))
    const legacy = path.join(dir, 'clawdbot.json')
    if (!exists(path.join(dir, 'openclaw.json')) && exists(legacy)) return found(legacy, 'OPENCLAW_STATE_DIR (legacy clawdbot.json)')
    return found(path.join(dir, 'openclaw.json'), 'OPENCLAW_STATE_DIR')
  }
  const stateDir = path.join(home, profile ? `.openclaw-${profile}` : '.openclaw')
  const why = profile ? `profile ${profile}` : options.env.OPENCLAW_HOME ? 'OPENCLAW_HOME' : 'default location'
  const candidates: Array<[string, string]> = [
    [path.join(stateDir, 'openclaw.json'), why],
    [path.join(stateDir, 'clawdbot.json'), `${why} (legacy clawdbot.json)`],
  ]
  if (!profile) {
    candidates.push(
      [path.join(home, '.clawdbot', 'openclaw.json'), 'legacy ~/.clawdbot directory'],
      [path.join(home, '.clawdbot', 'clawdbot.json'), 'legacy ~/.clawdbot directory'],
    )
  }
  const existing = candidates.find(([file]) => exists(file))
  return existing ? found(...existing) : {path: candidates[0]![0], reason: `${why} (new file)`, exists: false}
}
