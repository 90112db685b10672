import {defineConfig} from 'vitest/config'

// npm run test:contract: the generated configs against the real OpenClaw (slow; installs it once into a cache).
const report = process.env.LOCALCLAW_TEST_REPORT

export default defineConfig({
  test: {
    include: ['test/openclaw-contract/**/*.contract.ts'],
    // Two validations at a time on a 2-core machine; each takes a second or two.
    maxConcurrency: 2,
    testTimeout: 120_000,
    reporters: report ? ['default', 'json'] : ['default'],
    outputFile: report ? {json: report} : undefined,
  },
})
