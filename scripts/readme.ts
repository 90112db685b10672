// Regenerates README.md's command reference (from oclif.manifest.json, as `oclif readme` would) and its
// troubleshooting table (from doctor's known problems), between their marker comments. The oclif CLI
// itself is not a dependency (about 100 MB); this reads the same manifest. A development tool, so it
// lives here and not in the published dist. Run: npm run readme.
import {readFileSync, writeFileSync} from 'node:fs'

import {readmeSections, type Manifest} from './readme-sections.js'

const readmeUrl = new URL('../README.md', import.meta.url)
const manifest = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8')) as Manifest
const {updated, changed} = readmeSections(readFileSync(readmeUrl, 'utf8'), manifest)
if (changed) writeFileSync(readmeUrl, updated)
console.log(changed ? 'README.md: generated sections updated' : 'README.md: generated sections already current')
