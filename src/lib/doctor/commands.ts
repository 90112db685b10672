import type {LocalProvider} from './context.js'

/**
 * `localclaw config` for this provider exactly: its runtime, the model, and (where they are not the
 * defaults) its URL and provider id, so the command rewrites this block and not another.
 */
export function configCommandFor(provider: LocalProvider, modelId: string, extra = ''): string {
  const url = provider.atDefaultUrl ? '' : ` --url ${provider.baseUrl}`
  const id = provider.providerId === provider.runtime.openclaw.providerId ? '' : ` --provider-id ${provider.providerId}`
  return `localclaw config --runtime ${provider.runtime.id} --model ${modelId}${url}${id}${extra}`
}
