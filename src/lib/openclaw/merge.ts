import {ExitCode, LocalclawError} from '../errors.js'
import {modelEntry, modelRef, providerBlock, type ModelFacts, type ProviderTarget} from './blocks.js'
import type {Json, Operation} from './document.js'
import {isObject, type JsonObject} from './shape.js'
import type {Strategy} from './strategy.js'


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

const pathText = (path: Array<string | number>) =>
  path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('') || 'the root'

/** The first `$include` in a value or anywhere under it, with where it sits. */
function findInclude(value: Json | undefined, path: Array<string | number>): {where: Array<string | number>; include: Json} | null {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findInclude(item, [...path, index])
      if (found) return found
    }
  } else if (isObject(value)) {
    if ('$include' in value) return {where: path, include: value.$include!}
    for (const [key, item] of Object.entries(value)) {
      const found = findInclude(item, [...path, key])
      if (found) return found
    }
  }
  return null
}

/**
 * A config that pulls a part localclaw edits (or any part under it) from another file cannot be
 * edited here: writing inline values would flatten the include, and what it loaded would drop out.
 */
function refuseIncludes(config: Json, paths: string[][]): void {
  for (const path of paths) {
    let found: {where: Array<string | number>; include: Json} | null = null
    for (let depth = 0; depth < path.length && !found; depth++) {
      const node = path.slice(0, depth).reduce<Json | undefined>((value, key) => child(value, key), config)
      if (isObject(node) && '$include' in node) found = {where: path.slice(0, depth), include: node.$include!}
    }
    found ??= findInclude(path.reduce<Json | undefined>((value, key) => child(value, key), config), path)
    if (!found) continue
    // An include as an array item stands for that one item (OpenClaw replaces the object holding it).
    const what =
      typeof found.where.at(-1) === 'number'
        ? `${pathText(found.where)} (an item of the array ${pathText(found.where.slice(0, -1))})`
        : pathText(found.where)
    throw new LocalclawError(
      `${what} is loaded from ${JSON.stringify(found.include)} with $include, and localclaw edits ${path.join('.')}; writing it here would flatten the include. Nothing was written.`,
      {
        code: 'config_include',
        exit: ExitCode.failed,
        suggestions: [
          'Edit the included file by hand: `localclaw config --print` shows the blocks to copy into it',
          'Or move that part back into the main file, then run this again',
        ],
      },
    )
  }
}

type Expected = 'an object' | 'an array' | 'a string or an object' | 'an array of strings'

function kindOf(value: Json): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

function matches(value: Json, expected: Expected): boolean {
  switch (expected) {
    case 'an object': return isObject(value)
    case 'an array': return Array.isArray(value)
    case 'a string or an object': return typeof value === 'string' || isObject(value)
    case 'an array of strings': return Array.isArray(value) && value.every((item) => typeof item === 'string')
  }
}

/**
 * Values of a shape OpenClaw does not accept where localclaw edits are refused with the key and what
 * was expected, never replaced: a string `fallbacks` or an array of providers is the user's to fix.
 */
