import { defineConfig } from 'vitest/config';

/**
 * The gateway suites on their own (`npx vitest run --config test/api/vitest.config.mts`):
 * each file starts its own Temporal dev server and database (test/api/support.ts),
 * so the root config's suite-wide globalSetup (simulator, workflow bundle) is not needed.
 */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/api/**/*.test.ts'],
    pool: 'forks',
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
