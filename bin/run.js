#!/usr/bin/env node
// Production entry. Kept dependency-free until oclif is needed, so `--version` and the Node
// version check cost no more than starting Node itself. Built-ins come through getBuiltinModule: an
// ES import of node:fs builds its namespace, and reading its ReadStream export loads the whole stream
// stack. On a Node too old to have it, the version check below says so.
process.getBuiltinModule?.('node:module').enableCompileCache?.()

// The same ranges as package.json "engines" (src/lib/node-version.ts): a small module, loaded before anything else.
const {LOCALCLAW_NODE, describeRanges, satisfies} = await import('../dist/cli/lib/node-version.js')
if (!satisfies(process.versions.node, LOCALCLAW_NODE)) {
  process.stderr.write(`localclaw needs Node.js ${describeRanges(LOCALCLAW_NODE)}; this is ${process.version}.\n`
    + '  Try: install the current Node 24 (https://nodejs.org, or `nvm install 24`) and run localclaw again.\n')
  process.exit(1)
}

// -h is help, as everywhere else.
const argv = process.argv.slice(2).map((arg) => (arg === '-h' ? '--help' : arg))

// A closed stdout (localclaw recommend | head -1) is the reader's choice, not a failure: leave quietly
// with the command's own code, instead of Node's exit 13 when writes can no longer finish. The stream
// is made when first used, not here: for a pipe it loads node:net and the stream stack, and a --json
// document goes out in one write without it (src/lib/stdout.ts, which reads the mark set here).
const STDOUT_UNOPENED = Symbol.for('localclaw.stdout-unopened')
const stdoutDescriptor = Object.getOwnPropertyDescriptor(process, 'stdout')
process[STDOUT_UNOPENED] = true
Object.defineProperty(process, 'stdout', {
  configurable: true,
  enumerable: stdoutDescriptor.enumerable,
  get() {
    Object.defineProperty(process, 'stdout', stdoutDescriptor)
    delete process[STDOUT_UNOPENED]
    const stdout = process.stdout
    stdout.on('error', (error) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
      throw error
    })
    return stdout
  },
})
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // Same text as oclif's version output (config.userAgent), without loading oclif.
  const packageJson = process.getBuiltinModule('node:fs').readFileSync(new URL('../package.json', import.meta.url), 'utf8')
  const {name, version} = JSON.parse(packageJson)
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
  process.exit(0)
}

// Ctrl-C: exit 130 (documented). A command that handles it (pull stops its stream cleanly) registers
// its own listener and exits 130 itself; otherwise leave at once. Files are written atomically.
process.on('SIGINT', () => {
  if (process.listenerCount('SIGINT') === 1) process.exit(130)
})

// A bare `localclaw` (or `npx localclaw`, flags only) is the whole setup; help and version stay as they are.
const bare = argv.every((arg) => arg.startsWith('-')) && !argv.some((arg) => ['--help', '-h', '--version', '-v'].includes(arg))

const {execute} = await import('../dist/cli/entry.js')
await execute({dir: import.meta.url, args: bare ? ['setup', ...argv] : argv})
