import MANIFESTS from './ollama-manifests.json' with {type: 'json'}
import {registryTag} from './registry-sizes.js'
import type {GgufFile, LanguageModel, OllamaTag} from './types.js'
import {QUANTS, type QuantId} from './quants.js'

/**
 * The model catalog: data only, a source per entry.
 * Architecture numbers come from each model's config.json (memory-math.md section 3 for the ones it
 * covers). Ollama sizes are, in order of trust: exact /api/tags byte counts (memory-math.md section 4),
 * llama.cpp's measured tensor sizes, ollama.com's page figures (rounded to 0.1 GB or 1 GB), or derived
 * from parameters x llama.cpp's bits per weight where no published figure exists.
 * Identifiers were checked against public usage (tags, repositories) before they went in.
 */

const exact = (tag: string, quant: QuantId, sizeBytes: number, sizeSource = 'Ollama /api/tags (memory-math.md section 4)'): OllamaTag =>
  ({tag, quant, sizeBytes, sizeSource})
const fromRegistry = (tag: string, quant: QuantId): OllamaTag | undefined => registryTag(MANIFESTS, tag, quant)
const page = (tag: string, quant: QuantId, gigabytes: number): OllamaTag =>
  fromRegistry(tag, quant) ?? {tag, quant, sizeBytes: Math.round(gigabytes * 1e9), sizeSource: 'ollama.com library page (rounded)'}
const derived = (tag: string, quant: QuantId, paramsB: number): OllamaTag =>
  fromRegistry(tag, quant) ?? {tag, quant, sizeBytes: Math.round((paramsB * 1e9 * QUANTS[quant].bpw) / 8), sizeSource: 'derived: parameters x llama.cpp bits per weight'}

const OPENCLAW_LLAMACPP_RECIPES = 'file size in OpenClaw\'s llama.cpp plugin recipes (npm @openclaw/llama-cpp-provider 2026.9.5)'
/** A GGUF file that OpenClaw's managed llama.cpp plugin downloads: its recipe names the file and its exact size. */
const openclawRecipe = (quant: QuantId, tag: string, sizeBytes: number): GgufFile =>
  ({quant, tag, sizeBytes, source: OPENCLAW_LLAMACPP_RECIPES})
const LLAMA_32_LICENSE = 'Llama 3.2 Community License'
const LLAMA_31_LICENSE = 'Llama 3.1 Community License'
const QWEN_SRC = 'Qwen config.json on Hugging Face (memory-math.md section 3)'

const llama8b = {layers: 32, kvHeads: 8, headDim: 128, hidden: 4096, vocab: 128256}
const llama70b = {layers: 80, kvHeads: 8, headDim: 128, hidden: 8192, vocab: 128256}
const qwen25_7b = {layers: 28, kvHeads: 4, headDim: 128, hidden: 3584, vocab: 152064}
const qwen25_14b = {layers: 48, kvHeads: 8, headDim: 128, hidden: 5120, vocab: 152064}
const qwen25_32b = {layers: 64, kvHeads: 8, headDim: 128, hidden: 5120, vocab: 152064}
const qwen3_8b = {layers: 36, kvHeads: 8, headDim: 128, hidden: 4096, vocab: 151936}
const qwen3_4b = {layers: 36, kvHeads: 8, headDim: 128, hidden: 2560, vocab: 151936, tiedEmbeddings: true}
const qwen3_30b_a3b = {layers: 48, kvHeads: 4, headDim: 128, hidden: 2048, vocab: 151936}
const qwen3_235b_a22b = {layers: 94, kvHeads: 4, headDim: 128, hidden: 4096, vocab: 151936}
/**
 * Qwen3.5/3.6 and Qwen3-Next: full attention on every 4th layer, Gated DeltaNet on the rest, with 16
 * key and 32 value heads of 128 and a 4-wide conv (the 4B, 9B and 35B-A3B configs and Qwen3-Next's;
 * the other sizes' linear heads are not in the snapshot and are taken to match).
 */
const qwenHybrid = {fullAttentionInterval: 4, linear: {keyHeads: 16, valueHeads: 32, keyDim: 128, valueDim: 128, convKernel: 4}}
const qwen35 = (layers: number, kvHeads: number, hidden: number, tiedEmbeddings = false) =>
  ({layers, kvHeads, headDim: 256, hidden, vocab: 248320, hybrid: qwenHybrid, ...(tiedEmbeddings ? {tiedEmbeddings} : {})})
const qwen3Next = {layers: 48, kvHeads: 2, headDim: 256, hidden: 2048, vocab: 151936, hybrid: qwenHybrid}
/** Gemma 4's layout is not in the snapshot: Gemma 3's is assumed (model.unknowns says so). */
const GEMMA4_LAYOUT_UNKNOWN = 'Gemma 4\'s sliding-window layout and global-layer KV width are not in localclaw\'s sources yet: its KV cache is estimated with Gemma 3\'s (five 1024-token local layers per global one, all 256 wide)'
const HF_SNAPSHOT = 'Hugging Face config snapshot 2026-05-12 (catalog-sources); sizes from the ollama.com library snapshot 2026-07-15'

/** A Gemma 4 size: its QAT (Q4_0) and Q8_0 tags, the BF16 repository, 256-wide heads, Gemma 3's layout assumed. */
function gemma4(size: {
  size: string; tagSize?: string; name: string; paramsB: number; activeParamsB?: number; layers: number; kvHeads: number; hidden: number
  contextLength: number; qat: number; q8: number; perLayerEmbeddings?: boolean; ggufFile?: GgufFile
  /** Unsloth's repository name where its casing differs from the size's ("gemma-4-12b-it-GGUF"). */
  ggufRepo?: string
  /** Where the numbers come from when the Hugging Face snapshot does not have this size, and what is assumed. */
  source?: string; assumed?: string
}): LanguageModel {
  const tag = size.tagSize ?? size.size
  return {
    id: `gemma4:${size.size}`, name: `Gemma 4 ${size.name}`, family: 'gemma4', paramsB: size.paramsB, ...(size.activeParamsB ? {activeParamsB: size.activeParamsB} : {}),
    arch: {layers: size.layers, kvHeads: size.kvHeads, headDim: 256, hidden: size.hidden, vocab: 262144, tiedEmbeddings: true,
      slidingWindow: gemma3Swa},
    // Gemma 4 is released under Apache 2.0 (its Hugging Face model cards).
    contextLength: size.contextLength, capabilities: ['tools', 'reasoning', 'vision'], license: 'Apache-2.0',
    ollama: [page(`gemma4:${tag}-it-qat`, 'Q4_0', size.qat), page(`gemma4:${tag}-it-q8_0`, 'Q8_0', size.q8)],
    ...(size.ggufFile ? {gguf: size.ggufRepo ?? `unsloth/gemma-4-${size.name}-it-GGUF`, ggufFiles: [size.ggufFile]} : {}),
    vllm: [{repo: `google/gemma-4-${size.name}-it`, quant: 'BF16'}],
    unknowns: [GEMMA4_LAYOUT_UNKNOWN, ...(size.assumed ? [size.assumed] : [])],
    source: size.source
      ?? `google/gemma-4-${size.name}-it config.json${size.perLayerEmbeddings ? ' (parameters count its per-layer embeddings)' : ''}; ${HF_SNAPSHOT}`,
  }
}
const deepseekV3 = {layers: 61, kvHeads: 128, headDim: 192, hidden: 7168, vocab: 129280, mla: {kvLoraRank: 512, ropeDim: 64}}
const mistralSmall = {layers: 40, kvHeads: 8, headDim: 128, hidden: 5120, vocab: 131072}
const gemma3Swa = {window: 1024, period: 6}
const gptOssSwa = {window: 128, period: 2}

let catalog: LanguageModel[] | undefined

/**
 * Every language model localclaw knows, built on first use: building it is most of what loading the
 * catalog costs, and detect, doctor and the runtime adapters load this module without needing it.
 */
export function languageModels(): LanguageModel[] {
  return (catalog ??= buildCatalog())
}

