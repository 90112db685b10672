import net from 'node:net'
import {describe, expect, it} from 'vitest'

import {parseLsof, parseNetstat} from '../../../src/lib/net/ports.js'
import {portOwner, realSystem} from '../../../src/lib/system.js'

describe('who holds a port', () => {
  it.runIf(process.platform === 'linux')('finds this very process holding a real listening socket', async () => {
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const {port} = server.address() as net.AddressInfo
    try {
      expect(await portOwner(realSystem(), port)).toEqual({pid: process.pid, name: expect.stringMatching(/node|vitest|MainThread/)})
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it.runIf(process.platform === 'linux')('says nothing holds a free port', async () => {
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const {port} = server.address() as net.AddressInfo
    await new Promise((resolve) => server.close(resolve))
    expect(await portOwner(realSystem(), port)).toBeNull()
  })

  it('reads lsof and netstat output', () => {
    expect(parseLsof('p812\ncnginx\nf6\n')).toEqual({pid: 812, name: 'nginx'})
    expect(
      parseNetstat(
        '  TCP    0.0.0.0:135     0.0.0.0:0   LISTENING   1052\r\n  TCP    127.0.0.1:11434  0.0.0.0:0   LISTENING   9876\r\n',
        11434,
      ),
    ).toEqual({pid: 9876, name: null})
    expect(parseNetstat('  TCP    127.0.0.1:11434  127.0.0.1:50000  ESTABLISHED   9876', 11434)).toBeNull()
  })
})
