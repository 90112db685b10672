import {findModel} from '../../catalog/lookup.js'
import {evaluateModel} from '../../catalog/recommend.js'
import {machineFromProfile} from '../../catalog/target.js'
import {RUNTIMES} from '../../runtimes/registry.js'
import {planFor, stepCommand} from '../../runtimes/install.js'
import type {Runtime} from '../../runtimes/runtime.js'
import {pass, problem, skip, type Check, type CheckResult, type Fix} from '../check.js'
import type {DoctorContext} from '../context.js'

type Result = Omit<CheckResult, 'check'>

/**
 * The command that starts an installed runtime here, as the install plan would run it. A server that
 * runs one model (llama-server, vLLM) is started with the model OpenClaw is configured to use: the
 * command recommend prints for it (context, tool flags), else the adapter's own serve command.
 */
export async function startCommand(context: DoctorContext, runtime: Runtime): Promise<Fix> {
  const install = await context.installContext(runtime)
  const plan = planFor(runtime, install, true)
  if (plan.supported && plan.start) return stepCommand(plan.start, install).join(' ')
  if (!runtime.serveCommand) return `localclaw install ${runtime.id}`
  const configured = (await context.providers()).find((provider) => provider.runtime.id === runtime.id && !provider.remote)?.models[0]
  if (!configured) return {run: `localclaw recommend --runtime ${runtime.id}`, note: 'each pick comes with the command that serves it'}
  const catalog = findModel(configured.id)?.model
  const evaluation = catalog
    ? evaluateModel(catalog, machineFromProfile(await context.hardware()), {
        use: 'agent',
        runtimes: RUNTIMES,
        runtime,
        contextTokens: configured.contextTokens ?? undefined,
      })
    : null
  return evaluation?.pullCommand ?? runtime.serveCommand(configured.id)
}

/** Installed, running, answering at its URL, and really that runtime (not just something on its port). */
export const runtimeCheck: Check = {
  id: 'runtimes',
  title: 'Runtimes',
  async run(context) {
    const [{runtimes}, providers] = await Promise.all([context.hardware(), context.providers()])
    const results: Result[] = []
    for (const runtime of RUNTIMES) {
      const status = runtimes.find((entry) => entry.id === runtime.id)
      const id = `runtime.${runtime.id}`
      if (!status) continue
      const configured = providers.some((provider) => provider.runtime.id === runtime.id && !provider.remote)
      const {server} = status
      const version = status.version ? ` ${status.version}` : ''
      if (server.identified) {
        results.push(pass(id, `${runtime.name}${version} answering at ${server.url}`))
      } else if (server.answering && !status.installed && !configured) {
        // Another program on the default port of a runtime nobody uses here is none of OpenClaw's business.
        results.push(skip(id, `${runtime.name} not installed (another program answers at ${server.url}, its default address)`))
      } else if (server.answering) {
        results.push(
          problem(
            'fail',
            id,
            `something else answers at ${server.url}: ${server.detail}`,
            `${runtime.name} cannot serve on a port another program holds (see the port check for which program).`,
            {
              run: 'localclaw doctor',
              note: `its port check names the program; ${runtime.portAdvice(Number(new URL(server.url).port), await context.installContext(runtime))[0]!}`,
            },
          ),
        )
      } else if (status.installed) {
        results.push(problem(configured ? 'fail' : 'warn', id, `${runtime.name}${version} is installed but not running (${server.detail})`,
          configured ? 'OpenClaw is configured to use it, so every request fails until it runs.' : 'Nothing can use it until it runs.',
          await startCommand(context, runtime), {kind: 'start-runtime', runtime: runtime.id}))
      } else if (status.installed === null) {
        // A probe cut off by its time box knows nothing: never "not installed".
        results.push(problem(configured ? 'fail' : 'warn', id, `could not tell whether ${runtime.name} is installed: ${server.detail}`,
          'Its binary or its server took longer than the time box to answer (a slow disk, a hung process, a loaded machine).',
          {run: 'localclaw doctor --probe-timeout 10000', note: 'a longer time box; localclaw detect shows which probe is slow'}))
      } else if (configured) {
        results.push(problem('fail', id, `${runtime.name} is not installed, and OpenClaw is configured to use it`,
          'The OpenClaw config points at a runtime this machine does not have.', `localclaw install ${runtime.id}`))
      } else {
        results.push(skip(id, `${runtime.name} not installed`))
      }
    }
    if (results.every((result) => result.status === 'skip')) {
      results.push(
        problem(
          'fail',
          'runtime',
          'no local runtime is installed',
          'A local model needs a runtime (Ollama, LM Studio, llama.cpp or vLLM) to serve it.',
          {run: 'localclaw install ollama', note: 'or localclaw recommend to see which runtime suits this machine'},
        ),
      )
    }
    return results
  },
}
