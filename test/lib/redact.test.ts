import JSON5 from 'json5'
import {describe, expect, it} from 'vitest'

import {LOCAL_MARKERS} from '../../src/lib/openclaw/diff.js'
import {REDACTED, redactJson, redactText, secretsIn} from '../../src/lib/redact.js'
import {leaked, PLANTED_CONFIG, PLANTED_SECRETS} from '../helpers/planted-secrets.js'

describe('redaction', () => {
  const config = JSON5.parse(PLANTED_CONFIG)

  it('a parsed config keeps no planted secret, and keeps everything else', () => {
    const redacted = redactJson(config)
    expect(leaked(JSON.stringify(redacted))).toEqual([])
    expect(redacted.gateway).toEqual({mode: 'local', auth: {mode: 'token', token: REDACTED}})
    expect(redacted.channels.email).toEqual({user: 'me@example.com', pass: REDACTED})
    expect(redacted.models.providers['my-proxy'].baseUrl).toBe(`https://${REDACTED}@llm.example.com/v1?token=${REDACTED}&key=${REDACTED}`)
    expect(redacted.models.providers.openrouter.apiKeys).toEqual([REDACTED, REDACTED])
  })

  it('the file\'s own text, with the secrets the config holds, keeps none', () => {
    expect(leaked(redactText(PLANTED_CONFIG, secretsIn(config)))).toEqual([])
  })

  it('text from anywhere (a log line, an error) loses token shapes and URL credentials without knowing the config', () => {
    const line = 'pull failed: http://alice:pw-123@gpu.local:11434 said 401; key sk-proj-abcdefghijklmnopqrst; ?api_key=xyz&model=q'
    expect(redactText(line)).toBe(`pull failed: http://${REDACTED}@gpu.local:11434 said 401; key ${REDACTED}; ?api_key=${REDACTED}&model=q`)
  })

  it('each token shape alone in free text is found and redacted without the config naming it', () => {
    const run = (chars: string, length: number) => chars.repeat(Math.ceil(length / chars.length)).slice(0, length)
    const samples = [
      `sk-ant-${run('aB3', 24)}`, `sk_live_${run('x9', 20)}`, `gsk_${run('Q7', 24)}`, `xoxb-${run('12-ab', 15)}`,
      `ghp_${run('z5', 24)}`, `github_pat_${run('A_1', 24)}`, `glpat-${run('k-2', 24)}`, `hf_${run('Hf4', 33)}`,
      `AKIA${run('ABCD2345', 16)}`, `AIza${run('Sy_9a', 35)}`, `tskey-auth-${run('kT3', 18)}`,
      `eyJ${run('hbG', 12)}.eyJ${run('zdW', 12)}.${run('s1G', 12)}`,
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${run('b3Blbn', 40)}\n-----END OPENSSH PRIVATE KEY-----`,
      `123456789:${run('AAH-x_', 35)}`,
    ]
    for (const secret of samples) expect(redactText(`error: rejected ${secret} (401)`), secret).toBe(`error: rejected ${REDACTED} (401)`)
    expect(redactText('see https://hooks.slack.com/services/T000/B000/XXXX now')).toBe(`see https://hooks.slack.com/services/${REDACTED} now`)
  })

  it('local markers, ${VAR} references and ordinary values stay readable', () => {
    const kept = {models: {providers: {
      ollama: {apiKey: 'ollama-local', baseUrl: 'http://127.0.0.1:11434'},
      lmstudio: {apiKey: 'lmstudio'},
      anthropic: {apiKey: '${ANTHROPIC_API_KEY}', auth: 'api-key'},
    }}, agents: {defaults: {models: {'ollama/qwen3:8b': {alias: 'local'}}, contextTokens: 32768}}, env: {vars: {LOG_LEVEL: 'debug'}}}
    expect(redactJson(kept, LOCAL_MARKERS)).toEqual(kept)
    expect(secretsIn(kept, LOCAL_MARKERS)).toEqual([])
    // A marker is shown only because a runtime names it: without that list, an apiKey is a secret.
    expect(secretsIn(kept)).toEqual(['ollama-local', 'lmstudio'])
  })

  it('every planted secret is one the shared list names (the fixture and the list agree)', () => {
    for (const secret of PLANTED_SECRETS) expect(PLANTED_CONFIG).toContain(secret)
  })
})
