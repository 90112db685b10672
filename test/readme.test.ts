import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {PROBLEMS} from '../src/lib/doctor/problems.js'
import {commandReference, readmeSections, troubleshootingTable, type Manifest} from '../scripts/readme-sections.js'

// Written by `npm run build` (npm test builds first).
const manifest = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8')) as Manifest
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('README generated sections', () => {
  it('are current: run `npm run readme` after changing a command or a known problem', () => {
    expect(readmeSections(readme, manifest).changed).toBe(false)
  })

  it('the reference has every command with its usage, and global flags only once at the top', () => {
    const reference = commandReference(manifest)
    for (const id of Object.keys(manifest.commands)) expect(reference).toContain(`$ localclaw ${id.replace(/:/g, ' ')}`)
    expect(reference).toContain('-y, --yes')
    expect(reference.match(/--non-interactive/g)).toHaveLength(1)
  })

  it('the troubleshooting table has a row per known problem, with no template left in it', () => {
    const table = troubleshootingTable()
    expect(table.split('\n')).toHaveLength(PROBLEMS.length + 2)
    expect(table).not.toMatch(/\{\w+\}/)
  })
})
