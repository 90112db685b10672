/**
 * Vendor-spec memory bandwidth (GB/s = 10^9 B/s) and CUDA compute capability by device name.
 * Sources: ../shared/reference/memory-math.md section 10 (RTX 4090 1008, 3090 936, 3060 12GB 360,
 * 4060 272, A100 80GB SXM 2039, H100 SXM 3350, H200 4800; Apple M-series figures), and the vendors'
 * product pages for the rest (bus width x data rate). The first matching entry wins, so more
 * specific names come first: "rtx 4070 ti super" before "rtx 4070 ti" before "rtx 4070".
 */
export interface DeviceSpec {
  /** The name `recommend --gpu` shows and matches against. */
  name: string
  pattern: RegExp
  bandwidthGBps: number
  /** Memory of the common variant, GiB (for unified chips: the largest configuration is not assumed; see recommend --vram). */
  vramGiB: number
  computeCapability?: string
  unifiedMemory?: boolean
}

const spec = (name: string, source: string, bandwidthGBps: number, vramGiB: number, computeCapability?: string,
  unifiedMemory?: boolean): DeviceSpec => ({
  name,
  // Word boundaries, flexible separators: "A100-SXM4-80GB" and "A100 80GB PCIe" both match "a100 ... 80gb".
  pattern: new RegExp(`\\b${source}\\b`, 'i'),
  bandwidthGBps,
  vramGiB,
  computeCapability,
  unifiedMemory,
})

const S = '[\\s-]*'

