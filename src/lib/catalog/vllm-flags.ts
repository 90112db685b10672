import type {LanguageModel} from './types.js'

/**
 * vLLM's tool-call and reasoning parsers per model family. Without `--enable-auto-tool-choice
 * --tool-call-parser`, vLLM answers every request that carries tools (OpenClaw always sends them)
 * with HTTP 400 "\"auto\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be
 * set" (vllm-project/vllm#9986). `chatTemplate` names a template vLLM's docs pair with the parser,
 * shipped in the vLLM repository's examples/ folder (not in the pip package).
 */
export interface VllmParsers {
  tool?: string
  reasoning?: string
  chatTemplate?: string
}

/**
 * By model id first, then by family. Source: vLLM docs/features/tool_calling.md
 * (vllm-project/vllm@0064cc9) and docs/features/reasoning_outputs.md (vllm-project/vllm@00256d5);
 * Qwen3 uses Qwen2.5's Hermes-style template (Qwen's function-calling docs). What is absent here has
 * no documented parser.
 */
export const VLLM_PARSERS: Readonly<Record<string, VllmParsers>> = {
  'qwen2.5': {tool: 'hermes'},
  'qwen2.5-coder': {tool: 'hermes'},
  qwq: {tool: 'hermes', reasoning: 'deepseek_r1'},
  qwen3: {tool: 'hermes', reasoning: 'qwen3'},
  'qwen3-coder': {tool: 'qwen3_xml'},
  // Qwen3.5 writes Qwen3-Coder's XML calls (<tool_call><function=...><parameter=...>): vLLM's qwen3_coder
  // parser (docs.vllm.ai v0.22.1 tool_parsers/qwen3coder_tool_parser), as run with Qwen3.5-27B and
  // --reasoning-parser qwen3 in vllm-project/vllm's Qwen3.5 thinking-mode issue (vLLM 0.18.0).
  'qwen3.5': {tool: 'qwen3_coder', reasoning: 'qwen3'},
  // Qwen3.6 is served as Qwen3.5 is (the same Qwen3_5ForConditionalGeneration path): vLLM's own
  // "Qwen3.5-27B / Qwen3.6-27B" deployment guide (docs.vllm.ai/projects/ascend, v0.18.0).
  'qwen3.6': {tool: 'qwen3_coder', reasoning: 'qwen3'},
  // Qwen3.8 keeps Qwen3.5's architecture and implementation (NVIDIA NeMo AutoModel docs), so its chat template's calls too.
  'qwen3.8': {tool: 'qwen3_coder', reasoning: 'qwen3'},
  // Qwen3-Next keeps Qwen3's chat template (tools in <tools>, JSON calls in <tool_call>): Hermes-style.
  'qwen3-next': {tool: 'hermes', reasoning: 'qwen3'},
  // Gemma 4's own call syntax (<|tool_call>call:name{...}<tool_call|>): vLLM's gemma4 parser, added with
  // Gemma 4 support in vllm-project/vllm#38826 (vLLM 0.19.0; docs.vllm.ai tool_parsers/gemma4_tool_parser).
  gemma4: {tool: 'gemma4'},
  'llama3.1': {tool: 'llama3_json'},
  'llama3.2': {tool: 'llama3_json'},
  'llama3.3': {tool: 'llama3_json'},
  llama4: {tool: 'llama3_json'},
  mistral: {tool: 'mistral'},
  'mistral-small': {tool: 'mistral'},
  devstral: {tool: 'mistral'},
  'ministral-3': {tool: 'mistral'},
  // Magistral's [THINK] blocks: vLLM's mistral reasoning parser, the one Magistral-Small-2506's Hugging Face discussions serve it with.
  magistral: {tool: 'mistral', reasoning: 'mistral'},
  mixtral: {tool: 'mistral'},
  'gpt-oss': {tool: 'openai'},
  'glm-4.5': {tool: 'glm45', reasoning: 'glm45'},
  // GLM-4.7 has its own call format: zai-org/GLM-4.7's README serves it with --tool-call-parser glm47
  // --reasoning-parser glm45 (commit 26f32ad); GLM-4.7-Flash is the same family's small model.
  'glm-4.7': {tool: 'glm47', reasoning: 'glm45'},
  'glm-4.7-flash': {tool: 'glm47', reasoning: 'glm45'},
  'kimi-k2': {tool: 'kimi_k2'},
  'minimax-m2': {tool: 'minimax_m2', reasoning: 'minimax_m2_append_think'},
  'deepseek-v3': {tool: 'deepseek_v31', chatTemplate: 'examples/tool_chat_template_deepseekv31.jinja'},
  // Only the full R1-0528 has a documented tool parser; the distills have none.
  'deepseek-r1:671b': {tool: 'deepseek_v3', reasoning: 'deepseek_r1', chatTemplate: 'examples/tool_chat_template_deepseekr1.jinja'},
  'deepseek-r1': {reasoning: 'deepseek_r1'},
  'phi4-mini': {tool: 'phi4_mini_json'},
}

export interface VllmServeFlags {
  flags: string[]
  warnings: string[]
}

/** The flags `vllm serve` needs for this model to answer an agent: tool calls, and its reasoning split off. */
export function vllmServeFlags(model: LanguageModel): VllmServeFlags {
  const parsers = VLLM_PARSERS[model.id] ?? VLLM_PARSERS[model.family] ?? {}
  const flags: string[] = []
  const warnings: string[] = []
  if (model.capabilities.includes('tools')) {
    if (parsers.tool) {
      flags.push('--enable-auto-tool-choice', '--tool-call-parser', parsers.tool)
      if (parsers.chatTemplate)
        warnings.push(
          `vLLM's docs pair the ${parsers.tool} parser with ${parsers.chatTemplate} from the vLLM repository: add --chat-template <that file>`,
        )
    } else {
      warnings.push(
        `vLLM documents no tool-call parser for ${model.name}: OpenClaw's requests carry tools and would fail; serve it with another runtime (localclaw recommend ${model.id} picks one that has it)`,
      )
    }
  }
  if (model.capabilities.includes('reasoning') && parsers.reasoning) flags.push('--reasoning-parser', parsers.reasoning)
  return {flags, warnings}
}
