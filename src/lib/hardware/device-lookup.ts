import {closeMatches, normalizeName} from '../names.js'
import {DEVICE_SPECS, type DeviceSpec} from './devices.js'

/** A GPU or chip named on the command line (--gpu "RTX 4090"), by its name or its pattern. */
export function findDevice(query: string): DeviceSpec | undefined {
  const byName = DEVICE_SPECS.find((device) => normalizeName(device.name) === normalizeName(query))
  return byName ?? DEVICE_SPECS.find((device) => device.pattern.test(query))
}

export function deviceSuggestions(query: string): string[] {
  return closeMatches(query, DEVICE_SPECS.map((device) => device.name))
}