export const DEVICE_SPECS: DeviceSpec[] = [
  // NVIDIA data centre
  spec('NVIDIA H200', `h200`, 4800, 141, '9.0'),
  spec('NVIDIA H100 NVL', `h100${S}nvl`, 3900, 94, '9.0'),
  spec('NVIDIA H100 PCIe', `h100${S}pcie`, 2000, 80, '9.0'),
  spec('NVIDIA H100 SXM', `h100`, 3350, 80, '9.0'),
  spec('NVIDIA GH200', `gh200`, 4000, 96, '9.0', true),
  spec('NVIDIA B200', `b200`, 8000, 180, '10.0'),
  spec('NVIDIA A100 80GB PCIe', `a100${S}80gb${S}pcie`, 1935, 80, '8.0'),
  spec('NVIDIA A100 80GB SXM', `a100${S}(sxm4${S})?80gb`, 2039, 80, '8.0'),
  spec('NVIDIA A100 40GB', `a100`, 1555, 40, '8.0'),
  spec('NVIDIA L40S', `l40s`, 864, 48, '8.9'),
  spec('NVIDIA L40', `l40`, 864, 48, '8.9'),
  spec('NVIDIA L4', `l4`, 300, 24, '8.9'),
  spec('NVIDIA A10G', `a10g`, 600, 24, '8.6'),
  spec('NVIDIA A10', `a10`, 600, 24, '8.6'),
  spec('NVIDIA RTX 6000 Ada', `rtx 6000 ada`, 960, 48, '8.9'),
  spec('NVIDIA RTX A6000', `(rtx )?a6000`, 768, 48, '8.6'),
  spec('NVIDIA V100', `v100`, 900, 32, '7.0'),
  spec('NVIDIA T4', `t4`, 320, 16, '7.5'),
  spec('NVIDIA P100', `p100`, 732, 16, '6.0'),
  spec('NVIDIA GB10 (DGX Spark)', `gb10`, 273, 128, '12.1', true),
  // NVIDIA GeForce 50
  spec('NVIDIA GeForce RTX 5090', `rtx 5090`, 1792, 32, '12.0'),
  spec('NVIDIA GeForce RTX 5080', `rtx 5080`, 960, 16, '12.0'),
  spec('NVIDIA GeForce RTX 5070 Ti', `rtx 5070 ti`, 896, 16, '12.0'),
  spec('NVIDIA GeForce RTX 5070', `rtx 5070`, 672, 12, '12.0'),
  spec('NVIDIA GeForce RTX 5060 Ti', `rtx 5060 ti`, 448, 16, '12.0'),
  spec('NVIDIA GeForce RTX 5060', `rtx 5060`, 448, 8, '12.0'),
  // GeForce 40
  spec('NVIDIA GeForce RTX 4090', `rtx 4090`, 1008, 24, '8.9'),
  spec('NVIDIA GeForce RTX 4080 SUPER', `rtx 4080 super`, 736, 16, '8.9'),
  spec('NVIDIA GeForce RTX 4080', `rtx 4080`, 717, 16, '8.9'),
  spec('NVIDIA GeForce RTX 4070 Ti SUPER', `rtx 4070 ti super`, 672, 16, '8.9'),
  spec('NVIDIA GeForce RTX 4070 Ti', `rtx 4070 ti`, 504, 12, '8.9'),
  spec('NVIDIA GeForce RTX 4070 SUPER', `rtx 4070 super`, 504, 12, '8.9'),
  spec('NVIDIA GeForce RTX 4070', `rtx 4070`, 504, 12, '8.9'),
  spec('NVIDIA GeForce RTX 4060 Ti', `rtx 4060 ti`, 288, 8, '8.9'),
  spec('NVIDIA GeForce RTX 4060', `rtx 4060`, 272, 8, '8.9'),
  // GeForce 30
  spec('NVIDIA GeForce RTX 3090 Ti', `rtx 3090 ti`, 1008, 24, '8.6'),
  spec('NVIDIA GeForce RTX 3090', `rtx 3090`, 936, 24, '8.6'),
  spec('NVIDIA GeForce RTX 3080 Ti', `rtx 3080 ti`, 912, 12, '8.6'),
  spec('NVIDIA GeForce RTX 3080', `rtx 3080`, 760, 10, '8.6'),
  spec('NVIDIA GeForce RTX 3070 Ti', `rtx 3070 ti`, 608, 8, '8.6'),
  spec('NVIDIA GeForce RTX 3070', `rtx 3070`, 448, 8, '8.6'),
  spec('NVIDIA GeForce RTX 3060 Ti', `rtx 3060 ti`, 448, 8, '8.6'),
  spec('NVIDIA GeForce RTX 3060', `rtx 3060`, 360, 12, '8.6'),
  // GeForce 20
  spec('NVIDIA GeForce RTX 2080 Ti', `rtx 2080 ti`, 616, 11, '7.5'),
  spec('NVIDIA GeForce RTX 2080 SUPER', `rtx 2080 super`, 496, 8, '7.5'),
  spec('NVIDIA GeForce RTX 2080', `rtx 2080`, 448, 8, '7.5'),
  spec('NVIDIA GeForce RTX 2070', `rtx 2070`, 448, 8, '7.5'),
  spec('NVIDIA GeForce RTX 2060', `rtx 2060`, 336, 6, '7.5'),
  // AMD
  spec('AMD Instinct MI300X', `mi300x`, 5300, 192),
  spec('AMD Instinct MI250X', `mi250x`, 3277, 128),
  spec('AMD Instinct MI210', `mi210`, 1638, 64),
  spec('AMD Radeon RX 7900 XTX', `rx 7900 xtx`, 960, 24),
  spec('AMD Radeon RX 7900 XT', `rx 7900 xt`, 800, 20),
  spec('AMD Radeon RX 7900 GRE', `rx 7900 gre`, 576, 16),
  spec('AMD Radeon RX 7800 XT', `rx 7800 xt`, 624, 16),
  spec('AMD Radeon RX 7700 XT', `rx 7700 xt`, 432, 12),
  spec('AMD Radeon RX 7600', `rx 7600`, 288, 8),
  spec('AMD Radeon RX 9070 XT', `rx 9070 xt`, 640, 16),
  spec('AMD Radeon RX 9070', `rx 9070`, 640, 16),
  spec('AMD Radeon RX 6950 XT', `rx 6950 xt`, 576, 16),
  spec('AMD Radeon RX 6900 XT', `rx 6900 xt`, 512, 16),
  spec('AMD Radeon RX 6800 XT', `rx 6800 xt`, 512, 16),
  spec('AMD Radeon RX 6800', `rx 6800`, 512, 16),
  // Strix Halo: up to 96 GiB of its 128 GiB can be given to the GPU.
  spec('AMD Ryzen AI Max+ 395 (Radeon 8060S)', `radeon 8060s`, 256, 96, undefined, true),
  // Apple (unified memory; the figure is the chip's; memory is per configuration: pass --vram)
  spec('Apple M1 Ultra', `m1 ultra`, 800, 64, undefined, true),
  spec('Apple M1 Max', `m1 max`, 400, 32, undefined, true),
  spec('Apple M1 Pro', `m1 pro`, 200, 16, undefined, true),
  spec('Apple M1', `m1`, 68.25, 8, undefined, true),
  spec('Apple M2 Ultra', `m2 ultra`, 800, 64, undefined, true),
  spec('Apple M2 Max', `m2 max`, 400, 32, undefined, true),
  spec('Apple M2 Pro', `m2 pro`, 200, 16, undefined, true),
  spec('Apple M2', `m2`, 100, 8, undefined, true),
  spec('Apple M3 Ultra', `m3 ultra`, 819, 96, undefined, true),
  // M3 Max ships at 300 or 400 GB/s depending on the GPU core count; the lower figure is the safe one.
  spec('Apple M3 Max', `m3 max`, 300, 36, undefined, true),
  spec('Apple M3 Pro', `m3 pro`, 150, 18, undefined, true),
  spec('Apple M3', `m3`, 100, 8, undefined, true),
  // M4 Max: 410 or 546 GB/s by configuration; the lower one again.
  spec('Apple M4 Max', `m4 max`, 410, 36, undefined, true),
  spec('Apple M4 Pro', `m4 pro`, 273, 24, undefined, true),
  spec('Apple M4', `m4`, 120, 16, undefined, true),
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

/**
 * NVIDIA data-centre parts as the speed fits split them (catalog/prefill.ts, catalog/speed.ts):
 * llama.cpp leaves their tensor cores mostly idle in prefill, and the pre-Hopper ones (Pascal to
 * Ampere) also spend more per decoded token than the roofline allows. L4/L40/A10 are not among
 * them: the calibration sets have no rows for those, which run like workstation cards.
 */
const NVIDIA_DATACENTER: Array<{pattern: RegExp; generation: 'hopper-or-later' | 'older'}> = [
  {pattern: /\b(h100|h200|gh200|b200)\b/i, generation: 'hopper-or-later'},
  {pattern: /\b(a100|a30|v100|t4|p100|p40)\b/i, generation: 'older'},
]

export function nvidiaDatacenterGeneration(name: string): 'hopper-or-later' | 'older' | null {
  return NVIDIA_DATACENTER.find((entry) => entry.pattern.test(name))?.generation ?? null
}
