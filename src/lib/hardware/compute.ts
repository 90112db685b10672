import {lookupDevice} from './devices.js'

/**
 * Dense FP16 throughput (TFLOPS, no sparsity) by the device table's names: what prefill is bound by
 * (memory-math.md section 11). Bases, as in ../shared/reference/prefill-calibration.json, whose
 * figures are used where it has the device:
 * - NVIDIA GeForce: the whitepaper method, SMs x 1024 FP16-accumulate tensor FLOP per clock x boost clock
 *   (Turing, Ampere, Ada and Blackwell GeForce alike; FP32 accumulate is half of it).
 * - NVIDIA data centre and workstation: the datasheets' dense FP16/BF16 tensor figure; P100 has no
 *   tensor cores (its FP16 vector rate).
 * - AMD: the datasheets' dense FP16 matrix (CDNA) or WMMA (RDNA3/4) figure; RDNA2 has no matrix
 *   units, so packed FP16 at twice its FP32 rate.
 * - Apple M1-M4: the GPU's FP32 vector peak, GPU cores x 128 ALUs x 2 x GPU clock (FP16 runs at the
 *   same rate). The core count is that of the configuration devices.ts takes the bandwidth of.
 * Devices whose figure no datasheet states plainly (GB10, A10G) are left out: no prefill estimate for them
 * rather than a guessed one; `recommend --tflops` supplies it.
 */
const FP16_TFLOPS: Record<string, number> = {
  'NVIDIA H200': 989.4,
  'NVIDIA H100 NVL': 835.5,
  'NVIDIA H100 PCIe': 756,
  'NVIDIA H100 SXM': 989.4,
  'NVIDIA GH200': 989.4,
  'NVIDIA B200': 2250,
  'NVIDIA A100 80GB PCIe': 312,
  'NVIDIA A100 80GB SXM': 312,
  'NVIDIA A100 40GB': 312,
  'NVIDIA L40S': 362.05,
  'NVIDIA L40': 181.05,
  'NVIDIA L4': 121,
  'NVIDIA A10': 125,
  'NVIDIA RTX 6000 Ada': 364.2,
  'NVIDIA RTX A6000': 154.8,
  'NVIDIA V100': 125,
  'NVIDIA T4': 65,
  'NVIDIA P100': 18.7,
  'NVIDIA GeForce RTX 5090': 419,
  'NVIDIA GeForce RTX 5080': 225.1,
  'NVIDIA GeForce RTX 5070 Ti': 175.8,
  'NVIDIA GeForce RTX 5070': 123.5,
  'NVIDIA GeForce RTX 5060 Ti': 94.8,
  'NVIDIA GeForce RTX 5060': 76.8,
  'NVIDIA GeForce RTX 4090': 330.3,
  'NVIDIA GeForce RTX 4080 SUPER': 208.9,
  'NVIDIA GeForce RTX 4080': 194.9,
  'NVIDIA GeForce RTX 4070 Ti SUPER': 176.4,
  'NVIDIA GeForce RTX 4070 Ti': 160.4,
  'NVIDIA GeForce RTX 4070 SUPER': 141.9,
  'NVIDIA GeForce RTX 4070': 116.6,
  'NVIDIA GeForce RTX 4060 Ti': 88.3,
  'NVIDIA GeForce RTX 4060': 60.5,
  'NVIDIA GeForce RTX 3090 Ti': 160,
  'NVIDIA GeForce RTX 3090': 142.3,
  'NVIDIA GeForce RTX 3080 Ti': 136.4,
  'NVIDIA GeForce RTX 3080': 119.1,
  'NVIDIA GeForce RTX 3070 Ti': 87,
  'NVIDIA GeForce RTX 3070': 81.3,
  'NVIDIA GeForce RTX 3060 Ti': 64.8,
  'NVIDIA GeForce RTX 3060': 51,
  'NVIDIA GeForce RTX 2080 Ti': 107.6,
  'NVIDIA GeForce RTX 2080 SUPER': 89.2,
  'NVIDIA GeForce RTX 2080': 80.5,
  'NVIDIA GeForce RTX 2070': 59.7,
  'NVIDIA GeForce RTX 2060': 51.6,
  'AMD Instinct MI300X': 1307.4,
  'AMD Instinct MI250X': 383,
  'AMD Instinct MI210': 181,
  'AMD Radeon RX 7900 XTX': 122.8,
  'AMD Radeon RX 7900 XT': 103,
  'AMD Radeon RX 7900 GRE': 92,
  'AMD Radeon RX 7800 XT': 74.6,
  'AMD Radeon RX 7700 XT': 70.3,
  'AMD Radeon RX 7600': 43.5,
  'AMD Radeon RX 9070 XT': 195,
  'AMD Radeon RX 9070': 145,
  'AMD Radeon RX 6950 XT': 47.3,
  'AMD Radeon RX 6900 XT': 46.1,
  'AMD Radeon RX 6800 XT': 41.5,
  'AMD Radeon RX 6800': 32.3,
  'AMD Ryzen AI Max+ 395 (Radeon 8060S)': 59.4,
  'Apple M1 Ultra': 21.23,
  'Apple M1 Max': 10.62,
  'Apple M1 Pro': 5.31,
  'Apple M1': 2.62,
  'Apple M2 Ultra': 27.2,
  'Apple M2 Max': 13.6,
  'Apple M2 Pro': 6.8,
  'Apple M2': 3.58,
  'Apple M3 Ultra': 28.63,
  'Apple M3 Max': 10.74,
  'Apple M3 Pro': 6.44,
  'Apple M3': 3.58,
  'Apple M4 Max': 12.93,
  'Apple M4 Pro': 8.08,
  'Apple M4': 4.04,
}

