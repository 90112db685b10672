import {readText, type System} from '../system.js'
import {isLoopbackHost} from './server-url.js'

/**
 * The local addresses with a listening TCP socket on a port, from the socket table itself (what
 * `ss -ltn` shows): /proc/net/tcp and tcp6 on Linux, `lsof` on macOS, `netstat -ano` on Windows.
 * Whether a server is exposed is a fact about where it listens, not about whether this machine can
 * reach its own tailnet address. null when the table cannot be read.
 */
export async function listeningAddresses(system: System, port: number): Promise<string[] | null> {
  if (system.platform === 'linux') {
    const tables = await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((file) => readText(system, file)))
    if (tables.every((table) => table === null)) return null
    return unique(tables.flatMap((table) => (table ? parseProcNetTcp(table, port) : [])))
  }
  if (system.platform === 'win32') {
    const result = await system.exec('netstat', ['-ano'], {timeoutMs: 5000, env: system.env})
    return result.exitCode === 0 ? parseNetstatListening(result.stdout, port) : null
  }
  const result = await system.exec('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fn'], {timeoutMs: 5000, env: system.env})
  if (result.exitCode === 0) return parseLsofListening(result.stdout)
  // lsof exits 1, silently, when nothing matches: an empty table, not an unreadable one.
  return result.exitCode === 1 && `${result.stdout}${result.stderr}`.trim() === '' ? [] : null
}

const unique = (values: string[]) => [...new Set(values)]

/** 0100007F -> 127.0.0.1: /proc writes each 32-bit word of an address in host (little-endian) byte order. */
function procAddress(hex: string): string {
  const words = hex.match(/.{8}/g)!.map((word) => word.match(/../g)!.reverse().map((byte) => Number.parseInt(byte, 16)))
  if (words.length === 1) return words[0]!.join('.')
  const bytes = words.flat()
  // IPv4-mapped (::ffff:a.b.c.d) is the IPv4 address to anyone asking where a server listens.
  if (bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join('.')
  const groups = Array.from({length: 8}, (_, index) => ((bytes[index * 2]! << 8) | bytes[index * 2 + 1]!).toString(16))
  // RFC 5952: the longest run of two or more zero groups becomes ::.
  let best = {start: -1, length: 0}
  for (let start = 0; start < 8; start++) {
    let length = 0
    while (start + length < 8 && groups[start + length] === '0') length++
    if (length > best.length && length >= 2) best = {start, length}
  }
  if (best.start === -1) return groups.join(':')
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`
}

/** /proc/net/tcp{,6}: `sl local_address rem_address st ...`, state 0A is LISTEN. */
export function parseProcNetTcp(table: string, port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
  return table.split('\n').slice(1).map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === '0A' && fields[1]?.toUpperCase().endsWith(`:${hexPort}`))
    .map((fields) => procAddress(fields[1]!.split(':')[0]!))
}

/** `lsof -Fn` prints n<address>:<port> per socket; `*` is every address. */
export function parseLsofListening(output: string): string[] {
  return unique(output.split('\n').filter((line) => line.startsWith('n')).map((line) => {
    const address = line.slice(1).replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1')
    return address === '*' ? '0.0.0.0' : address
  }))
}

/** Windows: `TCP  127.0.0.1:11434  0.0.0.0:0  LISTENING  1234`, and `[::]:11434` for IPv6. */
export function parseNetstatListening(output: string, port: number): string[] {
  return unique(output.split(/\r?\n/).map((row) => row.trim().split(/\s+/))
    .filter((fields) => /^TCP$/i.test(fields[0] ?? '') && /^LISTENING$/i.test(fields[3] ?? '') && fields[1]?.endsWith(`:${port}`))
    .map((fields) => fields[1]!.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1')))
}

export type Exposure = 'nothing' | 'loopback' | 'tailnet' | 'everywhere' | 'other'

const isAny = (address: string) => address === '0.0.0.0' || address === '::'

/** Who can reach a server listening on these addresses. */
export function exposureOf(addresses: string[], tailnetIp: string): Exposure {
  if (addresses.length === 0) return 'nothing'
  if (addresses.some(isAny)) return 'everywhere'
  // The tailnet address is the tailnet, whatever range it sits in.
  if (addresses.every((address) => address === tailnetIp)) return 'tailnet'
  if (addresses.every(isLoopbackHost)) return 'loopback'
  if (addresses.every((address) => address === tailnetIp || isLoopbackHost(address))) return 'tailnet'
  return 'other'
}
