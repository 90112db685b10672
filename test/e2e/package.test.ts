import {spawnSync} from 'node:child_process'
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const scratch = mkdtempSync(path.join(os.tmpdir(), 'localclaw-package-'))
const prefix = path.join(scratch, 'prefix')
const bin = path.join(prefix, 'node_modules', '.bin', 'localclaw')
let packed: {filename: string; files: Array<{path: string}>}

interface LockEntry {
  dev?: boolean
  link?: boolean
  bin?: Record<string, string>
}

/**
 * Seeds the prefix as if npm had installed the lockfile's production tree there: each package the
 * lockfile does not mark dev, copied from this checkout's node_modules with its bin links, and the
 * prefix's own lockfile naming the tarball beside them. npm then installs the tarball offline and
 * needs nothing from its cache (which `npm ci` fills with tarballs only, not the registry metadata a
 * bare `npm install <tarball>` asks for). A dependency the tarball declares but the lockfile's
 * production tree lacks is not there, so npm would have to fetch it, and the offline install fails.
 */
function seedPrefix(tarball: string): void {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
  const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {packages: Record<string, LockEntry>}
  const spec = `file:${path.relative(prefix, tarball)}`
  const packages: Record<string, unknown> = {
    '': {name: 'prefix', dependencies: {localclaw: spec}},
    'node_modules/localclaw': {
      version: manifest.version,
      resolved: spec,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  }
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key === '' || entry.dev || entry.link) continue
    packages[key] = entry
    cpSync(path.join(root, key), path.join(prefix, key), {recursive: true, verbatimSymlinks: true})
    // npm counts a package whose bin links are missing as changed, and would fetch it again.
    for (const name of Object.keys(entry.bin ?? {})) {
      const link = path.join(path.dirname(key), '.bin', name)
      mkdirSync(path.join(prefix, path.dirname(link)), {recursive: true})
      cpSync(path.join(root, link), path.join(prefix, link), {verbatimSymlinks: true})
    }
  }
  writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({name: 'prefix', private: true, dependencies: {localclaw: spec}}))
  writeFileSync(path.join(prefix, 'package-lock.json'), JSON.stringify({name: 'prefix', lockfileVersion: 3, requires: true, packages}))
}

/**
 * The newcomer's path: the tarball npm would publish, installed into a fresh prefix by npm itself,
 * offline and with an empty cache, so the outcome never depends on what an earlier run left behind.
 */
beforeAll(() => {
  const pack = spawnSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], {cwd: root, encoding: 'utf8'})
  expect(pack.status, pack.stderr).toBe(0)
  packed = JSON.parse(pack.stdout)[0]
  const tarball = path.join(scratch, packed.filename)
  mkdirSync(prefix)
  seedPrefix(tarball)
  const cache = path.join(scratch, 'empty-npm-cache')
  const install = spawnSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: prefix,
    encoding: 'utf8',
    env: {...process.env, npm_config_cache: cache},
  })
  expect(install.status, install.stderr).toBe(0)
}, 180_000)
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {encoding: 'utf8', env: {HOME: scratch, PATH: '', CI: '1'}, timeout: 30_000})

describe('the published package', () => {
  it('ships what runs and nothing else', () => {
    const files = packed.files.map((file) => file.path)
    expect(files).toContain('bin/run.js')
    expect(files).toContain('oclif.manifest.json')
    // The bundle (scripts/bundle.js), not tsc's module-per-file output beside it.
    expect(files.some((file) => file.startsWith('dist/cli/commands/'))).toBe(true)
    expect(
      files.filter((file) => !/^(bin\/run\.js|oclif\.manifest\.json|package\.json|README\.md|LICENSE)$|^dist\/cli\//.test(file)),
    ).toEqual([])
    expect(files.some((file) => file.endsWith('.map') || file.endsWith('.ts') && !file.endsWith('.d.ts'))).toBe(false)
    // Development tools stay out of what users install: the README generator lives in scripts/.
    expect(files.filter((file) => /readme/i.test(file) && file !== 'README.md')).toEqual([])
  })

  it('is built by npm pack itself (prepack), so a publish never ships a stale dist', () => {
    const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>
    expect(scripts.prepack).toMatch(/^npm run build\b/)
    expect(scripts.build).toMatch(/rm -rf dist && tsc .* && node scripts\/bundle\.js/)
  })

  it('installed as npx would: --version, detect --json, and a bare run without a terminal', () => {
    expect(run(['--version']).stdout).toMatch(/^localclaw\/\d+\.\d+\.\d+ /)
    const detect = run(['detect', '--json'])
    expect(detect.status).toBe(0)
    expect(JSON.parse(detect.stdout)).toMatchObject({schemaVersion: 1, cpu: {logicalCores: expect.any(Number)}})
    const bare = run([])
    expect(bare.status).toBe(0)
    expect(bare.stdout).toMatch(/^Setup:$/m)
    expect(bare.stdout).toMatch(/Nothing was changed/)
  })
})
