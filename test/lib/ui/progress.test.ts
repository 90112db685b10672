import {describe, expect, it} from 'vitest'

import {progressRenderer} from '../../../src/lib/ui/progress.js'

const GB = 1024 ** 3

function render(mode: 'tty' | 'plain', steps: Array<[ms: number, completed: number]>) {
  let out = ''
  let time = 0
  const renderer = progressRenderer(mode, (text) => (out += text), () => time)
  for (const [ms, completed] of steps) {
    time = ms
    renderer.onEvent({event: 'progress', layer: 'dde5aa3fc5ff', completed, total: 2 * GB})
  }
  renderer.finish()
  return out
}

describe('pull progress', () => {
  it('in a terminal: one bar redrawn in place, with bytes, percent, speed and time left', () => {
    const out = render('tty', [[0, 0], [1000, 0.5 * GB], [2000, GB]])
    const frames = out.split('\r\u001B[2K').filter(Boolean)
    expect(frames.at(-1)).toMatch(/^pulling dde5aa3fc5ff {2}50% ▕█{12} {12}▏ 1\.0 GiB\/2\.0 GiB 512 MiB\/s 2\.0 s left/)
    expect(out.endsWith('\n')).toBe(true)
  })

  it('throttles redraws: many updates within 100 ms draw once', () => {
    const steps = Array.from({length: 50}, (_, index) => [index, index * 1000] as [number, number])
    expect(render('tty', steps).split('\r').length - 1).toBe(1)
  })

  it('without a terminal: a line every 10%, no control characters', () => {
    const steps = Array.from({length: 21}, (_, index) => [index * 100, (index / 20) * 2 * GB] as [number, number])
    const lines = render('plain', steps).trim().split('\n')
    expect(lines).toHaveLength(11)
    expect(lines[0]).toBe('pulling dde5aa3fc5ff: 0% of 2.0 GiB')
    expect(lines.at(-1)).toBe('pulling dde5aa3fc5ff: 100% of 2.0 GiB')
    expect(lines.join('')).not.toMatch(/[\r\u001B]/)
  })

  it('says how long it waits on a retry, and why', () => {
    let out = ''
    progressRenderer('plain', (text) => (out += text)).onEvent({
      event: 'retry',
      attempt: 2,
      of: 6,
      waitMs: 10_000,
      reason: 'the registry is rate-limiting downloads (HTTP 429)',
    })
    expect(out).toBe('! the registry is rate-limiting downloads (HTTP 429): waiting 10.0 s, then attempt 2 of 6\n')
  })
})
