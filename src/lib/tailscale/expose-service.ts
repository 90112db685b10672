
import {ExitCode, LocalclawError} from '../errors.js'
import {ensureRoot, installContext, quote, runStep, stepCommand} from '../runtimes/install.js'
import {runtimeById} from '../runtimes/registry.js'
import {detectRuntime, type InstallContext, type InstallStep, type Runtime, type RuntimeId} from '../runtimes/runtime.js'
import {privateDir} from '../state-dir.js'
import {pathExists, type System} from '../system.js'
import {tailscaleProblem} from './advice.js'
import {defaultMethod, exposePlan, isForwarded, OLLAMA_DROP_IN, unexposePlan, type ExposeMethod} from './expose.js'
import {tailscaleState} from './status.js'

export interface ExposeRequest {
  runtime: RuntimeId
  method?: ExposeMethod
  allowLan: boolean
  dryRun: boolean
  yes: boolean
  canPrompt: boolean
  confirm: (message: string) => Promise<boolean>
  system: System
  /** Shown before anything runs, and before asking. */
  onPlan?: (plan: ExposeResult) => void
  waitMs?: number
}

export interface ExposeResult {
  runtime: RuntimeId
  /** planned: --dry-run (or declined); done: ran and verified; manual: the steps are yours to run. */
  action: 'planned' | 'done' | 'manual'
  method: ExposeMethod | null
  /** Where tailnet clients reach it. */
  url: string | null
  commands: string[]
  manual: string[]
  warnings: string[]
  /** This node's name, for `tailscale connect` on the other machine. */
  node: string | null
}

async function runPlan(request: Omit<ExposeRequest, 'method' | 'allowLan'>, runtime: Runtime, context: InstallContext, steps: InstallStep[], result: ExposeResult): Promise<boolean> {
  request.onPlan?.(result)
  if (request.dryRun || steps.length === 0) return false
  if (!request.yes) {
    if (!request.canPrompt) {
      throw new LocalclawError('This changes how a runtime listens, and there is no terminal to ask in.', {code: 'missing_input', exit: ExitCode.usage, suggestions: ['Pass --yes to run it, or --dry-run to only see it']})
    }
    if (!await request.confirm(`Run ${steps.length === 1 ? 'this command' : `these ${steps.length} commands`}?`)) return false
  }
  await ensureRoot(request, context, steps)
  for (const step of steps) await runStep(step, context, request.system, privateDir(request.system.homedir, 'logs'), runtime)
  return true
}

/** The port the runtime listens on here, where its URL variable may have moved it. */
function localPort(runtime: Runtime, system: System): number {
  return Number(new URL(runtime.defaultBaseUrl(system)).port) || runtime.defaultPort
}

async function tailnet(system: System) {
  const state = await tailscaleState(system, 5000)
  const problem = tailscaleProblem(state.info, system.platform)
  if (problem) throw new LocalclawError(problem.message, {code: 'tailscale_down', exit: ExitCode.failed, suggestions: [problem.fix]})
  if (!state.info.ipv4 || !state.binary) throw new LocalclawError('This machine has no tailnet IPv4 address.', {code: 'tailscale_down', exit: ExitCode.failed, suggestions: ['tailscale ip -4 should print one; check the tailnet\'s IP settings']})
  return {...state, ipv4: state.info.ipv4, binary: state.binary}
}

/** Make a local runtime reachable from the tailnet only, verify it from the tailnet address, or say what to run. */
export async function expose(request: ExposeRequest): Promise<ExposeResult> {
  const {system} = request
  const runtime = runtimeById(request.runtime)!
  const state = await tailnet(system)
  const status = await detectRuntime(system, runtime, 1500)
  if (!status.installed) throw new LocalclawError(`${runtime.name} is not installed here.`, {code: 'runtime_missing', exit: ExitCode.failed, suggestions: [`localclaw install ${runtime.id}`]})
  const context = await installContext(system, runtime, async () => [])
  const method = request.method ?? defaultMethod(runtime, context)
  if (method === 'lan' && !request.allowLan) {
    throw new LocalclawError(`--method lan makes ${runtime.name} listen on 0.0.0.0: every network this machine joins could use it, without a password.`, {
      code: 'usage', exit: ExitCode.usage, suggestions: ['Pass --allow-lan if that is what you want', `Or keep it on the tailnet: localclaw tailscale expose ${runtime.id}`],
    })
  }
  const plan = exposePlan(runtime, method, context, {tailnetIp: state.ipv4, tun: state.tun !== false, tailscale: state.binary, port: localPort(runtime, system)})
  if (!plan.supported) throw new LocalclawError(`${runtime.name} cannot be exposed with --method ${method}: ${plan.reason}.`, {code: 'unsupported', exit: ExitCode.usage, suggestions: plan.suggestions})
  const result: ExposeResult = {
    runtime: runtime.id, action: 'planned', method, url: plan.url, manual: plan.manual, warnings: plan.warnings,
    commands: plan.steps.map((step) => quote(stepCommand(step, context))), node: state.info.hostName,
  }
  if (!await runPlan(request, runtime, context, plan.steps, result)) return plan.steps.length === 0 && !request.dryRun ? {...result, action: 'manual'} : result
  // Verified the way a peer will connect: to the tailnet address, and it must really be this runtime.
  const deadline = Date.now() + (request.waitMs ?? 20_000)
  while (Date.now() < deadline) {
    if ((await runtime.identify(system.http, plan.url, 1000)).identified) return {...result, action: 'done'}
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new LocalclawError(`The commands ran, but ${runtime.name} does not answer at ${plan.url}.`, {
    code: 'expose_unverified', exit: ExitCode.failed,
    suggestions: [...plan.manual, runtime.id === 'ollama' ? 'Check the service: journalctl -u ollama -n 50 (or ~/.ollama/logs/server.log)' : `Check that ${runtime.name} is running`, 'Undo: localclaw tailscale unexpose'],
  })
}

/** Undo `expose`: the TCP forward if there is one, Ollama's listen address back to loopback. */
export async function unexpose(request: Omit<ExposeRequest, 'method' | 'allowLan'>): Promise<ExposeResult> {
  const {system} = request
  const runtime = runtimeById(request.runtime)!
  const state = await tailnet(system)
  const serveStatus = await system.exec(state.binary, ['serve', 'status', '--json'], {timeoutMs: 5000, env: system.env})
  const context = await installContext(system, runtime, async () => [])
  const port = localPort(runtime, system)
  const plan = unexposePlan(runtime, context, {tailscale: state.binary, forwarded: isForwarded(serveStatus.stdout, port), dropIn: await pathExists(system, OLLAMA_DROP_IN), port})
  const result: ExposeResult = {
    runtime: runtime.id, action: 'planned', method: null, url: null, manual: plan.manual, warnings: [],
    commands: plan.steps.map((step) => quote(stepCommand(step, context))), node: state.info.hostName,
  }
  if (plan.steps.length === 0) {
    request.onPlan?.(result)
    return {...result, action: plan.manual.length > 0 ? 'manual' : 'done'}
  }
  return await runPlan(request, runtime, context, plan.steps, result) ? {...result, action: 'done'} : result
}
