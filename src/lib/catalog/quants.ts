/**
 * Quantization formats and what they cost per weight. Sources: ../shared/reference/memory-math.md
 * sections 1-2 (ggml type sizes; llama.cpp's measured file-type mixes for Llama-3.1-8B).
 */
export type QuantId =
  | 'Q2_K' | 'Q3_K_M' | 'Q4_0' | 'Q4_K_M' | 'Q5_K_M' | 'Q6_K' | 'Q8_0' | 'F16' | 'BF16'
  | 'MXFP4' | 'AWQ' | 'GPTQ' | 'FP8'

export interface QuantInfo {
  id: QuantId
  /** Effective bits per weight over a whole dense ~8B model (llama.cpp's mix keeps some tensors wider). */
  bpw: number
  /** Stored in GGUF (Ollama, LM Studio, llama.cpp) or a quantized safetensors checkpoint (vLLM's AWQ, GPTQ, FP8). */
  format: 'gguf' | 'checkpoint'
  /** Rough quality rank used for ordering only: higher keeps more of the original model. */
  quality: number
  /** Heavily quantized: worth warning about in an agent (prompt-injection exposure, seed 000). */
  aggressive: boolean
  /**
   * What llama.cpp's quantizer (llama-quant.cpp, llama_tensor_get_type) writes where no rule widens a
   * tensor, the token embedding among them: the file type's base type, its block, and the fallback
   * type for rows the block does not divide (memory-math.md sections 1-2). vLLM's checkpoints keep
   * their embeddings 16-bit.
   */
  base: {bpw: number; block: number; fallbackBpw: number}
}

const SIXTEEN_BIT = {bpw: 16, block: 1, fallbackBpw: 16}

export const QUANTS: Record<QuantId, QuantInfo> = {
  // memory-math.md section 2: llama.cpp tools/quantize README, Llama-3.1-8B. Fallbacks (llama-quant.cpp): Q2_K and Q3_K
  // to IQ4_NL, Q4_K to Q5_0, Q5_K to Q5_1, Q6_K to Q8_0; a 32-block type to F16.
  Q2_K: {id: 'Q2_K', bpw: 3.1593, format: 'gguf', quality: 1, aggressive: true, base: {bpw: 2.625, block: 256, fallbackBpw: 4.5}},
  Q3_K_M: {id: 'Q3_K_M', bpw: 3.996, format: 'gguf', quality: 2, aggressive: true, base: {bpw: 3.4375, block: 256, fallbackBpw: 4.5}},
  // 4.34 GiB for 8.03 B parameters.
  Q4_0: {id: 'Q4_0', bpw: 4.643, format: 'gguf', quality: 3, aggressive: false, base: {bpw: 4.5, block: 32, fallbackBpw: 16}},
  Q4_K_M: {id: 'Q4_K_M', bpw: 4.8944, format: 'gguf', quality: 4, aggressive: false, base: {bpw: 4.5, block: 256, fallbackBpw: 5.5}},
  Q5_K_M: {id: 'Q5_K_M', bpw: 5.7036, format: 'gguf', quality: 5, aggressive: false, base: {bpw: 5.5, block: 256, fallbackBpw: 6}},
  Q6_K: {id: 'Q6_K', bpw: 6.5633, format: 'gguf', quality: 6, aggressive: false, base: {bpw: 6.5625, block: 256, fallbackBpw: 8.5}},
  Q8_0: {id: 'Q8_0', bpw: 8.5008, format: 'gguf', quality: 7, aggressive: false, base: {bpw: 8.5, block: 32, fallbackBpw: 16}},
  // Q8_0 is +0.0026 perplexity from F16 (memory-math.md section 2): no better, and half the speed.
  F16: {id: 'F16', bpw: 16.0005, format: 'gguf', quality: 7, aggressive: false, base: SIXTEEN_BIT},
  BF16: {id: 'BF16', bpw: 16.0005, format: 'gguf', quality: 7, aggressive: false, base: SIXTEEN_BIT},
  // gpt-oss: MXFP4 experts (4.25 bpw) with BF16 attention and embeddings; catalog sizes are exact.
  MXFP4: {id: 'MXFP4', bpw: 4.25, format: 'gguf', quality: 4, aggressive: false, base: SIXTEEN_BIT},
  // 4-bit weights in groups of 128 with fp16 scales (4.25 bpw) on the linear layers; embeddings stay 16-bit.
  AWQ: {id: 'AWQ', bpw: 4.25, format: 'checkpoint', quality: 4, aggressive: false, base: SIXTEEN_BIT},
  GPTQ: {id: 'GPTQ', bpw: 4.25, format: 'checkpoint', quality: 4, aggressive: false, base: SIXTEEN_BIT},
  FP8: {id: 'FP8', bpw: 8.0, format: 'checkpoint', quality: 7, aggressive: false, base: SIXTEEN_BIT},
}

/** KV cache element types; quantized ones take effect only with flash attention (memory-math 5, TL;DR 4). */
export type KvType = 'f16' | 'q8_0' | 'q4_0'

export const KV_BYTES: Record<KvType, number> = {f16: 2, q8_0: 1.0625, q4_0: 0.5625}

export function isQuantId(value: string): value is QuantId {
  return value in QUANTS
}

/** "q4_k_m", "Q4_K_M", "q8_0" as users type them. */
export function parseQuant(value: string): QuantId | undefined {
  const upper = value.trim().toUpperCase()
  return isQuantId(upper) ? upper : undefined
}
