import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './scripts/lib/test-order.js';
import { TIMED_PAGE_SCENARIOS } from './scripts/lib/timed-scenarios.js';

// Browser scenarios in Debian's Chromium through playwright-core. One server per file, each on its
// own free port, temp DATA_DIR, SMTP receiver on port 0 and (PostgreSQL) fresh database, so files
// are independent: two run at once (E2E_WORKERS=1 for one at a time). Much of a scenario is waiting
// (on the server, on mail, on the reminders dispatcher's due time), so two files share the two
// cores well; the longest files start first (scripts/lib/test-order.ts: the durations vitest
// recorded here, else those committed in scripts/lib/test-durations.json, as `npm ci` wipes vitest's).
// The call scenarios (e2e/calls) and the pages timed on an emulated network
// (scripts/lib/timed-scenarios.ts) have their own config and run in a network namespace
// (scripts/test-calls.sh).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    exclude: ['e2e/calls/**', ...TIMED_PAGE_SCENARIOS, '**/node_modules/**'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: Number(process.env.E2E_WORKERS ?? 2),
    sequence: { sequencer: LongestFirstSequencer },
    allowOnly: !process.env.CI,
  },
});
