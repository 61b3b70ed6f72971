import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real Temporal dev server, simulator and database, started once for the suite.
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
    // Temporal's native worker wants processes, not threads.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 4, minForks: 1 } },
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
