import {danglingRefs, validateOurs} from '../../openclaw/validate.js'
import type {Json} from '../../openclaw/document.js'
import {newestBackup} from '../../openclaw/read.js'
import {configuredProviders, isObject} from '../../openclaw/shape.js'
import {RUNTIMES} from '../../runtimes/registry.js'
import {pass, problem, type Check, type CheckResult, type Fix} from '../check.js'
import {configCommandFor} from '../commands.js'
import type {LocalProvider} from '../context.js'

type Result = Omit<CheckResult, 'check'>

/** Rewrites this provider's block for its first model; with no model yet, how to pick one. */
function providerFix(provider: LocalProvider): Fix {
  const model = provider.models[0]?.id
  if (!model)
    return {
      run: `localclaw recommend --runtime ${provider.runtime.id}`,
      note: `pick a model, then: localclaw config --runtime ${provider.runtime.id} --model <it>`,
    }
  return {run: configCommandFor(provider, model), note: 'rewrites only this provider, with a backup and a diff'}
}

/**
 * The command that defines a missing provider: a runtime's own id (ollama/...) is that runtime here;
 * a runtime id with a machine name (ollama-gpubox/...) is that machine on the tailnet.
 */
function danglingFix(ref: string): Fix {
  const [providerId, ...rest] = ref.split('/')
  const model = rest.join('/')
  const runtime = RUNTIMES.find(
    (candidate) => providerId === candidate.openclaw.providerId || providerId!.startsWith(`${candidate.openclaw.providerId}-`),
  )
  if (!runtime || !model)
    return {
      run: 'localclaw setup',
      note: `no local runtime serves ${providerId}; setup writes a provider localclaw knows and points the refs at it`,
    }
  if (providerId === runtime.openclaw.providerId)
    return {run: `localclaw config --runtime ${runtime.id} --model ${model}`, note: 'writes the provider and points the refs at it'}
  return {
    run: `localclaw tailscale connect ${providerId!.slice(runtime.openclaw.providerId.length + 1)} --runtime ${runtime.id} --model ${model}`,
    note: 'checks that machine, then writes its provider',
  }
}

/** What is wrong with one local provider block, in the ways that break at runtime rather than at validation. */
function providerIssues(config: Json, provider: LocalProvider): Array<{status: 'warn' | 'fail'; text: string; cause: string}> {
  const issues: Array<{status: 'warn' | 'fail'; text: string; cause: string}> = []
  const {runtime, api, baseUrl, providerId} = provider
  if (!provider.hasBlock) {
    const symptom = runtime.openclaw.missingBlockSymptom
    if (symptom && providerId === runtime.openclaw.providerId) {
      issues.push({status: 'fail', text: `the model refs use ${providerId}/..., but there is no models.providers.${providerId} block`,
        cause: `Without a provider block OpenClaw answers "${symptom}".`})
    }
    return issues
  }
  for (const found of validateOurs(config, providerId).filter((entry) => entry.path !== 'agents.defaults.model')) {
    issues.push({
      status: 'fail',
      text: `${found.path}: ${found.message}`,
      cause: 'OpenClaw refuses a config with invalid keys or values, or calls the wrong URL.',
    })
  }
  const v1 = /\/v1$/.test(baseUrl)
  if (api?.startsWith('openai-') && !v1) {
    issues.push({status: 'fail', text: `api "${api}" with a base URL without /v1 (${baseUrl})`,
      cause: `OpenClaw then posts to /chat/completions, and ${runtime.missingV1Symptom}.`})
  }
  const legacy = runtime.openclaw.legacyApi
  if (legacy && api === legacy.api && v1) issues.push({status: 'warn', text: legacy.what, cause: legacy.why})
  const block = configuredProviders(config)[providerId]
  const key = isObject(block) ? block.apiKey : undefined
  if (typeof key === 'string' && (runtime.openclaw.staleApiKeys ?? []).includes(key)) {
    issues.push({
      status: 'fail',
      text: `apiKey "${key}"`,
      cause: `OpenClaw refuses that marker at run time ('No API key found for provider "${providerId}"'); it wants "${runtime.openclaw.apiKey}".`,
    })
  }
  // Built-in ids too: an ollama or lmstudio block without a key fails the same way at request time.
  if (!provider.hasApiKey) {
    issues.push({
      status: 'fail',
      text: 'no apiKey',
      cause: `OpenClaw fails every request with 'No API key found for provider "${providerId}"', even for a local server that needs no key; it wants the non-secret marker "${runtime.openclaw.apiKey}".`,
    })
  }
  return issues
}

