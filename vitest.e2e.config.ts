import { defineConfig } from 'vitest/config';

// Browser scenarios in Debian's Chromium through playwright-core. One server per file.
// The call scenarios (e2e/calls) have their own config and run in a network namespace
// (scripts/test-calls.sh).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    exclude: ['e2e/calls/**', '**/node_modules/**'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    allowOnly: !process.env.CI,
  },
});
