import {RUNTIMES} from '../../runtimes/registry.js'
import {portOpen, portOwner} from '../../system.js'
import type {PortOwner} from '../../net/ports.js'
import type {Runtime} from '../../runtimes/runtime.js'
import {pass, problem, skip, type Check, type CheckResult, type Fix} from '../check.js'

/** The runtime's own command to start on the next port where it has one, else stopping the holder; the rest of its advice as the note. */
function portFix(runtime: Runtime, port: number, advice: string[], owner: PortOwner | null, who: string): Fix {
  const move = runtime.startOnPort?.(port + 1)
  if (move) return {run: move, note: advice.slice(1).join('; ')}
  if (owner?.pid)
    return {
      run: `kill ${owner.pid}`,
      note: `stops ${who} so ${runtime.name} can have its port; or move ${runtime.name}: ${advice.join('; ')}`,
    }
  return {
    run: 'lsof -nP -iTCP -sTCP:LISTEN',
    note: `find the program on the port and stop it; or move ${runtime.name}: ${advice.join('; ')}`,
  }
}

/**
 * Who holds each runtime's port (11434, 1234, 8080, 8000, or where OLLAMA_HOST and LM Studio's
 * saved setting move them): the runtime itself is fine; anything else keeps it from starting, and
 * the fix moves the runtime with its own mechanism.
 */
export const portCheck: Check = {
  id: 'ports',
  title: 'Ports',
  async run(context) {
    const {system} = context
    const [{runtimes}, providers] = await Promise.all([context.hardware(), context.providers()])
    return Promise.all(RUNTIMES.map(async (runtime): Promise<Omit<CheckResult, 'check'>> => {
      const status = runtimes.find((entry) => entry.id === runtime.id)
      // Where detect looked for it: its default, its URL variable, or the URL OpenClaw is configured with.
      const url = new URL(status?.server.url ?? runtime.defaultBaseUrl(system))
      const port = Number(url.port)
      const id = `port.${port}`
      if (!status?.server.answering && !(await portOpen(system, url.hostname, port, context.timeoutMs)))
        return skip(id, `port ${port} (${runtime.name}) is free`)
      const owner = await portOwner(system, port)
      const who = owner?.pid ? `${owner.name ?? 'process'} (pid ${owner.pid})` : owner ? 'a process this user cannot see' : 'a process'
      if (status?.server.identified) return pass(id, `port ${port}: ${runtime.name} itself, ${who}`)
      const ownName = owner?.name && runtime.binaries.some((binary) => owner.name!.toLowerCase().startsWith(binary.split('-')[0]!))
      const wanted = status?.installed || providers.some((provider) => provider.runtime.id === runtime.id && !provider.remote)
      const configuredModel = providers.find((provider) => provider.runtime.id === runtime.id && !provider.remote)?.models[0]?.id
      const advice = runtime.portAdvice(port, await context.installContext(runtime), configuredModel)
      if (ownName) {
        return problem(
          'warn',
          id,
          `port ${port} is held by ${who}, which does not answer like ${runtime.name}`,
          `A copy of ${runtime.name} that is stuck or still starting holds the port, so a second copy cannot bind it.`,
          owner?.pid
            ? {run: `kill ${owner.pid}`, note: `if it is still there after a moment, then start ${runtime.name} again`}
            : {run: 'localclaw doctor', note: `again in a moment; a copy still starting frees the port or answers`},
        )
      }
      // A port matters only for a runtime that is installed or configured here.
      if (!wanted)
        return skip(id, `port ${port} (${runtime.name}'s default) is held by ${who}; that matters only if you install ${runtime.name}`)
      return problem('fail', id, `port ${port} (${runtime.name}'s) is held by ${who}`,
        `${runtime.name} cannot start on port ${port} while another program listens there.`, portFix(runtime, port, advice, owner, who))
    }))
  },
}
