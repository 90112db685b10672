import net from 'node:net'

/**
 * Whether something accepts TCP connections on host:port. A refused connection answers in about a
 * millisecond, so runtimes that are not running are ruled out without loading the HTTP client.
 */
export function isPortOpen(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({host, port})
    const done = (open: boolean) => {
      socket.destroy()
      resolve(open)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
