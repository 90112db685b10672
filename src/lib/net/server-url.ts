// No imports: flags.ts loads this for every command, before anything else is needed.

/**
 * A runtime server's address as a user types it: a URL (http://127.0.0.1:8081/v1) or host:port, with
 * http assumed. Null when it is not an http(s) address of a host (no query or fragment either).
 */
export function parseServerUrl(value: string): string | null {
  const trimmed = value.trim()
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return null
  }
  if (!/^https?:$/.test(url.protocol) || !url.hostname || url.search || url.hash || /\s/.test(trimmed)) return null
  // A bare word is not an address: a host needs a dot, a port, or to be localhost or an IP literal.
  if (!/^https?:\/\//i.test(trimmed) && !url.port && !/[.:]/.test(url.hostname) && url.hostname !== 'localhost') return null
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`
}

/** localhost, 127.0.0.0/8 and ::1: this machine, reachable from nowhere else. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host)
}
