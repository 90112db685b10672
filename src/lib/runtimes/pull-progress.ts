import {progressRenderer} from '../ui/progress.js'
import {spinnerMode} from '../ui/spinner.js'
import type {PullEvent} from './pull.js'
import {pull, type PullRequest, type PullResult} from './pull-service.js'

/**
 * A pull as a command runs it: a progress bar (or coarse lines) on stderr, or each event handed to
 * onJsonEvent under --json; Ctrl-C stops the stream cleanly (the partial download is kept).
 */
export async function pullWithProgress(
  request: Omit<PullRequest, 'onEvent' | 'signal'>,
  output: {json: boolean; onJsonEvent?: (event: PullEvent) => void},
): Promise<PullResult> {
  const mode = spinnerMode(output.json)
  const renderer = mode === 'silent' ? null : progressRenderer(mode, (text) => process.stderr.write(text))
  const controller = new AbortController()
  const stop = () => controller.abort()
  process.once('SIGINT', stop)
  try {
    return await pull({
      ...request,
      signal: controller.signal,
      onEvent: (event) => (renderer ? renderer.onEvent(event) : output.onJsonEvent?.(event)),
    })
  } finally {
    renderer?.finish()
    process.off('SIGINT', stop)
  }
}
