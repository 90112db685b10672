import {byCodeUnits} from '../../compare.js'
import {linkTarget, listDir, readText, type System} from '../../system.js'
import type {GpuVendor} from '../types.js'

/**
 * Display controllers found in Linux sysfs. This sees a GPU even when its driver is missing, which
 * nvidia-smi cannot, and gives amdgpu's exact VRAM and GTT sizes (unlike systeminformation, whose
 * Linux "VRAM" is the PCI BAR aperture: 256 MiB for a 4 GiB card, systeminformation#170).
 */
export interface PciGpu {
  address: string
  vendor: GpuVendor
  vendorId: string
  deviceId: string
  /** Kernel driver bound to the device (nvidia, nouveau, amdgpu, i915, xe), or null when none. */
  driver: string | null
  /** amdgpu only: mem_info_* files (bytes). */
  vramTotalBytes: number | null
  vramUsedBytes: number | null
  gttTotalBytes: number | null
  gttUsedBytes: number | null
}

const VENDORS: Record<string, GpuVendor> = {'0x10de': 'nvidia', '0x1002': 'amd', '0x8086': 'intel', '0x106b': 'apple'}

function number(text: string | null): number | null {
  if (text === null) return null
  const value = Number(text.trim())
  return Number.isFinite(value) ? value : null
}

export async function scanPciGpus(system: System): Promise<PciGpu[]> {
  const base = '/sys/bus/pci/devices'
  const entries = await listDir(system, base)
  if (!entries) throw new Error(`${base} is not readable`)
  const found = await Promise.all(entries.map(async (address): Promise<PciGpu | null> => {
    const dir = `${base}/${address}`
    const pciClass = (await readText(system, `${dir}/class`))?.trim() ?? ''
    // 0x03xxxx: display controller (VGA 0300, 3D 0302, other 0380).
    if (!pciClass.startsWith('0x03')) return null
    const vendorId = (await readText(system, `${dir}/vendor`))?.trim().toLowerCase() ?? ''
    const deviceId = (await readText(system, `${dir}/device`))?.trim().toLowerCase() ?? ''
    const driverLink = await linkTarget(system, `${dir}/driver`)
    const [vramTotal, vramUsed, gttTotal, gttUsed] = await Promise.all(
      ['mem_info_vram_total', 'mem_info_vram_used', 'mem_info_gtt_total', 'mem_info_gtt_used']
        .map(async (file) => number(await readText(system, `${dir}/${file}`))),
    )
    return {
      address,
      vendor: VENDORS[vendorId] ?? 'other',
      vendorId,
      deviceId,
      driver: driverLink ? driverLink.split('/').pop() ?? null : null,
      vramTotalBytes: vramTotal ?? null,
      vramUsedBytes: vramUsed ?? null,
      gttTotalBytes: gttTotal ?? null,
      gttUsedBytes: gttUsed ?? null,
    }
  }))
  return found.filter((gpu): gpu is PciGpu => gpu !== null).sort((a, b) => byCodeUnits(a.address, b.address))
}

/** nvidia-smi prints "00000000:01:00.0"; sysfs names it "0000:01:00.0". Compare on the last 3 parts. */
export function samePciAddress(a: string | null, b: string | null): boolean {
  if (!a || !b) return false
  const tail = (address: string) => address.toLowerCase().split(':').slice(-2).join(':')
  return tail(a) === tail(b)
}
