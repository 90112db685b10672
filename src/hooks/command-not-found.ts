import type {Hook} from '@oclif/core'

import {ExitCode} from '../lib/errors.js'
import {editDistance} from '../lib/names.js'
import {glyph, paint} from '../lib/ui/style.js'

/**
 * An unknown or misspelt command: a usage error (exit 2) that names the closest command, in the
 * same shape as every other error (stderr for people, {"error": ...} on stdout under --json).
 */
const hook: Hook<'command_not_found'> = async function (options) {
  const typed = options.id.replace(/:/g, ' ')
  const commands = this.config.commandIDs.map((id) => id.replace(/:/g, ' '))
  const closest = commands
    .map((name) => ({name, distance: editDistance(typed, name)}))
    .sort((a, b) => a.distance - b.distance)[0]
  const near = closest && closest.distance <= Math.max(2, Math.floor(typed.length / 3)) ? closest.name : null
  const report = {
    code: 'unknown_command',
    message: `Unknown command "${typed}".${near ? ` Did you mean ${near}?` : ''}`,
    suggestions: [...(near ? [`localclaw ${near}`] : []), 'localclaw --help lists the commands'],
    exit: ExitCode.usage,
  }
  if (options.argv?.includes('--json')) {
    process.stdout.write(`${JSON.stringify({error: report}, null, 2)}\n`)
  } else {
    process.stderr.write(`${paint('red', glyph.fail, process.stderr)} ${report.message}\n`)
    report.suggestions.forEach((suggestion, index) => process.stderr.write(`  ${index === 0 ? 'Try:' : '    '} ${suggestion}\n`))
  }
  this.exit(ExitCode.usage)
}

export default hook
