import {writeFileSync} from 'node:fs'

/** Writes a real GGUF v3 file (header only matters to us; tensor data is zeros), per ggml docs/gguf.md. */
export type MetaValue =
  {type: 'u32'; value: number} | {type: 'string'; value: string} | {type: 'strings'; value: string[]} | {type: 'f32'; value: number}
  | {type: 'u32s'; value: number[]} | {type: 'bools'; value: boolean[]}

export function writeGguf(file: string, metadata: Record<string, MetaValue>,
  tensors: Array<{name: string; dims: number[]; type: number; bytes: number}>): void {
  const parts: Buffer[] = []
  const u32 = (value: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(value); parts.push(b) }
  const u64 = (value: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(value)); parts.push(b) }
  const str = (value: string) => { const bytes = Buffer.from(value, 'utf8'); u64(bytes.length); parts.push(bytes) }
  parts.push(Buffer.from('GGUF', 'latin1'))
  u32(3)
  u64(tensors.length)
  u64(Object.keys(metadata).length)
  for (const [key, entry] of Object.entries(metadata)) {
    str(key)
    if (entry.type === 'u32') { u32(4); u32(entry.value) }
    else if (entry.type === 'f32') { u32(6); const b = Buffer.alloc(4); b.writeFloatLE(entry.value); parts.push(b) }
    else if (entry.type === 'string') { u32(8); str(entry.value) }
    else if (entry.type === 'u32s') { u32(9); u32(4); u64(entry.value.length); for (const item of entry.value) u32(item) }
    else if (entry.type === 'bools') { u32(9); u32(7); u64(entry.value.length); parts.push(Buffer.from(entry.value.map(Number))) }
    else { u32(9); u32(8); u64(entry.value.length); for (const item of entry.value) str(item) }
  }
  let offset = 0
  for (const tensor of tensors) {
    str(tensor.name)
    u32(tensor.dims.length)
    for (const dim of tensor.dims) u64(dim)
    u32(tensor.type)
    u64(offset)
    offset += tensor.bytes
  }
  parts.push(Buffer.alloc(offset))
  writeFileSync(file, Buffer.concat(parts))
}

/**
 * The metadata of a model file: general.architecture, general.file_type (15 = Q4_K_M) and each number
 * under `<arch>.` as a u32 (block_count, attention.head_count_kv, ssm.state_size...).
 */
export function archMetadata(arch: string, values: Record<string, number>, fileType = 15): Record<string, MetaValue> {
  return {
    'general.architecture': {type: 'string', value: arch},
    'general.file_type': {type: 'u32', value: fileType},
    ...Object.fromEntries(Object.entries(values).map(([key, value]) => [`${arch}.${key}`, {type: 'u32', value} as MetaValue])),
  }
}
