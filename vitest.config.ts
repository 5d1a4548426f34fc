import { defineConfig } from 'vitest/config';

/**
 * Unit, service and HTTP tests. The same suite runs on SQLite (default) and on PostgreSQL when
 * TEST_DATABASE_URL is set; the browser journeys have their own config (vitest.e2e.config.ts).
 */
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'test/**/*.test.ts', 'contract/**/*.test.ts', 'web/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
