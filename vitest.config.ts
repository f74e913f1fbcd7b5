import { defineConfig } from 'vitest/config';

// Unit and integration suites. Integration suites run once per database named in
// HEARTH_TEST_DATABASES (default: sqlite, plus postgres when CI=true or TEST_POSTGRES_URL is set).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    allowOnly: !process.env.CI,
  },
});
