import { defineConfig } from 'vitest/config';

/** `npm run soak`: the kill-and-resume soak, apart from `npm test` because it takes many minutes. */
export default defineConfig({
  test: {
    include: ['test/soak/**/*.soak.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Trials spend their time in child processes and waits: a few at once keep two cores busy.
    maxConcurrency: Number(process.env.SOAK_CONCURRENCY ?? 4),
  },
});
