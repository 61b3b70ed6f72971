import { defineConfig } from 'vitest/config';

/**
 * The dev-infrastructure tests (`npx vitest run --config test/dev/vitest.config.ts`):
 * each file starts what it needs, so no suite-wide globalSetup (the root
 * config's starts the whole test stack).
 */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/dev/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
