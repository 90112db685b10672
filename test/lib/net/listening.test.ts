import net from 'node:net'
import type {AddressInfo} from 'node:net'
import {afterEach, describe, expect, it} from 'vitest'

import {exposureOf, listeningAddresses, parseLsofListening, parseNetstatListening, parseProcNetTcp} from '../../../src/lib/net/listening.js'
import {realSystem} from '../../../src/lib/system.js'

const servers: net.Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
})

async function listen(host: string, port = 0): Promise<number> {
  const server = net.createServer()
  servers.push(server)
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve))
  return (server.address() as AddressInfo).port
}

describe('where a server listens, from the socket table', () => {
  it.runIf(process.platform === 'linux')('this machine\'s real /proc/net/tcp: loopback, every address, and nothing', async () => {
    const system = realSystem()
    const loopback = await listen('127.0.0.1')
    expect(await listeningAddresses(system, loopback)).toEqual(['127.0.0.1'])
    const everywhere = await listen('0.0.0.0')
    expect(await listeningAddresses(system, everywhere)).toEqual(['0.0.0.0'])
    const both = await listen('127.0.0.1')
    await listen('::1', both).catch(() => null) // a machine without IPv6 loopback still has the IPv4 one
    expect(await listeningAddresses(system, both)).toEqual(expect.arrayContaining(['127.0.0.1']))
    const closed = await listen('127.0.0.1')
    await new Promise((resolve) => servers.pop()!.close(resolve))
    expect(await listeningAddresses(system, closed)).toEqual([])
  })

  it('reads /proc/net/tcp6, IPv4-mapped addresses included (COMPOSED lines in the kernel\'s format)', () => {
    const tcp6 = [
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000000000000000000000000000:2CAA 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0',
      '   1: 00000000000000000000000001000000:2CAA 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0',
      '   2: 0000000000000000FFFF00006463A8C0:2CAA 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0',
      '   3: 00000000000000000000000001000000:2CAB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4 1 0 100 0 0 10 0',
      '   4: 00000000000000000000000001000000:2CAA 00000000000000000000000001000000:9C40 01 00000000:00000000 00:00000000 00000000     0        0 5 1 0 100 0 0 10 0',
    ].join('\n')
    expect(parseProcNetTcp(tcp6, 11434)).toEqual(['::', '::1', '192.168.99.100'])
    expect(parseProcNetTcp('  sl  local_address rem_address   st\n   0: 6463A8C0:2CAA 00000000:0000 0A 0\n', 11434)).toEqual([
      '192.168.99.100',
    ])
  })

  it('reads lsof -Fn (macOS) and netstat -ano (Windows) (COMPOSED in their documented formats)', () => {
    expect(parseLsofListening('p812\ncollama\nf3\nn127.0.0.1:11434\nf4\nn[::1]:11434\n')).toEqual(['127.0.0.1', '::1'])
    expect(parseLsofListening('p812\ncollama\nf3\nn*:11434\n')).toEqual(['0.0.0.0'])
    const netstat =
      '\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n  TCP    100.99.99.99:11434     0.0.0.0:0              LISTENING       4242\r\n  TCP    [::]:11434             [::]:0                 LISTENING       4242\r\n  TCP    127.0.0.1:11435        0.0.0.0:0              LISTENING       7\r\n'
    expect(parseNetstatListening(netstat, 11434)).toEqual(['100.99.99.99', '::'])
  })

  it('says who can reach it', () => {
    const tailnet = '100.99.99.99'
    expect(exposureOf([], tailnet)).toBe('nothing')
    expect(exposureOf(['127.0.0.1', '::1'], tailnet)).toBe('loopback')
    expect(exposureOf([tailnet], tailnet)).toBe('tailnet')
    expect(exposureOf([tailnet, '0.0.0.0'], tailnet)).toBe('everywhere')
    expect(exposureOf(['::'], tailnet)).toBe('everywhere')
    expect(exposureOf(['192.168.1.20'], tailnet)).toBe('other')
  })
})
