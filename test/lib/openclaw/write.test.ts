import {spawn, spawnSync} from 'node:child_process'
import {
  chmodSync,
  chownSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {hostname} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {writeConfig, writeNotes, type WriteStep} from '../../../src/lib/openclaw/write.js'
import {killAfterTest, tempDir} from '../../helpers/system.js'

const RING = ['', '.bak', '.bak.1', '.bak.2', '.bak.3', '.bak.4']
const ringOf = (file: string) => RING.map((suffix) => (existsSync(`${file}${suffix}`) ? readFileSync(`${file}${suffix}`, 'utf8') : null))
const scratch = (dir: string) => readdirSync(dir).filter((name) => name.includes('.localclaw-'))

/** A config with a full backup ring: v5 live, v4 to v0 behind it. */
async function fullRing(): Promise<{dir: string; file: string}> {
  const dir = tempDir()
  const file = path.join(dir, 'openclaw.json')
  writeFileSync(file, 'v0')
  for (let version = 1; version <= 5; version++) await writeConfig(file, `v${version}`, {original: `v${version - 1}`})
  return {dir, file}
}

const fault = (at: WriteStep, code: string) => (step: WriteStep) => {
  if (step === at) throw Object.assign(new Error(code), {code})
}

/** The PID of a process that has exited: what a killed localclaw leaves in its file names. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!

describe('writing the config', () => {
  it('creates the directory and a new file with mode 0600, no backup', async () => {
    const file = path.join(tempDir(), 'state', 'openclaw.json')
    expect(await writeConfig(file, '{}\n', {original: null})).toEqual({backup: null, written: file})
    expect(readFileSync(file, 'utf8')).toBe('{}\n')
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('rotates backups like OpenClaw: .bak then .bak.1 to .bak.4, the oldest dropped', async () => {
    const {file} = await fullRing()
    await writeConfig(file, 'v6', {original: 'v5'})
    expect(ringOf(file)).toEqual(['v6', 'v5', 'v4', 'v3', 'v2', 'v1'])
    expect(existsSync(`${file}.bak.5`)).toBe(false)
  })

  it('refuses to write when the file changed since it was read', async () => {
    const file = path.join(tempDir(), 'openclaw.json')
    writeFileSync(file, 'edited by someone else')
    await expect(writeConfig(file, 'ours', {original: 'what we read'})).rejects.toThrow(
      /changed while localclaw was working.*Nothing was written/,
    )
    expect(readFileSync(file, 'utf8')).toBe('edited by someone else')
  })

  it('says so clearly when the directory cannot be created', async () => {
    const blocker = path.join(tempDir(), 'not-a-dir')
    writeFileSync(blocker, '')
    await expect(writeConfig(path.join(blocker, 'openclaw.json'), '{}', {original: null})).rejects.toThrow(
      /Cannot create .*not-a-dir.*Nothing was changed/,
    )
  })

  it('writes through a symlinked config to its target, as OpenClaw does', async () => {
    const dir = tempDir()
    const real = path.join(dir, 'real.json')
    const link = path.join(dir, 'openclaw.json')
    writeFileSync(real, 'old')
    symlinkSync(real, link)
    await writeConfig(link, 'new', {original: 'old'})
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readFileSync(real, 'utf8')).toBe('new')
  })
})

describe('a failed write leaves the config and every backup as they were', () => {
  it.each<[WriteStep, string, RegExp]>([
    ['temp-written', 'ENOSPC', /disk full/],
    ['backup-staged', 'ENOSPC', /disk full/],
    ['before-rename', 'EPERM', /permission denied/],
  ])('failing at %s (%s)', async (step, code, message) => {
    const {dir, file} = await fullRing()
    const before = ringOf(file)
    for (let attempt = 0; attempt < 5; attempt++) {
      await expect(writeConfig(file, 'v6', {original: 'v5', step: fault(step, code)})).rejects.toThrow(message)
    }
    expect(ringOf(file)).toEqual(before)
    expect(scratch(dir)).toEqual([])
  })

  it.runIf(process.getuid?.() === 0 && spawnSync('chattr', ['--help']).error === undefined)(
    'an immutable file (chattr +i): permission denied, the ring untouched',
    async (context) => {
      const {dir, file} = await fullRing()
      const before = ringOf(file)
      if (spawnSync('chattr', ['+i', file]).status !== 0) return context.skip() // the file system has no immutable flag
      try {
        for (let attempt = 0; attempt < 5; attempt++)
          await expect(writeConfig(file, 'v6', {original: 'v5'})).rejects.toThrow(/permission denied\. Nothing was changed/)
      } finally {
        spawnSync('chattr', ['-i', file])
      }
      expect(ringOf(file)).toEqual(before)
      expect(scratch(dir)).toEqual([])
    },
  )

  it.runIf(process.getuid?.() === 0 && process.platform === 'linux')(
    'a real full disk (a small tmpfs): disk full, no 0-byte backup',
    async (context) => {
      const dir = tempDir()
      if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status !== 0) return context.skip() // no mount here (a container without the capability)
      try {
        const file = path.join(dir, 'openclaw.json')
        writeFileSync(file, 'v0')
        await writeConfig(file, 'v1', {original: 'v0'})
        const before = ringOf(file)
        await expect(writeConfig(file, 'x'.repeat(200_000), {original: 'v1'})).rejects.toThrow(/disk full\. Nothing was changed/)
        expect(ringOf(file)).toEqual(before)
        expect(scratch(dir)).toEqual([])
      } finally {
        spawnSync('umount', [dir])
      }
    },
  )
})

describe('a failure after the rename', () => {
  it('is not reported as "nothing was changed": the new config is in place, its backup taken into the ring by the next write', async () => {
    const {dir, file} = await fullRing()
    const outcome = await writeConfig(file, 'v6', {original: 'v5', step: fault('renamed', 'EIO')})
    expect(readFileSync(file, 'utf8')).toBe('v6')
    expect(outcome.backup).toMatch(/\.bak-pending$/)
    await writeConfig(file, 'v7', {original: 'v6'})
    expect(ringOf(file)).toEqual(['v7', 'v6', 'v5', 'v4', 'v3', 'v2'])
    expect(scratch(dir)).toEqual([])
  })
})

describe('what a killed writer leaves behind', () => {
  it('its temp file is removed and its staged backup joins the ring, so the ring has no gap', async () => {
    const {dir, file} = await fullRing()
    // Killed after its rename made v6 live, before the ring took v5.
    writeFileSync(file, 'v6')
    const pid = deadPid()
    writeFileSync(path.join(dir, `.openclaw.json.localclaw-${pid}-0a0b0c0d.bak-pending`), 'v5')
    writeFileSync(path.join(dir, `.openclaw.json.localclaw-${pid}-0a0b0c0d.tmp`), 'half a confi')
    await writeConfig(file, 'v7', {original: 'v6'})
    expect(ringOf(file)).toEqual(['v7', 'v6', 'v5', 'v4', 'v3', 'v2'])
    expect(scratch(dir)).toEqual([])
  })

  it.each([
    [
      'a backup killed while being staged may be incomplete: removed, never joined to the ring (it would repeat a version)',
      'bak-staging',
      'v',
    ],
    ['a staged backup equal to the live file was a write that never happened: dropped, the ring not shifted', 'bak-pending', 'v5'],
  ])('%s', async (_, kind, content) => {
    const {dir, file} = await fullRing()
    writeFileSync(path.join(dir, `.openclaw.json.localclaw-${deadPid()}-05060708.${kind}`), content)
    await writeConfig(file, 'v6', {original: 'v5'})
    expect(ringOf(file)).toEqual(['v6', 'v5', 'v4', 'v3', 'v2', 'v1'])
    expect(scratch(dir)).toEqual([])
  })
})

describe('the lock', () => {
  it('a second writer waits, then refuses and names the holder while a live process holds it', async () => {
    const file = path.join(tempDir(), 'openclaw.json')
    writeFileSync(file, 'v0')
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    killAfterTest(holder.pid!)
    writeFileSync(`${file}.lock`, JSON.stringify({pid: holder.pid, host: hostname(), at: new Date().toISOString()}))
    await expect(writeConfig(file, 'v1', {original: 'v0', lockWaitMs: 100})).rejects.toThrow(
      new RegExp(`being written by localclaw \\(pid ${holder.pid} .*Nothing was written`),
    )
    expect(readFileSync(file, 'utf8')).toBe('v0')
  })

  it('a lock left by a killed process is taken over, and released after the write', async () => {
    const file = path.join(tempDir(), 'openclaw.json')
    writeFileSync(file, 'v0')
    writeFileSync(`${file}.lock`, JSON.stringify({pid: deadPid(), host: hostname(), at: new Date().toISOString()}))
    await writeConfig(file, 'v1', {original: 'v0', lockWaitMs: 100})
    expect(readFileSync(file, 'utf8')).toBe('v1')
    expect(existsSync(`${file}.lock`)).toBe(false)
  })
})

describe('an outside writer in the instant before the rename', () => {
  it.each([
    ['writes the file in place', (file: string) => writeFileSync(file, 'theirs')],
    ['renames its own file over it', (file: string) => {
      writeFileSync(`${file}.their-tmp`, 'theirs')
      renameSync(`${file}.their-tmp`, file)
    }],
  ])('%s: its version is kept and localclaw says nothing was written', async (_, outside) => {
    const {dir, file} = await fullRing()
    const before = ringOf(file)
    await expect(writeConfig(file, 'v6', {original: 'v5', step: (step) => (step === 'before-rename' ? outside(file) : undefined)}))
      .rejects.toThrow(/changed while localclaw was working \(another program wrote it at the same moment; its version is kept\)/)
    expect(readFileSync(file, 'utf8')).toBe('theirs')
    expect(ringOf(file).slice(1)).toEqual(before.slice(1))
    expect(scratch(dir)).toEqual([])
  })
})

describe('the file keeps what the user set on it', () => {
  it('its mode (0644 stays 0644)', async () => {
    const file = path.join(tempDir(), 'openclaw.json')
    writeFileSync(file, 'v0')
    chmodSync(file, 0o644)
    await writeConfig(file, 'v1', {original: 'v0'})
    expect(statSync(file).mode & 0o777).toBe(0o644)
  })

  it.each([0o400, 0o444])('a read-only file (%o) is refused, not replaced', async (mode) => {
    const file = path.join(tempDir(), 'openclaw.json')
    writeFileSync(file, 'v0')
    chmodSync(file, mode)
    await expect(writeConfig(file, 'v1', {original: 'v0'})).rejects.toThrow(
      /is read-only \(mode 04[04][04]\); localclaw will not replace it/,
    )
    expect(readFileSync(file, 'utf8')).toBe('v0')
  })

  it.runIf(process.getuid?.() === 0)('its owner and group when root edits another user\'s config, backups included', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'openclaw.json')
    writeFileSync(file, 'v0')
    chownSync(file, 1234, 2345)
    await writeConfig(file, 'v1', {original: 'v0'})
    for (const written of [file, `${file}.bak`]) expect([statSync(written).uid, statSync(written).gid]).toEqual([1234, 2345])
  })

  it('a hard-linked file is reported before the write breaks the link', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'openclaw.json')
    mkdirSync(path.join(dir, 'other'))
    writeFileSync(file, 'v0')
    linkSync(file, path.join(dir, 'other', 'openclaw.json'))
    expect(await writeNotes(file)).toEqual([
      expect.stringMatching(/has 2 hard links; writing replaces the file, so the other link keeps the old content/),
    ])
    writeFileSync(path.join(dir, 'single.json'), '{}')
    expect(await writeNotes(path.join(dir, 'single.json'))).toEqual([])
  })
})
