import JSON5 from 'json5'

import {redactText, secretsIn} from '../redact.js'
import {RUNTIMES} from '../runtimes/registry.js'

/** The apiKey markers the runtimes write (and the stale ones they replace): not secrets, so shown. */
export const LOCAL_MARKERS: readonly string[] = RUNTIMES.flatMap((runtime) => [runtime.openclaw.apiKey,
  ...(runtime.openclaw.staleApiKeys ?? [])])

/** Every secret in the texts of a config, before and after an edit (an unparsable text has none to find). */
export function configSecrets(...texts: string[]): string[] {
  return texts.flatMap((text) => {
    try {
      return secretsIn(JSON5.parse(text), LOCAL_MARKERS)
    } catch {
      return []
    }
  })
}

/** A unified diff of the file before and after, with every secret in either version redacted, context lines included. */
export async function unifiedDiff(file: string, before: string, after: string): Promise<string> {
  const {createTwoFilesPatch} = await import('diff')
  return redactText(createTwoFilesPatch(file, file, before, after, 'before', 'after', {context: 3}), configSecrets(before, after))
}
