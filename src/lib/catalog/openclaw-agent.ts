/** What an OpenClaw agent needs from a model: the figures recommend, config and doctor plan on. */

/** OpenClaw refuses context windows below this (openclaw.md; agents need room for tools and history). */
export const OPENCLAW_MIN_CONTEXT = 16384

/** The warning for a context an agent cannot work in; null when it can. */
export function contextBelowAgentMinimum(contextTokens: number): string | null {
  return contextTokens < OPENCLAW_MIN_CONTEXT
    ? `context ${contextTokens} is below the ${OPENCLAW_MIN_CONTEXT} tokens OpenClaw needs for an agent; it may refuse the model`
    : null
}

/**
 * OpenClaw's first request: 43,049 characters of messages plus 10,379 of tool schemas, about 13K
 * tokens at ~4 characters a token (openclaw@2026.9.6 `agent --local`, measured against a recording
 * stand-in: memory-math.md section 11). Every later turn resends it with the history.
 */
export const OPENCLAW_BASE_PROMPT_TOKENS = 13_000

/**
 * The local models OpenClaw's own setup recommends for an agent: its Ollama default and tools model
 * (gemma4, gemma4:e4b: openclaw@2026.9.6's built-in defaults), the models its Ollama docs configure
 * (qwen3.5:9b, qwen3.5:27b: docs/providers/ollama/recipes.md), and the recipes of its managed llama.cpp
 * plugin (Qwen3.8 27B, Gemma 4 26B-A4B, 12B, E4B, E2B, Qwen3.5 9B and 4B: npm @openclaw/llama-cpp-provider
 * 2026.9.5). Its maintainers test the agent with these; an agent ranking counts that.
 */
export const OPENCLAW_RECOMMENDED: {families: readonly string[]; models: readonly string[]} = {
  families: ['gemma4', 'qwen3.5'],
  models: ['qwen3.8:27b'],
}

export function openclawRecommends(model: {id: string; family: string}): boolean {
  return OPENCLAW_RECOMMENDED.families.includes(model.family) || OPENCLAW_RECOMMENDED.models.includes(model.id)
}

/** OpenClaw's idle watchdog for local providers unless timeoutSeconds raises it (openclaw PR #83979, #113092). */
export const OPENCLAW_LOCAL_TIMEOUT_SECONDS = 300
