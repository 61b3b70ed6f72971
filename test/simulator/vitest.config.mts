import { defineConfig } from 'vitest/config';

/**
 * The simulator suites on their own (`npx vitest run --config test/simulator/vitest.config.mts`):
 * each file starts its own simulator in-process on a random port and talks to it
 * over real HTTP, so the root config's globalSetup (Temporal, database) is not needed.
 */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/simulator/**/*.test.ts', 'test/shopify/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
