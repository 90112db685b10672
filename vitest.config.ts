import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Probe tests spawn real child processes; give slow CI machines room without hiding hangs.
    testTimeout: 20_000,
  },
})
