import {formatBytes} from '../../ui/format.js'
import {describeRanges, LOCALCLAW_NODE, OPENCLAW_NODE, satisfies} from '../../node-version.js'
import {pass, problem, skip, type Check} from '../check.js'
import {GIB} from '../../units.js'

/** OpenClaw's own engines range (OPENCLAW_NODE), stricter than localclaw's: a Node localclaw runs on may not start OpenClaw's gateway. */
export const nodeCheck: Check = {
  id: 'node',
  title: 'Node.js',
  async run(context) {
    const version = context.nodeVersion
    if (satisfies(version, OPENCLAW_NODE)) return [pass('node', `Node ${version}`)]
    return [
      problem(
        satisfies(version, LOCALCLAW_NODE) ? 'warn' : 'fail',
        'node',
        `Node ${version}: OpenClaw needs Node ${describeRanges(OPENCLAW_NODE)}`,
        'OpenClaw\'s package refuses other Node versions (its engines field), even where localclaw runs.',
        {run: 'nvm install 24 && npm i -g openclaw', note: 'or the current Node 24 installer from https://nodejs.org'},
      ),
    ]
  },
}

export const osCheck: Check = {
  id: 'os',
  title: 'Operating system',
  async run(context) {
    const {os} = await context.hardware()
    const name = `${os.name ?? os.platform} ${os.arch}${os.container ? ` in ${os.container}` : ''}`
    if (os.wslVersion === 1) {
      return [
        problem('fail', 'os', `${name} under WSL 1`, 'WSL 1 has no GPU access and Ollama\'s installer refuses it.', {
          run: `wsl.exe --set-version ${context.system.env.WSL_DISTRO_NAME ?? 'Ubuntu'} 2`,
          note: `in Windows PowerShell${context.system.env.WSL_DISTRO_NAME ? '' : '; wsl.exe -l -v lists the distributions'}`,
        }),
      ]
    }
    if (!['linux', 'darwin', 'win32'].includes(os.platform)) {
      return [
        problem('fail', 'os', `${name} is not supported`, 'The local runtimes ship for Linux, macOS and Windows only.', {
          run: 'localclaw tailscale status',
          note: 'run the model on a supported machine and reach it over the tailnet',
        }),
      ]
    }
    if (os.container) {
      return [
        problem('warn', 'os', name, 'Inside a container, GPUs and runtimes on the host are only visible when passed in.', {
          run: 'docker run -d --gpus=all -v ollama:/root/.ollama -p 11434:11434 ollama/ollama',
          note: 'the runtime\'s container with the GPU passed in (NVIDIA Container Toolkit); or run localclaw doctor on the host',
        }),
      ]
    }
    return [pass('os', name)]
  },
}

/** Fail below 5 GiB free (not even a small model fits), warn below 20 GiB (an 8B model and a spare). */
export const diskCheck: Check = {
  id: 'disk',
  title: 'Disk space for models',
  async run(context) {
    const {disk} = await context.hardware()
    if (disk.freeBytes === null) return [skip('disk', `free space at ${disk.modelDir} could not be measured`)]
    const message = `${formatBytes(disk.freeBytes)} free at ${disk.modelDir}`
    const fix = {
      run: `du -sh ${disk.modelDir}/*`,
      note: 'what takes the space; free some, or point OLLAMA_MODELS at a bigger disk and restart Ollama; localclaw recommend lists smaller models',
    }
    if (disk.freeBytes < 5 * GIB) return [problem('fail', 'disk', message, 'Even a small model (2-5 GB) will not download there.', fix)]
    if (disk.freeBytes < 20 * GIB)
      return [problem('warn', 'disk', message, 'Room for one mid-size model at most; downloads fail when the disk fills.', fix)]
    return [pass('disk', message)]
  },
}
