import {glyph, paint} from '../ui/style.js'
import type {CheckResult, CheckStatus} from './check.js'
import type {Summary} from './runner.js'

const GLYPHS: Record<CheckStatus, {mark: string; style: Parameters<typeof paint>[0]}> = {
  pass: {mark: '✔', style: 'green'},
  warn: {mark: '!', style: 'yellow'},
  fail: {mark: glyph.fail, style: 'red'},
  skip: {mark: '–', style: 'dim'},
}

/** One line per result; under each warning and failure, why, and the command that fixes it. */
export function renderReport(results: CheckResult[], summary: Summary, options: {verbose: boolean}): string {
  const lines: string[] = []
  for (const result of results) {
    if (result.status === 'skip' && !options.verbose) continue
    const {mark, style} = GLYPHS[result.status]
    lines.push(`${paint(style, mark)} ${result.message}`)
    if (result.cause) lines.push(`    ${result.cause}`)
    // The command as it runs; anything to know about it follows as a shell comment, so the line pastes as is.
    const notes = [result.fixNote, result.action ? 'doctor --fix can do this' : undefined].filter(Boolean).join('; ')
    if (result.fix) lines.push(`    ${paint('bold', 'Fix:')} ${result.fix}${notes ? paint('dim', `  # ${notes}`) : ''}`)
    // No one command does it: the words alone, never dressed as a command.
    else if (notes) lines.push(`    ${paint('bold', 'To fix:')} ${notes}`)
  }
  const counts = [`${summary.pass} ok`, `${summary.warn} warning${summary.warn === 1 ? '' : 's'}`, `${summary.fail} failed`]
  if (summary.skip > 0) counts.push(`${summary.skip} not applicable${options.verbose ? '' : ' (--verbose shows them)'}`)
  const verdict =
    summary.fail > 0
      ? paint('red', 'Problems found')
      : summary.warn > 0
        ? paint('yellow', 'Works, with warnings')
        : paint('green', 'All good')
  lines.push('', `${verdict}: ${counts.join(', ')}`)
  return `${lines.join('\n')}\n`
}
