import {GIB, MIB} from '../../units.js'

/**
 * Windows GPUs: Win32_VideoController joined with the display-class registry keys.
 * AdapterRAM is a uint32 and saturates at 4 GiB (an RTX 4090 reports 4293918720, oshi#2521), so the
 * registry's HardwareInformation.qwMemorySize wins whenever present (systeminformation PR #534).
 */
export const WINDOWS_GPU_SCRIPT = [
  "$ErrorActionPreference='SilentlyContinue'",
  '$c=@(Get-CimInstance Win32_VideoController | Select-Object Name,AdapterRAM,DriverVersion,PNPDeviceID,AdapterCompatibility)',
  "$r=@(Get-ItemProperty 'HKLM:\\SYSTEM\\ControlSet001\\Control\\Class\\{4d36e968-e325-11ce-bfc1-08002be10318}\\0*' | Select-Object DriverDesc,MatchingDeviceId,'HardwareInformation.qwMemorySize')",
  '$p=@(Get-CimInstance Win32_Processor | Select-Object Name,NumberOfCores,NumberOfLogicalProcessors)',
  '@{controllers=$c;registry=$r;processors=$p} | ConvertTo-Json -Depth 4 -Compress',
].join(';')

export interface WindowsGpuRow {
  name: string
  vendor: 'nvidia' | 'amd' | 'intel' | 'other'
  adapterRamBytes: number | null
  registryBytes: number | null
  driverVersion: string | null
  pnpDeviceId: string | null
}

export interface WindowsProbe {
  gpus: WindowsGpuRow[]
  physicalCores: number | null
  cpuName: string | null
}

type Rec = Record<string, unknown>

const list = (value: unknown): Rec[] => (Array.isArray(value) ? value : value ? [value] : []) as Rec[]

function vendorOf(name: string, compatibility: string): WindowsGpuRow['vendor'] {
  const text = `${name} ${compatibility}`.toLowerCase()
  if (text.includes('nvidia')) return 'nvidia'
  if (/amd|advanced micro|radeon|ati /.test(text)) return 'amd'
  if (text.includes('intel')) return 'intel'
  return 'other'
}

export function parseWindowsProbe(json: string): WindowsProbe {
  const parsed = JSON.parse(json) as Rec
  const registry = list(parsed.registry).map((entry) => ({
    desc: String(entry.DriverDesc ?? ''),
    matching: String(entry.MatchingDeviceId ?? '').toLowerCase(),
    bytes: typeof entry['HardwareInformation.qwMemorySize'] === 'number' ? entry['HardwareInformation.qwMemorySize'] as number : null,
    used: false,
  }))
  const gpus = list(parsed.controllers).map((controller): WindowsGpuRow => {
    const name = String(controller.Name ?? 'Unknown GPU')
    const pnp = controller.PNPDeviceID ? String(controller.PNPDeviceID) : null
    // One registry subkey per adapter: match on the PCI id prefix, else on the driver description.
    const match = registry.find((entry) => !entry.used && entry.matching && pnp?.toLowerCase().startsWith(entry.matching))
      ?? registry.find((entry) => !entry.used && entry.desc === name)
    if (match) match.used = true
    return {
      name,
      vendor: vendorOf(name, String(controller.AdapterCompatibility ?? '')),
      adapterRamBytes: typeof controller.AdapterRAM === 'number' ? controller.AdapterRAM : null,
      registryBytes: match?.bytes ?? null,
      driverVersion: controller.DriverVersion ? String(controller.DriverVersion) : null,
      pnpDeviceId: pnp,
    }
  })
  const processors = list(parsed.processors)
  const cores = processors.reduce((sum, cpu) => sum + (typeof cpu.NumberOfCores === 'number' ? cpu.NumberOfCores : 0), 0)
  return {gpus, physicalCores: cores > 0 ? cores : null, cpuName: processors[0]?.Name ? String(processors[0].Name).trim() : null}
}

/** AdapterRAM of exactly 4 GiB minus a little is the uint32 ceiling, not the card's size. */
export function adapterRamIsCapped(bytes: number | null): boolean {
  return bytes !== null && bytes >= 4 * GIB - 2 * MIB
}
