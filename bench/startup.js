// Startup benchmark: runs bare Node and localclaw commands side by side, interleaved round by
// round so machine load hits all equally, and prints median times and ratios against bare Node.
// Targets (issue 11, section 6) on a 2-core machine without a GPU: --version, --help, detect --json and
// recommend --json over the whole catalog with hypothetical hardware <= 3x bare node; doctor --json with
// every runtime down <= 5x. Not a test: it prints, never fails.
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const rounds = Number(process.env.BENCH_ROUNDS ?? 15)
const cli = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const node = process.execPath

const cases = [
  {name: 'node -e 0', args: ['-e', '0']},
  {name: 'localclaw --version', args: [cli, '--version'], target: 3},
  {name: 'localclaw --help', args: [cli, '--help'], target: 3},
  {name: 'localclaw detect --json', args: [cli, 'detect', '--json'], target: 3},
  // --use chat and --limit 100 evaluate and print every language model in the catalog.
  {
    name: 'localclaw recommend --json',
    args: [cli, 'recommend', '--json', '--use', 'chat', '--limit', '100', '--gpu', 'RTX 4090', '--ram', '64'],
    target: 3,
  },
  // Exit 3 is its answer when no runtime is installed, as on the bench machine.
  {name: 'localclaw doctor --json', args: [cli, 'doctor', '--json'], target: 5, exitCodes: [0, 3]},
]

const samples = new Map(cases.map((c) => [c.name, []]))
// One warm-up round fills the compile cache and the OS file cache.
for (let round = -1; round < rounds; round++) {
  for (const c of cases) {
    const started = process.hrtime.bigint()
    const result = spawnSync(node, c.args, {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, CI: '1'}})
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    if (!(c.exitCodes ?? [0]).includes(result.status)) {
      console.error(`${c.name} exited ${result.status}: ${result.stderr}`)
      process.exit(1)
    }
    if (round >= 0) samples.get(c.name).push(ms)
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}
const baseline = median(samples.get('node -e 0'))
console.log(`${rounds} interleaved rounds, Node ${process.version}, median wall time\n`)
for (const c of cases) {
  const ms = median(samples.get(c.name))
  const ratio = ms / baseline
  const verdict = c.target ? (ratio <= c.target ? `  within target ${c.target}x` : `  OVER target ${c.target}x`) : ''
  console.log(`${c.name.padEnd(28)} ${ms.toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}x${verdict}`)
}
