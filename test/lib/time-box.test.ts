import {describe, expect, it} from 'vitest'

import {timeBox, TimedOut} from '../../src/lib/time-box.js'

describe('timeBox', () => {
  it('gives the work\'s value, or its error, when it finishes in time', async () => {
    await expect(timeBox(1000, async () => 42)).resolves.toBe(42)
    await expect(timeBox(1000, async () => {
      throw new Error('refused')
    })).rejects.toThrow('refused')
  })

  it('rejects with TimedOut once the limit passes, and aborts the work\'s signal so it can stop', async () => {
    let seen: AbortSignal | undefined
    const never = timeBox(20, (signal) => {
      seen = signal
      return new Promise<never>(() => {})
    })
    await expect(never).rejects.toBeInstanceOf(TimedOut)
    await expect(never).rejects.toThrow('no answer within 20 ms')
    expect(seen?.aborted).toBe(true)
  })

  it('leaves the signal alone when the work finishes first', async () => {
    let seen: AbortSignal | undefined
    await timeBox(1000, async (signal) => {
      seen = signal
    })
    expect(seen?.aborted).toBe(false)
  })
})
