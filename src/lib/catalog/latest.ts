/**
 * What a bare family name (or <family>:latest) pulls in Ollama: the catalog entry whose default tag
 * shares :latest's digest. From the ollama.com library snapshot of 2026-07-15 (catalog-sources), where
 * an alias that shares a digest is listed once: the one size tag a family's page lists but the
 * snapshot leaves out is the one :latest names.
 */
export const OLLAMA_LATEST: Readonly<Record<string, string>> = {
  codellama: 'codellama:7b',
  'deepseek-r1': 'deepseek-r1:8b',
  'deepseek-v3.1': 'deepseek-v3.1:671b',
  devstral: 'devstral:24b',
  gemma2: 'gemma2:9b',
  gemma3: 'gemma3:4b',
  gemma4: 'gemma4:e4b',
  glm4: 'glm4:9b',
  'gpt-oss': 'gpt-oss:20b',
  granite4: 'granite4:micro',
  'llama3.1': 'llama3.1:8b',
  'llama3.2': 'llama3.2:3b',
  'llama3.3': 'llama3.3:70b',
  mistral: 'mistral:7b',
  'mistral-small3.2': 'mistral-small3.2:24b',
  phi4: 'phi4:14b',
  'phi4-mini': 'phi4-mini:3.8b',
  'qwen2.5': 'qwen2.5:7b',
  'qwen2.5-coder': 'qwen2.5-coder:7b',
  qwen3: 'qwen3:8b',
  'qwen3-coder': 'qwen3-coder:30b',
  'qwen3-coder-next': 'qwen3-coder-next',
  'qwen3-next': 'qwen3-next:80b',
  'qwen3.5': 'qwen3.5:9b',
  'qwen3.6': 'qwen3.6:35b',
  qwq: 'qwq:32b',
  tinyllama: 'tinyllama:1.1b',
}
