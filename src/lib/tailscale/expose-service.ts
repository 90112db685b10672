import path from 'node:path'

import {ExitCode, LocalclawError} from '../errors.js'
import {exposureOf, listeningAddresses, type Exposure} from '../net/listening.js'
import {askToRun, ensureRoot, installContext, runStep, stepCommand} from '../runtimes/install.js'
import {shellLine} from '../shell.js'
import {runtimeById} from '../runtimes/registry.js'
import type {ListenService} from '../runtimes/listen.js'
import {detectRuntime, type InstallContext, type InstallStep, type Runtime, type RuntimeId} from '../runtimes/runtime.js'
import {privateDir} from '../state-dir.js'
import {effective, serviceEnvironment, type EnvAssignment} from '../systemd-env.js'
import {hostPath, pathExists, type System} from '../system.js'
import {tailscaleProblem} from './advice.js'
import {defaultMethod, exposePlan, isForwarded, unexposePlan, type ExposeMethod} from './expose.js'
import {clearExposeRecord, readExposeRecord, saveExposeRecord} from './expose-record.js'
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
  /** How long one step may take (default ACTION_STEP_TIMEOUT_MS). */
  stepTimeoutMs?: number
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
  /** What the check after the run found worth saying (shown with the outcome). */
  notes: string[]
}

async function tailnet(system: System) {
  const state = await tailscaleState(system, 5000)
  const problem = tailscaleProblem(state.info, system.platform)
  if (problem) throw new LocalclawError(problem.message, {code: 'tailscale_down', exit: ExitCode.failed, suggestions: [problem.fix]})
  if (!state.info.ipv4 || !state.binary)
    throw new LocalclawError('This machine has no tailnet IPv4 address.', {
      code: 'tailscale_down',
      exit: ExitCode.failed,
      suggestions: ['tailscale ip -4 should print one; check the tailnet\'s IP settings'],
    })
  return {...state, ipv4: state.info.ipv4, binary: state.binary}
}

/** A step of expose or unexpose should take seconds; a hung one (systemctl restart) is stopped after this. */
export const ACTION_STEP_TIMEOUT_MS = 120_000

async function runPlan(
  request: Omit<ExposeRequest, 'method' | 'allowLan'>,
  runtime: Runtime,
  context: InstallContext,
  steps: InstallStep[],
  result: ExposeResult,
): Promise<boolean> {
  request.onPlan?.(result)
  if (request.dryRun || steps.length === 0) return false
  if (!(await askToRun(request, steps, 'This changes how a runtime listens'))) return false
  await ensureRoot(request, context, steps)
  const logs = privateDir(request.system.homedir, 'logs')
  for (const step of steps)
    await runStep(
      {...step, timeoutMs: step.timeoutMs ?? request.stepTimeoutMs ?? ACTION_STEP_TIMEOUT_MS},
      context,
      request.system,
      logs,
      runtime,
    )
  return true
}


/** The runtime's systemd service, where this machine runs it as one (Linux with systemd). */
function serviceOf(runtime: Runtime, context: InstallContext): ListenService | undefined {
  return context.platform === 'linux' && context.systemd ? runtime.listen.service : undefined
}

/**
 * Where the runtime listens here, and what decides it: for a service that reads its address from its
 * environment, the variable as the unit and its drop-ins set it (localclaw's own drop-in aside, so a
 * second expose or an unexpose keeps the user's port); otherwise localclaw's environment (the
 * runtime's URL variable) or the default port.
 */
async function listenFacts(runtime: Runtime, system: System,
  context: InstallContext): Promise<{port: number; assignments: EnvAssignment[]}> {
  const envPort = Number(new URL(runtime.defaultBaseUrl(system)).port) || runtime.defaultPort
  const service = serviceOf(runtime, context)
  if (!service) return {port: envPort, assignments: []}
  const assignments = await serviceEnvironment(system, `${service.unit}.service`, service.variable)
  const users = effective(assignments.filter((assignment) => path.posix.basename(assignment.file) !== path.posix.basename(service.dropIn)))
  const port = users?.value ? service.portOf(users.value) : system.env[runtime.urlEnv] ? envPort : runtime.defaultPort
  return {port, assignments}
}

/** A drop-in that systemd reads after localclaw's (by file name) and that sets the variable: it wins, whatever localclaw writes. */
function overriding(assignments: EnvAssignment[], service: ListenService): EnvAssignment | null {
  const later = assignments.filter(
    (assignment) => assignment.file.includes('.service.d/') && path.posix.basename(assignment.file) > path.posix.basename(service.dropIn),
  )
  return effective(later)
}

const describeAddresses = (addresses: string[], port: number) =>
  addresses.map((address) => `${address.includes(':') ? `[${address}]` : address}:${port}`).join(', ')

/**
 * Waits until the runtime listens where the method puts it, by the socket table. Where the table
 * cannot be read, reachability at the tailnet address decides, or (no address to try) nothing can.
 */
