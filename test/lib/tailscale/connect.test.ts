import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

import type {PortState} from '../../../src/lib/net/ports.js'
import {findPeer, isTailnetAddress, locateRemote} from '../../../src/lib/tailscale/connect.js'
import {parsePeers} from '../../../src/lib/tailscale/status.js'
import {fixture} from '../../helpers/fixtures.js'
import {fakeBin, printFile, tempDir, testSystem} from '../../helpers/system.js'

/** The recorded status, its one peer online: a tailnet address no test may really dial. */
function tailscaleOnPath(): string {
  const status = JSON.parse(fixture('tailscale/status-running.COMPOSED.json'))
  for (const peer of Object.values(status.Peer) as Array<{Online: boolean}>) peer.Online = true
  const file = path.join(tempDir(), 'status.json')
  writeFileSync(file, JSON.stringify(status))
  return fakeBin({tailscale: printFile(file)})
}

const locate = (state: PortState) =>
  locateRemote(testSystem({path: [tailscaleOnPath()], probePort: async () => state}), 'bogus-bandit', {timeoutMs: 200})

describe('tailscale connect: whose fault', () => {
  it('nothing comes back on any port: the path (tailscale ping, then an ACL), not the runtime', async () => {
    await expect(locate('timeout')).rejects.toMatchObject({
      code: 'remote_unreachable',
      suggestions: ['Check the path first: tailscale ping bogus-bandit', expect.stringContaining('ACL')],
    })
    await expect(locate('unreachable')).rejects.toMatchObject({code: 'remote_unreachable'})
  })

  it('connections refused: the machine is there, the runtime listens on loopback only', async () => {
    await expect(locate('refused')).rejects.toMatchObject({
      code: 'runtime_not_exposed',
      suggestions: [expect.stringContaining('localclaw tailscale expose'), expect.any(String)],
    })
  })

  it('finds a peer by host name, MagicDNS name or its first label, and tailnet IP, in any case', () => {
    const peers = parsePeers(fixture('tailscale/status-running.COMPOSED.json'))
    for (const query of ['BOGUS-BANDIT', 'bogus-bandit.tail1234.ts.net.', '100.88.88.88'])
      expect(findPeer(peers, query)?.hostName).toBe('bogus-bandit')
    expect(findPeer(peers, 'other')).toBeNull()
    expect(['100.64.0.1', '100.127.255.1', 'gpubox.tail1234.ts.net'].map(isTailnetAddress)).toEqual([true, true, true])
    expect(['100.63.0.1', '100.128.0.1', '192.168.1.5'].map(isTailnetAddress)).toEqual([false, false, false])
  })
})
