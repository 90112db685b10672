export type PortState = 'open' | 'refused' | 'timeout' | 'unreachable'

/**
 * Whether something accepts TCP connections on host:port, and if not, why: refused means the
 * machine answered and nothing listens there (a server bound to loopback only); timeout or
 * unreachable means nothing answered at all (a firewall, an ACL, a machine that is off). A refused
 * connection answers in about a millisecond, so runtimes that are not running are ruled out without
 * loading the HTTP client.
 */
export function probePort(host: string, port: number, timeoutMs: number): Promise<PortState> {
  return new Promise((resolve) => {
    // node:net is loaded here, not at startup: most commands never probe a port (bench/startup.js).
    const socket = process.getBuiltinModule('node:net').connect({host, port})
    const done = (state: PortState) => {
      socket.destroy()
      resolve(state)
    }
    socket.setTimeout(timeoutMs, () => done('timeout'))
    socket.once('connect', () => done('open'))
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(error.code === 'ECONNREFUSED' ? 'refused' : error.code === 'ETIMEDOUT' ? 'timeout' : 'unreachable'),
    )
  })
}

export interface PortOwner {
  pid: number | null
  /** Process name, when the OS lets us see it. */
  name: string | null
}

/**
 * Linux: the listening socket's inode from /proc/net/tcp{,6}, then the process whose fd points at
 * it. Another user's process may be invisible without root: then pid and name are null.
 */
export async function linuxPortOwner(port: number, readText: (file: string) => Promise<string | null>,
  listDir: (dir: string) => Promise<string[] | null>, readLink: (file: string) => Promise<string | null>): Promise<PortOwner | null> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
  const inodes = new Set<string>()
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of ((await readText(table)) ?? '').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/)
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; inode is the 10th field.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A' && fields[9]) inodes.add(fields[9])
    }
  }
  if (inodes.size === 0) return null
  for (const pid of (await listDir('/proc')) ?? []) {
    if (!/^\d+$/.test(pid)) continue
    for (const fd of (await listDir(`/proc/${pid}/fd`)) ?? []) {
      const target = await readLink(`/proc/${pid}/fd/${fd}`)
      const inode = /^socket:\[(\d+)\]$/.exec(target ?? '')?.[1]
      if (inode && inodes.has(inode)) {
        return {pid: Number(pid), name: ((await readText(`/proc/${pid}/comm`)) ?? '').trim() || null}
      }
    }
  }
  return {pid: null, name: null}
}

/** macOS and BSD: `lsof -nP -iTCP:<port> -sTCP:LISTEN -Fpc` prints p<pid> and c<command> lines. */
export function parseLsof(output: string): PortOwner | null {
  const pid = /^p(\d+)$/m.exec(output)?.[1]
  const name = /^c(.+)$/m.exec(output)?.[1]
  return pid ? {pid: Number(pid), name: name ?? null} : null
}

/** Windows: `netstat -ano -p tcp` lines "TCP 127.0.0.1:11434 0.0.0.0:0 LISTENING 1234". */
export function parseNetstat(output: string, port: number): PortOwner | null {
  const line = output.split(/\r?\n/).find((row) => new RegExp(`:${port}\\s+\\S+\\s+LISTENING\\s+\\d+`, 'i').test(row))
  const pid = line ? /LISTENING\s+(\d+)/i.exec(line)?.[1] : undefined
  return pid ? {pid: Number(pid), name: null} : null
}

