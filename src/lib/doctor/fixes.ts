import {readFile} from 'node:fs/promises'

import {ExitCode, LocalclawError} from '../errors.js'
import {editDocument, parseDocument, type Json} from '../openclaw/document.js'
import {locateConfig} from '../openclaw/paths.js'
import {configuredProviders, isObject, type JsonObject} from '../openclaw/shape.js'
import {unifiedDiff, writeConfig} from '../openclaw/write.js'
import {install} from '../runtimes/install.js'
import {runtimeById} from '../runtimes/registry.js'
import type {System} from '../system.js'
import {pullWithProgress} from '../ui/pull-progress.js'
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


async function planContext(action: Extract<FixAction, {kind: 'set-context'}>, deps: FixDeps): Promise<PlannedFix> {
  const location = locateConfig({env: deps.system.env, homedir: deps.system.homedir, explicit: deps.configPath, profile: deps.profile})
  const original = await readFile(location.path, 'utf8')
  const config = parseDocument(original, location.path).value
  const providers = configuredProviders(config)
  const provider = providers[action.providerId]
  const models = isObject(provider) && Array.isArray(provider.models) ? provider.models : []
  const index = models.findIndex((model) => isObject(model) && model.id === action.modelId)
  if (index === -1) throw new LocalclawError(`${action.providerId}/${action.modelId} is no longer in ${location.path}.`, {code: 'config_changed', exit: ExitCode.failed})
  const model = models[index] as JsonObject
  const base = ['models', 'providers', action.providerId, 'models', String(index)]
  const operations = [{op: 'set' as const, path: [...base, 'contextTokens'], value: action.contextTokens}]
  // A window below the new budget would cap it again; raise it to match.
  if (typeof model.contextWindow === 'number' && model.contextWindow < action.contextTokens) operations.push({op: 'set', path: [...base, 'contextWindow'], value: action.contextTokens})
  // params.num_ctx wins over contextTokens for Ollama; keep the two in step.
  if (isObject(model.params) && typeof model.params.num_ctx === 'number') operations.push({op: 'set', path: [...base, 'params', 'num_ctx'], value: action.contextTokens})
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
  if (action.kind === 'start-runtime') {
    const name = runtimeById(action.runtime)!.name
    return {
      description: `start ${name}`,
      diff: null,
      async apply() {
        const result = await install({runtime: action.runtime, dryRun: false, yes: true, canPrompt: false, confirm: async () => true, system, backends: deps.backends})
        return `${name} ${result.action === 'already-running' ? 'was already running' : 'started'} at ${result.url}`
      },
    }
  }
  return {
    description: `download ${action.model} with ${runtimeById(action.runtime)!.name} (localclaw pull ${action.model})`,
    diff: null,
    async apply() {
      const result = await pullWithProgress({model: action.model, runtime: action.runtime, url: action.url, retries: 5, verify: false, system}, {json: deps.json})
      return `${result.model} downloaded`
    },
  }
}
