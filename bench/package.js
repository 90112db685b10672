// Package size: the tarball npm would publish, and a fresh install of it (as `npx localclaw` does),
// beside llm-checker, the closest existing tool (122 MB installed, 157 packages: the figures in
// issue 8). Target: under 25 MB installed. Dependencies come from npm's cache when it has them.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const scratch = mkdtempSync(path.join(os.tmpdir(), 'localclaw-bench-package-'))

function sizeOf(dir) {
  let total = 0
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) total += sizeOf(file)
    else if (entry.isFile()) total += statSync(file).size
  }
  return total
}

/** Every installed package, nested ones included, as `npm ls --all` lists them (localclaw itself not counted). */
function packages(prefix) {
  const list = spawnSync('npm', ['ls', '--all', '--parseable', '--prefix', prefix], {encoding: 'utf8'})
  return new Set(list.stdout.split('\n').filter((line) => line.includes('node_modules'))).size - 1
}

try {
  const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', scratch], {cwd: root, encoding: 'utf8'})
  if (pack.status !== 0) throw new Error(pack.stderr)
  const [packed] = JSON.parse(pack.stdout)
  const prefix = path.join(scratch, 'prefix')
  const install = spawnSync(
    'npm',
    ['install', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', path.join(scratch, packed.filename)],
    {encoding: 'utf8'},
  )
  if (install.status !== 0) throw new Error(install.stderr)
  const modules = path.join(prefix, 'node_modules')
  const installed = sizeOf(modules)
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`
  console.log(`packed      ${mb(packed.size)} (${packed.files.length} files)`)
  console.log(`installed   ${mb(installed)}, ${packages(prefix)} packages   ${installed < 25e6 ? 'within' : 'OVER'} target 25 MB`)
  console.log('llm-checker 122 MB, 157 packages')
} finally {
  rmSync(scratch, {recursive: true, force: true})
}
