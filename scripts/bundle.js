// Bundles the compiled CLI (dist/) into dist/cli/: one file per command and hook, their shared code in
// chunks, oclif and the dependencies included. Loading a few files instead of several hundred modules
// is most of what startup costs (bench/startup.js); dist/ itself stays as tsc wrote it, for the tests
// and bench scripts that import single modules.
import {globSync, readFileSync, rmSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const outdir = `${root}dist/cli`
rmSync(outdir, {recursive: true, force: true})
const entryPoints = [
  ...globSync('dist/commands/**/*.js', {cwd: root}),
  ...globSync('dist/hooks/*.js', {cwd: root}),
  'dist/entry.js',
  // bin/run.js checks the Node version with this before loading anything else.
  'dist/lib/node-version.js',
].map((file) => `${root}${file}`)

/**
 * oclif sorts its command list with localeCompare on every run; that first call initialises ICU's
 * collator, about 7 ms of each command's startup (bench/startup.js). Command ids are ASCII, so
 * code-unit order is the same order. The build fails if oclif's text changes, rather than silently
 * keeping the slow sort.
 */
const oclifCommandSort = {
  name: 'oclif-command-sort',
  setup(build) {
    build.onLoad({filter: /@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/}, ({path}) => {
      const source = readFileSync(path, 'utf8')
      const slow = '.sort((a, b) => a.id.localeCompare(b.id))'
      if (!source.includes(slow)) throw new Error(`${path} no longer sorts commands with localeCompare: review scripts/bundle.js`)
      return {contents: source.replace(slow, '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))'), loader: 'js'}
    })
  },
}

await build({
  entryPoints,
  outdir,
  outbase: `${root}dist`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // CommonJS dependencies (oclif among them) call require(); in an ES module it has to be made.
  banner: {
    js: "import {createRequire as createRequireForBundle} from 'node:module'; const require = createRequireForBundle(import.meta.url);",
  },
  plugins: [oclifCommandSort],
  logLevel: 'warning',
})
console.log(`dist/cli: ${entryPoints.length} entry points bundled`)
