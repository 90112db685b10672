import type {ConfigureResult} from './configure.js'

/** What `localclaw config` shows a person before and after writing. */
export function renderPlan(result: ConfigureResult): string {
  const model = result.model
  const capabilities = [
    model.tools ? 'tools' : model.tools === false ? 'no tool calling' : null,
    model.vision ? 'vision' : null,
    model.reasoning ? 'reasoning' : null,
  ].filter(Boolean)
  const lines = [
    `Config  ${result.path} (${result.pathReason})`,
    `Model   ${result.ref}: ${model.name}, context ${model.contextTokens} of ${model.contextWindow}${capabilities.length ? `, ${capabilities.join(', ')}` : ''}`,
  ]
  if (!result.changed) {
    lines.push('', 'Already configured: nothing to change.')
  } else {
    lines.push('', 'Changes:', ...result.changes.map((change) => `  ${change.kind} ${change.path}: ${change.description}`))
    lines.push('', result.diff.trimEnd())
  }
  for (const warning of result.warnings) lines.push(`! ${warning}`)
  if (result.lostComments.length > 0) {
    lines.push(
      `! these comments sit inside what localclaw rewrites and will not be kept; the backup ${result.path}.bak keeps them: ${result.lostComments.join(' | ')}`,
    )
  }
  return lines.join('\n')
}
