import {PROBLEMS, type KnownProblem} from '../src/lib/doctor/problems.js'

/** The parts of oclif.manifest.json the reference needs. */
interface ManifestFlag {
  name: string
  char?: string
  description?: string
  type: 'boolean' | 'option'
  options?: string[]
  default?: unknown
  helpGroup?: string
  multiple?: boolean
  helpValue?: string
}
interface ManifestCommand {
  id: string
  summary?: string
  args: Record<string, {name: string; description?: string; required?: boolean; options?: string[]; default?: unknown}>
  flags: Record<string, ManifestFlag>
  examples?: string[]
}
export interface Manifest {
  commands: Record<string, ManifestCommand>
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n+/g, ' ')

function flagLine(flag: ManifestFlag): string {
  const value = flag.type === 'option' ? ` ${flag.helpValue ?? (flag.options ? flag.options.join('|') : '<value>')}` : ''
  const name = `${flag.char ? `-${flag.char}, ` : ''}--${flag.name}${value}`
  const extra = flag.default !== undefined && flag.type === 'option' ? ` Default: ${String(flag.default)}.` : ''
  return `  ${name.padEnd(34)} ${flag.description ?? ''}${extra}`
}

/** One section per command: usage, arguments, its own flags (global ones once, at the top), examples. */
export function commandReference(manifest: Manifest): string {
  const ids = Object.keys(manifest.commands).sort()
  const parts = ['Global flags on every command: `--json`, `--non-interactive`, `--verbose` (see "Every command").', '']
  for (const id of ids) {
    const command = manifest.commands[id]!
    const name = id.replace(/:/g, ' ')
    const args = Object.values(command.args).map((arg) => (arg.required ? `<${arg.name}>` : `[${arg.name}]`)).join(' ')
    const flags = Object.values(command.flags).filter((flag) => flag.helpGroup !== 'GLOBAL' && flag.name !== 'json')
    parts.push(`### \`localclaw ${name}${args ? ` ${args}` : ''}\``, '', command.summary ?? '', '', '```')
    parts.push(`USAGE\n  $ localclaw ${name}${args ? ` ${args}` : ''}${flags.length > 0 ? ' [flags]' : ''}`)
    if (flags.length > 0) parts.push('', 'FLAGS', ...flags.sort((a, b) => a.name.localeCompare(b.name)).map(flagLine))
    if (command.examples?.length)
      parts.push('', 'EXAMPLES', ...command.examples.map((example) => `  $ ${example.replace(/<%= config\.bin %>/g, 'localclaw')}`))
    parts.push('```', '')
  }
  return parts.join('\n').trim()
}

/** Doctor's known problems as a table: what you see, why, and the fix. */
export function troubleshootingTable(): string {
  const general = (problem: KnownProblem) => {
    if (problem.fixSummary) return problem.fixSummary
    const fix = typeof problem.fix === 'function' ? problem.fix({}) : problem.fix
    if (!fix.run) return fix.note!.replace(/^./, (first) => first.toUpperCase())
    return fix.note ? `${fix.run} (${fix.note})` : fix.run
  }
  const rows = PROBLEMS.map(
    (problem) =>
      `| ${cell(problem.title)} | ${cell(problem.cause.replace(/\{(\w+)\}/g, '<$1>'))} | ${cell(general(problem).replace(/\{(\w+)\}/g, '<$1>'))} |`,
  )
  return ['| problem | why | fix |', '|---|---|---|', ...rows].join('\n')
}

function replaceBetween(text: string, name: string, content: string): string {
  const start = `<!-- ${name} -->`
  const end = `<!-- ${name}stop -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from === -1 || to === -1) throw new Error(`README.md has no ${start} ... ${end} markers`)
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`
}

/** README with both generated sections brought up to date. */
export function readmeSections(readme: string, manifest: Manifest): {updated: string; changed: boolean} {
  const updated = replaceBetween(replaceBetween(readme, 'commands', commandReference(manifest)), 'troubleshooting', troubleshootingTable())
  return {updated, changed: updated !== readme}
}
