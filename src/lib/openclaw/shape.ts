import type {Json} from './document.js'

/** Reading an OpenClaw config's value: the few paths every reader of it needs, in one place. */
export type JsonObject = {[key: string]: Json}

export const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** models.providers, or {} when the config has none. */
export function configuredProviders(config: Json | null): JsonObject {
  return isObject(config) && isObject(config.models) && isObject(config.models.providers) ? config.models.providers : {}
}

/** agents.defaults.model as "provider/model" refs: a string, or primary then fallbacks. */
export function modelRefs(config: Json | null): string[] {
  const model = isObject(config) && isObject(config.agents) && isObject(config.agents.defaults) ? config.agents.defaults.model : undefined
  if (typeof model === 'string') return [model]
  if (!isObject(model)) return []
  return [model.primary, ...(Array.isArray(model.fallbacks) ? model.fallbacks : [])].filter((ref): ref is string => typeof ref === 'string')
}
