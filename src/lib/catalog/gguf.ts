import {open} from 'node:fs/promises'

import {ExitCode, LocalclawError} from '../errors.js'

/**
 * Reads a GGUF file's header (format: ggml docs/gguf.md): metadata and tensor infos, never the
 * weights. Tensor byte sizes come from the ggml type table, so a file's weight size is exact;
 * Ollama's blobs are GGUF files, so installed models can be measured the same way.
 */

/** ggml type id -> [block size in elements, bytes per block] (ggml-common.h / type_traits). */
export const GGML_TYPES: Record<number, [block: number, bytes: number, name: string]> = {
  0: [1, 4, 'F32'], 1: [1, 2, 'F16'], 2: [32, 18, 'Q4_0'], 3: [32, 20, 'Q4_1'], 6: [32, 22, 'Q5_0'], 7: [32, 24, 'Q5_1'],
  8: [32, 34, 'Q8_0'], 9: [32, 36, 'Q8_1'], 10: [256, 84, 'Q2_K'], 11: [256, 110, 'Q3_K'], 12: [256, 144, 'Q4_K'],
  13: [256, 176, 'Q5_K'], 14: [256, 210, 'Q6_K'], 15: [256, 292, 'Q8_K'], 16: [256, 66, 'IQ2_XXS'], 17: [256, 74, 'IQ2_XS'],
  18: [256, 98, 'IQ3_XXS'], 19: [256, 50, 'IQ1_S'], 20: [32, 18, 'IQ4_NL'], 21: [256, 110, 'IQ3_S'], 22: [256, 82, 'IQ2_S'],
  23: [256, 136, 'IQ4_XS'], 24: [1, 1, 'I8'], 25: [1, 2, 'I16'], 26: [1, 4, 'I32'], 27: [1, 8, 'I64'], 28: [1, 8, 'F64'],
  29: [256, 56, 'IQ1_M'], 30: [1, 2, 'BF16'], 34: [256, 54, 'TQ1_0'], 35: [256, 66, 'TQ2_0'], 39: [32, 17, 'MXFP4'],
}

/** GGUF metadata value types. */
const enum ValueType { U8 = 0, I8, U16, I16, U32, I32, F32, BOOL, STRING, ARRAY, U64, I64, F64 }

export type GgufValue = number | bigint | boolean | string | GgufValue[] | {arrayOf: number; length: number}

export interface GgufTensor {
  name: string
  dims: number[]
  type: number
  elements: number
  bytes: number
}

export interface GgufHeader {
  version: number
  metadata: Map<string, GgufValue>
  tensors: GgufTensor[]
}

/** Arrays longer than this (token lists) are skipped and kept only as their length. */
const KEEP_ARRAY_LIMIT = 64
const CHUNK = 1 << 20

/** Where a GGUF header is read from: a file, or a URL read by range. `size` may be unknown until read. */
export interface ByteSource {
  /** Up to `length` bytes from `position`; fewer only at the end of the data. */
  read(position: number, length: number): Promise<Buffer>
  size: number | null
  /** How the errors name it: a path or a URL. */
  label: string
}

class HeaderReader {
  private buffer: Buffer = Buffer.alloc(0)
  private bufferStart = 0
  position = 0

  constructor(private readonly source: ByteSource) {}

  private get path(): string {
    return this.source.label
  }

  private async ensure(length: number): Promise<void> {
    if (this.position + length <= this.bufferStart + this.buffer.length) return
    if (this.source.size !== null && this.position + length > this.source.size) throw truncated(this.path)
    const next = await this.source.read(this.position, Math.max(CHUNK, length))
    if (next.length < length) throw truncated(this.path)
    this.buffer = next
    this.bufferStart = this.position
  }

  private async take(length: number): Promise<Buffer> {
    await this.ensure(length)
    const offset = this.position - this.bufferStart
    this.position += length
    return this.buffer.subarray(offset, offset + length)
  }

  async raw(length: number): Promise<Buffer> { return this.take(length) }

  async u32(): Promise<number> { return (await this.take(4)).readUInt32LE(0) }

  async u64(): Promise<number> {
    const value = (await this.take(8)).readBigUInt64LE(0)
    if (value > BigInt(Number.MAX_SAFE_INTEGER))
      throw new LocalclawError(`${this.path}: a count in the GGUF header is impossibly large; the file is damaged.`, {
        code: 'bad_gguf',
        exit: ExitCode.usage,
      })
    return Number(value)
  }

  async string(): Promise<string> {
    const length = await this.u64()
    return (await this.take(length)).toString('utf8')
  }

