import path from 'node:path'

import {listDir, readText, type System} from './system.js'

/** Where systemd reads a unit and its drop-ins, most important first for files of the same name (systemd.unit(5)). */
const UNIT_DIRS = [
  '/etc/systemd/system',
  '/run/systemd/system',
  '/usr/local/lib/systemd/system',
  '/usr/lib/systemd/system',
  '/lib/systemd/system',
]

export interface EnvAssignment {
  /** The file that sets it. */
  file: string
  /** The value, or null where an empty `Environment=` clears every earlier assignment. */
  value: string | null
}

/** `Environment="A=1" B=2` -> [A=1, B=2]: whitespace-separated, double or single quotes group. */
function assignments(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3]!)
}

function fromUnitFile(file: string, text: string, variable: string): EnvAssignment[] {
  const found: EnvAssignment[] = []
  let section = ''
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (/^\[.*\]$/.test(line)) section = line
    if (section !== '[Service]' || !/^Environment\s*=/.test(line)) continue
    const rest = line.replace(/^Environment\s*=\s*/, '')
    if (rest === '') found.push({file, value: null})
    for (const assignment of assignments(rest)) {
      if (assignment.startsWith(`${variable}=`)) found.push({file, value: assignment.slice(variable.length + 1)})
    }
  }
  return found
}

/**
 * Every assignment of `variable` systemd makes for `unit`, in the order it applies them: the unit
 * file, then the drop-ins of all unit directories sorted by file name (the last one wins). This is
 * how a user's `systemctl edit` override.conf, which sorts after localclaw's drop-in, decides where
 * the service listens.
 */
export async function serviceEnvironment(system: System, unit: string, variable: string): Promise<EnvAssignment[]> {
  const found: EnvAssignment[] = []
  for (const dir of UNIT_DIRS) {
    const file = path.posix.join(dir, unit)
    const text = await readText(system, file)
    if (text !== null) {
      found.push(...fromUnitFile(file, text, variable))
      break
    }
  }
  const dropIns = new Map<string, string>()
  for (const dir of UNIT_DIRS) {
    const dropInDir = path.posix.join(dir, `${unit}.d`)
    for (const name of (await listDir(system, dropInDir)) ?? []) {
      if (name.endsWith('.conf') && !dropIns.has(name)) dropIns.set(name, path.posix.join(dropInDir, name))
    }
  }
  for (const name of [...dropIns.keys()].sort()) {
    const file = dropIns.get(name)!
    found.push(...fromUnitFile(file, (await readText(system, file)) ?? '', variable))
  }
  return found
}

/** The value systemd ends up with, and the file that set it (null: unset). */
export function effective(assignments: EnvAssignment[]): EnvAssignment | null {
  const last = assignments.at(-1)
  return last && last.value !== null ? last : null
}
