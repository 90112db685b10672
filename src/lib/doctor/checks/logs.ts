import {RUNTIMES} from '../../runtimes/registry.js'
import {pass, problem, skip, type Check, type CheckResult} from '../check.js'
import type {LogExcerpt} from '../logs.js'
import {readLogTail} from '../logs.js'
import {fixText, matchProblems, valuesFromSetup} from '../problems.js'

type Result = Omit<CheckResult, 'check'>

/** Known problems in one log: each reported once, with the line that shows it. */
function findings(idPrefix: string, log: LogExcerpt, known: Record<string, string>): Result[] {
  return matchProblems(log.text, known)
    .filter((match) => match.confidence !== 'low')
    .map((match) => {
      const {run, note} = fixText(match)
      return problem('warn', `${idPrefix}.${match.id}`, `${match.title}, in ${log.source}: ${match.evidence}`, match.cause, {
        run: run ?? undefined,
        note: note ?? undefined,
      })
    })
}

/**
 * The runtimes' recent logs (a day back), localclaw's own record of failed pulls, and any --log
 * file, read for the known problems: 429s and failed pulls, out of memory, a missing driver, a
 * port in use. Warnings: they happened, and may have been fixed since.
 */
export const logCheck: Check = {
  id: 'logs',
  title: 'Recent logs',
  async run(context) {
    const sources: Array<{prefix: string; logs: Promise<LogExcerpt[]>}> = [
      ...RUNTIMES.map((runtime) => ({prefix: `log.${runtime.id}`, logs: context.logs(runtime.id)})),
      {prefix: 'log.pull', logs: context.logs('localclaw')},
      ...context.extraLogs.map((file, index) => ({
        prefix: `log.file${index + 1}`,
        // A file named on the command line is read whatever its age.
        logs: readLogTail(file, Number.NEGATIVE_INFINITY).then((log) => (log ? [log] : [])),
      })),
    ]
    // The fixes name the model and runtime OpenClaw is configured with, where the log does not.
    const known = valuesFromSetup(await context.providers())
    const results: Result[] = []
    const read: string[] = []
    for (const source of sources) {
      for (const log of await source.logs) {
        read.push(log.source)
        results.push(...findings(source.prefix, log, known))
      }
    }
    for (const [index, file] of context.extraLogs.entries()) {
      if (!read.includes(file))
        results.push(
          problem(
            'warn',
            `log.file${index + 1}`,
            `${file} could not be read`,
            'The file given with --log does not exist or is not readable.',
            {run: `ls -l ${file}`, note: 'check the path; save a container\'s log first: docker logs <name> > ollama.log 2>&1'},
          ),
        )
    }
    if (results.length > 0) return results
    return [
      read.length > 0 ? pass('logs', `no known problem in ${read.join(', ')}`) : skip('logs', 'no runtime log from the last day found'),
    ]
  },
}
