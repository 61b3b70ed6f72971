import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real Temporal dev server, simulator and database, started once for the suite.
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
    // Temporal's native worker wants processes, not threads.
    pool: 'forks',
    // Most files spend much of their time waiting on the dev server, the simulator and workflows, not
    // on the CPU: on 2 cores, 6 forks ran the suite in about 176 s, 4 forks in 188-193 s, 8 in 193 s.
    poolOptions: { forks: { maxForks: 6, minForks: 1 } },
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