/** The device's dense FP16 TFLOPS, or null when the device table does not know it. */
export function fp16Tflops(deviceName: string): number | null {
  const device = lookupDevice(deviceName)
  return device ? FP16_TFLOPS[device.name] ?? null : null
}

/** Every name the table covers, for the test that keeps it in step with devices.ts. */
export const COMPUTE_TABLE_NAMES = Object.keys(FP16_TFLOPS)

/** CPU work per core per clock for prefill: FP32 FMA lanes x 2 (memory-math.md section 11). */
export interface CpuCompute {
  cores: number
  flopsPerCycle: number
  /** How the figure was reached, in words. */
  basis: string
}

/** A CPU nothing was said about (hypothetical hardware): a typical 8-core AVX2 desktop. */
export const ASSUMED_CPU: CpuCompute = {cores: 8, flopsPerCycle: 32, basis: '8 cores x 32 FLOPs/cycle (AVX2), assumed'}

/**
 * AVX2 with two 256-bit FMA units: 32 FP32 FLOPs a cycle. AVX-512 is counted the same, because
 * Zen 4 runs it on 256-bit units and many Intel client parts have one 512-bit FMA unit; NEON (Cortex-A76
 * class): 16. Threads: llama.cpp and Ollama use the physical cores.
 */
export function cpuCompute(cpu: {
  physicalCores: number | null
  logicalCores: number
  simd: {avx2: boolean | null; avx512: boolean | null; neon: boolean | null}
}): CpuCompute {
  const cores = cpu.physicalCores ?? cpu.logicalCores
  if (cpu.simd.avx512 || cpu.simd.avx2)
    return {cores, flopsPerCycle: 32, basis: `${cores} cores x 32 FLOPs/cycle (${cpu.simd.avx512 ? 'AVX-512' : 'AVX2'})`}
  if (cpu.simd.neon) return {cores, flopsPerCycle: 16, basis: `${cores} cores x 16 FLOPs/cycle (NEON)`}
  return {cores, flopsPerCycle: 8, basis: `${cores} cores x 8 FLOPs/cycle (no AVX2 or NEON seen)`}
}
