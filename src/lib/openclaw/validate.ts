import type {Json} from './document.js'
import {RUNTIMES} from '../runtimes/registry.js'
import {configuredProviders, isObject, modelRefs, type JsonObject} from './shape.js'

/**
 * The parts of OpenClaw 2026.9.6's strict zod schema that localclaw writes (openclaw.md section 2):
 * unknown keys are errors there, so anything we emit must be in these lists.
 */
export const PROVIDER_KEYS = new Set([
  'baseUrl',
  'apiKey',
  'auth',
  'api',
  'maxTokens',
  'timeoutSeconds',
  'region',
  'injectNumCtxForOpenAICompat',
  'params',
  'agentRuntime',
  'localService',
  'headers',
  'authHeader',
  'request',
  'models',
])
export const MODEL_KEYS = new Set([
  'id',
  'name',
  'api',
  'baseUrl',
  'reasoning',
  'input',
  'cost',
  'contextWindow',
  'contextTokens',
  'maxTokens',
  'thinkingLevelMap',
  'params',
  'agentRuntime',
  'headers',
  'compat',
  'mediaInput',
  'metadataSource',
])
export const COMPAT_KEYS = new Set([
  'supportsStore',
  'supportsPromptCacheKey',
  'supportsResponsesContinuation',
  'supportsDeveloperRole',
  'supportsReasoningEffort',
  'supportsTemperature',
  'supportsInstructions',
  'supportsUsageInStreaming',
  'supportsTools',
  'codeMode',
  'supportsStrictMode',
  'supportsJsonSchemaResponseFormat',
  'requiresStringContent',
  'strictMessageKeys',
  'visibleReasoningDetailTypes',
  'supportedReasoningEfforts',
  'reasoningEffortMap',
  'maxTokensField',
  'thinkingFormat',
  'requiresToolResultName',
  'requiresAssistantAfterToolResult',
  'requiresThinkingAsText',
  'requiresReasoningContentOnAssistantMessages',
  'toolSchemaProfile',
  'unsupportedToolSchemaKeywords',
  'toolCallArgumentsEncoding',
  'requiresOpenAiAnthropicToolPayload',
  'openRouterRouting',
  'vercelGatewayRouting',
  'zaiToolStream',
  'cacheControlFormat',
  'sendSessionAffinityHeaders',
  'sendSessionIdHeader',
  'supportsEagerToolInputStreaming',
  'supportsLongCacheRetention',
])
/** The apis of runtimes whose base URL has no /v1 (Ollama's native one): a /v1 there breaks every request. */
const NATIVE_URL_APIS = new Set<string>(
  RUNTIMES.filter((runtime) => runtime.openclaw.basePath === '').map((runtime) => runtime.openclaw.api),
)

export const MODEL_APIS = new Set([
  'openai-completions',
  'openai-responses',
  'openai-chatgpt-responses',
  'anthropic-messages',
  'google-generative-ai',
  'google-vertex',
  'github-copilot',
  'bedrock-converse-stream',
  'ollama',
  'pi-messages',
  'azure-openai-responses',
])
const INPUTS = new Set(['text', 'image', 'video', 'audio'])

/** Provider ids OpenClaw knows without a baseUrl and models (BUILT_IN_MODEL_PROVIDER_OVERLAY_IDS). */
export const BUILT_IN_PROVIDERS = new Set(
  (
    'amazon-bedrock amazon-bedrock-mantle anthropic anthropic-vertex arcee azure-openai-responses byteplus byteplus-plan ' +
    'cerebras chutes claude-cli clawrouter cloudflare-ai-gateway codex comfy copilot-proxy dashscope deepinfra deepseek fal fireworks github-copilot gmi ' +
    'gmi-cloud gmicloud google google-antigravity google-gemini-cli google-vertex groq huggingface kilocode kimi kimi-coding litellm lmstudio meta ' +
    'microsoft-foundry minimax minimax-portal mistral modelstudio moonshot moonshot-ai moonshotai nvidia novita novita-ai novitaai ollama ollama-cloud ' +
    'openai opencode opencode-go openrouter qianfan qwen qwen-token-plan qwencloud sglang stepfun stepfun-plan synthetic tencent-tokenhub ' +
    'tencent-tokenplan together venice vercel-ai-gateway vllm volcengine volcengine-plan vydra x-ai xai xiaomi xiaomi-token-plan z.ai z-ai zai'
  ).split(' '),
)


export interface Problem {
  path: string
  message: string
}

/** Problems in the provider localclaw wrote, and model refs that point nowhere. Empty when valid. */
export function validateOurs(config: Json, providerId: string): Problem[] {
  const problems: Problem[] = []
  const providers = configuredProviders(config)
  const provider = providers[providerId]
  const at = `models.providers.${providerId}`
  if (!isObject(provider)) return [{path: at, message: 'missing'}]
  for (const key of Object.keys(provider))
    if (!PROVIDER_KEYS.has(key)) problems.push({path: `${at}.${key}`, message: 'not a key OpenClaw accepts'})
  if (typeof provider.api === 'string' && !MODEL_APIS.has(provider.api))
    problems.push({path: `${at}.api`, message: `"${provider.api}" is not an api OpenClaw knows`})
  if (
    typeof provider.api === 'string' &&
    NATIVE_URL_APIS.has(provider.api) &&
    typeof provider.baseUrl === 'string' &&
    /\/v1\/?$/.test(provider.baseUrl)
  ) {
    problems.push({path: `${at}.baseUrl`, message: `the ${provider.api} api needs the native URL, without /v1`})
  }
  if (!BUILT_IN_PROVIDERS.has(providerId) && (typeof provider.baseUrl !== 'string' || !Array.isArray(provider.models))) {
    problems.push({path: at, message: 'a custom provider id needs baseUrl and models'})
  }
  for (const [index, model] of (Array.isArray(provider.models) ? provider.models : []).entries()) {
    const where = `${at}.models[${index}]`
    if (!isObject(model)) {
      problems.push({path: where, message: 'not an object'})
      continue
    }
    if (typeof model.id !== 'string' || typeof model.name !== 'string') problems.push({path: where, message: 'needs id and name'})
    for (const key of Object.keys(model))
      if (!MODEL_KEYS.has(key)) problems.push({path: `${where}.${key}`, message: 'not a key OpenClaw accepts'})
    if (Array.isArray(model.input) && model.input.some((value) => typeof value !== 'string' || !INPUTS.has(value)))
      problems.push({path: `${where}.input`, message: 'only text, image, video, audio'})
    if (isObject(model.compat)) {
      for (const key of Object.keys(model.compat))
        if (!COMPAT_KEYS.has(key)) problems.push({path: `${where}.compat.${key}`, message: 'not a key OpenClaw accepts'})
    }
  }
  return [...problems, ...danglingRefs(config, providers)]
}

/** primary/fallback refs whose provider is neither configured nor built in. */
export function danglingRefs(config: Json, providers: JsonObject): Array<Problem & {ref: string}> {
  return modelRefs(config)
    .filter((ref) => {
      const provider = ref.split('/')[0]!
      return !(provider in providers) && !BUILT_IN_PROVIDERS.has(provider)
    })
    .map((ref) => ({
      path: 'agents.defaults.model',
      ref,
      message: `${ref} points at provider "${ref.split('/')[0]}", which is not configured`,
    }))
}
