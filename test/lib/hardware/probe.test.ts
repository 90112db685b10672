import {describe, expect, it} from 'vitest'

import {detect} from '../../../src/lib/detect.js'
import {fixture, fixturePath} from '../../helpers/fixtures.js'
import {fakeBin, printFile, tempDir, testSystem, writeTree} from '../../helpers/system.js'

const GIB = 1024 ** 3

/** nvidia-smi that prints the query CSV for --query-gpu and the header otherwise, like the real one. */
const fakeNvidiaSmi = (queryFile: string, headerFile = 'nvidia/nvidia-smi-header-cuda12.4.txt') => `
case "$1" in
  --query-gpu=*) cat '${fixturePath(queryFile)}' ;;
  *) cat '${fixturePath(headerFile)}' ;;
esac`

describe('probes through fake executables', () => {
  it('reads NVIDIA GPUs from nvidia-smi on PATH', async () => {
    const bin = fakeBin({'nvidia-smi': fakeNvidiaSmi('nvidia/query-two-gpus.COMPOSED.csv', 'nvidia/nvidia-smi-header-cuda12.6.txt')})
    const profile = await detect({system: testSystem({path: [bin]})})
    expect(profile.gpus.map((gpu) => [gpu.name, gpu.cudaVersion])).toEqual([
      ['NVIDIA GeForce RTX 3090', '12.6'],
      ['NVIDIA GeForce RTX 3060', '12.6'],
    ])
    expect(profile.probes.find((probe) => probe.id === 'nvidia-smi')?.status).toBe('ok')
  })

  it('retries without compute_cap on drivers that reject it', async () => {
    const bin = fakeBin({'nvidia-smi': `
case "$1" in
  --query-gpu=*compute_cap*) echo 'Field "compute_cap" is not a valid field to query.'; exit 2 ;;
  --query-gpu=*) echo '0, Tesla P100-PCIE-16GB, GPU-1, 00000000:04:00.0, 16384, 0, 16280, 515.65.01' ;;
  *) cat '${fixturePath('nvidia/nvidia-smi-header-cuda11.7-old-layout.txt')}' ;;
esac`})
    const profile = await detect({system: testSystem({path: [bin]})})
    // The P100's compute capability comes from the device table when the driver cannot report it.
    expect(profile.gpus[0]).toMatchObject({name: 'Tesla P100-PCIE-16GB', computeCapability: '6.0', cudaVersion: '11.7'})
  })

  it('turns the recorded driver-missing failure into a GPU without a driver', async () => {
    const bin = fakeBin({'nvidia-smi': printFile(fixturePath('nvidia/nvidia-smi-driver-missing.txt'), 9)})
    const root = tempDir()
    writeTree(root, {
      '/sys/bus/pci/devices/0000:01:00.0/class': '0x030000\n',
      '/sys/bus/pci/devices/0000:01:00.0/vendor': '0x10de\n',
      '/sys/bus/pci/devices/0000:01:00.0/device': '0x2684\n',
    })
    const profile = await detect({system: testSystem({path: [bin], root})})
    expect(profile.gpus).toHaveLength(1)
    expect(profile.gpus[0]).toMatchObject({name: 'NVIDIA GPU [10de:2684]', backend: 'none', pciBusId: '0000:01:00.0'})
    expect(profile.probes.find((probe) => probe.id === 'nvidia-smi')?.status).toBe('ok')
  })

  it('reads AMD memory from a fake sysfs and names it from rocm-smi', async () => {
    const bin = fakeBin({'rocm-smi': printFile(fixturePath('amd/rocm-smi-showproductname-showuse-showmeminfo-vram.json'))})
    const root = tempDir()
    const dev = '/sys/bus/pci/devices/0000:03:00.0'
    writeTree(root, {
      [`${dev}/class`]: '0x030000\n', [`${dev}/vendor`]: '0x1002\n', [`${dev}/device`]: '0x744c\n',
      [`${dev}/mem_info_vram_total`]: '21458059264\n', [`${dev}/mem_info_vram_used`]: '27856896\n',
      [`${dev}/driver`]: '->../../../bus/pci/drivers/amdgpu',
      // A non-display device on the same bus is ignored.
      '/sys/bus/pci/devices/0000:00:01.0/class': '0x020000\n', '/sys/bus/pci/devices/0000:00:01.0/vendor': '0x1af4\n',
    })
    const profile = await detect({system: testSystem({path: [bin], root})})
    expect(profile.gpus).toHaveLength(1)
    expect(profile.gpus[0]).toMatchObject({
      name: 'Radeon RX 7900 XT',
      backend: 'rocm',
      memory: {totalBytes: 21458059264, source: 'sysfs (amdgpu)'},
    })
  })

  it('cuts off a probe that hangs and still returns the rest of the profile', async () => {
    const bin = fakeBin({'nvidia-smi': 'sleep 30'})
    const profile = await detect({system: testSystem({path: [bin]}), timeoutMs: 300})
    const probe = profile.probes.find((record) => record.id === 'nvidia-smi')
    expect(probe).toMatchObject({status: 'timeout'})
    expect(probe!.detail).toMatch(/300 ms/)
    expect(profile.memory.totalBytes).toBeGreaterThan(0)
  })

  it('reads host facts from /proc and /etc under the host root', async () => {
    const root = tempDir()
    writeTree(root, {
      '/proc/cpuinfo': fixture('linux/cpuinfo-xeon-2vcpu.txt'),
      '/proc/meminfo': fixture('linux/meminfo-24g.txt'),
      '/proc/self/status': 'Name:\ttest\nCpus_allowed_list:\t0-1\n',
      '/proc/version': 'Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 12.2.0) #1 SMP',
      '/etc/os-release': fixture('linux/os-release-debian12.txt'),
    })
    const profile = await detect({system: testSystem({root})})
    expect(profile.cpu.physicalCores).toBe(2)
    expect(profile.memory.totalBytes).toBe(24684092 * 1024)
    expect(profile.os).toMatchObject({wsl: true, wslVersion: 2, name: 'Debian GNU/Linux 12 (bookworm)', container: null})
  })

  it('reports a missing tool as skipped, never as a failure of the command', async () => {
    const profile = await detect({system: testSystem()})
    const statuses = Object.fromEntries(profile.probes.map((probe) => [probe.id, probe.status]))
    expect(statuses).toMatchObject({'nvidia-smi': 'skipped', 'rocm-smi': 'skipped', 'system_profiler': 'skipped', 'windows-gpu': 'skipped'})
    expect(profile.probes.find((probe) => probe.id === 'nvidia-smi')?.detail).toBe('nvidia-smi not found')
  })

  it('measures disk space where models go: OLLAMA_MODELS, else the nearest existing parent', async () => {
    const models = tempDir()
    const fromEnv = await detect({system: testSystem({env: {OLLAMA_MODELS: `${models}/not/yet/created`}})})
    expect(fromEnv.disk).toMatchObject({modelDir: `${models}/not/yet/created`, basis: 'OLLAMA_MODELS', measuredPath: models})
    expect(fromEnv.disk.freeBytes).toBeGreaterThan(0)
  })

  it('uses the Linux service directory when the Ollama installer created it', async () => {
    const root = tempDir()
    writeTree(root, {'/usr/share/ollama/.ollama/models/manifests/.keep': ''})
    const {disk} = await detect({system: testSystem({root})})
    expect(disk.modelDir).toBe('/usr/share/ollama/.ollama/models')
    expect(disk.basis).toMatch(/service/)
  })
})

