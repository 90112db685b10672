import {existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import {redact, writeConfig} from '../../../src/lib/openclaw/write.js'
import {tempDir} from '../../helpers/system.js'

describe('writing the config', () => {
  it('creates the directory and a new file with mode 0600, no backup', async () => {
    const file = path.join(tempDir(), 'state', 'openclaw.json')
    expect(await writeConfig(file, '{}\n', {original: null})).toEqual({backup: null, written: file})
    expect(readFileSync(file, 'utf8')).toBe('{}\n')
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('rotates backups like OpenClaw: .bak then .bak.1 to .bak.4, the oldest dropped', async () => {
    const file = path.join(tempDir(), 'openclaw.json')
    writeFileSync(file, 'v0')
    for (let version = 1; version <= 6; version++) await writeConfig(file, `v${version}`, {original: `v${version - 1}`})
    const read = (suffix: string) => readFileSync(`${file}${suffix}`, 'utf8')
    expect([read(''), read('.bak'), read('.bak.1'), read('.bak.2'), read('.bak.3'), read('.bak.4')]).toEqual(['v6', 'v5', 'v4', 'v3', 'v2', 'v1'])
    expect(existsSync(`${file}.bak.5`)).toBe(false)
  })

  it('a crash between the temp file and the rename leaves the original intact and no temp file', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'openclaw.json')
    writeFileSync(file, 'original')
    await expect(writeConfig(file, 'new', {original: 'original', beforeRename: () => {
      throw Object.assign(new Error('power cut'), {code: 'EIO'})
    }})).rejects.toThrow(/Cannot write .*power cut/)
    expect(readFileSync(file, 'utf8')).toBe('original')
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('refuses to write when the file changed since it was read', async () => {
    const file = path.join(tempDir(), 'openclaw.json')
    writeFileSync(file, 'edited by someone else')
    await expect(writeConfig(file, 'ours', {original: 'what we read'})).rejects.toThrow(/changed while localclaw was working.*Nothing was written/)
    expect(readFileSync(file, 'utf8')).toBe('edited by someone else')
  })

  it('says so clearly when the directory cannot be created', async () => {
    const blocker = path.join(tempDir(), 'not-a-dir')
    writeFileSync(blocker, '')
    await expect(writeConfig(path.join(blocker, 'openclaw.json'), '{}', {original: null})).rejects.toThrow(/Cannot create .*not-a-dir.*Nothing was changed/)
  })

  it('writes through a symlinked config to its target, as OpenClaw does', async () => {
    const dir = tempDir()
    const real = path.join(dir, 'real.json')
    const link = path.join(dir, 'openclaw.json')
    writeFileSync(real, 'old')
    const {symlinkSync, lstatSync} = await import('node:fs')
    symlinkSync(real, link)
    await writeConfig(link, 'new', {original: 'old'})
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
    expect(readFileSync(real, 'utf8')).toBe('new')
  })
})

describe('redaction for --print', () => {
  it('hides secrets and keeps local markers and ${VAR} references', () => {
    expect(redact({
      models: {providers: {ollama: {apiKey: 'ollama-local'}, openai: {apiKey: 'sk-live-123'}, anthropic: {apiKey: '${ANTHROPIC_API_KEY}'}, vllm: {apiKey: 'VLLM_API_KEY'}}},
      gateway: {auth: {token: 'abc123'}},
      channels: {telegram: {botToken: '123:SECRET', enabled: true}},
    })).toEqual({
      models: {providers: {ollama: {apiKey: 'ollama-local'}, openai: {apiKey: '<redacted: --show-secrets>'}, anthropic: {apiKey: '${ANTHROPIC_API_KEY}'}, vllm: {apiKey: 'VLLM_API_KEY'}}},
      gateway: {auth: {token: '<redacted: --show-secrets>'}},
      channels: {telegram: {botToken: '<redacted: --show-secrets>', enabled: true}},
    })
  })
})