async function verifyListening(
  system: System,
  runtime: Runtime,
  port: number,
  tailnetIp: string,
  wanted: Exposure[],
  url: string | null,
  waitMs: number,
): Promise<{ok: true; how: 'socket table' | 'reachability' | 'unverified'} | {ok: false; addresses: string[]; exposure: Exposure}> {
  const deadline = Date.now() + waitMs
  let last: {addresses: string[]; exposure: Exposure} = {addresses: [], exposure: 'nothing'}
  for (;;) {
    const addresses = await listeningAddresses(system, port)
    if (addresses === null) {
      if (!url) return {ok: true, how: 'unverified'}
      if ((await runtime.identify(system.http, url, 1000)).identified) return {ok: true, how: 'reachability'}
    } else {
      last = {addresses, exposure: exposureOf(addresses, tailnetIp)}
      if (wanted.includes(last.exposure)) return {ok: true, how: 'socket table'}
    }
    if (Date.now() >= deadline) return {ok: false, ...last}
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

function listeningFailure(runtime: Runtime, port: number, found: {addresses: string[]; exposure: Exposure}, winner: EnvAssignment | null,
  what: string, suggestions: string[]): LocalclawError {
  const where =
    found.exposure === 'nothing'
      ? `nothing listens on port ${port}`
      : `${runtime.name} listens on ${describeAddresses(found.addresses, port)}${found.exposure === 'everywhere' ? ' (every network)' : ''}, ${what}`
  const service = runtime.listen.service
  const why =
    winner && service
      ? `: ${winner.file} sets ${service.variable}=${winner.value}${path.posix.basename(winner.file) === path.posix.basename(service.dropIn) ? '' : ', and systemd applies it last'}`
      : ''
  return new LocalclawError(`The commands ran, but ${where}${why}.`, {code: 'expose_unverified', exit: ExitCode.failed, suggestions})
}

/** Make a local runtime reachable from the tailnet only, verify it by where it listens, or say what to run. */
export async function expose(request: ExposeRequest): Promise<ExposeResult> {
  const {system} = request
  const runtime = runtimeById(request.runtime)!
  const state = await tailnet(system)
  const status = await detectRuntime(system, runtime, 1500)
  if (!status.installed)
    throw new LocalclawError(`${runtime.name} is not installed here.`, {
      code: 'runtime_missing',
      exit: ExitCode.failed,
      suggestions: [`localclaw install ${runtime.id}`],
    })
  const context = await installContext(system, runtime, async () => [])
  const tun = state.tun !== false
  const method = request.method ?? defaultMethod(runtime, context, tun)
  if (method === 'lan' && !request.allowLan) {
    throw new LocalclawError(
      `--method lan makes ${runtime.name} listen on 0.0.0.0: every network this machine joins could use it, without a password.`,
      {
        code: 'usage',
        exit: ExitCode.usage,
        suggestions: ['Pass --allow-lan if that is what you want', `Or keep it on the tailnet: localclaw tailscale expose ${runtime.id}`],
      },
    )
  }
  const {port, assignments} = await listenFacts(runtime, system, context)
  const service = serviceOf(runtime, context)
  const dropInPath = runtime.listen.service ? hostPath(system, runtime.listen.service.dropIn) : undefined
  const plan = exposePlan(runtime, method, context, {tailnetIp: state.ipv4, tun, tailscale: state.binary, port, dropInPath})
  if (!plan.supported)
    throw new LocalclawError(`${runtime.name} cannot be exposed with --method ${method}: ${plan.reason}.`, {
      code: 'unsupported',
      exit: ExitCode.usage,
      suggestions: plan.suggestions,
    })
  const systemdBind = plan.steps.some((step) => step.argv?.includes('daemon-reload'))
  const winner = service ? overriding(assignments, service) : null
  if (systemdBind && service && winner) {
    throw new LocalclawError(
      `${winner.file} sets ${service.variable}=${winner.value}, and systemd applies it after localclaw's drop-in, so ${runtime.name} would keep listening there. Nothing was changed.`,
      {
        code: 'expose_overridden',
        exit: ExitCode.failed,
        suggestions: [
          `Remove that Environment line (sudo systemctl edit ${service.unit} opens ${path.posix.basename(winner.file)} for override.conf), then run this again`,
          `Or keep it and use the forward: localclaw tailscale expose ${runtime.id} --method serve`,
        ],
      },
    )
  }
  const warnings = [...plan.warnings]
  const current = effective(assignments)
  if (method === 'serve' && service && current?.value && /^(https?:\/\/)?(0\.0\.0\.0|\[?::\]?)(:|$)/.test(current.value)) {
    warnings.push(
      `${current.file} sets ${service.variable}=${current.value}: ${runtime.name} listens on every network, so the LAN reaches it too, not only the tailnet`,
    )
  }
  const result: ExposeResult = {
    runtime: runtime.id, action: 'planned', method, url: plan.url, manual: plan.manual, warnings,
    commands: plan.steps.map((step) => shellLine(stepCommand(step, context))), node: state.info.hostName, notes: [],
  }
  const forwardedBefore =
    method === 'serve'
      ? isForwarded((await system.exec(state.binary, ['serve', 'status', '--json'], {timeoutMs: 5000, env: system.env})).stdout, port)
      : false
  const previousHost = await runtime.listen.previous?.(context, system)
  if (!(await runPlan(request, runtime, context, plan.steps, result)))
    return plan.steps.length === 0 && !request.dryRun ? {...result, action: 'manual'} : result
  await saveExposeRecord(system.homedir, runtime.id, {
    method,
    port,
    forwardAdded: method === 'serve' && !forwardedBefore,
    dropIn: systemdBind,
    ...(previousHost === undefined ? {} : {previousHost}),
    at: new Date().toISOString(),
  })
  // Exposed means: where it listens. Bound: the tailnet address only. Forwarded: loopback only, or the forward adds nothing the LAN lacks.
  const verified = await verifyListening(
    system,
    runtime,
    port,
    state.ipv4,
    method === 'bind' ? ['tailnet'] : method === 'lan' ? ['everywhere'] : ['loopback', 'tailnet'],
    plan.url,
    request.waitMs ?? 20_000,
  )
  if (!verified.ok) {
    const what =
      method === 'bind' ? `not on ${state.ipv4} alone` : 'not on loopback alone, so the LAN reaches it too, not only the tailnet forward'
    throw listeningFailure(runtime, port, verified,
      effective(await listenFacts(runtime, system, context).then((facts) => facts.assignments)), what, [
      ...plan.manual, runtime.listen.checkHint, 'Undo: localclaw tailscale unexpose',
    ])
  }
  if (!(await runtime.identify(system.http, plan.url, 1000)).identified) {
    result.notes.push(
      `${runtime.name} listens where it should, but did not answer at ${plan.url} from this machine; check from another machine on the tailnet: curl ${plan.url}`,
    )
  }
  return {...result, action: 'done'}
}

/** Undo `expose`: exactly what it recorded (its forward, its drop-in, OLLAMA_HOST as it was), verified by where the runtime listens. */
export async function unexpose(request: Omit<ExposeRequest, 'method' | 'allowLan'>): Promise<ExposeResult> {
  const {system} = request
  const runtime = runtimeById(request.runtime)!
  const state = await tailnet(system)
  const context = await installContext(system, runtime, async () => [])
  const {port} = await listenFacts(runtime, system, context)
  const serveStatus = await system.exec(state.binary, ['serve', 'status', '--json'], {timeoutMs: 5000, env: system.env})
  const record = await readExposeRecord(system.homedir, runtime.id)
  const dropIn = runtime.listen.service?.dropIn
  const plan = unexposePlan(runtime, context, {
    tailscale: state.binary, port, forwarded: isForwarded(serveStatus.stdout, port),
      dropIn: dropIn !== undefined && await pathExists(system, dropIn),
    dropInPath: dropIn === undefined ? undefined : hostPath(system, dropIn), record,
  })
  const result: ExposeResult = {
    runtime: runtime.id, action: 'planned', method: null, url: null, manual: plan.manual, warnings: [],
    commands: plan.steps.map((step) => shellLine(stepCommand(step, context))), node: state.info.hostName, notes: [],
  }
  if (plan.steps.length === 0) {
    request.onPlan?.(result)
    if (!request.dryRun) await clearExposeRecord(system.homedir, runtime.id)
    return {...result, action: plan.manual.length > 0 ? 'manual' : 'done'}
  }
  if (!await runPlan(request, runtime, context, plan.steps, result)) return result
  await clearExposeRecord(system.homedir, runtime.id)
  const service = runtime.listen.service
  if (service && plan.steps.some((step) => step.argv?.includes('restart'))) {
    // "Back on loopback" is a claim about the socket table: a user's own override may still open it up.
    const verified = await verifyListening(system, runtime, port, state.ipv4, ['loopback', 'nothing'], null, request.waitMs ?? 20_000)
    if (!verified.ok) {
      const winner = effective((await listenFacts(runtime, system, context)).assignments)
      throw listeningFailure(
        runtime,
        port,
        verified,
        winner,
        'not on loopback only',
        winner
          ? [
              `Remove ${service.variable} from ${winner.file} (sudo systemctl edit ${service.unit}), then: sudo systemctl restart ${service.unit}`,
            ]
          : [`Check the service: systemctl cat ${service.unit}`],
      )
    }
    if (verified.how === 'unverified')
      result.notes.push(
        `The socket table could not be read to confirm where ${runtime.name} listens now; check with: ss -ltn 'sport = :${port}'`,
      )
  }
  return {...result, action: 'done'}
}
