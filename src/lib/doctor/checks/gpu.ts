import type {Gpu} from '../../hardware/types.js'
import {isRecord} from '../../runtimes/runtime.js'
import {parseJson} from '../../net/http.js'
import {pass, problem, skip, type Check, type CheckResult, type Fix} from '../check.js'
import type {DoctorContext} from '../context.js'

type Result = Omit<CheckResult, 'check'>

/** The driver install command for the distribution detect found. */
export function driverInstall(osName: string | null, platform: string): Fix {
  const name = (osName ?? '').toLowerCase()
  if (platform === 'win32') return {run: 'start https://www.nvidia.com/drivers', note: 'the driver page: 551.61 or newer for Ollama; restart after installing'}
  if (name.includes('ubuntu') || name.includes('pop!_os') || name.includes('mint')) return 'sudo ubuntu-drivers install && sudo reboot'
  if (name.includes('debian')) return {run: 'sudo apt install nvidia-driver firmware-misc-nonfree && sudo reboot', note: 'needs the non-free components enabled in the APT sources'}
  if (name.includes('fedora')) return {run: 'sudo dnf install akmod-nvidia && sudo reboot', note: 'from RPM Fusion'}
  if (name.includes('arch') || name.includes('manjaro')) return 'sudo pacman -S nvidia && sudo reboot'
  if (name.includes('opensuse')) return 'sudo zypper install-new-recommends --repo NVIDIA && sudo reboot'
  return {run: 'nvidia-smi', note: 'install the NVIDIA driver with your distribution\'s package manager and reboot, until this shows the GPU'}
}

function driverResults(gpus: Gpu[], osName: string | null, platform: string): Result[] {
  return gpus.filter((gpu) => gpu.vendor === 'nvidia' && gpu.backend === 'none').map((gpu, index) => {
    const mismatch = gpu.notes.some((note) => /versions differ/.test(note))
    return problem('fail', `gpu.driver${index === 0 ? '' : `.${index}`}`, `${gpu.name}: ${gpu.notes[0] ?? 'no working driver'}`,
      mismatch ? 'The driver was updated but the old kernel module is still loaded.' : 'The GPU is there, but without a working driver every runtime falls back to the CPU.',
      mismatch ? {run: 'sudo reboot', note: 'or unload and reload the nvidia kernel modules'} : driverInstall(osName, platform))
  })
}

/** Ollama's last GPU discovery in its log: `inference compute ... library=cpu` means it found none. */
export function ollamaFoundNoGpu(log: string): string | null {
  const lines = log.split('\n').filter((line) => line.includes('msg="inference compute"'))
  const last = lines.at(-1)
  return last && /library=cpu\b/i.test(last) ? last.trim() : null
}

/**
 * /api/ps: size_vram below size means part of the model runs on the CPU (runtimes.md 1.1). That is a
 * problem only where a usable GPU exists; with a GPU whose driver is broken, the driver check says why.
 */
async function ollamaOffload(context: DoctorContext, url: string, gpus: {working: number; present: number}): Promise<Result[]> {
  const answer = await context.system.http(`${url}/api/ps`, {timeoutMs: context.timeoutMs})
  const json = answer.ok && answer.status === 200 ? parseJson(answer.body) : null
  if (!isRecord(json) || !Array.isArray(json.models)) return []
  return json.models.filter(isRecord).flatMap((model): Result[] => {
    const name = String(model.name)
    const size = typeof model.size === 'number' ? model.size : 0
    const vram = typeof model.size_vram === 'number' ? model.size_vram : 0
    const id = `gpu.offload.${name}`
    if (size === 0 || vram >= size) return [pass(id, `${name} runs entirely on the GPU`)]
    if (gpus.working === 0 && gpus.present === 0) return [pass(id, `${name} runs on the CPU, as it must on a machine without a GPU (recommend plans for that)`)]
    const cpuShare = Math.round((1 - vram / size) * 100)
    if (gpus.working === 0) {
      return [problem('warn', id, `${name} is ${cpuShare}% on the CPU`, 'No GPU backend works here, so Ollama can only use the CPU.', {run: 'localclaw detect', note: 'shows each GPU and why it has no backend; get it working first'})]
    }
    const fix = {run: `localclaw recommend ${name}`, note: 'a quantization and context that fit in VRAM; or free GPU memory other programs use'}
    return [problem(vram === 0 ? 'fail' : 'warn', id, `${name} is ${cpuShare}% on the CPU (size_vram ${vram} of ${size} bytes)`,
      vram === 0 ? 'Ollama runs this model entirely on the CPU, several times slower than on a GPU.' : 'The model and its context do not fit in free VRAM, so Ollama put some layers on the CPU, which slows every token.', fix)]
  })
}

/**
 * GPU acceleration: an NVIDIA GPU without a working driver; Ollama that found no GPU or put a model
 * partly on the CPU; vLLM on a machine without CUDA or ROCm.
 */
export const gpuCheck: Check = {
  id: 'gpu',
  title: 'GPU acceleration',
  async run(context) {
    const hardware = await context.hardware()
    const working = hardware.gpus.filter((gpu) => gpu.backend !== 'none')
    const results: Result[] = driverResults(hardware.gpus, hardware.os.name, hardware.os.platform)
    const ollama = hardware.runtimes.find((runtime) => runtime.id === 'ollama')
    if (ollama?.installed) {
      const noGpuLine = (await context.logs('ollama')).map((log) => ollamaFoundNoGpu(log.text)).find(Boolean)
      if (noGpuLine && working.length > 0) {
        const nvidia = working.some((gpu) => gpu.vendor === 'nvidia')
        results.push(problem('fail', 'gpu.ollama', `Ollama found no GPU (library=cpu), but this machine has ${working.map((gpu) => gpu.name).join(', ')}`,
          'Ollama started before the driver worked, runs in a container without the GPU, or lacks the libraries for this GPU.',
          hardware.os.container
            ? {run: 'docker run -d --gpus=all -v ollama:/root/.ollama -p 11434:11434 ollama/ollama', note: 'Ollama\'s container, with the GPU'}
            : nvidia ? {run: 'sudo systemctl restart ollama', note: 'now that the driver works; or quit and reopen the app'}
              : {run: 'localclaw install ollama', note: 'reinstalls it the official way, which adds the ROCm libraries'}))
      }
      if (ollama.server.identified) results.push(...await ollamaOffload(context, ollama.server.url, {working: working.length, present: hardware.gpus.length}))
    }
    const vllm = hardware.runtimes.find((runtime) => runtime.id === 'vllm')
    if (vllm?.installed && !hardware.gpuTotals.backends.some((backend) => backend === 'cuda' || backend === 'rocm')) {
      results.push(problem('fail', 'gpu.vllm', 'vLLM is installed, but no CUDA or ROCm GPU works here',
        'vLLM runs only on a working NVIDIA (CUDA) or AMD (ROCm) GPU.',
        hardware.gpus.some((gpu) => gpu.vendor === 'nvidia') ? driverInstall(hardware.os.name, hardware.os.platform) : {run: 'localclaw install ollama', note: 'runs on the CPU and on Apple, Vulkan and other GPUs'}))
    }
    if (results.length === 0) {
      results.push(working.length > 0
        ? pass('gpu', working.map((gpu) => `${gpu.name} (${gpu.backend})`).join(', '))
        : skip('gpu', hardware.gpus.length > 0 ? 'no GPU backend works here; models run on the CPU' : 'no GPU: models run on the CPU (recommend accounts for it)'))
    }
    return results
  },
}
