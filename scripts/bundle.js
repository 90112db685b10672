// Bundles the compiled CLI (dist/) into dist/cli/: one file per command and hook, their shared code in
// chunks, oclif and the dependencies included. Loading a few files instead of several hundred modules
// is most of what startup costs (bench/startup.js); dist/ itself stays as tsc wrote it, for the tests
// and bench scripts that import single modules.
import {globSync, rmSync} from 'node:fs'
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

await build({
  entryPoints, outdir, outbase: `${root}dist`,
  bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node22',
  // CommonJS dependencies (oclif among them) call require(); in an ES module it has to be made.
  banner: {js: "import {createRequire as createRequireForBundle} from 'node:module'; const require = createRequireForBundle(import.meta.url);"},
  logLevel: 'warning',
})
console.log(`dist/cli: ${entryPoints.length} entry points bundled`)