  async value(type: number): Promise<GgufValue> {
    switch (type) {
      case ValueType.U8: return (await this.take(1)).readUInt8(0)
      case ValueType.I8: return (await this.take(1)).readInt8(0)
      case ValueType.U16: return (await this.take(2)).readUInt16LE(0)
      case ValueType.I16: return (await this.take(2)).readInt16LE(0)
      case ValueType.U32: return this.u32()
      case ValueType.I32: return (await this.take(4)).readInt32LE(0)
      case ValueType.F32: return (await this.take(4)).readFloatLE(0)
      case ValueType.BOOL: return (await this.take(1)).readUInt8(0) !== 0
      case ValueType.STRING: return this.string()
      case ValueType.U64: return (await this.take(8)).readBigUInt64LE(0)
      case ValueType.I64: return (await this.take(8)).readBigInt64LE(0)
      case ValueType.F64: return (await this.take(8)).readDoubleLE(0)
      case ValueType.ARRAY: {
        const itemType = await this.u32()
        const length = await this.u64()
        const items: GgufValue[] = []
        for (let index = 0; index < length; index++) {
          const item = await this.value(itemType)
          if (length <= KEEP_ARRAY_LIMIT) items.push(item)
        }
        return length <= KEEP_ARRAY_LIMIT ? items : {arrayOf: itemType, length}
      }
      default:
        throw new LocalclawError(`${this.path}: unknown GGUF value type ${type}; the file is damaged or from a newer format.`, {
          code: 'bad_gguf',
          exit: ExitCode.usage,
        })
    }
  }
}

function truncated(path: string): LocalclawError {
  return new LocalclawError(`${path}: the GGUF header ends early; the file is truncated (an interrupted download?).`, {
    code: 'bad_gguf',
    exit: ExitCode.usage,
  })
}

export async function readGgufHeader(path: string): Promise<GgufHeader> {
  let handle: Awaited<ReturnType<typeof open>>
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw new LocalclawError(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`,
      {code: 'bad_gguf', exit: ExitCode.usage},
    )
  }
  try {
    const {size} = await handle.stat()
    return await readGgufHeaderFrom({
      size, label: path,
      async read(position, length) {
        const chunk = Buffer.alloc(Math.max(0, Math.min(length, size - position)))
        await handle.read(chunk, 0, chunk.length, position)
        return chunk
      },
    })
  } finally {
    await handle.close()
  }
}

/** The header from any source: a file, or the first megabytes of a URL (remote.ts). */
export async function readGgufHeaderFrom(source: ByteSource): Promise<GgufHeader> {
  const path = source.label
  if (source.size !== null && source.size < 24) throw truncated(path)
  const reader = new HeaderReader(source)
  const magic = (await reader.raw(4)).toString('latin1')
  if (magic !== 'GGUF')
    throw new LocalclawError(`${path} is not a GGUF file (it starts with "${magic.replace(/[^\x20-\x7e]/g, '?')}").`, {
      code: 'bad_gguf',
      exit: ExitCode.usage,
      suggestions: ['Pass a .gguf model file, or an Ollama blob under ~/.ollama/models/blobs'],
    })
  const version = await reader.u32()
  if (version < 2 || version > 3)
    throw new LocalclawError(`${path}: GGUF version ${version} is not supported (2 and 3 are).`, {code: 'bad_gguf', exit: ExitCode.usage})
  const tensorCount = await reader.u64()
  const metadataCount = await reader.u64()
  const metadata = new Map<string, GgufValue>()
  for (let index = 0; index < metadataCount; index++) {
    const key = await reader.string()
    metadata.set(key, await reader.value(await reader.u32()))
  }
  const tensors: GgufTensor[] = []
  for (let index = 0; index < tensorCount; index++) {
    const name = await reader.string()
    const dimensions = await reader.u32()
    const dims: number[] = []
    for (let d = 0; d < dimensions; d++) dims.push(await reader.u64())
    const type = await reader.u32()
    await reader.u64() // data offset
    const spec = GGML_TYPES[type]
    if (!spec)
      throw new LocalclawError(`${path}: tensor ${name} has ggml type ${type}, which localclaw does not know.`, {
        code: 'bad_gguf',
        exit: ExitCode.usage,
      })
    const elements = dims.reduce((product, dim) => product * dim, 1)
    tensors.push({name, dims, type, elements, bytes: Math.ceil(elements / spec[0]) * spec[1]})
  }
  return {version, metadata, tensors}
}
