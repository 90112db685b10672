import http from 'node:http'
import net, {type AddressInfo} from 'node:net'
import {afterEach} from 'vitest'

export interface Reply {
  status?: number
  body?: string
  headers?: Record<string, string>
  /** Never answer (to exercise timeouts). */
  hang?: boolean
  /** Full control of the response, e.g. to write part of a stream and cut the connection. */
  handle?: (response: http.ServerResponse) => void
}

export type Route = Reply | ((request: http.IncomingMessage, count: number) => Reply)

const servers: http.Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => {
    server.closeAllConnections()
    server.close(resolve)
  })))
})

/**
 * A real HTTP server on 127.0.0.1 replaying recorded responses by "METHOD /path". Unknown routes
 * get 404 unless `fallback` says otherwise (LM Studio answers them with 200).
 */
export async function serve(
  routes: Record<string, Route>,
  fallback?: Route,
  host = '127.0.0.1',
): Promise<{url: string; port: number; hits: string[]}> {
  const hits: string[] = []
  const counts = new Map<string, number>()
  const server = http.createServer((request, response) => {
    const key = `${request.method} ${request.url}`
    hits.push(key)
    const count = (counts.get(key) ?? 0) + 1
    counts.set(key, count)
    const route = routes[key] ?? fallback ?? {status: 404, body: '404 page not found'}
    const reply = typeof route === 'function' ? route(request, count) : route
    if (reply.hang) return
    if (reply.handle) {
      reply.handle(response)
      return
    }
    response.writeHead(reply.status ?? 200, {'content-type': 'application/json', ...reply.headers})
    response.end(reply.body ?? '')
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const {port} = server.address() as AddressInfo
  return {url: `http://${host}:${port}`, port, hits}
}

/** A loopback port nothing listens on: bound once by us, then released. */
export async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
