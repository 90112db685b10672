/**
 * The one redaction every output path uses: whole-config prints, diffs, JSON results, doctor
 * messages, logs. A value is secret by its key name (SECRET_KEY), by its shape (SECRET_SHAPES,
 * wherever it appears), or by where it sits (values under env.vars that look random); URLs lose
 * their userinfo and credential query parameters.
 */
export const REDACTED = '<redacted>'

/**
 * Key names whose string values are secrets: apiKey/apiKeys, *token, *secret*, password, pass,
 * passphrase, privateKey, accessKeyId, secretAccessKey, authorization, cookie, set-cookie, x-api-key,
 * credential(s), webhook/webhookUrl, *_KEY environment names.
 */
const SECRET_KEY =
  /(api[-_]?keys?|token|secret|password|passwd|^pass$|passphrase|private[-_]?key|access[-_]?key[-_]?id|authorization|^cookie$|^set-cookie$|credentials?|webhook(url)?|_key)$|secret/i

/**
 * References to a secret kept elsewhere (${VAR}, an env variable's name) and the placeholder words
 * servers take for "no key": shown as they are. The runtimes' own markers (ollama-local...) are
 * theirs to name: callers pass them as `shown`.
 */
const REFERENCE = /^(\$\{[A-Z_][A-Z0-9_]*\}|\$\$\{.*\}|[A-Z][A-Z0-9_]*_API_KEY|EMPTY|none)$/

/** Known token formats, redacted wherever they appear (providers' documented key prefixes). */
const SECRET_SHAPES: RegExp[] = [
  /\bsk-(?:ant-|proj-|or-v1-)?[A-Za-z0-9_-]{16,}/g, // OpenAI, Anthropic, OpenRouter
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}/g, // Stripe-style
  /\bgsk_[A-Za-z0-9]{20,}/g, // Groq
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\bhf_[A-Za-z0-9]{30,}/g, // Hugging Face
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API key
  /\btskey-[A-Za-z0-9-]{16,}/g, // Tailscale auth key
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWT
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b\d{8,10}:[A-Za-z0-9_-]{35}\b/g, // Telegram bot token
]

/** URL parts that carry credentials: userinfo, and query parameters named like one. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@"'<>]+(?::[^/\s@"'<>]*)?@/gi
const URL_CREDENTIAL_PARAM =
  /([?&](?:token|access_token|auth|key|api[-_]?key|apikey|secret|sig|signature|password|pass|code|client_secret)=)[^&#\s"'<>]+/gi
/** Webhook URLs are credentials in their path (Slack, Discord). */
const WEBHOOK_PATH =
  /\b(https:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)|(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks)\/)[^\s"'<>]+/gi

/** A string that looks generated rather than chosen: long, no spaces, letters and digits mixed. */
const looksRandom = (value: string) =>
  value.length >= 16 && !/\s/.test(value) && /[A-Za-z]/.test(value) && /\d/.test(value) && !/^[a-z]+:\/\//i.test(value)

function secretByPlace(key: string, value: string, path: string[], shown: ReadonlySet<string>): boolean {
  if (REFERENCE.test(value) || shown.has(value)) return false
  if (SECRET_KEY.test(key)) return true
  return path.length >= 2 && path.at(-2) === 'vars' && path.at(-3) === 'env' && looksRandom(value)
}

function walk(value: unknown, path: string[], shown: ReadonlySet<string>, visit: (value: string, secret: boolean) => string): unknown {
  if (Array.isArray(value)) {
    // An array under a secret key (apiKeys) is secret item by item.
    const key = path.at(-1) ?? ''
    return value.map((item, index) =>
      typeof item === 'string' ? visit(item, secretByPlace(key, item, path, shown)) : walk(item, [...path, String(index)], shown, visit),
    )
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [
        key,
        typeof child === 'string'
          ? visit(child, secretByPlace(key, child, [...path, key], shown))
          : walk(child, [...path, key], shown, visit),
      ]),
    )
  }
  return value
}

/** Every string in a config (or any parsed JSON) that is secret by its key or place. */
export function secretsIn(value: unknown, shown: Iterable<string> = []): string[] {
  const found = new Set<string>()
  walk(value, [], new Set(shown), (text, secret) => {
    if (secret && text !== '') found.add(text)
    return text
  })
  return [...found]
}

/** Text with every listed secret, token shape and URL credential replaced. */
export function redactText(text: string, secrets: Iterable<string> = []): string {
  let result = text
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    // As a whole quoted value always; inside other text only when long enough not to hit ordinary words.
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
      result = secret.length >= 8
        ? result.split(form).join(REDACTED)
        : result.replace(new RegExp(`(["'])${form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`, 'g'), `$1${REDACTED}$1`)
    }
  }
  for (const shape of SECRET_SHAPES) result = result.replace(shape, REDACTED)
  return result
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(URL_CREDENTIAL_PARAM, `$1${REDACTED}`)
    .replace(WEBHOOK_PATH, `$1${REDACTED}`)
}

/** A parsed config (or any JSON result) with every secret replaced, for printing. */
export function redactJson<T>(value: T, shown: Iterable<string> = []): T {
  return walk(value, [], new Set(shown), (text, secret) => (secret ? REDACTED : redactText(text))) as T
}
