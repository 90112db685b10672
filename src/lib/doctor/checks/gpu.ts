import type {Gpu} from '../../hardware/types.js'
import {backendsInWords, gpuRequirement} from '../../catalog/runtime-traits.js'
import {RUNTIMES} from '../../runtimes/registry.js'
import type {Runtime} from '../../runtimes/runtime.js'
import {pass, problem, skip, type Check, type CheckResult, type Fix} from '../check.js'
import type {DoctorContext} from '../context.js'

type Result = Omit<CheckResult, 'check'>

/** The driver install command for the distribution detect found. */
export function driverInstall(osName: string | null, platform: string): Fix {
  const name = (osName ?? '').toLowerCase()
  if (platform === 'win32')
    return {run: 'start https://www.nvidia.com/drivers', note: 'the driver page: 551.61 or newer for Ollama; restart after installing'}
  if (name.includes('ubuntu') || name.includes('pop!_os') || name.includes('mint')) return 'sudo ubuntu-drivers install && sudo reboot'
  if (name.includes('debian'))
    return {
      run: 'sudo apt install nvidia-driver firmware-misc-nonfree && sudo reboot',
      note: 'needs the non-free components enabled in the APT sources',
    }
  if (name.includes('fedora')) return {run: 'sudo dnf install akmod-nvidia && sudo reboot', note: 'from RPM Fusion'}
  if (name.includes('arch') || name.includes('manjaro')) return 'sudo pacman -S nvidia && sudo reboot'
  if (name.includes('opensuse')) return 'sudo zypper install-new-recommends --repo NVIDIA && sudo reboot'
  return {
    run: 'nvidia-smi',
    note: 'install the NVIDIA driver with your distribution\'s package manager and reboot, until this shows the GPU',
  }
}

function driverResults(gpus: Gpu[], osName: string | null, platform: string): Result[] {
  return gpus.filter((gpu) => gpu.vendor === 'nvidia' && gpu.backend === 'none').map((gpu, index) => {
    const mismatch = gpu.notes.some((note) => /versions differ/.test(note))
    return problem(
      'fail',
      `gpu.driver${index === 0 ? '' : `.${index}`}`,
      `${gpu.name}: ${gpu.notes[0] ?? 'no working driver'}`,
      mismatch
        ? 'The driver was updated but the old kernel module is still loaded.'
        : 'The GPU is there, but without a working driver every runtime falls back to the CPU.',
      mismatch ? {run: 'sudo reboot', note: 'or unload and reload the nvidia kernel modules'} : driverInstall(osName, platform),
    )
  })
}

/**
 * Each loaded model's share on the GPU. Part of it on the CPU is a problem only where a usable GPU
 * exists; with a GPU whose driver is broken, the driver check says why.
 */
async function offload(context: DoctorContext, runtime: Runtime, url: string, gpus: {working: number; present: number}): Promise<Result[]> {
  const loaded = await runtime.gpuUse!.loaded(context.system.http, url, context.timeoutMs) ?? []
  return loaded.flatMap(({model: name, bytes: size, vramBytes: vram}): Result[] => {
    const id = `gpu.offload.${name}`
    if (size === 0 || vram >= size) return [pass(id, `${name} runs entirely on the GPU`)]
    if (gpus.working === 0 && gpus.present === 0)
      return [pass(id, `${name} runs on the CPU, as it must on a machine without a GPU (recommend plans for that)`)]
    const cpuShare = Math.round((1 - vram / size) * 100)
    if (gpus.working === 0) {
      return [
        problem('warn', id, `${name} is ${cpuShare}% on the CPU`, `No GPU backend works here, so ${runtime.name} can only use the CPU.`, {
          run: 'localclaw detect',
          note: 'shows each GPU and why it has no backend; get it working first',
        }),
      ]
    }
    const fix = {
      run: `localclaw recommend ${name}`,
      note: 'a quantization and context that fit in VRAM; or free GPU memory other programs use',
    }
    return [
      problem(
        vram === 0 ? 'fail' : 'warn',
        id,
        `${name} is ${cpuShare}% on the CPU (size_vram ${vram} of ${size} bytes)`,
        vram === 0
          ? `${runtime.name} runs this model entirely on the CPU, several times slower than on a GPU.`
          : `The model and its context do not fit in free VRAM, so ${runtime.name} put some layers on the CPU, which slows every token.`,
        fix,
      ),
    ]
  })
}

/**
 * GPU acceleration: an NVIDIA GPU without a working driver; a runtime that found no GPU or put a model
 * partly on the CPU (where it says so); a GPU-only runtime on a machine without its backends.
 */
export const gpuCheck: Check = {
  id: 'gpu',
  title: 'GPU acceleration',
  async run(context) {
    const hardware = await context.hardware()
    const working = hardware.gpus.filter((gpu) => gpu.backend !== 'none')
    const results: Result[] = driverResults(hardware.gpus, hardware.os.name, hardware.os.platform)
    for (const runtime of RUNTIMES) {
      const status = hardware.runtimes.find((entry) => entry.id === runtime.id)
      if (!status?.installed) continue
      if (runtime.gpuUse) {
        const noGpuLine = (await context.logs(runtime.id)).map((log) => runtime.gpuUse!.noGpuInLog(log.text)).find(Boolean)
        if (noGpuLine && working.length > 0) {
          results.push(
            problem(
              'fail',
              `gpu.${runtime.id}`,
              `${runtime.name} found no GPU at its last start, but this machine has ${working.map((gpu) => gpu.name).join(', ')} (its log: ${noGpuLine.slice(0, 160)})`,
              `${runtime.name} started before the driver worked, runs in a container without the GPU, or lacks the libraries for this GPU.`,
              runtime.gpuUse.restart({container: Boolean(hardware.os.container), nvidia: working.some((gpu) => gpu.vendor === 'nvidia')}),
            ),
          )
        }
        if (status.server.identified) results.push(...await offload(context, runtime, status.server.url,
          {working: working.length, present: hardware.gpus.length}))
      }
      if (runtime.gpuOnly && !hardware.gpuTotals.backends.some((backend) => (runtime.backends as readonly string[]).includes(backend))) {
        const cpuRuntime = RUNTIMES.find((candidate) => candidate.role === 'default' && !candidate.gpuOnly)
        results.push(
          problem(
            'fail',
            `gpu.${runtime.id}`,
            `${runtime.name} is installed, but no ${backendsInWords(runtime.backends)} GPU works here`,
            `${gpuRequirement(runtime)}, and runs nothing on the CPU.`,
            hardware.gpus.some((gpu) => gpu.vendor === 'nvidia') || !cpuRuntime
              ? driverInstall(hardware.os.name, hardware.os.platform)
              : {run: `localclaw install ${cpuRuntime.id}`, note: 'runs on the CPU and on Apple, Vulkan and other GPUs'},
          ),
        )
      }
    }
    if (results.length === 0) {
      results.push(
        working.length > 0
          ? pass('gpu', working.map((gpu) => `${gpu.name} (${gpu.backend})`).join(', '))
          : skip(
              'gpu',
              hardware.gpus.length > 0
                ? 'no GPU backend works here; models run on the CPU'
                : 'no GPU: models run on the CPU (recommend accounts for it)',
            ),
      )
    }
    return results
  },
}
