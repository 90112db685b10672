import {spawn} from 'node:child_process'
import {chmodSync, existsSync, fchmodSync, mkdirSync, openSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import path from 'node:path'

import {ExitCode, LocalclawError} from '../errors.js'
import {execFailureText, runAttached} from '../exec.js'
import {detectWsl, parseDistro} from '../hardware/os.js'
import {shellLine} from '../shell.js'
import {PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, privateDir} from '../state-dir.js'
import {pathExists, portOwner, readText, whichBinary, type System} from '../system.js'
import {runtimeById} from './registry.js'
import {
  detectRuntime,
  serverRoot,
  type InstallContext,
  type InstallPlan,
  type InstallStep,
  type Runtime,
  type RuntimeId,
} from './runtime.js'

export interface InstallRequest {
  runtime: RuntimeId
  /** Where the server should answer (default: its local port). */
  url?: string
  dryRun: boolean
  yes: boolean
  /** A person can be asked (a terminal, no --json, no CI). */
  canPrompt: boolean
  /** How to ask; not needed with yes (a caller that confirmed the whole plan itself, as setup does). */
  confirm?: (message: string) => Promise<boolean>
  /** Called with the plan before anything runs (and before asking or refusing). */
  onPlan?: (plan: InstallResult) => void
  system: System
  /** GPU backends that work here; only vLLM's plan needs them. */
  backends: () => Promise<string[]>
  /** How long to wait for the server after starting it. */
  waitMs?: number
}

export interface InstallResult {
  runtime: RuntimeId
  name: string
  /** already-running: nothing to do; planned: --dry-run; installed / started: done. */
  action: 'already-running' | 'planned' | 'installed' | 'started'
  plan: InstallPlan | null
  /** Each command as it would run (or ran), for the plan and the record. */
  commands: string[]
  version: string | null
  url: string
  notes: string[]
}

const PROGRAMS = ['curl', 'brew', 'winget', 'apt-get', 'python3', 'systemctl', 'sudo']

export async function installContext(system: System, runtime: Runtime, backends: () => Promise<string[]>): Promise<InstallContext> {
  const found = await Promise.all(PROGRAMS.map(async (program) => [program, await whichBinary(system, [program]) !== null] as const))
  const available = new Map(found)
  const wsl = system.platform === 'linux' ? detectWsl(await readText(system, '/proc/version'), system.env) : {wsl: false, version: null}
  const distro = system.platform === 'linux' ? parseDistro(await readText(system, '/etc/os-release')) : undefined
  return {
    distro,
    platform: system.platform, arch: system.arch, wsl: wsl.wsl ? wsl.version ?? 2 : null,
    backends: runtime.id === 'vllm' ? await backends() : [],
    homedir: system.homedir, has: (program) => available.get(program) ?? false, root: system.uid === 0 || system.platform === 'win32',
    systemd: system.platform === 'linux' && available.get('systemctl') === true && await pathExists(system, '/run/systemd/system'),
  }
}

/** The plan for this machine; for an installed runtime only the start step counts, so the download's curl is not required. */
export function planFor(runtime: Runtime, context: InstallContext, installed: boolean): InstallPlan {
  return runtime.installPlan(installed ? {...context, has: (program) => program === 'curl' || context.has(program)} : context)
}

/** The command line a step runs, as shown in the plan and as executed (its env is passed separately). */
export function stepCommand(step: InstallStep, context: InstallContext): string[] {
  if (step.shell)
    return context.platform === 'win32'
      ? ['powershell.exe', '-NoProfile', '-ExecutionPolicy', 'Bypass', '-Command', step.shell]
      : ['sh', '-c', step.shell]
  const argv = step.argv ?? []
  // Official scripts call sudo themselves; package managers get it here.
  return step.root && !context.root ? ['sudo', ...argv] : argv
}

/** A step as a person would type it: its environment first, then the command. */
export function displayStep(step: InstallStep, context: InstallContext): string {
  const env = Object.entries(step.env ?? {}).map(([name, value]) => `${name}=${value}`)
  return shellLine([...env, ...stepCommand(step, context)]) + (step.background ? ' &' : '')
}

/**
 * Whether to run the steps shown: --yes runs them, a terminal asks, and with neither the command
 * refuses (exit 2) naming the flags that answer, instead of running or hanging on a question.
 */
export async function askToRun(request: {yes: boolean; canPrompt: boolean; confirm?: (message: string) => Promise<boolean>},
  steps: InstallStep[], what: string): Promise<boolean> {
  if (request.yes) return true
  if (!request.canPrompt || !request.confirm) {
    throw new LocalclawError(`${what}, and there is no terminal to ask in.`, {
      code: 'missing_input', exit: ExitCode.usage, suggestions: ['Pass --yes to run them, or --dry-run to only see them'],
    })
  }
  return request.confirm(`Run ${steps.length === 1 ? 'this command' : `these ${steps.length} commands`}?`)
}

/** Root for steps that need it, without ever hanging on a hidden password prompt. */
export async function ensureRoot(request: {canPrompt: boolean; system: System}, context: InstallContext,
  steps: InstallStep[]): Promise<void> {
  if (context.root || !steps.some((step) => step.root)) return
  if (!context.has('sudo')) {
    throw new LocalclawError('This needs administrator rights, and sudo was not found.', {
      code: 'needs_root',
      exit: ExitCode.failed,
      suggestions: ['Run the same command as root'],
    })
  }
  if (request.canPrompt) {
    // In a terminal sudo can ask for the password where the user sees it.
    if (await runAttached('sudo', ['-v'], request.system.env) === 0) return
  } else if ((await request.system.exec('sudo', ['-n', 'true'], {timeoutMs: 5000, env: request.system.env})).exitCode === 0) {
    return
  }
  throw new LocalclawError('This needs administrator rights, and sudo cannot get them without a password prompt here.', {
    code: 'needs_root',
    exit: ExitCode.failed,
    suggestions: ['Run `sudo -v` in this terminal first, then run the same command again', 'Or run it as root'],
  })
}

/** A server started in the background: resolves with its exit code if it stops (null if it could not start). */
export interface BackgroundServer {
  exited: Promise<number | null>
  log: string
}

export async function runStep(step: InstallStep, context: InstallContext, system: System, logDir: string,
  runtime: Runtime): Promise<BackgroundServer | void> {
  const argv = stepCommand(step, context)
  if (step.background) {
    mkdirSync(logDir, {recursive: true, mode: PRIVATE_DIR_MODE})
    const logFile = path.join(logDir, `${runtime.id}-serve.log`)
    const log = openSync(logFile, 'a', PRIVATE_FILE_MODE)
    fchmodSync(log, PRIVATE_FILE_MODE)
    const child = spawn(argv[0]!, argv.slice(1), {env: {...system.env, ...step.env}, detached: true, stdio: ['ignore', log, log]})
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code))
      child.once('error', () => resolve(null))
    })
    child.unref()
    return {exited, log: logFile}
  }
  if (step.download) {
    // Into a private directory, as everything under ~/.localclaw (curl --create-dirs would make it 0755).
    const output = argv[argv.indexOf('-o') + 1]
    if (argv.includes('-o') && output?.startsWith(path.join(system.homedir, '.localclaw') + path.sep)) {
      privateDir(
        system.homedir,
        ...path.relative(path.join(system.homedir, '.localclaw'), path.dirname(output)).split(path.sep).filter(Boolean),
      )
    }
    // The downloader's own message (curl: (6) Could not resolve host: ...), not a guess about PATH.
    const result = await system.exec(argv[0]!, argv.slice(1), {timeoutMs: 10 * 60_000, env: system.env})
    if (result.exitCode !== 0) {
      throw new LocalclawError(`Could not ${step.description}: ${execFailureText(result)}.`, {
        code: 'download_failed',
        exit: ExitCode.failed,
        suggestions: ['Check the connection (a proxy needs HTTPS_PROXY), then run the same command again'],
      })
    }
    if (output && existsSync(output)) chmodSync(output, PRIVATE_FILE_MODE)
    return
  }
  const code = await runAttached(argv[0]!, argv.slice(1), system.env, step.timeoutMs)
  if (code === 'timeout') {
    throw new LocalclawError(
      `"${step.description}" did not finish within ${step.timeoutMs! / 1000} s, so it was stopped: ${shellLine(argv)}.`,
      {
        code: 'step_timeout',
        exit: ExitCode.failed,
        suggestions: ['Run that command yourself to see where it hangs (a service that does not stop: systemctl status <service>)'],
      },
    )
  }
  if (code !== 0) {
    throw new LocalclawError(
      `"${step.description}" failed: ${shellLine(argv)} ${code === null ? 'could not start' : `exited with ${code}`}.`,
      {code: 'install_failed', exit: ExitCode.failed},
    )
  }
}

