import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './scripts/lib/test-order.js';

// Unit and integration suites. Integration suites run once per database named in
// HEARTH_TEST_DATABASES (default: sqlite, plus postgres when CI=true or TEST_POSTGRES_URL is set).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Files in one worker share its module cache: the app is imported once per worker, not once
    // per file (five modules' suites: import time 21 s -> 7 s, wall 75 s -> 65 s). Every file
    // builds its own harness (database, app, clock), so nothing leaks between files through modules.
    isolate: false,
    fileParallelism: true,
    // Longest files first (scripts/lib/test-order.ts): the reminder load suites must not start last.
    sequence: { sequencer: LongestFirstSequencer },
    // One worker per pass by default (vitest: cores - 1); UNIT_WORKERS sets another count.
    ...(process.env.UNIT_WORKERS ? { maxWorkers: Number(process.env.UNIT_WORKERS) } : {}),
    allowOnly: !process.env.CI,
  },
});
