/**
 * OLLAMA_HOST as Ollama's own client reads it (envconfig.Host, and ConnectableHost for clients;
 * runtimes.md 1.4, table in envconfig/config_test.go):
 *   ""              -> http://127.0.0.1:11434
 *   "1.2.3.4"       -> http://1.2.3.4:11434
 *   ":1234"         -> all interfaces on 1234, so a client connects to 127.0.0.1:1234
 *   "[::]"          -> all IPv6 interfaces, so a client connects to [::1]:11434
 *   "ollama.com"    -> https://ollama.com:443
 *   "http://1.2.3.4"  -> port 80, "https://..." -> port 443 (a scheme changes the default port)
 *   a port over 65535 is ignored for the default
 */
export function ollamaClientUrl(value: string | undefined): string {
  let text = (value ?? '').trim()
  let scheme = 'http'
  let defaultPort = '11434'
  const separator = text.indexOf('://')
  if (separator === -1) {
    if (text === 'ollama.com') {
      scheme = 'https'
      text = 'ollama.com:443'
    }
  } else {
    scheme = text.slice(0, separator)
    text = text.slice(separator + 3)
    if (scheme === 'http') defaultPort = '80'
    else if (scheme === 'https') defaultPort = '443'
  }
  const slash = text.indexOf('/')
  const path = slash === -1 ? '' : text.slice(slash)
  const hostport = slash === -1 ? text : text.slice(0, slash)

  let host: string
  let port: string
  const split = splitHostPort(hostport)
  if (split) {
    ;({host, port} = split)
  } else {
    host = hostport.replace(/^\[|\]$/g, '') || '127.0.0.1'
    port = defaultPort
  }
  const number = Number(port)
  if (!/^\d+$/.test(port) || number > 65535) port = defaultPort
  // Clients cannot connect to "all interfaces": Ollama rewrites them to loopback.
  if (host === '' || host === '0.0.0.0') host = '127.0.0.1'
  if (host === '::') host = '::1'
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${path.replace(/\/+$/, '')}`
}

/** Go's net.SplitHostPort: "h:p", "[v6]:p", ":p"; null when there is no port. */
function splitHostPort(hostport: string): {host: string; port: string} | null {
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']')
    if (close === -1 || hostport[close + 1] !== ':') return null
    return {host: hostport.slice(1, close), port: hostport.slice(close + 2)}
  }
  const colon = hostport.lastIndexOf(':')
  if (colon === -1 || hostport.indexOf(':') !== colon) return null
  return {host: hostport.slice(0, colon), port: hostport.slice(colon + 1)}
}
