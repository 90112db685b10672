import {mkdir, readFile, rename, rm, writeFile} from 'node:fs/promises'
import path from 'node:path'

import type {ByteSource} from './gguf.js'

/**
 * GGUF headers read over HTTP, kept so the next `recommend` of the same model reads nothing but its
 * listing: ~/.cache/localclaw/gguf-headers (XDG_CACHE_HOME honoured). Each entry is named by the
 * content's own digest (an Ollama layer's sha256, a Hugging Face file's LFS sha256), so it is never
 * stale: a re-pointed tag or a re-uploaded file has another digest, and is read again.
 */
export function headerCacheDir(env: NodeJS.ProcessEnv, homedir: string): string {
  return path.join(env.XDG_CACHE_HOME || path.join(homedir, '.cache'), 'localclaw', 'gguf-headers')
}

/** sha256:<hex> (or bare hex) as a file name; null for anything that is not a sha256, which is not cached. */
function entryFor(dir: string, digest: string): string | null {
  const hex = /^(?:sha256[:-])?([0-9a-f]{64})$/i.exec(digest)?.[1]
  return hex ? path.join(dir, `sha256-${hex.toLowerCase()}.header`) : null
}

/** The cached prefix first, the network for anything past it; what the network gives is kept, in order. */
function throughCache(cached: Buffer, network: ByteSource, fetched: Buffer[]): ByteSource {
  return {
    get size() {
      return network.size
    },
    label: network.label,
    async read(position, length) {
      if (position + length <= cached.length) return cached.subarray(position, position + length)
      const from = Math.max(position, cached.length)
      const more = await network.read(from, position + length - from)
      if (from === cached.length + fetched.reduce((sum, chunk) => sum + chunk.length, 0)) fetched.push(more)
      return position < cached.length ? Buffer.concat([cached.subarray(position), more]) : more
    },
  }
}

/**
 * Reads a header through the cache: from the entry for `digest` where there is one, else from the
 * network, then saves what was read (atomically; a cache that cannot be written only costs the
 * next read). An entry that no longer parses is dropped and the header read again.
 */
export async function readThroughCache<T>(dir: string | null | undefined, digest: string | undefined, network: ByteSource,
  parse: (source: ByteSource) => Promise<T>): Promise<{value: T; fromCache: boolean}> {
  const entry = dir && digest ? entryFor(dir, digest) : null
  if (!entry) return {value: await parse(network), fromCache: false}
  const cached = await readFile(entry).catch(() => Buffer.alloc(0))
  const fetched: Buffer[] = []
  let value: T
  try {
    value = await parse(throughCache(cached, network, fetched))
  } catch (error) {
    if (cached.length === 0) throw error
    await rm(entry, {force: true})
    return readThroughCache(dir, digest, network, parse)
  }
  if (fetched.length > 0) {
    // Unique per process and moment; crypto is not loaded for it (recommend's startup counts).
    const temporary = `${entry}.${process.pid}-${Date.now()}.tmp`
    await mkdir(path.dirname(entry), {recursive: true})
      .then(() => writeFile(temporary, Buffer.concat([cached, ...fetched])))
      .then(() => rename(temporary, entry))
      .catch(() => rm(temporary, {force: true}).catch(() => undefined))
  }
  return {value, fromCache: cached.length > 0 && fetched.length === 0}
}
