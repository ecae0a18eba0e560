import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/support/reason-equality.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most tests wait on loopback HTTP, injected latency and rate limits rather than the CPU: more
    // files at once than the machine's two cores keeps the suite's wall time down.
    maxWorkers: 4,
  },
});
