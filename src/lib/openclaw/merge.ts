import {ExitCode, LocalclawError} from '../errors.js'
import {modelEntry, modelRef, providerBlock, type ModelFacts, type ProviderTarget} from './blocks.js'
import type {Json, Operation} from './document.js'
import {isObject, type JsonObject} from './shape.js'

/** How the local model relates to the hosted models already configured (seed 000). */
export type Strategy = 'local-first' | 'local-fallback' | 'local-only'
export const STRATEGIES: Strategy[] = ['local-first', 'local-fallback', 'local-only']

export interface MergeRequest {
  target: ProviderTarget
  model: ModelFacts
  strategy: Strategy
  /** No config file existed: also write what a fresh OpenClaw config needs (gateway.mode). */
  fresh: boolean
  /** The provider's timeout, from this machine's estimate (default PROVIDER_TIMEOUT_SECONDS). */
  timeoutSeconds?: number
}

export interface Change {
  /** '+' added, '~' changed. */
  kind: '+' | '~'
  path: string
  description: string
}

export interface MergePlan {
  operations: Operation[]
  changes: Change[]
  warnings: string[]
  ref: string
}

const child = (value: Json | undefined, key: string): Json | undefined => (isObject(value) ? value[key] : undefined)
const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a) === JSON.stringify(b)

/** Fields of a model entry localclaw owns; anything else the user added (params, headers...) stays. */
const OWNED_MODEL_KEYS = ['id', 'reasoning', 'input', 'cost', 'contextWindow', 'contextTokens', 'maxTokens'] as const

/** A config that pulls the part we edit from another file cannot be edited here without flattening it. */
function refuseIncludes(config: Json, paths: string[][]): void {
  for (const path of paths) {
    for (let depth = 0; depth <= path.length; depth++) {
      const node = path.slice(0, depth).reduce<Json | undefined>((value, key) => child(value, key), config)
      if (isObject(node) && '$include' in node) {
        const where = path.slice(0, depth).join('.') || 'the root'
        throw new LocalclawError(`${where} is loaded from ${JSON.stringify(node.$include)} with $include; localclaw will not flatten includes into the main file.`, {
          code: 'config_include', exit: ExitCode.failed,
          suggestions: ['Edit the included file, or use `localclaw config --print` and copy the provider block into it'],
        })
      }
    }
  }
}

/** Refs of the local providers already in the config, for local-only fallbacks. */
function localRefs(config: Json, refs: string[]): string[] {
  const providers = child(child(config, 'models'), 'providers')
  return refs.filter((ref) => {
    const baseUrl = child(child(providers, ref.split('/')[0]!), 'baseUrl')
    return typeof baseUrl === 'string' && /\/\/(127\.|localhost|\[::1\]|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|100\.)/.test(baseUrl)
  })
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)]
}

/** primary and fallbacks after the strategy is applied. */
function routeModels(strategy: Strategy, ref: string, primary: string | undefined, fallbacks: string[], config: Json): {primary: string; fallbacks: string[]} {
  const others = fallbacks.filter((fallback) => fallback !== ref)
  switch (strategy) {
    case 'local-first':
      return {primary: ref, fallbacks: dedupe([...(primary && primary !== ref ? [primary] : []), ...others])}
    case 'local-fallback':
      return primary && primary !== ref ? {primary, fallbacks: dedupe([...others, ref])} : {primary: ref, fallbacks: others}
    case 'local-only':
      return {primary: ref, fallbacks: localRefs(config, dedupe([...(primary && primary !== ref ? [primary] : []), ...others]))}
  }
}

/**
 * The changes that put one local model into the config, touching only what localclaw owns: its
 * provider and model entry, the routing in agents.defaults, and what OpenClaw needs for them to work.
 * Running it again on its own result plans nothing.
 */
