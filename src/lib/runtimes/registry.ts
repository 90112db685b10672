import {llamacpp} from './llamacpp.js'
import {lmstudio} from './lmstudio.js'
import {ollama} from './ollama.js'
import type {Runtime} from './runtime.js'
import {vllm} from './vllm.js'

/** Every runtime localclaw knows, in the order we suggest them to newcomers. */
export const RUNTIMES: readonly Runtime[] = [ollama, lmstudio, llamacpp, vllm]