/** The OpenClaw config: parses, our kind of blocks are right, refs point somewhere, no legacy keys. */
export const configCheck: Check = {
  id: 'config',
  title: 'OpenClaw config',
  async run(context) {
    const state = await context.config()
    const file = state.location.path
    if (state.error && state.readFix) {
      return [problem('fail', 'config.file', state.error, 'OpenClaw cannot start without reading its config.', state.readFix)]
    }
    if (state.error) {
      const backup = newestBackup(file)
      const line = /:(\d+):\d+: not valid JSON5/.exec(state.error)?.[1]
      return [
        problem('fail', 'config.file', state.error, 'OpenClaw will not start with a config file it cannot parse.', {
          run: `\${EDITOR:-vi} ${line ? `+${line} ` : ''}${file}`,
          note: `fix it at the line and column shown, then check: openclaw config validate${backup ? `; the last good copy: ${backup}` : ''}`,
        }),
      ]
    }
    if (state.value === null) {
      return [problem('warn', 'config.file', `no OpenClaw config at ${file}`, 'OpenClaw has no local model configured yet.',
        {run: 'localclaw setup', note: 'picks a model that fits, installs its runtime, writes the config; add --yes without a terminal'})]
    }
    if (!isObject(state.value)) {
      const backup = newestBackup(file)
      return [
        problem(
          'fail',
          'config.file',
          `${file} is not a JSON object at the top level`,
          'OpenClaw expects one object with models, agents, gateway... keys.',
          backup
            ? {run: `cp ${backup} ${file}`, note: 'restores the last good copy'}
            : {run: `mv ${file} ${file}.broken && localclaw setup`, note: 'keeps the broken file aside and writes a new config'},
        ),
      ]
    }
    const results: Result[] = [pass('config.file', `${file} parses`)]
    for (const provider of await context.providers()) {
      const issues = providerIssues(state.value, provider)
      const id = `config.provider.${provider.providerId}`
      if (issues.length === 0) {
        results.push(pass(id, `provider ${provider.providerId}: ${provider.api ?? 'default api'} at ${provider.baseUrl}`))
        continue
      }
      const worst = issues.some((issue) => issue.status === 'fail') ? 'fail' : 'warn'
      results.push(problem(worst, id, `provider ${provider.providerId}: ${issues.map((issue) => issue.text).join('; ')}`,
        issues[0]!.cause, providerFix(provider)))
    }
    const dangling = danglingRefs(state.value, configuredProviders(state.value))
    if (dangling.length > 0) {
      results.push(problem('fail', 'config.refs', dangling.map((entry) => entry.message).join('; '),
        'OpenClaw cannot resolve a model whose provider is not configured, so the agent fails or falls back.',
        danglingFix(dangling[0]!.ref)))
    }
    const defaults = isObject(state.value.agents) && isObject(state.value.agents.defaults) ? state.value.agents.defaults : {}
    if ('contextTokens' in defaults) {
      results.push(
        problem(
          'warn',
          'config.legacy',
          'agents.defaults.contextTokens is a removed key',
          'OpenClaw ignores it ("Removed agents.defaults.contextTokens") and fails it under --strict; the context now belongs on each model.',
          {
            run: 'openclaw config unset agents.defaults.contextTokens',
            note: 'the context belongs on each model, which localclaw config sets; OpenClaw rewrites the file as plain JSON, without comments',
          },
        ),
      )
    }
    return results
  },
}
