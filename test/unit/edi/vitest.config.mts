import { defineConfig } from 'vitest/config';

// Only the EDI unit tests, without the project's global setup (no Temporal, no database).
export default defineConfig({
  test: {
    include: ['test/unit/edi/**/*.test.ts'],
  },
});
