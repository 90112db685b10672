import {formatBytes, formatDuration} from './format.js'

/** What a download reports as it goes: a status line, a layer's progress, or a retry it waits for. */
export type ProgressEvent =
  | {event: 'status'; status: string}
  | {event: 'progress'; layer: string; completed: number; total: number}
  | {event: 'retry'; attempt: number; of: number; waitMs: number; reason: string}

/**
 * Pull progress on stderr: a bar per layer redrawn in place in a terminal, a line every 10% without
 * one, and nothing here under --json (the command prints the events as NDJSON). Redraws are
 * throttled so drawing never slows the download it reports.
 */
export interface ProgressRenderer {
  onEvent(event: ProgressEvent): void
  finish(): void
}

const BAR_WIDTH = 24
const REDRAW_MS = 100

interface LayerState {
  total: number
  completed: number
  /** Bytes per second, smoothed. */
  rate: number
  lastAt: number
  lastCompleted: number
  reportedTenth: number
}

export function progressRenderer(
  mode: 'tty' | 'plain',
  write: (text: string) => void,
  now: () => number = () => performance.now(),
): ProgressRenderer {
  const layers = new Map<string, LayerState>()
  let current: string | null = null
  let lastDraw = Number.NEGATIVE_INFINITY

  const line = (layer: string, state: LayerState) => {
    // Clamped: a count the runtime got wrong must not crash the bar (String.repeat of a negative).
    const fraction = state.total > 0 ? Math.min(1, Math.max(0, state.completed / state.total)) : 0
    const filled = Math.round(fraction * BAR_WIDTH)
    const eta =
      state.rate > 0 && state.completed < state.total
        ? ` ${formatDuration(((state.total - state.completed) / state.rate) * 1000)} left`
        : ''
    const rate = state.rate > 0 ? ` ${formatBytes(state.rate)}/s` : ''
    return `pulling ${layer} ${String(Math.floor(fraction * 100)).padStart(3)}% ▕${'█'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}▏ ${formatBytes(state.completed)}/${formatBytes(state.total)}${rate}${eta}`
  }
  const endLine = () => {
    if (mode === 'tty' && current !== null) write('\n')
    current = null
  }

  return {
    onEvent(event) {
      if (event.event === 'status') {
        endLine()
        write(`${event.status}\n`)
        return
      }
      if (event.event === 'retry') {
        endLine()
        write(`! ${event.reason}: waiting ${formatDuration(event.waitMs)}, then attempt ${event.attempt} of ${event.of}\n`)
        return
      }
      const time = now()
      let state = layers.get(event.layer)
      if (!state) {
        state = {total: event.total, completed: event.completed, rate: 0, lastAt: time, lastCompleted: event.completed, reportedTenth: -1}
        layers.set(event.layer, state)
      }
      const elapsed = (time - state.lastAt) / 1000
      if (elapsed >= 0.25) {
        const instant = (event.completed - state.lastCompleted) / elapsed
        state.rate = state.rate === 0 ? instant : state.rate * 0.7 + instant * 0.3
        state.lastAt = time
        state.lastCompleted = event.completed
      }
      state.completed = event.completed
      state.total = event.total
      const done = event.completed >= event.total
      if (mode === 'plain') {
        const tenth = Math.floor((event.completed / Math.max(1, event.total)) * 10)
        if (tenth > state.reportedTenth) {
          state.reportedTenth = tenth
          write(`pulling ${event.layer}: ${tenth * 10}% of ${formatBytes(event.total)}\n`)
        }
        return
      }
      if (current !== null && current !== event.layer) endLine()
      current = event.layer
      if (done || time - lastDraw >= REDRAW_MS) {
        lastDraw = time
        write(`\r\u001B[2K${line(event.layer, state)}`)
      }
      if (done) endLine()
    },
    finish: endLine,
  }
}