describe('tailscale probe', () => {
  it.each([
    [
      'status-running.COMPOSED.json',
      0,
      {installed: true, running: true, backendState: 'Running', ipv4: '100.99.99.99', dnsName: 'authentic-associate.tail1234.ts.net'},
    ],
    // Stopped keeps the old IPs: we must not call that connected.
    ['status-stopped.COMPOSED.json', 0, {installed: true, running: false, backendState: 'Stopped', ipv4: '100.99.99.99'}],
  ])('%s', async (file, exitCode, expected) => {
    const bin = fakeBin({tailscale: printFile(fixturePath(`tailscale/${file}`), exitCode)})
    const profile = await detect({system: testSystem({path: [bin]})})
    expect(profile.tailscale).toMatchObject(expected)
  })

  it('says the daemon is not running, in the words tailscale used', async () => {
    const bin = fakeBin({tailscale: printFile(fixturePath('tailscale/not-running-linux-systemd.txt'), 1, 'stderr')})
    const profile = await detect({system: testSystem({path: [bin]})})
    expect(profile.tailscale).toMatchObject({installed: true, running: false})
    expect(profile.tailscale.detail).toBe(`daemon not running: ${fixture('tailscale/not-running-linux-systemd.txt').trim()}`)
  })

  it('is not installed when there is no tailscale binary', async () => {
    const profile = await detect({system: testSystem()})
    expect(profile.tailscale).toMatchObject({installed: false, running: false, detail: 'not installed'})
  })
})

describe('RAM and cores fall back to Node when /proc is missing', () => {
  it('uses the system seam figures', async () => {
    const profile = await detect({system: testSystem()})
    expect(profile.memory).toMatchObject({totalBytes: 32 * GIB, availableBytes: 30 * GIB})
    expect(profile.cpu.logicalCores).toBe(8)
  })
})