export function planMerge(config: Json, request: MergeRequest): MergePlan {
  if (!isObject(config)) throw new LocalclawError('The config file does not hold a JSON object at its top level.', {code: 'config_shape', exit: ExitCode.failed})
  const {target, model, strategy} = request
  const providerPath = ['models', 'providers', target.providerId]
  refuseIncludes(config, [providerPath, ['agents', 'defaults', 'model'], ['agents', 'defaults', 'models']])

  const operations: Operation[] = []
  const changes: Change[] = []
  const warnings: string[] = []
  const ref = modelRef(target, model.id)
  const set = (path: string[], value: Json, kind: Change['kind'], description: string) => {
    operations.push({op: 'set', path, value})
    changes.push({kind, path: path.join('.'), description})
  }

  // models.mode: "merge" keeps OpenClaw's own catalog next to ours; never override a user's "replace".
  const models = child(config, 'models')
  if (child(models, 'mode') === undefined) set(['models', 'mode'], 'merge', '+', 'merge with OpenClaw\'s built-in providers')

  // The provider and its model entry.
  const block = providerBlock(target, request.timeoutSeconds)
  const entry = modelEntry(target, model)
  const provider = child(child(models, 'providers'), target.providerId)
  if (!isObject(provider)) {
    set(providerPath, {...block, models: [entry]}, '+', `${target.runtime.name} at ${target.baseUrl} with ${model.id}`)
  } else {
    for (const key of ['baseUrl', 'api'] as const) {
      if (provider[key] !== block[key]) set([...providerPath, key], block[key], provider[key] === undefined ? '+' : '~', `${JSON.stringify(provider[key] ?? null)} -> ${JSON.stringify(block[key])}`)
    }
    // A key the user set (a token, a ${VAR}) is theirs; only a missing one gets the local marker, and
    // a marker an earlier localclaw wrote that OpenClaw refuses is replaced.
    const stale = typeof provider.apiKey === 'string' && (target.runtime.openclaw.staleApiKeys ?? []).includes(provider.apiKey)
    if (provider.apiKey === undefined || stale) {
      set([...providerPath, 'apiKey'], block.apiKey, stale ? '~' : '+', `${stale ? `${JSON.stringify(provider.apiKey)} (which OpenClaw refuses) -> ` : ''}${JSON.stringify(block.apiKey)} (non-secret local marker)`)
    }
    // A timeout the user chose is theirs too; a missing one gets the local default.
    if (provider.timeoutSeconds === undefined) set([...providerPath, 'timeoutSeconds'], block.timeoutSeconds, '+', `${block.timeoutSeconds} (cold load and first token of a long prompt)`)
    const list = provider.models
    if (!Array.isArray(list)) {
      set([...providerPath, 'models'], [entry], '+', model.id)
    } else {
      const index = list.findIndex((existing) => child(existing, 'id') === model.id)
      if (index === -1) {
        operations.push({op: 'append', path: [...providerPath, 'models'], value: entry})
        changes.push({kind: '+', path: `${providerPath.join('.')}.models`, description: model.id})
      } else {
        const existing = list[index] as JsonObject
        const merged: JsonObject = {...existing}
        for (const key of OWNED_MODEL_KEYS) merged[key] = entry[key]!
        merged.name = existing.name ?? entry.name!
        if (entry.compat) merged.compat = {...(isObject(existing.compat) ? existing.compat : {}), ...(entry.compat as JsonObject)}
        // The context param follows contextTokens; the user's other params (keep_alive, think) stay.
        if (entry.params) merged.params = {...(isObject(existing.params) ? existing.params : {}), ...(entry.params as JsonObject)}
        if (!same(existing, merged)) {
          operations.push({op: 'replaceItem', path: [...providerPath, 'models'], index, value: merged})
          const changed = Object.keys(merged).filter((key) => !same(existing[key], merged[key]))
          changes.push({kind: '~', path: `${providerPath.join('.')}.models[${index}]`, description: `${model.id}: ${changed.join(', ')}`})
        }
      }
    }
  }

  // Routing: primary and fallbacks by strategy.
  const defaults = child(child(config, 'agents'), 'defaults')
  const current = child(defaults, 'model')
  const primary = typeof current === 'string' ? current : typeof child(current, 'primary') === 'string' ? child(current, 'primary') as string : undefined
  const fallbacks = Array.isArray(child(current, 'fallbacks')) ? (child(current, 'fallbacks') as Json[]).filter((value): value is string => typeof value === 'string') : []
  const routed = routeModels(strategy, ref, primary, fallbacks, config)
  const modelPath = ['agents', 'defaults', 'model']
  if (!isObject(current)) {
    const value: JsonObject = {primary: routed.primary, ...(routed.fallbacks.length > 0 ? {fallbacks: routed.fallbacks} : {})}
    if (!same(current, value)) set(modelPath, value, current === undefined ? '+' : '~', `primary ${routed.primary}${routed.fallbacks.length ? `, fallbacks ${routed.fallbacks.join(', ')}` : ''}`)
  } else {
    if (primary !== routed.primary) set([...modelPath, 'primary'], routed.primary, primary ? '~' : '+', `${primary ?? 'none'} -> ${routed.primary}`)
    const hadFallbacks = child(current, 'fallbacks') !== undefined
    if (!same(fallbacks, routed.fallbacks) && (hadFallbacks || routed.fallbacks.length > 0)) {
      set([...modelPath, 'fallbacks'], routed.fallbacks, hadFallbacks ? '~' : '+', routed.fallbacks.join(', ') || '(none)')
    }
  }
  if (strategy === 'local-only' && primary && primary !== ref && !routed.fallbacks.includes(primary)) {
    warnings.push(`local-only: ${primary} is no longer used (its provider block is kept)`)
  }

  // An alias in agents.defaults.models, which OpenClaw treats as an allowlist unless modelPolicy exists.
  const aliases = child(defaults, 'models')
  const aliasEntries = isObject(aliases) ? aliases : {}
  if (!(ref in aliasEntries)) {
    const taken = new Set(Object.values(aliasEntries).map((value) => child(value, 'alias')).filter(Boolean))
    const base = target.remote ? target.providerId : 'local'
    const alias = [base, `${base}-${target.providerId}`, `${base}-2`, `${base}-3`].find((candidate) => !taken.has(candidate))!
    set(['agents', 'defaults', 'models', ref], {alias}, '+', `alias "${alias}"`)
  }
  const policy = child(defaults, 'modelPolicy')
  if (!isObject(policy)) {
    // Without modelPolicy, an existing agents.defaults.models is a legacy allowlist: keep what it
    // allowed (as OpenClaw's own migration does) and add ours. Otherwise allow any model.
    const legacy = Object.keys(aliasEntries)
    set(['agents', 'defaults', 'modelPolicy'], {allow: legacy.length > 0 ? dedupe([...legacy, ref]) : []}, '+',
      legacy.length > 0 ? 'the refs agents.defaults.models allowed, plus this model' : 'any model (an empty allow list)')
  } else if (Array.isArray(policy.allow) && policy.allow.length > 0) {
    const allowed = policy.allow.some((entry) => entry === ref || entry === `${target.providerId}/*`)
    if (!allowed) {
      operations.push({op: 'append', path: ['agents', 'defaults', 'modelPolicy', 'allow'], value: ref})
      changes.push({kind: '+', path: 'agents.defaults.modelPolicy.allow', description: ref})
    }
  }

  // A fresh config needs gateway.mode, or `openclaw gateway run` exits 78.
  if (request.fresh) {
    set(['gateway', 'mode'], 'local', '+', 'local (a fresh OpenClaw config needs it)')
  } else if (child(child(config, 'gateway'), 'mode') === undefined) {
    warnings.push('gateway.mode is not set, so `openclaw gateway run` will refuse to start: run `openclaw config set gateway.mode local`')
  }
  if (child(defaults, 'contextTokens') !== undefined) {
    warnings.push('agents.defaults.contextTokens is a removed key; OpenClaw now reads contextTokens per model (localclaw set it on the model)')
  }
  return {operations, changes, warnings, ref}
}
