import {readFile} from 'node:fs/promises'

import {ExitCode, LocalclawError} from '../errors.js'
import {editDocument, parseDocument, type Json, type Operation} from '../openclaw/document.js'
import {locateConfig} from '../openclaw/paths.js'
import {configuredProviders, isObject, type JsonObject} from '../openclaw/shape.js'
import {unifiedDiff} from '../openclaw/diff.js'
import {writeConfig} from '../openclaw/write.js'
import {install} from '../runtimes/install.js'
import {runtimeById} from '../runtimes/registry.js'
import type {System} from '../system.js'
import {pullWithProgress} from '../runtimes/pull-progress.js'
import type {FixAction} from './check.js'

export interface FixDeps {
  system: System
  configPath?: string
  profile?: string
  backends: () => Promise<string[]>
  /** --json: pull progress is not drawn. */
  json: boolean
}

/** A fix ready to run: what it will do (with the diff for a config change), then doing it. */
export interface PlannedFix {
  description: string
  /** The config diff, for a change to the user's file. */
  diff: string | null
  apply(): Promise<string>
}


async function readForFix(deps: FixDeps): Promise<{location: ReturnType<typeof locateConfig>; original: string; config: Json}> {
  const location = locateConfig({env: deps.system.env, homedir: deps.system.homedir, explicit: deps.configPath, profile: deps.profile})
  const original = await readFile(location.path, 'utf8')
  return {location, original, config: parseDocument(original, location.path).value}
}

/** Pull the id the runtime files the model under, then make the config ask for that id. */
async function planRename(action: Extract<FixAction, {kind: 'pull-and-rename'}>, deps: FixDeps): Promise<PlannedFix> {
  const {location, original, config} = await readForFix(deps)
  const from = `${action.providerId}/${action.from}`
  const to = `${action.providerId}/${action.to}`
  const providers = configuredProviders(config)
  const provider = providers[action.providerId]
  const models = isObject(provider) && Array.isArray(provider.models) ? provider.models : []
  const index = models.findIndex((model) => isObject(model) && model.id === action.from)
  if (index === -1) throw new LocalclawError(`${from} is no longer in ${location.path}.`, {code: 'config_changed', exit: ExitCode.failed})
  const entry = models[index] as JsonObject
  const operations: Operation[] = [
    {op: 'set', path: ['models', 'providers', action.providerId, 'models', String(index), 'id'], value: action.to},
  ]
  if (entry.name === action.from)
    operations.push({op: 'set', path: ['models', 'providers', action.providerId, 'models', String(index), 'name'], value: action.to})
  const defaults = isObject(config) && isObject(config.agents) && isObject(config.agents.defaults) ? config.agents.defaults : {}
  const rename = (ref: Json) => (ref === from ? to : ref)
  const model = defaults.model
  if (model === from) operations.push({op: 'set', path: ['agents', 'defaults', 'model'], value: to})
  if (isObject(model)) {
    if (model.primary === from) operations.push({op: 'set', path: ['agents', 'defaults', 'model', 'primary'], value: to})
    if (Array.isArray(model.fallbacks) && model.fallbacks.includes(from))
      operations.push({op: 'set', path: ['agents', 'defaults', 'model', 'fallbacks'], value: model.fallbacks.map(rename)})
  }
  // The alias map is keyed by ref: the same entries in the same order, this one under its new key.
  if (isObject(defaults.models) && from in defaults.models) {
    operations.push({
      op: 'set',
      path: ['agents', 'defaults', 'models'],
      value: Object.fromEntries(Object.entries(defaults.models).map(([key, value]) => [key === from ? to : key, value])),
    })
  }
  const allow = isObject(defaults.modelPolicy) ? defaults.modelPolicy.allow : undefined
  if (Array.isArray(allow) && allow.includes(from))
    operations.push({op: 'set', path: ['agents', 'defaults', 'modelPolicy', 'allow'], value: allow.map(rename)})
  const {text, lostComments} = editDocument(original, operations, location.path)
  const runtime = runtimeById(action.runtime)!
  return {
    description: `download ${action.to} with ${runtime.name}, then rename ${from} to ${to} in ${location.path} and its refs (backed up first)${lostComments.length > 0 ? `; these comments inside agents.defaults.models are dropped: ${lostComments.join(' ')}` : ''}`,
    diff: await unifiedDiff(location.path, original, text),
    async apply() {
      await pullWithProgress(
        {model: action.to, runtime: action.runtime, url: action.url, retries: 5, verify: false, system: deps.system},
        {json: deps.json},
      )
      const outcome = await writeConfig(location.path, text, {original})
      return `${action.to} downloaded; wrote ${outcome.written}${outcome.backup ? ` (backup: ${outcome.backup})` : ''}`
    },
  }
}

async function planContext(action: Extract<FixAction, {kind: 'set-context'}>, deps: FixDeps): Promise<PlannedFix> {
  const {location, original, config} = await readForFix(deps)
  const providers = configuredProviders(config)
  const provider = providers[action.providerId]
  const models = isObject(provider) && Array.isArray(provider.models) ? provider.models : []
  const index = models.findIndex((model) => isObject(model) && model.id === action.modelId)
  if (index === -1)
    throw new LocalclawError(`${action.providerId}/${action.modelId} is no longer in ${location.path}.`, {
      code: 'config_changed',
      exit: ExitCode.failed,
    })
  const model = models[index] as JsonObject
  const base = ['models', 'providers', action.providerId, 'models', String(index)]
  const operations = [{op: 'set' as const, path: [...base, 'contextTokens'], value: action.contextTokens}]
  // A window below the new budget would cap it again; raise it to match.
  if (typeof model.contextWindow === 'number' && model.contextWindow < action.contextTokens)
    operations.push({op: 'set', path: [...base, 'contextWindow'], value: action.contextTokens})
  // params.num_ctx wins over contextTokens for Ollama; keep the two in step.
  if (isObject(model.params) && typeof model.params.num_ctx === 'number')
    operations.push({op: 'set', path: [...base, 'params', 'num_ctx'], value: action.contextTokens})
  const {text} = editDocument(original, operations, location.path)
  return {
    description: `set contextTokens ${action.contextTokens} on ${action.providerId}/${action.modelId} in ${location.path} (backed up first)`,
    diff: await unifiedDiff(location.path, original, text),
    async apply() {
      const outcome = await writeConfig(location.path, text, {original})
      return `wrote ${outcome.written}${outcome.backup ? ` (backup: ${outcome.backup})` : ''}`
    },
  }
}

export async function planFix(action: FixAction, deps: FixDeps): Promise<PlannedFix> {
  const {system} = deps
  if (action.kind === 'set-context') return planContext(action, deps)
  if (action.kind === 'pull-and-rename') return planRename(action, deps)
  if (action.kind === 'start-runtime') {
    const name = runtimeById(action.runtime)!.name
    return {
      description: `start ${name}`,
      diff: null,
      async apply() {
        const result = await install({runtime: action.runtime, dryRun: false, yes: true, canPrompt: false, system, backends: deps.backends})
        return `${name} ${result.action === 'already-running' ? 'was already running' : 'started'} at ${result.url}`
      },
    }
  }
  return {
    description: `download ${action.model} with ${runtimeById(action.runtime)!.name} (localclaw pull ${action.model})`,
    diff: null,
    async apply() {
      const result = await pullWithProgress({model: action.model, runtime: action.runtime, url: action.url, retries: 5, verify: false,
        system}, {json: deps.json})
      return `${result.model} downloaded`
    },
  }
}
