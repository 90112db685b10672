import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
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

/**
 * The newcomer's path: the tarball npm would publish, installed into an empty prefix the way npx
 * installs it. Dependencies come from npm's cache (filled by `npm ci`), so the test stays offline.
 */
beforeAll(() => {
  const pack = spawnSync(npm, ['pack', '--json', '--pack-destination', scratch], {cwd: root, encoding: 'utf8'})
  expect(pack.status, pack.stderr).toBe(0)
  packed = JSON.parse(pack.stdout)[0]
  const install = spawnSync(npm, ['install', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--loglevel=error', path.join(scratch, packed.filename)], {encoding: 'utf8'})
  expect(install.status, install.stderr).toBe(0)
}, 180_000)
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], {encoding: 'utf8', env: {HOME: scratch, PATH: '', CI: '1'}, timeout: 30_000})

describe('the published package', () => {
  it('ships what runs and nothing else', () => {
    const files = packed.files.map((file) => file.path)
    expect(files).toContain('bin/run.js')
    expect(files).toContain('oclif.manifest.json')
    expect(files.some((file) => file.startsWith('dist/commands/'))).toBe(true)
    expect(files.filter((file) => !/^(bin\/run\.js|oclif\.manifest\.json|package\.json|README\.md|LICENSE)$|^dist\//.test(file))).toEqual([])
    expect(files.some((file) => file.endsWith('.map') || file.endsWith('.ts') && !file.endsWith('.d.ts'))).toBe(false)
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
