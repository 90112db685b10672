// npm run catalog:refresh: reads the Ollama registry's manifest for every tag the catalog names and
// writes src/lib/catalog/ollama-manifests.json (each tag's model digest, model layer and download size,
// the architecture its GGUF header gives, whether Ollama offers it tools, and the date). The catalog
// sizes those tags from it exactly, over the library page's rounded figures; a tag whose digest changed
// is listed, and so is every catalog entry that disagrees with what its tag now is, so a person can
// check them. Headers are read by Range (about 1 MB each) and kept by digest in ~/.cache/localclaw.
// Then every Hugging Face repository the catalog names (HF_ENDPOINT, HF_TOKEN as huggingface_hub reads
// them) into src/lib/catalog/hf-repos.json: whether it exists, its spelling, GGUF files, config.json.
// Run by a person with network; `npm test` stays offline and checks both files against the catalog.
// Run: npm run catalog:refresh [-- --registry <url>]
import {readFileSync, writeFileSync} from 'node:fs'
import os from 'node:os'

import {headerCacheDir} from '../src/lib/catalog/header-cache.js'
import {languageModels} from '../src/lib/catalog/models.js'
import {http} from '../src/lib/net/http.js'
import {catalogDrift, refreshManifests, tagDetails, type ManifestsFile} from './catalog-refresh-lib.js'
import {catalogRepos, hubDrift, refreshHub, type HubFile} from './hub-refresh-lib.js'

const fileUrl = new URL('../src/lib/catalog/ollama-manifests.json', import.meta.url)
const argv = process.argv.slice(2)
const registryFlag = argv.indexOf('--registry')
const previous = JSON.parse(readFileSync(fileUrl, 'utf8')) as ManifestsFile
if (registryFlag !== -1 && argv[registryFlag + 1]) previous.registry = argv[registryFlag + 1]!

const tags = languageModels().flatMap((model) => (model.ollama ?? []).map((tag) => tag.tag))
async function fetchJson(url: string): Promise<unknown> {
  const headers = {accept: 'application/vnd.docker.distribution.manifest.v2+json'}
  const response = await fetch(url, {headers, signal: AbortSignal.timeout(20_000)})
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`)
  return response.json()
}
const cacheDir = headerCacheDir(process.env, os.homedir())
const details = (tag: string, manifest: unknown) => tagDetails(previous.registry, tag, manifest, {http, cacheDir})

const {file, repointed, failed} = await refreshManifests(tags, previous, {fetchJson, details}, new Date())
if (file.fetchedAt !== previous.fetchedAt || repointed.length > 0) writeFileSync(fileUrl, `${JSON.stringify(file, null, 2)}\n`)
console.log(
  `src/lib/catalog/ollama-manifests.json: ${Object.keys(file.tags).length} tags from ${file.registry} (${file.fetchedAt ?? 'never read'})`,
)
for (const tag of repointed) console.log(`re-pointed: ${tag} now names another build; check its catalog entry`)
for (const {tag, reason} of failed) console.log(`not read: ${tag}: ${reason}`)
const drift = catalogDrift(languageModels(), file)
for (const {tag, field, catalog, registry} of drift)
  console.log(`disagrees: ${tag} ${field}: the catalog says ${catalog}, the registry's build ${registry}`)

const hubUrl = new URL('../src/lib/catalog/hf-repos.json', import.meta.url)
const hubPrevious = JSON.parse(readFileSync(hubUrl, 'utf8')) as HubFile
if (process.env.HF_ENDPOINT) hubPrevious.endpoint = process.env.HF_ENDPOINT
const hubHeaders: Record<string, string> = process.env.HF_TOKEN ? {authorization: `Bearer ${process.env.HF_TOKEN}`} : {}
const hubGet = async (url: string) => {
  const response = await fetch(url, {headers: hubHeaders, signal: AbortSignal.timeout(20_000)})
  return {status: response.status, json: await response.json().catch(() => null)}
}
const hub = await refreshHub(catalogRepos(languageModels()), hubPrevious, hubGet, new Date())
if (hub.file.fetchedAt !== hubPrevious.fetchedAt) writeFileSync(hubUrl, `${JSON.stringify(hub.file, null, 2)}\n`)
console.log(
  `src/lib/catalog/hf-repos.json: ${Object.keys(hub.file.repos).length} repositories from ${hub.file.endpoint} (${hub.file.fetchedAt ?? 'never read'})`,
)
for (const {repo, reason} of hub.failed) console.log(`not read: ${repo}: ${reason}`)
const hubProblems = hubDrift(languageModels(), hub.file)
for (const {model, repo, problem} of hubProblems) console.log(`disagrees: ${model}: ${repo} ${problem}`)
process.exitCode = failed.length > 0 || drift.length > 0 || hub.failed.length > 0 || hubProblems.length > 0 ? 1 : 0
