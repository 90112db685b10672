import path from 'node:path'

import {findModel} from '../catalog/lookup.js'
import {gpuRequirement} from '../catalog/runtime-traits.js'
import {vllmServeFlags} from '../catalog/vllm-flags.js'
import {hostFlagListen} from './listen.js'
import {
  firstVersion,
  getJson,
  huggingFaceCli,
  answeredButNot,
  isRecord,
  notAnswering,
  openAiModelFacts,
  openAiModelIds,
  ownedBy,
  unsupported,
  type Runtime,
  urlFromEnv,
} from './runtime.js'

/** vLLM's GPU backends: it has no CPU path worth running an agent on. */
const BACKENDS = ['cuda', 'rocm'] as const

/** `vllm serve`, with the tool and reasoning parsers a catalog model needs: OpenClaw always sends tools. */
function serveCommand(modelId: string, extra: string[] = []): string {
  const model = findModel(modelId)?.model
  return ['vllm', 'serve', modelId, ...extra, ...(model ? vllmServeFlags(model).flags : [])].join(' ')
}

/**
 * vLLM: /v1/models entries say owned_by "vllm" (runtimes.md section 3); GET /version gives the version.
 * It serves HTTP only after the weights load, so "not answering" can mean "still loading".
 */
export const vllm: Runtime = {
  id: 'vllm',
  name: 'vLLM',
  engine: 'paged',
  downloads: 'checkpoint',
  engineLabel: 'vLLM',
  backends: BACKENDS,
  role: 'scale',
  gpuOnly: true,
  async catalogModelId({model}, query, served, planned) {
    const repos = (model.vllm ?? []).map((checkpoint) => checkpoint.repo)
    if (repos.includes(query)) return query
    // vLLM serves the repository it was started with: the server's, else the one recommend prints.
    return served?.find((id) => repos.includes(id)) ?? (await planned()) ?? repos[0] ?? query
  },
  quants: (model) => (model.vllm ?? []).map((checkpoint) => checkpoint.quant),
  artifact(model, quant, contextTokens, fit, slots = 1) {
    const checkpoint = model.vllm?.find((candidate) => candidate.quant === quant)
    if (!checkpoint) return {command: null, modelId: null, reasons: [], warnings: []}
    const {flags, warnings} = vllmServeFlags(model)
    const extra = [
      ...(fit?.vllm && fit.vllm.tensorParallel > 1 ? ['--tensor-parallel-size', String(fit.vllm.tensorParallel)] : []),
      ...(fit?.vllm && fit.vllm.gpuMemoryUtilization !== 0.9 ? ['--gpu-memory-utilization', String(fit.vllm.gpuMemoryUtilization)] : []),
      // vLLM batches up to 256 sequences by default; the memory plan is for `slots` whole contexts.
      ...(slots > 1 ? ['--max-num-seqs', String(slots)] : []),
    ]
    return {
      command: ['vllm', 'serve', checkpoint.repo, '--max-model-len', contextTokens, ...flags, ...extra].join(' '),
      modelId: checkpoint.repo,
      reasons: [],
      warnings,
    }
  },
  cluster: {
    checkpoint: (model) => model.vllm?.find((candidate) => candidate.quant !== 'BF16') ?? model.vllm?.[0] ?? null,
    commands: (model, repo, gpusPerNode, nodes, contextTokens) => [
      '# On every node, from a vLLM checkout (examples/online_serving/run_cluster.sh); keep these shells open:',
      'bash run_cluster.sh vllm/vllm-openai <HEAD_IP> --head ~/.cache/huggingface -e VLLM_HOST_IP=<HEAD_IP>      # head node',
      'bash run_cluster.sh vllm/vllm-openai <HEAD_IP> --worker ~/.cache/huggingface -e VLLM_HOST_IP=<THIS_NODE_IP>  # each worker',
      '# Check that every node and GPU joined:',
      'ray status',
      '# Then once, on the head node:',
      [
        'vllm',
        'serve',
        repo,
        '--tensor-parallel-size',
        gpusPerNode,
        '--pipeline-parallel-size',
        nodes,
        '--distributed-executor-backend',
        'ray',
        '--max-model-len',
        contextTokens,
        ...vllmServeFlags(model).flags,
      ].join(' '),
    ],
    warnings: ['traffic between the nodes is unencrypted and can be used to run code: keep it on a private network or the tailnet'],
  },
  defaultPort: 8000,
  binaries: ['vllm'],
  extraBinaryDirs: () => [],
  // The checkpoint for the quantization asked for (AWQ, FP8...), else the first the catalog lists.
  async downloadCommand({model, quant, system}) {
    const catalog = findModel(model)?.model
    const repo = catalog?.vllm?.find((checkpoint) => checkpoint.quant === (quant ?? checkpoint.quant))?.repo ?? model
    return [await huggingFaceCli(system, 'vLLM'), 'download', repo]
  },
  versionArgs: ['--version'],
  // vllm --version may print INFO log lines before the bare version; take the last version-like line.
  parseVersion: (output) => {
    const lines = output
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^v?\d+\.\d+/.test(line))
    return lines.length > 0 ? firstVersion(lines.at(-1)!) : null
  },
  urlEnv: 'LOCALCLAW_VLLM_URL',
  defaultBaseUrl: (system) => urlFromEnv(system, 'LOCALCLAW_VLLM_URL', 'http://127.0.0.1:8000'),
  async identify(http, baseUrl, timeoutMs) {
    const models = await getJson(http, `${baseUrl}/v1/models`, timeoutMs)
    if ('failure' in models) return notAnswering(baseUrl, models.failure)
    if (ownedBy(models.json) !== 'vllm') return answeredButNot(baseUrl, 'vLLM', `GET /v1/models -> HTTP ${models.status}`)
    const version = await getJson(http, `${baseUrl}/version`, timeoutMs)
    const number =
      !('failure' in version) && isRecord(version.json) && typeof version.json.version === 'string' ? version.json.version : null
    return {url: baseUrl, answering: true, identified: true, version: number, detail: 'vLLM is serving'}
  },
  listModels: openAiModelIds,
  // max_model_len is the context the server actually runs with.
  modelFacts: (http, baseUrl, modelId, timeoutMs) => openAiModelFacts(http, baseUrl, modelId, timeoutMs, (entry) => entry.max_model_len),
  canonicalModelId: (id) => id,
  async servedContext(http, baseUrl, modelId, timeoutMs) {
    const facts = await vllm.modelFacts(http, baseUrl, modelId, timeoutMs)
    return facts?.contextWindow ? {tokens: facts.contextWindow, basis: 'vLLM\'s max_model_len'} : null
  },
  contextFix: (modelId, tokens) => serveCommand(modelId, ['--max-model-len', String(tokens)]),
  missingV1Symptom: 'vLLM answers 404: its OpenAI API lives under /v1',
  serveCommand: (modelId) => serveCommand(modelId),
  // OpenClaw's docs/providers/vllm.md: Qwen thinking needs thinkingFormat "qwen-chat-template" (openclaw.md, vLLM).
  openclaw: {
    providerId: 'vllm',
    api: 'openai-completions',
    apiKey: 'vllm-local',
    basePath: '/v1',
    thinkingFormat: (family) => (family === 'qwen3' ? 'qwen-chat-template' : undefined),
  },
  /** vLLM goes into its own Python virtual environment, and only where CUDA or ROCm works. */
  installPlan(context) {
    if (context.platform !== 'linux')
      return unsupported(`vLLM runs on Linux with a CUDA or ROCm GPU, not on ${context.platform}`, [
        'On Windows, use WSL 2; otherwise Ollama or llama.cpp',
      ])
    if (!context.backends.some((backend) => (BACKENDS as readonly string[]).includes(backend))) {
      return unsupported(`${gpuRequirement({name: 'vLLM', backends: BACKENDS})}, and detect found none`, [
        'Use Ollama or llama.cpp on this machine',
        'localclaw detect shows why the GPU is not usable',
      ])
    }
    if (!context.has('python3'))
      return unsupported('python3 is needed for vLLM\'s virtual environment', ['sudo apt-get install -y python3 python3-venv'])
    const venv = path.join(context.homedir, '.local', 'share', 'localclaw', 'vllm')
    return {
      supported: true,
      method: `pip into a virtual environment at ${venv}`,
      steps: [
        {description: 'create the virtual environment', argv: ['python3', '-m', 'venv', venv]},
        {
          description: 'install vLLM (several GB of CUDA wheels)',
          argv: [path.join(venv, 'bin', 'pip'), 'install', '--upgrade', 'pip', 'vllm'],
        },
      ],
      start: null,
      notes: [
        `vllm is then at ${path.join(venv, 'bin', 'vllm')}; it needs a model to start: vllm serve <repo> (localclaw recommend shows one)`,
        ...(context.backends.includes('rocm') && !context.backends.includes('cuda')
          ? ['On ROCm the pip wheel is CUDA-only: the rocm/vllm Docker image is the supported route']
          : []),
      ],
      logHint: 'the terminal running vllm serve',
    }
  },
  portAdvice: (port, _context, modelId = '<model>') => [
    vllm.serveOnPort(port + 1),
    `Then: localclaw config --runtime vllm --url http://127.0.0.1:${port + 1}/v1 --model ${modelId}`,
  ],
  listen: hostFlagListen('vLLM', ['vLLM listens on 0.0.0.0 by default: start it with --host 127.0.0.1 so only the forward reaches it']),
  serveOnPort: (port) => `add --port ${port} to your vllm serve command (localclaw recommend <model> --runtime vllm prints one)`,
}
