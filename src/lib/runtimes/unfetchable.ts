import {findModel} from '../catalog/lookup.js'
import {ExitCode, LocalclawError} from '../errors.js'
import {fetchedOnlyBy} from './registry.js'
import type {Runtime} from './runtime.js'

/**
 * A catalog model this runtime cannot fetch (qwen3.8:27b is not in the Ollama library; glm-4.6 has no
 * GGUF) fails at the registry or the Hub after a wait: a usage error instead, before anything runs,
 * with what to do for each runtime that can (`suggest` words it for the command at hand). A name the
 * catalog does not know goes to the runtime as typed.
 */
export function refuseUnfetchable(name: string, runtime: Runtime, suggest: (modelId: string, other: Runtime) => string): void {
  const model = findModel(name)?.model
  const others = fetchedOnlyBy(model, runtime)
  if (!model || !others) return
  throw new LocalclawError(`${model.id} has no ${runtime.name} download.`, {
    code: 'no_download',
    exit: ExitCode.usage,
    suggestions: others.length > 0 ? others.map((other) => suggest(model.id, other)) : [`localclaw catalog ${model.id} lists how it is fetched`],
  })
}