// In parentheses so that V8 compiles it with the module and Node's compile cache keeps its bytecode:
// compiled at its first call instead, these 600 lines took about 1.3 ms of every recommend.
const buildCatalog = (function buildCatalog(): LanguageModel[] {
  return [
    // ---- Llama (Meta)
    {
      id: 'llama3.2:1b', name: 'Llama 3.2 1B Instruct', family: 'llama3.2', paramsB: 1.24,
      arch: {layers: 16, kvHeads: 8, headDim: 64, hidden: 2048, vocab: 128256, tiedEmbeddings: true},
      contextLength: 131072, capabilities: ['tools'], license: LLAMA_32_LICENSE,
      ollama: [exact('llama3.2:1b', 'Q8_0', 1_321_098_329)],
      gguf: 'bartowski/Llama-3.2-1B-Instruct-GGUF', vllm: [{repo: 'meta-llama/Llama-3.2-1B-Instruct', quant: 'BF16'}],
      source: 'meta-llama/Llama-3.2-1B-Instruct config.json',
    },
    {
      id: 'llama3.2:3b', name: 'Llama 3.2 3B Instruct', family: 'llama3.2', paramsB: 3.21,
      arch: {layers: 28, kvHeads: 8, headDim: 128, hidden: 3072, vocab: 128256, tiedEmbeddings: true},
      contextLength: 131072, capabilities: ['tools'], license: LLAMA_32_LICENSE,
      ollama: [exact('llama3.2:3b', 'Q4_K_M', 2_019_393_189), derived('llama3.2:3b-instruct-q8_0', 'Q8_0', 3.21)],
      gguf: 'bartowski/Llama-3.2-3B-Instruct-GGUF', vllm: [{repo: 'meta-llama/Llama-3.2-3B-Instruct', quant: 'BF16'}],
      source: 'meta-llama/Llama-3.2-3B-Instruct config.json',
    },
    {
      id: 'llama3.1:8b', name: 'Llama 3.1 8B Instruct', family: 'llama3.1', paramsB: 8.03,
      arch: llama8b, contextLength: 131072, capabilities: ['tools'], license: LLAMA_31_LICENSE,
      ollama: [
        exact('llama3.1:8b', 'Q4_K_M', 4_920_753_328),
        exact('llama3.1:8b-instruct-q8_0', 'Q8_0', Math.round(7.95 * 1024 ** 3), 'llama.cpp quantize README, Llama-3.1-8B Q8_0 tensor bytes'),
        exact('llama3.1:8b-instruct-fp16', 'F16', Math.round(14.96 * 1024 ** 3), 'llama.cpp quantize README, Llama-3.1-8B F16 tensor bytes'),
      ],
      lmstudio: 'lmstudio-community/Meta-Llama-3.1-8B-Instruct-GGUF', gguf: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
      vllm: [
        {repo: 'meta-llama/Llama-3.1-8B-Instruct', quant: 'BF16'},
        {repo: 'hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4', quant: 'AWQ'},
        {repo: 'neuralmagic/Meta-Llama-3.1-8B-Instruct-FP8', quant: 'FP8'},
      ],
      source: 'meta-llama/Llama-3.1-8B-Instruct config.json (memory-math.md section 3)',
    },
    {
      id: 'llama3.1:70b', name: 'Llama 3.1 70B Instruct', family: 'llama3.1', paramsB: 70.55,
      arch: llama70b, contextLength: 131072, capabilities: ['tools'], license: LLAMA_31_LICENSE,
      // The GGUF's Q4_K_M file is 42.5 GB (bartowski's repository); ollama.com lists the tag at 43 GB.
      ollama: [page('llama3.1:70b', 'Q4_K_M', 43), page('llama3.1:70b-instruct-q8_0', 'Q8_0', 75)],
      gguf: 'bartowski/Meta-Llama-3.1-70B-Instruct-GGUF',
      vllm: [
        {repo: 'meta-llama/Llama-3.1-70B-Instruct', quant: 'BF16'},
        {repo: 'hugging-quants/Meta-Llama-3.1-70B-Instruct-AWQ-INT4', quant: 'AWQ'},
        {repo: 'RedHatAI/Meta-Llama-3.1-70B-Instruct-FP8', quant: 'FP8'},
      ],
      source: 'meta-llama/Llama-3.1-70B-Instruct (the Llama 3.3 70B architecture); tags and sizes: Ollama library snapshot 2026-07-15 (catalog-sources)',
    },
    {
      id: 'llama3.3:70b', name: 'Llama 3.3 70B Instruct', family: 'llama3.3', paramsB: 70.55,
      arch: llama70b, contextLength: 131072, capabilities: ['tools'], license: 'Llama 3.3 Community License',
      ollama: [exact('llama3.3:70b', 'Q4_K_M', 42_520_413_916), derived('llama3.3:70b-instruct-q8_0', 'Q8_0', 70.55)],
      gguf: 'bartowski/Llama-3.3-70B-Instruct-GGUF',
      vllm: [
        {repo: 'meta-llama/Llama-3.3-70B-Instruct', quant: 'BF16'},
        {repo: 'casperhansen/llama-3.3-70b-instruct-awq', quant: 'AWQ'},
      ],
      source: 'meta-llama/Llama-3.3-70B-Instruct config.json (memory-math.md section 3)',
    },
    {
      id: 'llama4:scout', name: 'Llama 4 Scout 17B-16E', family: 'llama4', paramsB: 108.6, activeParamsB: 17,
      // Chunked attention (8192) on 3 of every 4 layers: the same KV shape as a sliding window.
      arch: {layers: 48, kvHeads: 8, headDim: 128, hidden: 5120, vocab: 202048, slidingWindow: {window: 8192, period: 4}},
      contextLength: 10_485_760, capabilities: ['tools', 'vision'], license: 'Llama 4 Community License',
      ollama: [page('llama4:scout', 'Q4_K_M', 67)],
      gguf: 'unsloth/Llama-4-Scout-17B-16E-Instruct-GGUF', vllm: [{repo: 'meta-llama/Llama-4-Scout-17B-16E-Instruct', quant: 'BF16'}],
      source: 'meta-llama/Llama-4-Scout-17B-16E-Instruct config.json; ollama/ollama README (67GB)',
    },
    // ---- Qwen2.5
    {
      id: 'qwen2.5:0.5b', name: 'Qwen2.5 0.5B Instruct', family: 'qwen2.5', paramsB: 0.49,
      arch: {layers: 24, kvHeads: 2, headDim: 64, hidden: 896, vocab: 151936, tiedEmbeddings: true},
      contextLength: 32768, capabilities: ['tools'], license: 'Apache-2.0',
      ollama: [exact('qwen2.5:0.5b', 'Q4_K_M', 397_821_319)], gguf: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF',
      vllm: [{repo: 'Qwen/Qwen2.5-0.5B-Instruct', quant: 'BF16'}], source: QWEN_SRC,
    },
    {
      id: 'qwen2.5:1.5b', name: 'Qwen2.5 1.5B Instruct', family: 'qwen2.5', paramsB: 1.54,
      arch: {layers: 28, kvHeads: 2, headDim: 128, hidden: 1536, vocab: 151936, tiedEmbeddings: true},
      contextLength: 32768, capabilities: ['tools'], license: 'Apache-2.0',
      ollama: [exact('qwen2.5:1.5b', 'Q4_K_M', 986_061_892)], gguf: 'Qwen/Qwen2.5-1.5B-Instruct-GGUF',
      vllm: [{repo: 'Qwen/Qwen2.5-1.5B-Instruct', quant: 'BF16'}], source: QWEN_SRC,
    },
    {
      id: 'qwen2.5:3b', name: 'Qwen2.5 3B Instruct', family: 'qwen2.5', paramsB: 3.09,
      arch: {layers: 36, kvHeads: 2, headDim: 128, hidden: 2048, vocab: 151936, tiedEmbeddings: true},
      contextLength: 32768, capabilities: ['tools'], license: 'Qwen Research License',
      ollama: [exact('qwen2.5:3b', 'Q4_K_M', 1_929_912_432)], gguf: 'Qwen/Qwen2.5-3B-Instruct-GGUF',
      vllm: [{repo: 'Qwen/Qwen2.5-3B-Instruct', quant: 'BF16'}], source: QWEN_SRC,
    },
    {
      id: 'qwen2.5:7b', name: 'Qwen2.5 7B Instruct', family: 'qwen2.5', paramsB: 7.62,
      arch: qwen25_7b, contextLength: 32768, capabilities: ['tools'], license: 'Apache-2.0',
      ollama: [exact('qwen2.5:7b', 'Q4_K_M', 4_683_087_332), derived('qwen2.5:7b-instruct-q8_0', 'Q8_0', 7.62)],
      lmstudio: 'lmstudio-community/Qwen2.5-7B-Instruct-GGUF', gguf: 'Qwen/Qwen2.5-7B-Instruct-GGUF',
      vllm: [
        {repo: 'Qwen/Qwen2.5-7B-Instruct', quant: 'BF16'},
        {repo: 'Qwen/Qwen2.5-7B-Instruct-AWQ', quant: 'AWQ'},
        {repo: 'Qwen/Qwen2.5-7B-Instruct-GPTQ-Int4', quant: 'GPTQ'},
      ],
      source: QWEN_SRC,
    },
    {
      id: 'qwen2.5:14b', name: 'Qwen2.5 14B Instruct', family: 'qwen2.5', paramsB: 14.77,
      arch: qwen25_14b, contextLength: 32768, capabilities: ['tools'], license: 'Apache-2.0',
      ollama: [page('qwen2.5:14b', 'Q4_K_M', 9.0), derived('qwen2.5:14b-instruct-q8_0', 'Q8_0', 14.77)],
      gguf: 'Qwen/Qwen2.5-14B-Instruct-GGUF',
      vllm: [{repo: 'Qwen/Qwen2.5-14B-Instruct', quant: 'BF16'}, {repo: 'Qwen/Qwen2.5-14B-Instruct-AWQ', quant: 'AWQ'}],
      source: QWEN_SRC,
    },
    {
      id: 'qwen2.5:32b', name: 'Qwen2.5 32B Instruct', family: 'qwen2.5', paramsB: 32.76,
      arch: qwen25_32b, contextLength: 32768, capabilities: ['tools'], license: 'Apache-2.0',
      ollama: [page('qwen2.5:32b', 'Q4_K_M', 20)], gguf: 'Qwen/Qwen2.5-32B-Instruct-GGUF',
      vllm: [{repo: 'Qwen/Qwen2.5-32B-Instruct', quant: 'BF16'}, {repo: 'Qwen/Qwen2.5-32B-Instruct-AWQ', quant: 'AWQ'}],
      source: QWEN_SRC,
    },
    {
      id: 'qwen2.5:72b', name: 'Qwen2.5 72B Instruct', family: 'qwen2.5', paramsB: 72.71,
      arch: {layers: 80, kvHeads: 8, headDim: 128, hidden: 8192, vocab: 152064},
      contextLength: 32768, capabilities: ['tools'], license: 'Qwen License',
      ollama: [page('qwen2.5:72b', 'Q4_K_M', 47)], gguf: 'Qwen/Qwen2.5-72B-Instruct-GGUF',
      vllm: [{repo: 'Qwen/Qwen2.5-72B-Instruct', quant: 'BF16'}, {repo: 'Qwen/Qwen2.5-72B-Instruct-AWQ', quant: 'AWQ'}],
      source: QWEN_SRC,
    },
    {
      // Ollama labels qwen2.5-coder with tools, but its tool calls come back as JSON in the text, not as
      // tool calls (ollama/ollama#12174): no tools, so it is not offered to an agent.
      id: 'qwen2.5-coder:7b', name: 'Qwen2.5 Coder 7B Instruct', family: 'qwen2.5-coder', paramsB: 7.62,
      arch: qwen25_7b, contextLength: 32768, capabilities: ['code'], license: 'Apache-2.0',
      ollama: [page('qwen2.5-coder:7b', 'Q4_K_M', 4.7)], gguf: 'Qwen/Qwen2.5-Coder-7B-Instruct-GGUF',
      vllm: [{repo: 'Qwen/Qwen2.5-Coder-7B-Instruct', quant: 'BF16'}], source: QWEN_SRC,
    },
    {
      id: 'qwen2.5-coder:14b', name: 'Qwen2.5 Coder 14B Instruct', family: 'qwen2.5-coder', paramsB: 14.77,
      arch: qwen25_14b, contextLength: 32768, capabilities: ['code'], license: 'Apache-2.0',
      ollama: [page('qwen2.5-coder:14b', 'Q4_K_M', 9.0)], gguf: 'Qwen/Qwen2.5-Coder-14B-Instruct-GGUF',
      vllm: [{repo: 'Qwen/Qwen2.5-Coder-14B-Instruct', quant: 'BF16'}], source: QWEN_SRC,
    },
    {
      id: 'qwen2.5-coder:32b', name: 'Qwen2.5 Coder 32B Instruct', family: 'qwen2.5-coder', paramsB: 32.76,
      arch: qwen25_32b, contextLength: 32768, capabilities: ['code'], license: 'Apache-2.0',
      ollama: [page('qwen2.5-coder:32b', 'Q4_K_M', 20)],
      gguf: 'Qwen/Qwen2.5-Coder-32B-Instruct-GGUF',
      vllm: [{repo: 'Qwen/Qwen2.5-Coder-32B-Instruct', quant: 'BF16'}, {repo: 'Qwen/Qwen2.5-Coder-32B-Instruct-AWQ', quant: 'AWQ'}],
      source: QWEN_SRC,
    },
    {
      id: 'qwq:32b', name: 'QwQ 32B', family: 'qwq', paramsB: 32.76,
      arch: qwen25_32b, contextLength: 40960, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      ollama: [page('qwq:32b', 'Q4_K_M', 20)], gguf: 'Qwen/QwQ-32B-GGUF',
      vllm: [{repo: 'Qwen/QwQ-32B', quant: 'BF16'}, {repo: 'Qwen/QwQ-32B-AWQ', quant: 'AWQ'}],
      source: 'Qwen/QwQ-32B config.json; ollama/ollama README (20GB)',
    },
    // ---- Qwen3
    {
      // 0.75 B with its tied embeddings (Hugging Face API for Qwen/Qwen3-0.6B: 751,632,384), not the "0.6B" of its name.
      id: 'qwen3:0.6b', name: 'Qwen3 0.6B', family: 'qwen3', paramsB: 0.75,
      arch: {layers: 28, kvHeads: 8, headDim: 128, hidden: 1024, vocab: 151936, tiedEmbeddings: true},
      contextLength: 40960, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      ollama: [page('qwen3:0.6b', 'Q4_K_M', 0.523)], gguf: 'Qwen/Qwen3-0.6B-GGUF', vllm: [{repo: 'Qwen/Qwen3-0.6B', quant: 'BF16'}],
      source: 'Qwen/Qwen3-0.6B config.json',
    },
    {
      id: 'qwen3:1.7b', name: 'Qwen3 1.7B', family: 'qwen3', paramsB: 2.03,
      arch: {layers: 28, kvHeads: 8, headDim: 128, hidden: 2048, vocab: 151936, tiedEmbeddings: true},
      contextLength: 40960, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      ollama: [page('qwen3:1.7b', 'Q4_K_M', 1.4)], gguf: 'Qwen/Qwen3-1.7B-GGUF', vllm: [{repo: 'Qwen/Qwen3-1.7B', quant: 'BF16'}],
      source: 'Qwen/Qwen3-1.7B config.json',
    },
    {
      id: 'qwen3:4b-q4_K_M', name: 'Qwen3 4B (April 2025)', family: 'qwen3', paramsB: 4.02,
      arch: qwen3_4b, contextLength: 40960, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      // qwen3:4b now points at the 2507 Thinking build (256K; Ollama library snapshot 2026-07-15, a digest of its own):
      // the tag of the April build this entry, its repositories and LM Studio key describe is qwen3:4b-q4_K_M.
      ollama: [page('qwen3:4b-q4_K_M', 'Q4_K_M', 2.6), page('qwen3:4b-q8_0', 'Q8_0', 4.4)],
      lmstudio: 'qwen/qwen3-4b', gguf: 'Qwen/Qwen3-4B-GGUF',
      vllm: [{repo: 'Qwen/Qwen3-4B', quant: 'BF16'}, {repo: 'Qwen/Qwen3-4B-AWQ', quant: 'AWQ'}],
      source: 'Qwen/Qwen3-4B config.json; size vbookshelf/Ollama-Models-Local-Experiments-With-16GB-RAM',
    },
    {
      id: 'qwen3:8b', name: 'Qwen3 8B', family: 'qwen3', paramsB: 8.19,
      arch: qwen3_8b, contextLength: 40960, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      // Ollama's qwen3:8b blob is 4% larger than a stock Q4_K_M (memory-math.md section 2): trust the size.
      ollama: [exact('qwen3:8b', 'Q4_K_M', 5_225_388_164), derived('qwen3:8b-q8_0', 'Q8_0', 8.19), derived('qwen3:8b-fp16', 'F16', 8.19)],
      lmstudio: 'qwen/qwen3-8b', gguf: 'Qwen/Qwen3-8B-GGUF',
      vllm: [
        {repo: 'Qwen/Qwen3-8B', quant: 'BF16'},
        {repo: 'Qwen/Qwen3-8B-AWQ', quant: 'AWQ'},
        {repo: 'Qwen/Qwen3-8B-FP8', quant: 'FP8'},
      ],
      source: 'Qwen/Qwen3-8B config.json (memory-math.md section 3)',
    },
    {
      id: 'qwen3:14b', name: 'Qwen3 14B', family: 'qwen3', paramsB: 14.8,
      arch: {layers: 40, kvHeads: 8, headDim: 128, hidden: 5120, vocab: 151936},
      contextLength: 40960, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      ollama: [page('qwen3:14b', 'Q4_K_M', 9.3), derived('qwen3:14b-q8_0', 'Q8_0', 14.8)], gguf: 'Qwen/Qwen3-14B-GGUF',
      vllm: [{repo: 'Qwen/Qwen3-14B', quant: 'BF16'}, {repo: 'Qwen/Qwen3-14B-AWQ', quant: 'AWQ'}, {repo: 'Qwen/Qwen3-14B-FP8', quant: 'FP8'}],
      source: 'Qwen/Qwen3-14B config.json',
    },
    {
      id: 'qwen3:32b', name: 'Qwen3 32B', family: 'qwen3', paramsB: 32.8,
      arch: {layers: 64, kvHeads: 8, headDim: 128, hidden: 5120, vocab: 151936},
      contextLength: 40960, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      ollama: [page('qwen3:32b', 'Q4_K_M', 20)], gguf: 'Qwen/Qwen3-32B-GGUF',
      vllm: [{repo: 'Qwen/Qwen3-32B', quant: 'BF16'}, {repo: 'Qwen/Qwen3-32B-AWQ', quant: 'AWQ'}, {repo: 'Qwen/Qwen3-32B-FP8', quant: 'FP8'}],
      source: 'Qwen/Qwen3-32B config.json',
    },
    {
      id: 'qwen3:30b-a3b', name: 'Qwen3 30B-A3B (April 2025)', family: 'qwen3', paramsB: 30.53, activeParamsB: 3.3,
      arch: qwen3_30b_a3b, contextLength: 40960, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      // qwen3:30b now points at the 2507 Thinking build (256K); the April build described here is qwen3:30b-a3b-q4_K_M.
      ollama: [page('qwen3:30b-a3b-q4_K_M', 'Q4_K_M', 19), page('qwen3:30b-a3b-q8_0', 'Q8_0', 33)], lmstudio: 'qwen/qwen3-30b-a3b', gguf: 'Qwen/Qwen3-30B-A3B-GGUF',
      vllm: [{repo: 'Qwen/Qwen3-30B-A3B', quant: 'BF16'}, {repo: 'Qwen/Qwen3-30B-A3B-FP8', quant: 'FP8'}],
      source: 'Qwen/Qwen3-30B-A3B config.json (memory-math.md section 3)',
    },
    {
      id: 'qwen3:235b-a22b', name: 'Qwen3 235B-A22B (April 2025)', family: 'qwen3', paramsB: 235.1, activeParamsB: 22,
      arch: qwen3_235b_a22b,
      contextLength: 40960, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      // qwen3:235b now points at the 2507 Thinking build (256K); the April build described here is qwen3:235b-a22b-q4_K_M.
      ollama: [page('qwen3:235b-a22b-q4_K_M', 'Q4_K_M', 142), page('qwen3:235b-a22b-q8_0', 'Q8_0', 250)], gguf: 'unsloth/Qwen3-235B-A22B-GGUF',
      vllm: [{repo: 'Qwen/Qwen3-235B-A22B', quant: 'BF16'}, {repo: 'Qwen/Qwen3-235B-A22B-FP8', quant: 'FP8'}],
      source: 'Qwen/Qwen3-235B-A22B config.json',
    },
    // ---- Qwen3 2507: qwen3:4b, :30b and :235b now name these builds (256K; the thinking ones by default)
    {
      id: 'qwen3:4b', name: 'Qwen3 4B Thinking 2507', family: 'qwen3', paramsB: 4.02,
      arch: qwen3_4b, contextLength: 262144, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      ollama: [page('qwen3:4b', 'Q4_K_M', 2.5), page('qwen3:4b-thinking-2507-q8_0', 'Q8_0', 4.3)],
      vllm: [{repo: 'Qwen/Qwen3-4B-Thinking-2507', quant: 'BF16'}, {repo: 'Qwen/Qwen3-4B-Thinking-2507-FP8', quant: 'FP8'}],
      source: `Qwen/Qwen3-4B-Thinking-2507 config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3:4b-instruct', name: 'Qwen3 4B Instruct 2507', family: 'qwen3', paramsB: 4.02,
      arch: qwen3_4b, contextLength: 262144, capabilities: ['tools'], license: 'Apache-2.0',
      ollama: [page('qwen3:4b-instruct', 'Q4_K_M', 2.5), page('qwen3:4b-instruct-2507-q8_0', 'Q8_0', 4.3)],
      vllm: [{repo: 'Qwen/Qwen3-4B-Instruct-2507', quant: 'BF16'}, {repo: 'Qwen/Qwen3-4B-Instruct-2507-FP8', quant: 'FP8'}],
      source: `Qwen/Qwen3-4B-Instruct-2507 config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3:30b', name: 'Qwen3 30B-A3B Thinking 2507', family: 'qwen3', paramsB: 30.53, activeParamsB: 3.3,
      arch: qwen3_30b_a3b, contextLength: 262144, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      ollama: [page('qwen3:30b', 'Q4_K_M', 19), page('qwen3:30b-a3b-thinking-2507-q8_0', 'Q8_0', 32)],
      vllm: [{repo: 'Qwen/Qwen3-30B-A3B-Thinking-2507', quant: 'BF16'}, {repo: 'Qwen/Qwen3-30B-A3B-Thinking-2507-FP8', quant: 'FP8'}],
      source: `Qwen/Qwen3-30B-A3B-Thinking-2507 config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3:30b-a3b-instruct-2507-q4_K_M', name: 'Qwen3 30B-A3B Instruct 2507', family: 'qwen3', paramsB: 30.53, activeParamsB: 3.3,
      arch: qwen3_30b_a3b, contextLength: 262144, capabilities: ['tools'], license: 'Apache-2.0',
      ollama: [page('qwen3:30b-a3b-instruct-2507-q4_K_M', 'Q4_K_M', 19), page('qwen3:30b-a3b-instruct-2507-q8_0', 'Q8_0', 32)],
      vllm: [{repo: 'Qwen/Qwen3-30B-A3B-Instruct-2507', quant: 'BF16'}, {repo: 'Qwen/Qwen3-30B-A3B-Instruct-2507-FP8', quant: 'FP8'}],
      source: `Qwen/Qwen3-30B-A3B-Instruct-2507 config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3:235b', name: 'Qwen3 235B-A22B Thinking 2507', family: 'qwen3', paramsB: 235.1, activeParamsB: 22,
      arch: qwen3_235b_a22b, contextLength: 262144, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      ollama: [page('qwen3:235b', 'Q4_K_M', 142), page('qwen3:235b-a22b-thinking-2507-q8_0', 'Q8_0', 250)],
      vllm: [{repo: 'Qwen/Qwen3-235B-A22B-Thinking-2507', quant: 'BF16'}],
      source: `Qwen/Qwen3-235B-A22B-Thinking-2507 config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3:235b-a22b-instruct-2507-q4_K_M', name: 'Qwen3 235B-A22B Instruct 2507', family: 'qwen3', paramsB: 235.1, activeParamsB: 22,
      arch: qwen3_235b_a22b, contextLength: 262144, capabilities: ['tools'], license: 'Apache-2.0',
      ollama: [page('qwen3:235b-a22b-instruct-2507-q4_K_M', 'Q4_K_M', 142), page('qwen3:235b-a22b-instruct-2507-q8_0', 'Q8_0', 250)],
      vllm: [{repo: 'Qwen/Qwen3-235B-A22B-Instruct-2507', quant: 'BF16'}],
      source: `Qwen/Qwen3-235B-A22B-Instruct-2507 config.json; ${HF_SNAPSHOT}`,
    },
    // ---- Qwen3.5 and 3.6: hybrid attention, vision, thinking (the Ollama library lists tools, thinking and vision)
    {
      id: 'qwen3.5:0.8b', name: 'Qwen3.5 0.8B', family: 'qwen3.5', paramsB: 0.87,
      arch: qwen35(24, 2, 1024, true), contextLength: 262144, capabilities: ['tools', 'reasoning', 'vision'], license: 'Apache-2.0',
      ollama: [page('qwen3.5:0.8b', 'Q8_0', 1.0)], vllm: [{repo: 'Qwen/Qwen3.5-0.8B', quant: 'BF16'}],
      source: `Qwen/Qwen3.5-0.8B config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3.5:2b', name: 'Qwen3.5 2B', family: 'qwen3.5', paramsB: 2.27,
      arch: qwen35(24, 2, 2048, true), contextLength: 262144, capabilities: ['tools', 'reasoning', 'vision'], license: 'Apache-2.0',
      ollama: [page('qwen3.5:2b', 'Q8_0', 2.7), page('qwen3.5:2b-q4_K_M', 'Q4_K_M', 1.9)], vllm: [{repo: 'Qwen/Qwen3.5-2B', quant: 'BF16'}],
      source: `Qwen/Qwen3.5-2B config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3.5:4b', name: 'Qwen3.5 4B', family: 'qwen3.5', paramsB: 4.66,
      arch: qwen35(32, 4, 2560, true), contextLength: 262144, capabilities: ['tools', 'reasoning', 'vision'], license: 'Apache-2.0',
      ollama: [page('qwen3.5:4b', 'Q4_K_M', 3.4), page('qwen3.5:4b-q8_0', 'Q8_0', 5.3)],
      gguf: 'unsloth/Qwen3.5-4B-GGUF', ggufFiles: [openclawRecipe('Q4_K_M', 'Q4_K_M', 2_740_937_888)],
      vllm: [{repo: 'Qwen/Qwen3.5-4B', quant: 'BF16'}],
      source: `Qwen/Qwen3.5-4B config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3.5:9b', name: 'Qwen3.5 9B', family: 'qwen3.5', paramsB: 9.65,
      arch: qwen35(32, 4, 4096), contextLength: 262144, capabilities: ['tools', 'reasoning', 'vision'], license: 'Apache-2.0',
      // qwen3.5:9b is the digest of qwen3.5:latest (6.6GB).
      ollama: [page('qwen3.5:9b', 'Q4_K_M', 6.6), page('qwen3.5:9b-q8_0', 'Q8_0', 11)],
      gguf: 'unsloth/Qwen3.5-9B-GGUF', ggufFiles: [openclawRecipe('Q4_K_M', 'Q4_K_M', 5_680_522_464)],
      vllm: [{repo: 'Qwen/Qwen3.5-9B', quant: 'BF16'}],
      source: `Qwen/Qwen3.5-9B config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3.5:27b', name: 'Qwen3.5 27B', family: 'qwen3.5', paramsB: 27.78,
      arch: qwen35(64, 4, 5120), contextLength: 262144, capabilities: ['tools', 'reasoning', 'vision'], license: 'Apache-2.0',
      ollama: [page('qwen3.5:27b', 'Q4_K_M', 17), page('qwen3.5:27b-q8_0', 'Q8_0', 30)],
      vllm: [{repo: 'Qwen/Qwen3.5-27B', quant: 'BF16'}, {repo: 'Qwen/Qwen3.5-27B-FP8', quant: 'FP8'}, {repo: 'Qwen/Qwen3.5-27B-GPTQ-Int4', quant: 'GPTQ'}],
      source: `Qwen/Qwen3.5-27B config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3.5:35b', name: 'Qwen3.5 35B-A3B', family: 'qwen3.5', paramsB: 35.95, activeParamsB: 3,
      arch: qwen35(40, 2, 2048), contextLength: 262144, capabilities: ['tools', 'reasoning', 'vision'], license: 'Apache-2.0',
      ollama: [page('qwen3.5:35b', 'Q4_K_M', 24), page('qwen3.5:35b-a3b-q8_0', 'Q8_0', 39)],
      vllm: [{repo: 'Qwen/Qwen3.5-35B-A3B', quant: 'BF16'}, {repo: 'Qwen/Qwen3.5-35B-A3B-FP8', quant: 'FP8'}, {repo: 'Qwen/Qwen3.5-35B-A3B-GPTQ-Int4', quant: 'GPTQ'}],
      source: `Qwen/Qwen3.5-35B-A3B config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3.5:122b', name: 'Qwen3.5 122B-A10B', family: 'qwen3.5', paramsB: 125.1, activeParamsB: 10,
      arch: qwen35(48, 2, 3072), contextLength: 262144, capabilities: ['tools', 'reasoning', 'vision'], license: 'Apache-2.0',
      ollama: [page('qwen3.5:122b', 'Q4_K_M', 81)],
      vllm: [{repo: 'Qwen/Qwen3.5-122B-A10B', quant: 'BF16'}, {repo: 'Qwen/Qwen3.5-122B-A10B-FP8', quant: 'FP8'}],
      source: `Qwen/Qwen3.5-122B-A10B config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3.6:27b', name: 'Qwen3.6 27B', family: 'qwen3.6', paramsB: 27.78,
      arch: qwen35(64, 4, 5120), contextLength: 262144, capabilities: ['tools', 'reasoning', 'vision'], license: 'Apache-2.0',
      ollama: [page('qwen3.6:27b', 'Q4_K_M', 17), page('qwen3.6:27b-q8_0', 'Q8_0', 30)],
      vllm: [{repo: 'Qwen/Qwen3.6-27B', quant: 'BF16'}, {repo: 'Qwen/Qwen3.6-27B-FP8', quant: 'FP8'}],
      source: `Qwen/Qwen3.6-27B config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3.6:35b', name: 'Qwen3.6 35B-A3B', family: 'qwen3.6', paramsB: 35.95, activeParamsB: 3,
      arch: qwen35(40, 2, 2048), contextLength: 262144, capabilities: ['tools', 'reasoning', 'vision'], license: 'Apache-2.0',
      // qwen3.6:35b is the digest of qwen3.6:latest (24GB).
      ollama: [page('qwen3.6:35b', 'Q4_K_M', 24), page('qwen3.6:35b-a3b-q8_0', 'Q8_0', 39)],
      vllm: [{repo: 'Qwen/Qwen3.6-35B-A3B', quant: 'BF16'}, {repo: 'Qwen/Qwen3.6-35B-A3B-FP8', quant: 'FP8'}],
      source: `Qwen/Qwen3.6-35B-A3B config.json; ${HF_SNAPSHOT}`,
    },
    {
      // Not in the Ollama library snapshot (2026-07-15): llama.cpp and vLLM fetch it.
      id: 'qwen3.8:27b', name: 'Qwen3.8 27B', family: 'qwen3.8', paramsB: 27.78,
      arch: qwen35(64, 4, 5120), contextLength: 262144, capabilities: ['tools', 'reasoning', 'vision'], license: 'see the Qwen/Qwen3.8-27B model card',
      // Unsloth's dynamic Q4_K_M mix, the file OpenClaw's plugin downloads.
      gguf: 'unsloth/Qwen3.8-27B-GGUF', ggufFiles: [openclawRecipe('Q4_K_M', 'UD-Q4_K_M', 16_464_440_224)],
      vllm: [{repo: 'Qwen/Qwen3.8-27B', quant: 'BF16'}, {repo: 'Qwen/Qwen3.8-27B-FP8', quant: 'FP8'}],
      unknowns: ['Qwen3.8 27B\'s config.json is not in localclaw\'s sources: its layer numbers are Qwen3.5 27B\'s, whose architecture it keeps (NVIDIA NeMo AutoModel\'s model coverage page)'],
      source: 'Qwen3.5 27B\'s architecture (Qwen3_5ForConditionalGeneration, NVIDIA NeMo AutoModel docs); context, capabilities and repositories: Xinference\'s qwen3.8 model spec; GGUF: OpenClaw\'s llama.cpp plugin 2026.9.5',
    },
    // ---- Qwen3-Next: the hybrid design at 80B-A3B
    {
      id: 'qwen3-next:80b', name: 'Qwen3-Next 80B-A3B Instruct', family: 'qwen3-next', paramsB: 81.3, activeParamsB: 3,
      arch: qwen3Next, contextLength: 262144, capabilities: ['tools'], license: 'Apache-2.0',
      ollama: [page('qwen3-next:80b', 'Q4_K_M', 50), page('qwen3-next:80b-a3b-instruct-q8_0', 'Q8_0', 85)],
      gguf: 'unsloth/Qwen3-Next-80B-A3B-Instruct-GGUF',
      vllm: [{repo: 'Qwen/Qwen3-Next-80B-A3B-Instruct', quant: 'BF16'}, {repo: 'Qwen/Qwen3-Next-80B-A3B-Instruct-FP8', quant: 'FP8'}],
      source: `Qwen/Qwen3-Next-80B-A3B-Instruct config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3-next:80b-a3b-thinking-q8_0', name: 'Qwen3-Next 80B-A3B Thinking', family: 'qwen3-next', paramsB: 79.04, activeParamsB: 3,
      arch: qwen3Next, contextLength: 262144, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      ollama: [page('qwen3-next:80b-a3b-thinking-q8_0', 'Q8_0', 85)],
      vllm: [{repo: 'Qwen/Qwen3-Next-80B-A3B-Thinking', quant: 'BF16'}],
      source: `Qwen/Qwen3-Next-80B-A3B-Thinking config.json; ${HF_SNAPSHOT}`,
    },
    {
      // The Qwen3-Coder tool-call format: vLLM's Qwen3-Coder parser (family qwen3-coder).
      id: 'qwen3-coder-next', name: 'Qwen3-Coder-Next 80B-A3B', family: 'qwen3-coder', paramsB: 79.67, activeParamsB: 3,
      arch: qwen3Next, contextLength: 262144, capabilities: ['tools', 'code'], license: 'Apache-2.0',
      ollama: [page('qwen3-coder-next:latest', 'Q4_K_M', 52), page('qwen3-coder-next:q8_0', 'Q8_0', 85)],
      vllm: [{repo: 'Qwen/Qwen3-Coder-Next', quant: 'BF16'}, {repo: 'Qwen/Qwen3-Coder-Next-FP8', quant: 'FP8'}],
      source: `Qwen/Qwen3-Coder-Next config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'qwen3-coder:30b', name: 'Qwen3 Coder 30B-A3B Instruct', family: 'qwen3-coder', paramsB: 30.53, activeParamsB: 3.3,
      arch: qwen3_30b_a3b, contextLength: 262144, capabilities: ['tools', 'code'], license: 'Apache-2.0',
      ollama: [exact('qwen3-coder:30b', 'Q4_K_M', 18_556_700_761)],
      lmstudio: 'qwen/qwen3-coder-30b', gguf: 'unsloth/Qwen3-Coder-30B-A3B-Instruct-GGUF',
      vllm: [{repo: 'Qwen/Qwen3-Coder-30B-A3B-Instruct', quant: 'BF16'}, {repo: 'Qwen/Qwen3-Coder-30B-A3B-Instruct-FP8', quant: 'FP8'}],
      source: 'Qwen/Qwen3-Coder-30B-A3B-Instruct config.json',
    },
    {
      id: 'qwen1.5-moe-a2.7b', name: 'Qwen1.5-MoE-A2.7B Chat', family: 'qwen1.5-moe', paramsB: 14.32, activeParamsB: 2.7,
      // No GQA (16 of 16 heads keep KV): 192 KiB per token despite only 2.7 B active (memory-math.md section 5).
      arch: {layers: 24, kvHeads: 16, headDim: 128, hidden: 2048, vocab: 151936},
      contextLength: 8192, capabilities: [], license: 'Tongyi Qianwen License',
      vllm: [
        {repo: 'Qwen/Qwen1.5-MoE-A2.7B-Chat', quant: 'BF16'},
        {repo: 'Qwen/Qwen1.5-MoE-A2.7B-Chat-GPTQ-Int4', quant: 'GPTQ'},
      ],
      source: 'Qwen/Qwen1.5-MoE-A2.7B config.json (memory-math.md section 3)',
    },
    // ---- DeepSeek
    {
      id: 'deepseek-r1:1.5b', name: 'DeepSeek-R1-Distill-Qwen-1.5B', family: 'deepseek-r1', paramsB: 1.78,
      arch: {layers: 28, kvHeads: 2, headDim: 128, hidden: 1536, vocab: 151936},
      contextLength: 131072, capabilities: ['reasoning'], license: 'MIT',
      ollama: [exact('deepseek-r1:1.5b', 'Q4_K_M', 1_117_322_768)], gguf: 'bartowski/DeepSeek-R1-Distill-Qwen-1.5B-GGUF',
      vllm: [{repo: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B', quant: 'BF16'}],
      source: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B config.json',
    },
    {
      id: 'deepseek-r1:7b', name: 'DeepSeek-R1-Distill-Qwen-7B', family: 'deepseek-r1', paramsB: 7.62,
      arch: qwen25_7b, contextLength: 131072, capabilities: ['reasoning'], license: 'MIT',
      ollama: [exact('deepseek-r1:7b', 'Q4_K_M', 4_683_075_271, 'wenku.csdn.net/answer/4fz5j1xej4 (memory-math.md section 4)'), derived('deepseek-r1:7b-qwen-distill-q8_0', 'Q8_0', 7.62)],
      gguf: 'bartowski/DeepSeek-R1-Distill-Qwen-7B-GGUF', vllm: [{repo: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B', quant: 'BF16'}],
      source: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B config.json (memory-math.md section 3)',
    },
    {
      // No tools: the Ollama tag has no tools capability (its family page says tools; the tag does not),
      // and a request with tools gets HTTP 400 (ollama/ollama#12115, #15023).
      id: 'deepseek-r1:8b', name: 'DeepSeek-R1-0528-Qwen3-8B', family: 'deepseek-r1', paramsB: 8.19,
      arch: qwen3_8b, contextLength: 131072, capabilities: ['reasoning'], license: 'MIT',
      ollama: [exact('deepseek-r1:8b', 'Q4_K_M', 5_225_376_047)],
      gguf: 'unsloth/DeepSeek-R1-0528-Qwen3-8B-GGUF', vllm: [{repo: 'deepseek-ai/DeepSeek-R1-0528-Qwen3-8B', quant: 'BF16'}],
      source: 'deepseek-ai/DeepSeek-R1-0528-Qwen3-8B config.json (Qwen3-8B architecture)',
    },
    {
      id: 'deepseek-r1:14b', name: 'DeepSeek-R1-Distill-Qwen-14B', family: 'deepseek-r1', paramsB: 14.77,
      arch: qwen25_14b, contextLength: 131072, capabilities: ['reasoning'], license: 'MIT',
      ollama: [exact('deepseek-r1:14b', 'Q4_K_M', 8_988_112_040, 'wenku.csdn.net/answer/4fz5j1xej4 (memory-math.md section 4)'), derived('deepseek-r1:14b-qwen-distill-q8_0', 'Q8_0', 14.77)],
      gguf: 'bartowski/DeepSeek-R1-Distill-Qwen-14B-GGUF', vllm: [{repo: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-14B', quant: 'BF16'}],
      source: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-14B config.json (memory-math.md section 3)',
    },
    {
      id: 'deepseek-r1:32b', name: 'DeepSeek-R1-Distill-Qwen-32B', family: 'deepseek-r1', paramsB: 32.76,
      arch: qwen25_32b, contextLength: 131072, capabilities: ['reasoning'], license: 'MIT',
      ollama: [page('deepseek-r1:32b', 'Q4_K_M', 20)], gguf: 'bartowski/DeepSeek-R1-Distill-Qwen-32B-GGUF',
      vllm: [{repo: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B', quant: 'BF16'}],
      source: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B config.json (memory-math.md section 3)',
    },
    {
      id: 'deepseek-r1:70b', name: 'DeepSeek-R1-Distill-Llama-70B', family: 'deepseek-r1', paramsB: 70.55,
      arch: llama70b, contextLength: 131072, capabilities: ['reasoning'], license: 'MIT (Llama 3.3 base)',
      ollama: [page('deepseek-r1:70b', 'Q4_K_M', 43)], gguf: 'bartowski/DeepSeek-R1-Distill-Llama-70B-GGUF',
      vllm: [{repo: 'deepseek-ai/DeepSeek-R1-Distill-Llama-70B', quant: 'BF16'}],
      source: 'deepseek-ai/DeepSeek-R1-Distill-Llama-70B config.json',
    },
    {
      id: 'deepseek-r1:671b', name: 'DeepSeek-R1-0528 671B', family: 'deepseek-r1', paramsB: 671, activeParamsB: 37,
      arch: deepseekV3, contextLength: 163840, capabilities: ['tools', 'reasoning'], license: 'MIT',
      ollama: [page('deepseek-r1:671b', 'Q4_K_M', 404)], gguf: 'unsloth/DeepSeek-R1-0528-GGUF',
      vllm: [{repo: 'deepseek-ai/DeepSeek-R1-0528', quant: 'FP8'}],
      source: 'deepseek-ai/DeepSeek-R1-0528 config.json; ollama/ollama README (404GB)',
    },
    {
      id: 'deepseek-v3.1:671b', name: 'DeepSeek-V3.1 671B', family: 'deepseek-v3', paramsB: 671, activeParamsB: 37,
      arch: deepseekV3, contextLength: 163840, capabilities: ['tools', 'reasoning', 'code'], license: 'MIT',
      ollama: [page('deepseek-v3.1:671b', 'Q4_K_M', 404)], gguf: 'unsloth/DeepSeek-V3.1-GGUF',
      vllm: [{repo: 'deepseek-ai/DeepSeek-V3.1', quant: 'FP8'}],
      source: 'deepseek-ai/DeepSeek-V3.1 config.json (DeepSeek-V3 architecture)',
    },
    // ---- OpenAI
    {
      id: 'gpt-oss:20b', name: 'gpt-oss-20b', family: 'gpt-oss', paramsB: 20.91, activeParamsB: 3.6,
      arch: {layers: 24, kvHeads: 8, headDim: 64, hidden: 2880, vocab: 201088, slidingWindow: gptOssSwa},
      contextLength: 131072, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      ollama: [exact('gpt-oss:20b', 'MXFP4', 13_780_173_839)],
      lmstudio: 'openai/gpt-oss-20b', gguf: 'ggml-org/gpt-oss-20b-GGUF', vllm: [{repo: 'openai/gpt-oss-20b', quant: 'MXFP4'}],
      source: 'openai/gpt-oss-20b config.json (memory-math.md section 3)',
    },
    {
      id: 'gpt-oss:120b', name: 'gpt-oss-120b', family: 'gpt-oss', paramsB: 116.83, activeParamsB: 5.1,
      arch: {layers: 36, kvHeads: 8, headDim: 64, hidden: 2880, vocab: 201088, slidingWindow: gptOssSwa},
      contextLength: 131072, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      ollama: [exact('gpt-oss:120b', 'MXFP4', 65_290_180_781)],
      lmstudio: 'openai/gpt-oss-120b', gguf: 'ggml-org/gpt-oss-120b-GGUF', vllm: [{repo: 'openai/gpt-oss-120b', quant: 'MXFP4'}],
      source: 'openai/gpt-oss-120b config.json (memory-math.md section 3)',
    },
    // ---- Google Gemma
    {
      id: 'gemma3:1b', name: 'Gemma 3 1B', family: 'gemma3', paramsB: 1.0,
      arch: {layers: 26, kvHeads: 1, headDim: 256, hidden: 1152, vocab: 262144, tiedEmbeddings: true,
        slidingWindow: {window: 512, period: 6}},
      contextLength: 32768, capabilities: [], license: 'Gemma Terms of Use',
      ollama: [page('gemma3:1b', 'Q4_K_M', 0.815)], gguf: 'ggml-org/gemma-3-1b-it-GGUF', vllm: [{repo: 'google/gemma-3-1b-it', quant: 'BF16'}],
      source: 'google/gemma-3-1b-it config.json; ollama/ollama README (815MB)',
    },
    {
      id: 'gemma3:4b', name: 'Gemma 3 4B', family: 'gemma3', paramsB: 4.3,
      arch: {layers: 34, kvHeads: 4, headDim: 256, hidden: 2560, vocab: 262208, tiedEmbeddings: true, slidingWindow: gemma3Swa},
      contextLength: 131072, capabilities: ['vision'], license: 'Gemma Terms of Use',
      ollama: [exact('gemma3:4b', 'Q4_K_M', 3_338_801_804)], gguf: 'ggml-org/gemma-3-4b-it-GGUF', vllm: [{repo: 'google/gemma-3-4b-it', quant: 'BF16'}],
      source: 'google/gemma-3-4b-it config.json (memory-math.md section 3)',
    },
    {
      id: 'gemma3:12b', name: 'Gemma 3 12B', family: 'gemma3', paramsB: 12.2,
      arch: {layers: 48, kvHeads: 8, headDim: 256, hidden: 3840, vocab: 262208, tiedEmbeddings: true, slidingWindow: gemma3Swa},
      contextLength: 131072, capabilities: ['vision'], license: 'Gemma Terms of Use',
      ollama: [page('gemma3:12b', 'Q4_K_M', 8.1), derived('gemma3:12b-it-q8_0', 'Q8_0', 12.2)],
      gguf: 'ggml-org/gemma-3-12b-it-GGUF', vllm: [{repo: 'google/gemma-3-12b-it', quant: 'BF16'}],
      source: 'google/gemma-3-12b-it config.json (memory-math.md section 3); ollama/ollama README (8.1GB)',
    },
    {
      id: 'gemma3:27b', name: 'Gemma 3 27B', family: 'gemma3', paramsB: 27.4,
      arch: {layers: 62, kvHeads: 16, headDim: 128, hidden: 5376, vocab: 262208, tiedEmbeddings: true, slidingWindow: gemma3Swa},
      contextLength: 131072, capabilities: ['vision'], license: 'Gemma Terms of Use',
      ollama: [page('gemma3:27b', 'Q4_K_M', 17)], gguf: 'ggml-org/gemma-3-27b-it-GGUF', vllm: [{repo: 'google/gemma-3-27b-it', quant: 'BF16'}],
      source: 'google/gemma-3-27b-it config.json; ollama/ollama README (17GB)',
    },
    // ---- Gemma 4: vision, tools and thinking (the Ollama library); the QAT tags are Q4_0 trained for it
    gemma4({size: 'e2b', name: 'E2B', paramsB: 5.12, layers: 35, kvHeads: 1, hidden: 1536, contextLength: 131072, qat: 4.3, q8: 8.1, perLayerEmbeddings: true,
      ggufFile: openclawRecipe('Q4_K_M', 'Q4_K_M', 3_106_738_272)}),
    gemma4({size: 'e4b', name: 'E4B', paramsB: 8.0, layers: 42, kvHeads: 2, hidden: 2560, contextLength: 131072, qat: 6.1, q8: 12, perLayerEmbeddings: true,
      ggufFile: openclawRecipe('Q4_K_M', 'Q4_K_M', 4_977_171_584)}),
    gemma4({size: '12b', name: '12B', paramsB: 11.95, layers: 48, kvHeads: 8, hidden: 3840, contextLength: 262144, qat: 7.2, q8: 13,
      ggufRepo: 'unsloth/gemma-4-12b-it-GGUF', ggufFile: openclawRecipe('Q4_K_M', 'Q4_K_M', 7_121_861_440),
      assumed: 'Gemma 4 12B\'s KV heads are not in localclaw\'s sources: Gemma 3 12B\'s 8 are assumed (the same 48 layers and 3840 width)',
      source: 'google/gemma-4-12B-it model card (11.95 B parameters, 48 layers, 3840 hidden, 1024-token window, 256K context); sizes from the ollama.com library snapshot 2026-07-15'}),
    gemma4({size: '26b', tagSize: '26b-a4b', name: '26B-A4B', paramsB: 26.54, activeParamsB: 4, layers: 30, kvHeads: 8, hidden: 2816, contextLength: 262144, qat: 16, q8: 28,
      // Unsloth's dynamic Q4_K_M mix: the file is "UD-Q4_K_M".
      ggufFile: openclawRecipe('Q4_K_M', 'UD-Q4_K_M', 16_947_541_728)}),
    gemma4({size: '31b', name: '31B', paramsB: 32.68, layers: 60, kvHeads: 16, hidden: 5376, contextLength: 262144, qat: 19, q8: 34}),
    {
      id: 'gemma2:9b', name: 'Gemma 2 9B', family: 'gemma2', paramsB: 9.24,
      arch: {layers: 42, kvHeads: 8, headDim: 256, hidden: 3584, vocab: 256000, tiedEmbeddings: true,
        slidingWindow: {window: 4096, period: 2}},
      contextLength: 8192, capabilities: [], license: 'Gemma Terms of Use',
      ollama: [exact('gemma2:9b', 'Q4_0', 5_453_010_625, 'ollama PR #5485 (memory-math.md section 4)')], gguf: 'bartowski/gemma-2-9b-it-GGUF',
      vllm: [{repo: 'google/gemma-2-9b-it', quant: 'BF16'}], source: 'google/gemma-2-9b-it config.json (memory-math.md section 3)',
    },
    {
      id: 'gemma2:27b', name: 'Gemma 2 27B', family: 'gemma2', paramsB: 27.23,
      arch: {layers: 46, kvHeads: 16, headDim: 128, hidden: 4608, vocab: 256000, tiedEmbeddings: true,
        slidingWindow: {window: 4096, period: 2}},
      contextLength: 8192, capabilities: [], license: 'Gemma Terms of Use',
      ollama: [exact('gemma2:27b', 'Q4_0', 15_628_387_569, 'ollama PR #5485 (memory-math.md section 4)')], gguf: 'bartowski/gemma-2-27b-it-GGUF',
      vllm: [{repo: 'google/gemma-2-27b-it', quant: 'BF16'}], source: 'google/gemma-2-27b-it config.json (memory-math.md section 3)',
    },
    // ---- Mistral
    {
      id: 'mistral:7b', name: 'Mistral 7B Instruct v0.3', family: 'mistral', paramsB: 7.25,
      arch: {layers: 32, kvHeads: 8, headDim: 128, hidden: 4096, vocab: 32768},
      contextLength: 32768, capabilities: ['tools'], license: 'Apache-2.0',
      ollama: [exact('mistral:7b', 'Q4_0', 4_113_301_824, 'attogram/ollama-bash-lib (memory-math.md section 4)')],
      gguf: 'bartowski/Mistral-7B-Instruct-v0.3-GGUF', vllm: [{repo: 'mistralai/Mistral-7B-Instruct-v0.3', quant: 'BF16'}],
      source: 'mistralai/Mistral-7B-Instruct-v0.3 config.json (memory-math.md section 3)',
    },
    {
      // The model peers list as "7B": it is 46.7 B total; every expert must be resident.
      id: 'mixtral:8x7b', name: 'Mixtral 8x7B Instruct', family: 'mixtral', paramsB: 46.7, activeParamsB: 12.9,
      arch: {layers: 32, kvHeads: 8, headDim: 128, hidden: 4096, vocab: 32000},
      contextLength: 32768, capabilities: ['tools'], license: 'Apache-2.0',
      ollama: [page('mixtral:8x7b', 'Q4_0', 26)], gguf: 'TheBloke/Mixtral-8x7B-Instruct-v0.1-GGUF',
      vllm: [{repo: 'mistralai/Mixtral-8x7B-Instruct-v0.1', quant: 'BF16'}],
      source: 'mistralai/Mixtral-8x7B-Instruct-v0.1 config.json (memory-math.md sections 3-4)',
    },
    {
      id: 'mistral-small3.2:24b', name: 'Mistral Small 3.2 24B Instruct', family: 'mistral-small', paramsB: 24.0,
      arch: mistralSmall, contextLength: 131072, capabilities: ['tools', 'vision'], license: 'Apache-2.0',
      ollama: [page('mistral-small3.2:24b', 'Q4_K_M', 15)], gguf: 'unsloth/Mistral-Small-3.2-24B-Instruct-2506-GGUF',
      vllm: [{repo: 'mistralai/Mistral-Small-3.2-24B-Instruct-2506', quant: 'BF16'}],
      source: 'mistralai/Mistral-Small-3.2-24B-Instruct-2506 params.json',
    },
    {
      id: 'devstral:24b', name: 'Devstral Small 24B', family: 'devstral', paramsB: 23.6,
      arch: mistralSmall, contextLength: 131072, capabilities: ['tools', 'code'], license: 'Apache-2.0',
      ollama: [page('devstral:24b', 'Q4_K_M', 14)], gguf: 'unsloth/Devstral-Small-2505-GGUF',
      vllm: [{repo: 'mistralai/Devstral-Small-2505', quant: 'BF16'}],
      source: 'mistralai/Devstral-Small-2505 params.json (Mistral Small 3.1 architecture)',
    },
    {
      id: 'devstral-small-2', name: 'Devstral Small 2 24B', family: 'devstral', paramsB: 23.57,
      arch: mistralSmall, contextLength: 393216, capabilities: ['tools', 'code', 'vision'], license: 'Apache-2.0',
      ollama: [page('devstral-small-2:latest', 'Q4_K_M', 15), page('devstral-small-2:24b-instruct-2512-q8_0', 'Q8_0', 26)],
      vllm: [{repo: 'mistralai/Devstral-Small-2-24B-Instruct-2512', quant: 'FP8'}],
      unknowns: ['Devstral Small 2\'s head width is not in localclaw\'s sources: Mistral Small 3\'s 128 is assumed (its 40 layers, 8 KV heads and 5120 width match)'],
      source: 'mistralai/Devstral-Small-2-24B-Instruct-2512 (ministral3 text model: 40 layers, 32 heads, 8 KV heads, hidden 5120, vocab 131072, 393K context; its weights are FP8), as its text-only FP8 derivative\'s card lists them; sizes from the ollama.com library snapshot 2026-07-15',
    },
    {
      id: 'magistral', name: 'Magistral Small 2506 24B', family: 'magistral', paramsB: 23.57,
      // Mistral recommends 40K of its 128K window (the model card); the Ollama library serves 40K.
      arch: mistralSmall, contextLength: 40960, capabilities: ['tools', 'reasoning'], license: 'Apache-2.0',
      ollama: [page('magistral:latest', 'Q4_K_M', 14), page('magistral:24b-small-2506-q8_0', 'Q8_0', 25)],
      vllm: [{repo: 'mistralai/Magistral-Small-2506', quant: 'BF16'}],
      source: 'mistralai/Magistral-Small-2506 model card (built on Mistral Small 3.1 2503: its architecture); sizes from the ollama.com library snapshot 2026-07-15',
    },
    ...([
      {size: '3b', tag: 'ministral-3:3b', q8: 'ministral-3:3b-instruct-2512-q8_0', paramsB: 3.85, layers: 26, hidden: 3072, q4GB: 3.0, q8GB: 4.5},
      {size: '8b', tag: 'ministral-3:latest', q8: 'ministral-3:8b-instruct-2512-q8_0', paramsB: 8.8, layers: 34, hidden: 4096, q4GB: 6.0, q8GB: 9.9,
        vllm: 'mistralai/Ministral-3-8B-Instruct-2512'},
      {size: '14b', tag: 'ministral-3:14b', q8: 'ministral-3:14b-instruct-2512-q8_0', paramsB: 14.0, layers: 40, hidden: 5120, q4GB: 9.1, q8GB: 15},
    ].map((size): LanguageModel => ({
      id: `ministral-3:${size.size}`, name: `Ministral 3 ${size.size.toUpperCase()} Instruct 2512`, family: 'ministral-3', paramsB: size.paramsB,
      arch: {layers: size.layers, kvHeads: 8, headDim: 128, hidden: size.hidden, vocab: 131072},
      contextLength: 262144, capabilities: ['tools', 'vision'], license: 'Apache-2.0',
      ollama: [page(size.tag, 'Q4_K_M', size.q4GB), page(size.q8, 'Q8_0', size.q8GB)],
      // Its weights are FP8 (the model card).
      ...(size.vllm ? {vllm: [{repo: size.vllm, quant: 'FP8' as const}]} : {}),
      unknowns: ['Ministral 3\'s head width is not in localclaw\'s sources: Mistral Small 3\'s 128, from which it is distilled, is assumed'],
      source: `NVIDIA Megatron Bridge's Ministral 3 page (${size.layers} layers, ${size.hidden} hidden, 32 heads, 8 KV groups, 256K context); parameters from the fp16 tag's size; sizes from the ollama.com library snapshot 2026-07-15`,
    }))),
    // ---- Microsoft Phi
    {
      id: 'phi4:14b', name: 'Phi-4 14B', family: 'phi4', paramsB: 14.66,
      arch: {layers: 40, kvHeads: 10, headDim: 128, hidden: 5120, vocab: 100352},
      contextLength: 16384, capabilities: [], license: 'MIT',
      ollama: [page('phi4:14b', 'Q4_K_M', 9.1), derived('phi4:14b-q8_0', 'Q8_0', 14.66)], gguf: 'microsoft/phi-4-gguf',
      vllm: [{repo: 'microsoft/phi-4', quant: 'BF16'}],
      source: 'microsoft/phi-4 config.json; ollama/ollama README (9.1GB)',
    },
    {
      id: 'phi4-mini:3.8b', name: 'Phi-4-mini 3.8B Instruct', family: 'phi4-mini', paramsB: 3.84,
      arch: {layers: 32, kvHeads: 8, headDim: 128, hidden: 3072, vocab: 200064, tiedEmbeddings: true},
      contextLength: 131072, capabilities: ['tools'], license: 'MIT',
      ollama: [page('phi4-mini:3.8b', 'Q4_K_M', 2.5)], gguf: 'unsloth/Phi-4-mini-instruct-GGUF',
      vllm: [{repo: 'microsoft/Phi-4-mini-instruct', quant: 'BF16'}],
      source: 'microsoft/Phi-4-mini-instruct config.json; ollama/ollama README (2.5GB)',
    },
    // ---- Zhipu GLM, Moonshot Kimi, MiniMax
    {
      id: 'glm4:9b', name: 'GLM-4 9B Chat', family: 'glm4', paramsB: 9.4,
      arch: {layers: 40, kvHeads: 2, headDim: 128, hidden: 4096, vocab: 151552},
      contextLength: 131072, capabilities: [], license: 'GLM-4 License',
      ollama: [page('glm4:9b', 'Q4_0', 5.5)], vllm: [{repo: 'THUDM/glm-4-9b-chat', quant: 'BF16'}],
      source: 'THUDM/glm-4-9b-chat config.json (multi_query_group_num 2, kv_channels 128)',
    },
    {
      id: 'glm-4.5-air', name: 'GLM-4.5-Air 106B-A12B', family: 'glm-4.5', paramsB: 106, activeParamsB: 12,
      arch: {layers: 46, kvHeads: 8, headDim: 128, hidden: 4096, vocab: 151552},
      contextLength: 131072, capabilities: ['tools', 'reasoning', 'code'], license: 'MIT',
      gguf: 'unsloth/GLM-4.5-Air-GGUF', vllm: [{repo: 'zai-org/GLM-4.5-Air', quant: 'BF16'}, {repo: 'zai-org/GLM-4.5-Air-FP8', quant: 'FP8'}],
      source: 'zai-org/GLM-4.5-Air config.json',
    },
    {
      id: 'kimi-k2', name: 'Kimi K2 Instruct 1T-A32B', family: 'kimi-k2', paramsB: 1026, activeParamsB: 32,
      arch: {...deepseekV3, vocab: 163840}, contextLength: 131072, capabilities: ['tools', 'code'], license: 'Modified MIT',
      gguf: 'unsloth/Kimi-K2-Instruct-GGUF', vllm: [{repo: 'moonshotai/Kimi-K2-Instruct', quant: 'FP8'}],
      source: 'moonshotai/Kimi-K2-Instruct config.json (DeepSeek-V3 architecture with MLA)',
    },
    {
      id: 'minimax-m2.1', name: 'MiniMax-M2.1 229B-A10B', family: 'minimax-m2', paramsB: 228.7, activeParamsB: 10,
      arch: {layers: 62, kvHeads: 8, headDim: 128, hidden: 3072, vocab: 200064},
      contextLength: 196608, capabilities: ['tools', 'reasoning', 'code'], license: 'Modified MIT',
      gguf: 'unsloth/MiniMax-M2.1-GGUF', vllm: [{repo: 'MiniMaxAI/MiniMax-M2.1', quant: 'FP8'}],
      source: 'MiniMaxAI/MiniMax-M2.1 config.json (memory-math.md section 3)',
    },
    {
      id: 'minimax-m2.5', name: 'MiniMax-M2.5 229B-A10B', family: 'minimax-m2', paramsB: 228.7, activeParamsB: 10,
      arch: {layers: 62, kvHeads: 8, headDim: 128, hidden: 3072, vocab: 200064},
      contextLength: 196608, capabilities: ['tools', 'reasoning', 'code'], license: 'Modified MIT',
      vllm: [{repo: 'MiniMaxAI/MiniMax-M2.5', quant: 'FP8'}],
      source: `MiniMaxAI/MiniMax-M2.5 config.json (its weights are FP8); ${HF_SNAPSHOT}`,
    },
    {
      id: 'minimax-m2.7', name: 'MiniMax-M2.7 229B-A10B', family: 'minimax-m2', paramsB: 228.7, activeParamsB: 10,
      arch: {layers: 62, kvHeads: 8, headDim: 128, hidden: 3072, vocab: 200064},
      contextLength: 204800, capabilities: ['tools', 'reasoning', 'code'], license: 'Modified MIT',
      vllm: [{repo: 'MiniMaxAI/MiniMax-M2.7', quant: 'FP8'}],
      source: `MiniMaxAI/MiniMax-M2.7 config.json (its weights are FP8); ${HF_SNAPSHOT}`,
    },
    {
      id: 'glm-4.6', name: 'GLM-4.6 355B-A32B', family: 'glm-4.5', paramsB: 356.8, activeParamsB: 32,
      arch: {layers: 92, kvHeads: 8, headDim: 128, hidden: 5120, vocab: 151552},
      contextLength: 202752, capabilities: ['tools', 'reasoning', 'code'], license: 'MIT',
      vllm: [{repo: 'zai-org/GLM-4.6', quant: 'BF16'}],
      source: `zai-org/GLM-4.6 config.json (GLM-4.5's architecture, 200K context); ${HF_SNAPSHOT}`,
    },
    {
      id: 'glm-4.7', name: 'GLM-4.7 355B-A32B', family: 'glm-4.5', paramsB: 358.3, activeParamsB: 32,
      arch: {layers: 92, kvHeads: 8, headDim: 128, hidden: 5120, vocab: 151552},
      contextLength: 202752, capabilities: ['tools', 'reasoning', 'code'], license: 'MIT',
      vllm: [{repo: 'zai-org/GLM-4.7', quant: 'BF16'}, {repo: 'zai-org/GLM-4.7-FP8', quant: 'FP8'}],
      source: `zai-org/GLM-4.7 config.json; ${HF_SNAPSHOT}`,
    },
    {
      // DeepSeek-V2-style MLA: llama.cpp converts it as deepseek2 (kv_lora_rank 512, rope 64, 20 heads of 192 + 64).
      id: 'glm-4.7-flash', name: 'GLM-4.7-Flash 30B-A3B', family: 'glm-4.7-flash', paramsB: 31.22, activeParamsB: 3.41,
      arch: {layers: 47, kvHeads: 20, headDim: 256, hidden: 2048, vocab: 154880, mla: {kvLoraRank: 512, ropeDim: 64}},
      contextLength: 202752, capabilities: ['tools', 'reasoning', 'code'], license: 'MIT',
      ollama: [page('glm-4.7-flash:latest', 'Q4_K_M', 19), page('glm-4.7-flash:q8_0', 'Q8_0', 32), page('glm-4.7-flash:bf16', 'BF16', 60)],
      gguf: 'unsloth/GLM-4.7-Flash-GGUF', vllm: [{repo: 'zai-org/GLM-4.7-Flash', quant: 'BF16'}],
      source: `zai-org/GLM-4.7-Flash config.json (glm4_moe_lite: 64 experts, 4 active) and transformers' Glm4MoeLiteConfig; ${HF_SNAPSHOT}`,
    },
    {
      id: 'deepseek-v3.2', name: 'DeepSeek-V3.2 671B', family: 'deepseek-v3.2', paramsB: 685.4, activeParamsB: 37,
      arch: deepseekV3, contextLength: 131072, capabilities: ['tools', 'reasoning'], license: 'MIT',
      vllm: [{repo: 'deepseek-ai/DeepSeek-V3.2', quant: 'FP8'}],
      source: `deepseek-ai/DeepSeek-V3.2 config.json (DeepSeek-V3's MLA; its weights are FP8); ${HF_SNAPSHOT}`,
    },
    // ---- IBM Granite 4 (the dense, non-hybrid sizes)
    {
      id: 'granite4:micro', name: 'Granite 4.0 Micro 3B', family: 'granite4', paramsB: 2.98,
      arch: {layers: 40, kvHeads: 8, headDim: 64, hidden: 2560, vocab: 100352},
      contextLength: 131072, capabilities: ['tools'], license: 'Apache-2.0',
      ollama: [page('granite4:micro', 'Q4_K_M', 2.1)], vllm: [{repo: 'ibm-granite/granite-4.0-micro', quant: 'BF16'}],
      source: `ibm-granite/granite-4.0-micro config.json; ${HF_SNAPSHOT}`,
    },
    {
      id: 'granite4:350m', name: 'Granite 4.0 350M', family: 'granite4', paramsB: 0.352,
      arch: {layers: 28, kvHeads: 4, headDim: 64, hidden: 1024, vocab: 100352},
      contextLength: 32768, capabilities: ['tools'], license: 'Apache-2.0',
      // 708 MB for 352 M parameters: the default tag is 16-bit.
      ollama: [page('granite4:350m', 'F16', 0.708)], vllm: [{repo: 'ibm-granite/granite-4.0-350m', quant: 'BF16'}],
      source: `ibm-granite/granite-4.0-350m config.json; ${HF_SNAPSHOT}`,
    },
    // ---- Small classics from the guides
    {
      id: 'codellama:7b', name: 'Code Llama 7B Instruct', family: 'codellama', paramsB: 6.74,
      // Llama 2 architecture: no GQA, 32 KV heads.
      arch: {layers: 32, kvHeads: 32, headDim: 128, hidden: 4096, vocab: 32016},
      contextLength: 16384, capabilities: ['code'], license: 'Llama 2 Community License',
      ollama: [page('codellama:7b', 'Q4_0', 3.8)], gguf: 'TheBloke/CodeLlama-7B-Instruct-GGUF',
      vllm: [{repo: 'codellama/CodeLlama-7b-Instruct-hf', quant: 'BF16'}],
      source: 'codellama/CodeLlama-7b-Instruct-hf config.json; ollama/ollama README (3.8GB)',
    },
    {
      id: 'tinyllama:1.1b', name: 'TinyLlama 1.1B Chat', family: 'tinyllama', paramsB: 1.1,
      arch: {layers: 22, kvHeads: 4, headDim: 64, hidden: 2048, vocab: 32000},
      contextLength: 2048, capabilities: [], license: 'Apache-2.0',
      ollama: [page('tinyllama:1.1b', 'Q4_0', 0.638)], gguf: 'TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF',
      vllm: [{repo: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', quant: 'BF16'}],
      source: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0 config.json',
    },
  ]
})
