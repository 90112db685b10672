import {defineConfig} from 'vitest/config'

// .ci/run asks for a JSON report to print a plain "N passed, N failed" closing line.
const report = process.env.LOCALCLAW_TEST_REPORT

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Probe tests spawn real child processes; give slow CI machines room without hiding hangs.
    testTimeout: 20_000,
    reporters: report ? ['default', 'json'] : ['default'],
    outputFile: report ? {json: report} : undefined,
  },
})
