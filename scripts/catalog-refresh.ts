// npm run catalog:refresh: reads the Ollama registry's manifest for every tag the catalog names and
// writes src/lib/catalog/ollama-manifests.json (each tag's model digest, model layer and download size,
// and the date). The catalog sizes those tags from it exactly, over the library page's rounded figures,
// and a tag whose digest changed is listed, so a person can check that its entry still describes it.
// Run by a person with network; `npm test` stays offline and checks the file's shape.
// Run: npm run catalog:refresh [-- --registry <url>]
import {readFileSync, writeFileSync} from 'node:fs'

import {LANGUAGE_MODELS} from '../src/lib/catalog/models.js'
import {refreshManifests, type ManifestsFile} from './catalog-refresh-lib.js'

const fileUrl = new URL('../src/lib/catalog/ollama-manifests.json', import.meta.url)
const argv = process.argv.slice(2)
const registryFlag = argv.indexOf('--registry')
const previous = JSON.parse(readFileSync(fileUrl, 'utf8')) as ManifestsFile
if (registryFlag !== -1 && argv[registryFlag + 1]) previous.registry = argv[registryFlag + 1]!

const tags = LANGUAGE_MODELS.flatMap((model) => (model.ollama ?? []).map((tag) => tag.tag))
async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, {headers: {accept: 'application/vnd.docker.distribution.manifest.v2+json'}, signal: AbortSignal.timeout(20_000)})
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`)
  return response.json()
}

const {file, repointed, failed} = await refreshManifests(tags, previous, fetchJson, new Date())
if (file.fetchedAt !== previous.fetchedAt || repointed.length > 0) writeFileSync(fileUrl, `${JSON.stringify(file, null, 2)}\n`)
console.log(`src/lib/catalog/ollama-manifests.json: ${Object.keys(file.tags).length} tags from ${file.registry} (${file.fetchedAt ?? 'never read'})`)
for (const tag of repointed) console.log(`re-pointed: ${tag} now names another build; check its catalog entry`)
for (const {tag, reason} of failed) console.log(`not read: ${tag}: ${reason}`)
process.exitCode = failed.length > 0 ? 1 : 0
