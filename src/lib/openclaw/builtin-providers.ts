/**
 * OpenClaw's bundled provider ids (BUILT_IN_MODEL_PROVIDER_OVERLAY_IDS in openclaw@2026.9.6,
 * src/config/model-provider-overlay-ids.ts; openclaw.md section 2). Refs such as
 * `anthropic/claude-opus-4-7` route through them: a local block written under one of these ids
 * would take over every such route, so localclaw writes only its runtime's own id among them.
 */
export const BUILT_IN_PROVIDER_IDS: ReadonlySet<string> = new Set([
  'amazon-bedrock', 'amazon-bedrock-mantle', 'anthropic', 'anthropic-vertex', 'arcee', 'azure-openai-responses', 'byteplus', 'byteplus-plan',
  'cerebras', 'chutes', 'claude-cli', 'clawrouter', 'cloudflare-ai-gateway', 'codex', 'comfy', 'copilot-proxy', 'dashscope', 'deepinfra',
  'deepseek', 'fal', 'fireworks', 'github-copilot', 'gmi', 'gmi-cloud', 'gmicloud', 'google', 'google-antigravity', 'google-gemini-cli',
  'google-vertex', 'groq', 'huggingface', 'kilocode', 'kimi', 'kimi-coding', 'litellm', 'lmstudio', 'meta', 'microsoft-foundry', 'minimax',
  'minimax-portal', 'mistral', 'modelstudio', 'moonshot', 'moonshot-ai', 'moonshotai', 'nvidia', 'novita', 'novita-ai', 'novitaai', 'ollama',
  'ollama-cloud', 'openai', 'opencode', 'opencode-go', 'openrouter', 'qianfan', 'qwen', 'qwen-token-plan', 'qwencloud', 'sglang', 'stepfun',
  'stepfun-plan', 'synthetic', 'tencent-tokenhub', 'tencent-tokenplan', 'together', 'venice', 'vercel-ai-gateway', 'vllm', 'volcengine',
  'volcengine-plan', 'vydra', 'x-ai', 'xai', 'xiaomi', 'xiaomi-token-plan', 'z.ai', 'z-ai', 'zai',
])