async function waitForServer(runtime: Runtime, system: System, url: string, waitMs: number,
  stop: {stopped: boolean} = {stopped: false}): Promise<boolean> {
  const deadline = Date.now() + waitMs
  while (Date.now() < deadline && !stop.stopped) {
    if ((await runtime.identify(system.http, url, 1000)).identified) return true
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  return false
}

/**
 * Install and start a runtime the official way for this OS. Says exactly what it will run first;
 * runs nothing on --dry-run, or without a terminal unless --yes. Already installed and answering
 * is success with nothing done.
 */
export async function install(request: InstallRequest): Promise<InstallResult> {
  const base = runtimeById(request.runtime)
  if (!base) throw new LocalclawError(`Unknown runtime "${request.runtime}".`, {code: 'usage', exit: ExitCode.usage})
  const {system} = request
  const url = serverRoot(request.url ?? base.defaultBaseUrl(system))
  const runtime: Runtime = {...base, defaultBaseUrl: () => url}
  const status = await detectRuntime(system, runtime, 1500)
  const result = (action: InstallResult['action'], plan: InstallPlan | null, commands: string[], notes: string[] = []): InstallResult =>
    ({runtime: runtime.id, name: runtime.name, action, plan, commands, version: status.version, url, notes})
  if (status.installed && status.server.identified) return result('already-running', null, [])

  const context = await installContext(system, runtime, request.backends)
  if (status.server.answering) {
    // Something else holds the runtime's port: installing would succeed and starting would fail.
    const port = Number(new URL(url).port)
    const owner = await portOwner(system, port)
    const who = owner?.pid ? `${owner.name ?? 'a process'} (pid ${owner.pid})` : 'another program'
    throw new LocalclawError(`Port ${port} is already taken by ${who}, which is not ${runtime.name}.`, {
      code: 'port_in_use', exit: ExitCode.failed, suggestions: runtime.portAdvice(port, context),
    })
  }

  const fullPlan = planFor(runtime, context, status.installed === true)
  if (!fullPlan.supported && !status.installed) {
    throw new LocalclawError(`${runtime.name} cannot be installed here: ${fullPlan.reason}.`, {
      code: 'unsupported',
      exit: ExitCode.failed,
      suggestions: fullPlan.suggestions,
    })
  }
  const plan: InstallPlan = status.installed && fullPlan.supported
    ? {...fullPlan, steps: []}
    : fullPlan
  if (!plan.supported) {
    throw new LocalclawError(`${runtime.name} is installed but not running, and localclaw has no way to start it here: ${plan.reason}.`, {
      code: 'unsupported',
      exit: ExitCode.failed,
      suggestions: plan.suggestions,
    })
  }
  // A server localclaw starts itself listens where it was asked to (install --url): its own variable says so.
  const start = plan.start?.background && runtime.serveEnv ? {...plan.start, env: runtime.serveEnv(url)} : plan.start
  const steps = [...plan.steps, ...(start ? [start] : [])]
  const commands = steps.map((step) => displayStep(step, context))
  if (request.dryRun) return result('planned', plan, commands, plan.notes)
  request.onPlan?.(result('planned', plan, commands, plan.notes))

  if (!(await askToRun(request, steps, `Installing ${runtime.name} runs the commands above`)))
    return result('planned', plan, commands, plan.notes)
  await ensureRoot(request, context, steps)
  const logDir = privateDir(system.homedir, 'logs')
  try {
    for (const step of plan.steps) await runStep(step, context, system, logDir, runtime)
  } catch (error) {
    // A failed download says everything itself; the runtime's log does not exist yet.
    if (error instanceof LocalclawError && error.code !== 'download_failed') error.suggestions.push(`See what went wrong: ${plan.logHint}`)
    throw error
  }
  const installed = await detectRuntime(system, runtime, 1500)
  if (!installed.installed) {
    throw new LocalclawError(`The installer finished, but ${runtime.binaries.join('/')} is still not found.`, {
      code: 'install_failed',
      exit: ExitCode.failed,
      suggestions: ['Open a new terminal (PATH may have changed) and run localclaw detect', `Logs: ${plan.logHint}`],
    })
  }
  if (!start) return {...result('installed', plan, commands, plan.notes), version: installed.version}
  if (!installed.server.identified) {
    const server = await runStep(start, context, system, logDir, runtime)
    const waitMs = request.waitMs ?? 30_000
    // A server that exits at once is reported with what it said, not waited on for the whole time.
    const waiting = {stopped: false}
    const outcome = await Promise.race([
      waitForServer(runtime, system, url, waitMs, waiting).then((up) => ({up})),
      ...(server ? [server.exited.then((code) => ({exit: code}))] : []),
    ])
    waiting.stopped = true
    if ('exit' in outcome) {
      const said = (await readFile(server!.log, 'utf8').catch(() => '')).trim().split('\n').slice(-5).join('\n')
      throw new LocalclawError(
        `${runtime.name} stopped right after it started (${outcome.exit === null ? 'it could not start' : `exit code ${outcome.exit}`})${said ? `:\n${said}` : '.'}`,
        {
          code: 'start_failed',
          exit: ExitCode.failed,
          suggestions: [`The whole log: ${server!.log}`, 'localclaw doctor explain --file ' + server!.log],
        },
      )
    }
    if (!outcome.up) {
      throw new LocalclawError(
        `${runtime.name} was started but is not answering at ${url} after ${Math.round((request.waitMs ?? 30_000) / 1000)} s.`,
        {
          code: 'start_failed',
          exit: ExitCode.failed,
          suggestions: [`Look at the log: ${plan.logHint}`, 'localclaw detect shows what answers on its port'],
        },
      )
    }
  }
  const version = (await detectRuntime(system, runtime, 1500)).version ?? installed.version
  return {...result(plan.steps.length > 0 ? 'installed' : 'started', plan, commands, plan.notes), version}
}

