// Bundles the compiled CLI (dist/) into dist/cli/: one file per command and hook, their shared code in
// chunks, oclif and the dependencies included. Loading a few files instead of several hundred modules
// is most of what startup costs (bench/startup.js); dist/ itself stays as tsc wrote it, for the tests
// and bench scripts that import single modules.
import {globSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'

import {compileFactoriesWithModule, requireBuiltins} from './bundle-rewrites.js'

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
 * Edits to oclif's own files, each an exact text that the build fails on if oclif changes it (review
 * this table then), rather than silently keeping the slow path. Measured with bench/startup.js:
 * - oclif sorts its command list with localeCompare on every run; that first call initialises ICU's
 *   collator, about 7 ms of each command's startup. Command ids are ASCII: code-unit order is the same.
 * - oclif loads at startup what only some paths use: the glob stack (tinyglobby, fdir, picomatch) for
 *   discovering commands without a manifest, minimatch for plugin patterns, lilconfig for a .oclifrc,
 *   ejs for help templates and cli-spinners for its own spinner: together about 5 ms. They are
 *   required when first used instead. Its logger loads `debug` (and supports-color, tty) to print
 *   nothing unless DEBUG is set: it is required on the first call made with DEBUG set. Its colour
 *   check (supports-color, which loads tty and net to ask whether stdout is a terminal) runs when
 *   something is first coloured, not when the theme module loads. Its parser loads readline for
 *   reading an argument from stdin, which no localclaw argument does (ignoreStdin).
 * - Its platform check imports wsl-utils (PowerShell helpers, child_process, fs/promises) to read one
 *   boolean that wsl-utils re-exports from is-wsl: is-wsl is required instead, in the same chunk.
 * - The dependencies required on first use (the glob stack, minimatch, lilconfig, cli-spinners, debug:
 *   about 250 KB, which every command's start read from the compile cache without running) are built
 *   into a file of their own, dist/cli/oclif-lazy.cjs, that the first such require loads.
 * - It makes process.stdout at startup (an EPIPE handler, the terminal width, the colour level, the
 *   spinner's saved write, the final flush), which for a pipe loads node:net and the stream stack:
 *   about 4 ms of a --json run, whose one document goes out without the stream (src/lib/stdout.ts).
 *   Each waits for first use; bin/run.js attaches the EPIPE handler when the stream is made.
 * - Its OS helpers load child_process (and with it net and dgram) for a Windows shell check, and its
 *   timing markers load perf_hooks, both at startup: required when first used (recommend about 1.5 ms).
 */
const LAZY_FILE = './oclif-lazy.cjs'
const LAZY_DEPENDENCIES = ['tinyglobby', 'minimatch', 'lilconfig', 'cli-spinners', 'debug']
const lazy = (dependency) => `require(${JSON.stringify(LAZY_FILE)})[${JSON.stringify(dependency)}]`
const STDOUT_UNOPENED = "process[Symbol.for('localclaw.stdout-unopened')]"
const LAZY_ANSIS = ['const ansis_1 = __importDefault(require("ansis"));',
  'const ansis_1 = {get default() { return __importDefault(require("ansis")).default; }};']
const OCLIF_EDITS = [
  ['config/plugin.js', '.sort((a, b) => a.id.localeCompare(b.id))', '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))'],
  ['config/plugin.js', 'const tinyglobby_1 = require("tinyglobby");', `const tinyglobby_1 = {get glob() { return ${lazy('tinyglobby')}.glob; }};`],
  ['config/plugin-loader.js', 'const minimatch_1 = require("minimatch");', `const minimatch_1 = {get minimatch() { return ${lazy('minimatch')}.minimatch; }};`],
  ['util/read-pjson.js', 'const lilconfig_1 = require("lilconfig");', `const lilconfig_1 = {get lilconfig() { return ${lazy('lilconfig')}.lilconfig; }};`],
  ['config/config.js', 'const ejs_1 = __importDefault(require("ejs"));', 'const ejs_1 = {get default() { return __importDefault(require("ejs")).default; }};'],
  ['help/util.js', 'const ejs_1 = __importDefault(require("ejs"));', 'const ejs_1 = {get default() { return __importDefault(require("ejs")).default; }};'],
  ['ux/action/spinner.js', 'const cli_spinners_1 = __importDefault(require("cli-spinners"));',
    `const cli_spinners_1 = {get default() { return __importDefault(${lazy('cli-spinners')}).default; }};`],
  ['logger.js', 'const debug_1 = __importDefault(require("debug"));',
    'const debug_1 = {default: (namespace) => { let debug; return (...args) => { if (debug === undefined) { if (!process.env.DEBUG) return; '
    + `debug = __importDefault(${lazy('debug')}).default(namespace); } return debug(...args); }; }};`],
  ['ux/supports-color.js', 'const supports_color_1 = require("supports-color");',
    'const supports_color_1 = {get stdout() { return require("supports-color").stdout; }, get stderr() { return require("supports-color").stderr; }};'],
  ['parser/parse.js', 'const node_readline_1 = require("node:readline");',
    'const node_readline_1 = {get createInterface() { return require("node:readline").createInterface; }};'],
  ['util/os.js', "return (await import('wsl-utils')).isWsl ? 'wsl' : (0, node_os_1.platform)();",
    "return require('is-wsl').default ? 'wsl' : (0, node_os_1.platform)();"],
  ['util/os.js', 'const node_child_process_1 = require("node:child_process");',
    'const node_child_process_1 = {get execSync() { return require("node:child_process").execSync; }};'],
  ['command.js', "process.stdout.on('error', (err) => {\n    if (err && err.code === 'EPIPE')\n        return;\n    throw err;\n});", ''],
  ['screen.js', 'exports.stdtermwidth = columns || termwidth(process.stdout);\nexports.errtermwidth = columns || termwidth(process.stderr);',
    "Object.defineProperty(exports, 'stdtermwidth', {enumerable: true, get: () => columns || termwidth(process.stdout)});\n"
    + "Object.defineProperty(exports, 'errtermwidth', {enumerable: true, get: () => columns || termwidth(process.stderr)});"],
  ...['ux/theme.js', 'ux/action/spinner.js', 'help/formatter.js', 'help/index.js', 'help/command.js', 'help/root.js']
    .map((file) => [file, ...LAZY_ANSIS]),
  ['ux/index.js', "const ACTION_TYPE = (Boolean(process.stderr.isTTY) &&\n    !process.env.CI &&\n    !['dumb', 'emacs-color'].includes(process.env.TERM) &&\n"
    + "    'spinner') ||\n    'simple';\nexports.action = ACTION_TYPE === 'spinner' ? new spinner_1.default() : new simple_1.default();",
  "let action;\nObject.defineProperty(exports, 'action', {enumerable: true, get: () => (action ??= Boolean(process.stderr.isTTY) && !process.env.CI\n"
    + "    && !['dumb', 'emacs-color'].includes(process.env.TERM) ? new spinner_1.default() : new simple_1.default())});"],
  ['ux/index.js', '    action: exports.action,', '    get action() { return exports.action; },'],
  ['flush.js', 'async function _flush() {\n', `async function _flush() {\n    if (${STDOUT_UNOPENED}) return;\n`],
  ['performance.js', 'const node_perf_hooks_1 = require("node:perf_hooks");',
    'const node_perf_hooks_1 = {get performance() { return require("node:perf_hooks").performance; }, '
    + 'get PerformanceObserver() { return require("node:perf_hooks").PerformanceObserver; }};'],
]
const oclifEdits = {
  name: 'oclif-edits',
  setup(build) {
    build.onLoad({filter: /@oclif[\\/]core[\\/]lib[\\/].*\.js$/}, ({path}) => {
      const edits = OCLIF_EDITS.filter(([file]) => path.replace(/\\/g, '/').endsWith(`@oclif/core/lib/${file}`))
      if (edits.length === 0) return undefined
      let source = readFileSync(path, 'utf8')
      for (const [, from, to] of edits) {
        if (!source.includes(from)) throw new Error(`${path} no longer contains ${from}: review OCLIF_EDITS in scripts/bundle.js`)
        source = source.replace(from, to)
      }
      return {contents: source, loader: 'js'}
    })
  },
}


// The lazy file is a sibling of the chunks: the bundle's require() resolves it from there at run time.
const lazyFileExternal = {
  name: 'oclif-lazy-external',
  setup(build) {
    build.onResolve({filter: /^\.\/oclif-lazy\.cjs$/}, ({path}) => ({path, external: true}))
  },
}

const options = {
  outdir,
  outbase: `${root}dist`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // CommonJS dependencies (oclif among them) call require(); in an ES module it has to be made.
  banner: {
    js: "const require = globalThis.process.getBuiltinModule('node:module').createRequire(import.meta.url);",
  },
  plugins: [oclifEdits, lazyFileExternal],
  logLevel: 'warning',
}
/**
 * esbuild gives the code each set of entry points shares its own chunk, so a command loaded some 30
 * files, many of a few hundred bytes, and Node's ES loader costs about 0.3 ms a file whatever its size
 * (28 one-line modules: 8.6 ms, measured). A first pass finds the statically imported chunks under
 * 16 KB; the modules in them that import nothing else of ours (leaves) are then imported by every
 * entry point, landing in one chunk that every command loads anyway. detect loads 11 files instead of
 * 29, recommend 10 instead of 24, the part every command shares grows by about 100 KB; measured side
 * by side (101 rounds): detect and recommend about 4 ms less, --help 1 ms more.
 */
const SMALL_CHUNK_BYTES = 16 * 1024
const probe = await build({...options, entryPoints, metafile: true, write: false})
const staticallyImported = new Set(Object.values(probe.metafile.outputs)
  .flatMap((output) => output.imports.filter((imported) => imported.kind === 'import-statement').map((imported) => imported.path)))
const shared = new Set(Object.entries(probe.metafile.outputs)
  .filter(([file, output]) => !output.entryPoint && output.bytes < SMALL_CHUNK_BYTES && staticallyImported.has(file))
  .flatMap(([, output]) => Object.keys(output.inputs))
  .filter((input) => input.startsWith('dist/')))
// A module that imports a bigger one would bring that one into every command too.
for (let dropped = true; dropped;) {
  dropped = false
  for (const input of shared) {
    const imports = probe.metafile.inputs[input].imports.filter((imported) => !imported.external && imported.kind === 'import-statement')
    if (imports.some((imported) => !shared.has(imported.path))) dropped = shared.delete(input)
  }
}
const everywhere = `${root}dist/bundle-shared.js`
writeFileSync(everywhere, [...shared].map((input) => `import '${root}${input}'\n`).join(''))
rmSync(outdir, {recursive: true, force: true})
// node-version.js stays alone: bin/run.js loads it, and only it, before it knows this Node can run the rest.
const versionCheck = entryPoints.filter((file) => file.endsWith('/lib/node-version.js'))
await build({...options, entryPoints: entryPoints.filter((file) => !versionCheck.includes(file)), inject: [everywhere]})
await build({...options, entryPoints: versionCheck})
// Each dependency as oclif's own require() would find it.
const fromOclif = createRequire(`${root}node_modules/@oclif/core/lib/index.js`)
await build({
  stdin: {
    contents: `module.exports = {${LAZY_DEPENDENCIES.map((dependency) =>
      `get ${JSON.stringify(dependency)}() { return require(${JSON.stringify(fromOclif.resolve(dependency))}) }`).join(', ')}}\n`,
    resolveDir: root,
    loader: 'js',
  },
  outfile: `${outdir}/${LAZY_FILE.slice(2)}`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  logLevel: 'warning',
})

for (const file of globSync('**/*.js', {cwd: outdir})) {
  const path = `${outdir}/${file}`
  const code = readFileSync(path, 'utf8')
  const rewritten = compileFactoriesWithModule(requireBuiltins(code, file), file)
  if (rewritten !== code) writeFileSync(path, rewritten)
}
console.log(`dist/cli: ${entryPoints.length} entry points bundled`)
