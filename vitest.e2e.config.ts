import { defineConfig } from 'vitest/config';

/** Browser journeys: the built SPA served by a real Candor process, driven in Debian Chromium. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
