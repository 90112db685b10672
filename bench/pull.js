// Pull benchmark: progress handling must not slow a download. A loopback server streams a recorded
// Ollama pull stretched to 50,000 progress lines (shape of test/fixtures/ollama/pull-stream.ndjson);
// `localclaw pull --json` and `curl` (just draining the stream) fetch it alternately, and the medians
// are compared. Target: ratio <= 1.5. Not a test: it prints, never fails.
//
// Two runs: "paced" sends the lines over about 3 s, as a download does (Ollama emits one every ~60 ms
// per layer; this is far denser), so the ratio shows whether progress handling keeps up. "burst" sends
// all 7.9 MB at once over loopback, where curl finishes in ~20 ms and the ratio mostly measures
// Node's and oclif's startup (~150 ms), which is reported, not hidden.
import http from 'node:http'
import {fileURLToPath} from 'node:url'

const LINES = 50_000
const rounds = Number(process.env.BENCH_ROUNDS ?? 7)
const cli = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const digest = 'sha256:dde5aa3fc5ffc17176b5e8bdc82f587b24b2678c6c66101bf7da77af9f7ccdff'
const total = 2142590208
const body =
  [
    '{"status":"pulling manifest"}',
    ...Array.from({length: LINES}, (_, index) =>
      JSON.stringify({status: 'pulling dde5aa3fc5ff', digest, total, completed: Math.round((total * (index + 1)) / LINES)}),
    ),
    '{"status":"verifying sha256 digest"}',
    '{"status":"writing manifest"}',
    '{"status":"success"}',
  ].join('\n') + '\n'

const PACE_MS = 3000
const CHUNKS = 300
let paced = true
const server = http.createServer((request, response) => {
  if (request.url === '/api/tags') return response.end('{"models":[{"name":"llama3.2:3b"}]}')
  response.writeHead(200, {'content-type': 'application/x-ndjson'})
  if (!paced) return response.end(body)
  const size = Math.ceil(body.length / CHUNKS)
  let offset = 0
  const timer = setInterval(() => {
    response.write(body.slice(offset, offset + size))
    offset += size
    if (offset >= body.length) {
      clearInterval(timer)
      response.end()
    }
  }, PACE_MS / CHUNKS)
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${server.address().port}`

const time = (command, args) => {
  const started = process.hrtime.bigint()
  // Async server in this process: run the client in a child that we wait for without blocking the loop.
  return new Promise((resolve, reject) => {
    import('node:child_process').then(({spawn}) => {
      const child = spawn(command, args, {stdio: ['ignore', 'ignore', 'ignore']})
      child.on('close', (code) =>
        code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`${command} exited ${code}`)),
      )
    })
  })
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
async function measure(label, roundsFor) {
  const samples = {curl: [], localclaw: []}
  for (let round = -1; round < roundsFor; round++) {
    const curl = await time('curl', ['-s', '-o', '/dev/null', '-X', 'POST', '-d', '{"model":"llama3.2:3b"}', `${url}/api/pull`])
    const pull = await time(process.execPath, [cli, 'pull', 'llama3.2:3b', '--url', url, '--json'])
    if (round >= 0) {
      samples.curl.push(curl)
      samples.localclaw.push(pull)
    }
  }
  const [c, l] = [median(samples.curl), median(samples.localclaw)]
  console.log(
    `${label.padEnd(7)} curl ${c.toFixed(0).padStart(5)} ms   localclaw pull --json ${l.toFixed(0).padStart(5)} ms   ${(l / c).toFixed(2)}x`,
  )
  return l / c
}

console.log(`${LINES} progress lines (${(body.length / 1e6).toFixed(1)} MB), median wall time of alternating runs`)
const ratio = await measure('paced', Math.min(rounds, 3))
paced = false
await measure('burst', rounds)
server.close()
console.log(
  `paced ratio ${ratio.toFixed(2)}x: ${ratio <= 1.5 ? 'within' : 'OVER'} target 1.5x (burst: startup-bound, see the note at the top)`,
)
