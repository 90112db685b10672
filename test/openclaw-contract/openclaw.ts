import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * The real consumer of what localclaw writes: openclaw@2026.9.6 from the npm registry, with a Node
 * it accepts (>= 24.16), installed once into a cache folder kept between runs.
 */
export const OPENCLAW_VERSION = '2026.9.6'
const cache = process.env.LOCALCLAW_CONTRACT_CACHE ?? path.join(os.homedir(), '.cache', 'localclaw-contract')
const openclawDir = path.join(cache, `openclaw-${OPENCLAW_VERSION}`)
const openclawBin = path.join(openclawDir, 'node_modules', 'openclaw', 'openclaw.mjs')

function install(prefix: string, spec: string): void {
  if (
    spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', prefix, spec], {stdio: 'inherit'})
      .status !== 0
  ) {
    throw new Error(`npm install ${spec} failed`)
  }
}

/** OpenClaw needs Node >= 24.16: this Node if it is one, else node@24 from the registry. */
function nodeForOpenclaw(): string {
  const [major, minor] = process.versions.node.split('.').map(Number)
  if (major === 24 && minor! >= 16) return process.execPath
  const dir = path.join(cache, 'node24')
  const bin = path.join(dir, 'node_modules', '.bin', 'node')
  if (!existsSync(bin)) install(dir, 'node@24')
  return bin
}

let node: string | null = null

/** Installs OpenClaw (and its Node) when the cache lacks them; call from beforeAll. */
export function prepareOpenclaw(): void {
  mkdirSync(cache, {recursive: true})
  if (!existsSync(openclawBin)) install(openclawDir, `openclaw@${OPENCLAW_VERSION}`)
  node = nodeForOpenclaw()
}

/**
 * Runs the openclaw CLI against one config file, with its own state folder, so runs never share
 * anything. OPENCLAW_STATE_DIR alone would also move the config, so the file is named explicitly.
 */
export function runOpenclaw(args: string[], options: {configFile: string; home: string; env?: Record<string, string>}):
  Promise<{code: number | null; stdout: string; stderr: string}> {
  if (!node) throw new Error('prepareOpenclaw() first')
  return new Promise((resolve) => {
    const child = spawn(node!, [openclawBin, ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: options.home,
        OPENCLAW_STATE_DIR: path.join(options.home, 'state'),
        OPENCLAW_CONFIG_PATH: options.configFile,
        OPENCLAW_LOG_LEVEL: 'silent',
        ...options.env,
      },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({code, stdout, stderr}))
  })
}
