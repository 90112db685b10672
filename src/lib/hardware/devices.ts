/**
 * Vendor-spec memory bandwidth (GB/s = 10^9 B/s) and CUDA compute capability by device name.
 * Sources: ../shared/reference/memory-math.md section 10 (RTX 4090 1008, 3090 936, 3060 12GB 360,
 * 4060 272, A100 80GB SXM 2039, H100 SXM 3350, H200 4800; Apple M-series figures), and the vendors'
 * product pages for the rest (bus width x data rate). The first matching entry wins, so more
 * specific names come first: "rtx 4070 ti super" before "rtx 4070 ti" before "rtx 4070".
 */
export interface DeviceSpec {
  pattern: RegExp
  bandwidthGBps: number
  computeCapability?: string
  unifiedMemory?: boolean
}

const spec = (source: string, bandwidthGBps: number, computeCapability?: string, unifiedMemory?: boolean): DeviceSpec => ({
  // Word boundaries, flexible separators: "A100-SXM4-80GB" and "A100 80GB PCIe" both match "a100 ... 80gb".
  pattern: new RegExp(`\\b${source}\\b`, 'i'),
  bandwidthGBps,
  computeCapability,
  unifiedMemory,
})

const S = '[\\s-]*'

export const DEVICE_SPECS: DeviceSpec[] = [
  // NVIDIA data centre
  spec(`h200`, 4800, '9.0'),
  spec(`h100${S}nvl`, 3900, '9.0'),
  spec(`h100${S}pcie`, 2000, '9.0'),
  spec(`h100`, 3350, '9.0'),
  spec(`gh200`, 4000, '9.0', true),
  spec(`b200`, 8000, '10.0'),
  spec(`a100${S}80gb${S}pcie`, 1935, '8.0'),
  spec(`a100${S}(sxm4${S})?80gb`, 2039, '8.0'),
  spec(`a100`, 1555, '8.0'),
  spec(`l40s`, 864, '8.9'),
  spec(`l40`, 864, '8.9'),
  spec(`l4`, 300, '8.9'),
  spec(`a10g`, 600, '8.6'),
  spec(`a10`, 600, '8.6'),
  spec(`rtx 6000 ada`, 960, '8.9'),
  spec(`rtx a6000`, 768, '8.6'),
  spec(`a6000`, 768, '8.6'),
  spec(`v100`, 900, '7.0'),
  spec(`t4`, 320, '7.5'),
  spec(`p100`, 732, '6.0'),
  spec(`gb10`, 273, '12.1', true),
  // NVIDIA GeForce 50
  spec(`rtx 5090`, 1792, '12.0'),
  spec(`rtx 5080`, 960, '12.0'),
  spec(`rtx 5070 ti`, 896, '12.0'),
  spec(`rtx 5070`, 672, '12.0'),
  spec(`rtx 5060 ti`, 448, '12.0'),
  spec(`rtx 5060`, 448, '12.0'),
  // GeForce 40
  spec(`rtx 4090`, 1008, '8.9'),
  spec(`rtx 4080 super`, 736, '8.9'),
  spec(`rtx 4080`, 717, '8.9'),
  spec(`rtx 4070 ti super`, 672, '8.9'),
  spec(`rtx 4070 ti`, 504, '8.9'),
  spec(`rtx 4070 super`, 504, '8.9'),
  spec(`rtx 4070`, 504, '8.9'),
  spec(`rtx 4060 ti`, 288, '8.9'),
  spec(`rtx 4060`, 272, '8.9'),
  // GeForce 30
  spec(`rtx 3090 ti`, 1008, '8.6'),
  spec(`rtx 3090`, 936, '8.6'),
  spec(`rtx 3080 ti`, 912, '8.6'),
  spec(`rtx 3080`, 760, '8.6'),
  spec(`rtx 3070 ti`, 608, '8.6'),
  spec(`rtx 3070`, 448, '8.6'),
  spec(`rtx 3060 ti`, 448, '8.6'),
  spec(`rtx 3060`, 360, '8.6'),
  // GeForce 20
  spec(`rtx 2080 ti`, 616, '7.5'),
  spec(`rtx 2080 super`, 496, '7.5'),
  spec(`rtx 2080`, 448, '7.5'),
  spec(`rtx 2070`, 448, '7.5'),
  spec(`rtx 2060`, 336, '7.5'),
  // AMD
  spec(`mi300x`, 5300),
  spec(`mi250x`, 3277),
  spec(`mi210`, 1638),
  spec(`rx 7900 xtx`, 960),
  spec(`rx 7900 xt`, 800),
  spec(`rx 7900 gre`, 576),
  spec(`rx 7800 xt`, 624),
  spec(`rx 7700 xt`, 432),
  spec(`rx 7600`, 288),
  spec(`rx 9070 xt`, 640),
  spec(`rx 9070`, 640),
  spec(`rx 6950 xt`, 576),
  spec(`rx 6900 xt`, 512),
  spec(`rx 6800 xt`, 512),
  spec(`rx 6800`, 512),
  spec(`radeon 8060s`, 256, undefined, true),
  // Apple (unified memory; the figure is the chip's)
  spec(`m1 ultra`, 800, undefined, true),
  spec(`m1 max`, 400, undefined, true),
  spec(`m1 pro`, 200, undefined, true),
  spec(`m1`, 68.25, undefined, true),
  spec(`m2 ultra`, 800, undefined, true),
  spec(`m2 max`, 400, undefined, true),
  spec(`m2 pro`, 200, undefined, true),
  spec(`m2`, 100, undefined, true),
  spec(`m3 ultra`, 819, undefined, true),
  // M3 Max ships at 300 or 400 GB/s depending on the GPU core count; the lower figure is the safe one.
  spec(`m3 max`, 300, undefined, true),
  spec(`m3 pro`, 150, undefined, true),
  spec(`m3`, 100, undefined, true),
  // M4 Max: 410 or 546 GB/s by configuration; the lower one again.
  spec(`m4 max`, 410, undefined, true),
  spec(`m4 pro`, 273, undefined, true),
  spec(`m4`, 120, undefined, true),
]

export function lookupDevice(name: string): DeviceSpec | null {
  return DEVICE_SPECS.find((device) => device.pattern.test(name)) ?? null
}

/** M3 Max / M4 Max bandwidth depends on the GPU core count, which system_profiler reports. */
export function appleBandwidth(name: string, gpuCores: number | null): number | null {
  if (/m3 max/i.test(name) && gpuCores !== null) return gpuCores >= 40 ? 400 : 300
  if (/m4 max/i.test(name) && gpuCores !== null) return gpuCores >= 40 ? 546 : 410
  return lookupDevice(name)?.bandwidthGBps ?? null
}