function refuseOddTypes(config: JsonObject, providerPath: string[]): void {
  const expected: Array<[Array<string | number>, Expected]> = [
    [['models'], 'an object'],
    [['models', 'providers'], 'an object'],
    [providerPath, 'an object'],
    [[...providerPath, 'models'], 'an array'],
    [['agents'], 'an object'],
    [['agents', 'defaults'], 'an object'],
    [['agents', 'defaults', 'model'], 'a string or an object'],
    [['agents', 'defaults', 'model', 'fallbacks'], 'an array of strings'],
    [['agents', 'defaults', 'models'], 'an object'],
    [['agents', 'defaults', 'modelPolicy'], 'an object'],
    [['agents', 'defaults', 'modelPolicy', 'allow'], 'an array of strings'],
    [['gateway'], 'an object'],
  ]
  const provider = child(child(child(config, 'models'), 'providers'), providerPath[2]!)
  const list = child(provider, 'models')
  if (Array.isArray(list)) list.forEach((_, index) => expected.push([[...providerPath, 'models', index], 'an object']))
  for (const [path, shape] of expected) {
    const value = path.reduce<Json | undefined>(
      (node, key) => (typeof key === 'number' ? (Array.isArray(node) ? node[key] : undefined) : child(node, key)),
      config,
    )
    if (value === undefined || matches(value, shape)) continue
    throw new LocalclawError(
      `${pathText(path)} is ${kindOf(value)} (${JSON.stringify(value).slice(0, 60)}), where OpenClaw expects ${shape}; localclaw will not replace it. Nothing was written.`,
      {
        code: 'config_shape',
        exit: ExitCode.failed,
        suggestions: [`Fix ${pathText(path)} in the config (openclaw config validate shows it too), then run this again`],
      },
    )
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
function routeModels(strategy: Strategy, ref: string, primary: string | undefined, fallbacks: string[],
  config: Json): {primary: string; fallbacks: string[]} {
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
  if (!isObject(config))
    throw new LocalclawError('The config file does not hold a JSON object at its top level.', {code: 'config_shape', exit: ExitCode.failed})
  const {target, model, strategy} = request
  const providerPath = ['models', 'providers', target.providerId]
  const ref = modelRef(target, model.id)
  refuseIncludes(config, [
    ['models', 'mode'],
    providerPath,
    ['agents', 'defaults', 'model'],
    ['agents', 'defaults', 'models', ref],
    ['agents', 'defaults', 'modelPolicy'],
  ])
  refuseOddTypes(config, providerPath)

  const operations: Operation[] = []
  const changes: Change[] = []
  const warnings: string[] = []
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
      if (provider[key] !== block[key])
        set(
          [...providerPath, key],
          block[key],
          provider[key] === undefined ? '+' : '~',
          `${JSON.stringify(provider[key] ?? null)} -> ${JSON.stringify(block[key])}`,
        )
    }
    // A key the user set (a token, a ${VAR}) is theirs; only a missing one gets the local marker, and
    // a marker an earlier localclaw wrote that OpenClaw refuses is replaced.
    const stale = typeof provider.apiKey === 'string' && (target.runtime.openclaw.staleApiKeys ?? []).includes(provider.apiKey)
    if (provider.apiKey === undefined || stale) {
      set(
        [...providerPath, 'apiKey'],
        block.apiKey,
        stale ? '~' : '+',
        `${stale ? `${JSON.stringify(provider.apiKey)} (which OpenClaw refuses) -> ` : ''}${JSON.stringify(block.apiKey)} (non-secret local marker)`,
      )
    }
    // A timeout the user chose is theirs too; a missing one gets the local default.
    if (provider.timeoutSeconds === undefined)
      set(
        [...providerPath, 'timeoutSeconds'],
        block.timeoutSeconds,
        '+',
        `${block.timeoutSeconds} (cold load and first token of a long prompt)`,
      )
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
  const primary =
    typeof current === 'string'
      ? current
      : typeof child(current, 'primary') === 'string'
        ? (child(current, 'primary') as string)
        : undefined
  const fallbacks = Array.isArray(child(current, 'fallbacks'))
    ? (child(current, 'fallbacks') as Json[]).filter((value): value is string => typeof value === 'string')
    : []
  const routed = routeModels(strategy, ref, primary, fallbacks, config)
  const modelPath = ['agents', 'defaults', 'model']
  if (!isObject(current)) {
    const value: JsonObject = {primary: routed.primary, ...(routed.fallbacks.length > 0 ? {fallbacks: routed.fallbacks} : {})}
    if (!same(current, value))
      set(
        modelPath,
        value,
        current === undefined ? '+' : '~',
        `primary ${routed.primary}${routed.fallbacks.length ? `, fallbacks ${routed.fallbacks.join(', ')}` : ''}`,
      )
  } else {
    if (primary !== routed.primary)
      set([...modelPath, 'primary'], routed.primary, primary ? '~' : '+', `${primary ?? 'none'} -> ${routed.primary}`)
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
  } else if (child(child(config, 'gateway'), 'mode') === undefined && child(child(config, 'gateway'), '$include') === undefined) {
    warnings.push('gateway.mode is not set, so `openclaw gateway run` will refuse to start: run `openclaw config set gateway.mode local`')
  }
  if (child(defaults, 'contextTokens') !== undefined) {
    warnings.push(
      'agents.defaults.contextTokens is a removed key; OpenClaw now reads contextTokens per model (localclaw set it on the model)',
    )
  }
  return {operations, changes, warnings, ref}
}
