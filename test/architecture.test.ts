import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {describe, expect, it} from 'vitest'

import {RUNTIME_IDS} from '../src/lib/runtimes/registry.js'

const src = fileURLToPath(new URL('../src/', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    return entry.isDirectory() ? sourceFiles(file) : entry.name.endsWith('.ts') ? [file] : []
  })
}

const files = sourceFiles(src).map((file) => ({file: path.relative(src, file).split(path.sep).join('/'), text: readFileSync(file, 'utf8')}))
/** Code only: comments say whatever they like about runtimes. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')

describe('house rule 2: a runtime is one module', () => {
  it('no code outside src/lib/runtimes/ compares a value to a runtime\'s id', () => {
    const ids = RUNTIME_IDS.join('|')
    const comparison = new RegExp(`(?:[!=]==?\\s*'(?:${ids})'|'(?:${ids})'\\s*[!=]==?|case\\s+'(?:${ids})'\\s*:)`)
    const offending = files
      .filter(({file}) => !file.startsWith('lib/runtimes/'))
      .flatMap(({file, text}) =>
        code(text)
          .split('\n')
          .flatMap((line, index) => (comparison.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
      )
    expect(offending).toEqual([])
  })

  it('the runtime list is the registry\'s: no other union or array of the four ids', () => {
    const listed = new RegExp(RUNTIME_IDS.map((id) => `'${id}'`).join('[^\\n]*'))
    const lists = files.filter(({file, text}) => !file.startsWith('lib/runtimes/') && listed.test(code(text))).map(({file}) => file)
    expect(lists).toEqual([])
  })
})

/** src/lib/<folder>/... -> the folder; top-level modules of src/lib (composition, shared primitives) are not folders. */
const folderOf = (file: string): string | null => /^lib\/([^/]+)\//.exec(file)?.[1] ?? null

/** Every folder of src/lib each folder imports from (static and dynamic imports, types included). */
function folderImports(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>()
  for (const {file, text} of files) {
    const from = folderOf(file)
    if (!from) continue
    for (const match of text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]!))
      const to = folderOf(target)
      if (!to || to === from) continue
      const edges = graph.get(from) ?? new Map<string, string[]>()
      edges.set(to, [...edges.get(to) ?? [], `${file} -> ${target}`])
      graph.set(from, edges)
    }
  }
  return graph
}

describe('layers point one way', () => {
  it('no two folders of src/lib import each other, directly or around a loop', () => {
    const graph = folderImports()
    const cycles: string[] = []
    const visit = (folder: string, trail: string[]) => {
      for (const next of graph.get(folder)?.keys() ?? []) {
        if (next === trail[0]) cycles.push([...trail, next].join(' -> '))
        else if (!trail.includes(next) && next > trail[0]!) visit(next, [...trail, next])
      }
    }
    for (const folder of graph.keys()) visit(folder, [folder])
    expect(cycles).toEqual([])
  })

  it('ui/ is a leaf: it imports no other folder of src/lib', () => {
    expect([...folderImports().get('ui')?.values() ?? []].flat()).toEqual([])
  })

  it('src/lib imports nothing from src/commands, src/flags.ts or oclif', () => {
    const imports = /from '([^']+)'/g
    const offending = files
      .filter(({file}) => file.startsWith('lib/'))
      .flatMap(({file, text}) =>
        [...text.matchAll(imports)]
          .map((match) => match[1]!)
          .filter(
            (target) =>
              target.startsWith('@oclif/') ||
              (target.startsWith('.') &&
                /^(commands\/|flags\.|base-command\.)/.test(path.posix.normalize(path.posix.join(path.posix.dirname(file), target)))),
          )
          .map((target) => `${file} -> ${target}`),
      )
    expect(offending).toEqual([])
  })
})

describe('positional arguments', () => {
  it('none is ever read from stdin by oclif: every one sets ignoreStdin', async () => {
    const commands = files.filter(({file}) => file.startsWith('commands/'))
    expect(commands.length).toBeGreaterThan(10)
    const reading: string[] = []
    for (const {file} of commands) {
      const command = (await import(pathToFileURL(path.join(src, file)).href)).default as {args?: Record<string, {ignoreStdin?: boolean}>}
      for (const [name, arg] of Object.entries(command.args ?? {})) if (arg.ignoreStdin !== true) reading.push(`${file}: ${name}`)
    }
    expect(reading).toEqual([])
  })
})
