import net from 'node:net'

import {RUNTIMES} from '../../src/lib/runtimes/registry.js'

/** Whether a TCP connection to this loopback port is refused (nothing listens there). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({host: '127.0.0.1', port})
    socket.setTimeout(1000)
    socket.once('connect', () => resolve(false))
    socket.once('timeout', () => resolve(false))
    socket.once('error', () => resolve(true))
    socket.once('close', () => socket.destroy())
  })
}

/**
 * Loopback ports below the ephemeral range, so no server a test starts on port 0 can take one, and
 * checked to be closed on this machine: one per runtime, so each runtime's checks keep their own port.
 */
async function closedLowPorts(count: number): Promise<number[]> {
  const ports: number[] = []
  for (let port = 1; ports.length < count && port < 1024; port++) if (await refused(port)) ports.push(port)
  if (ports.length < count) throw new Error('no closed loopback port below 1024 for the runtimes-down environment')
  return ports
}

const ports = await closedLowPorts(RUNTIMES.length)

/**
 * Every runtime's URL variable (OLLAMA_HOST, LOCALCLAW_LMSTUDIO_URL, ...) pointed at a closed port.
 * Whatever this machine runs on 11434, 1234, 8080 or 8000 never reaches a test; a test that wants a
 * runtime up sets that one variable to its stand-in's address.
 */
export const RUNTIMES_DOWN: Readonly<Record<string, string>> = {
  ...Object.fromEntries(RUNTIMES.map((runtime, index) => [runtime.urlEnv, `127.0.0.1:${ports[index]}`])),
  // The model sources a name outside the catalog is read from: never the real Hub or registry in a test.
  HF_ENDPOINT: `http://127.0.0.1:${ports[0]}`, LOCALCLAW_OLLAMA_REGISTRY: `http://127.0.0.1:${ports[0]}`,
}

/** Every runtime's URL variable empty: each runtime at its own default address, as on a machine that sets none. */
export const RUNTIMES_AT_DEFAULTS: Readonly<Record<string, string>> = Object.fromEntries(RUNTIMES.map((runtime) => [runtime.urlEnv, '']))
