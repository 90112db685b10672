import type {ExposeResult} from './expose-service.js'

/** The plan as a person reads it: the commands, what is theirs to do, the warnings. */
export function renderExposePlan(result: ExposeResult): string {
  const lines: string[] = []
  if (result.method) lines.push(`Method: ${result.method}${result.url ? `, reachable at ${result.url}` : ''}`)
  if (result.commands.length > 0) lines.push('Commands:', ...result.commands.map((command) => `  ${command}`))
  if (result.manual.length > 0) lines.push('For you to do:', ...result.manual.map((step) => `  ${step}`))
  if (result.commands.length === 0 && result.manual.length === 0)
    lines.push('Nothing to undo: no forward and no listen address set by localclaw.')
  for (const warning of result.warnings) lines.push(`! ${warning}`)
  return lines.join('\n')
}

export function renderExposeOutcome(result: ExposeResult, verb: 'expose' | 'unexpose'): string | null {
  if (result.action === 'planned') return result.commands.length > 0 ? 'Nothing was run.' : null
  if (result.action === 'manual') return null
  const notes = result.notes.map((note) => `\n! ${note}`).join('')
  if (verb === 'unexpose') return `✔ Done: what localclaw changed is undone.${notes}`
  return `✔ ${result.url} ${notes ? 'is exposed to' : 'answers from'} the tailnet. On the machine running OpenClaw: localclaw tailscale connect ${result.node ?? '<this machine>'}${notes}`
}
