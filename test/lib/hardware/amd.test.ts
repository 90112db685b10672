import {describe, expect, it} from 'vitest'

import {parseRocmSmi} from '../../../src/lib/hardware/gpus/amd.js'
import {fixture} from '../../helpers/fixtures.js'

describe('rocm-smi', () => {
  it('reads the recorded JSON (byte counts are strings)', () => {
    expect(parseRocmSmi(fixture('amd/rocm-smi-showproductname-showuse-showmeminfo-vram.json'))).toEqual([
      {card: 'card0', name: 'Radeon RX 7900 XT', vramTotalBytes: 21458059264, vramUsedBytes: 27856896, gfxVersion: 'gfx1100'},
    ])
  })

  it('reads the recorded CSV with a discrete card and an APU carve-out', () => {
    const rows = parseRocmSmi(fixture('amd/rocm-smi-showproductname-showmeminfo-vram-showuniqueid.csv'))
    expect(rows.map((row) => [row.card, row.vramTotalBytes, row.gfxVersion])).toEqual([
      ['card0', 17163091968, 'gfx1030'],
      ['card1', 67108864, 'gfx1036'],
    ])
    expect(rows[1]!.name).toBe('Raphael')
  })

  it('skips warnings printed before the JSON', () => {
    const text = `WARNING: AMD GPU device(s) is/are in a low-power state. Check power control/runtime_status\n\n${fixture('amd/rocm-smi-showproductname-showuse-showmeminfo-vram.json')}`
    expect(parseRocmSmi(text)).toHaveLength(1)
  })
})
