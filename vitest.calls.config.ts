import { defineConfig } from 'vitest/config';
import { TIMED_PAGE_SCENARIOS } from './scripts/lib/timed-scenarios.js';

// Call scenarios: real WebRTC between Chromiums with fake media. Run only through
// scripts/test-calls.sh, which puts them in a loopback-only network namespace (they cut UDP with
// nftables there, and coturn relays on 127.0.0.1). One file at a time: media is CPU-heavy. The
// pages timed on an emulated weak cell run here too (scripts/lib/timed-scenarios.ts).
//
// The bad-network scenarios of issue 19: the Hearth call under each profile (rural.e2e.ts: three
// clean runs in a row at a load of 16-20 on 2 cores) and the automatic move to audio only and
// back (adapt.e2e.ts) run by default. The profiles' proof (network-profiles.e2e.ts, ~4.3 min) runs
// with CALLS_BAD_NETWORKS=1 and in `npm run bench` (BENCH_ONLY=network) until it has passed three
// runs in a row under load: its root causes are fixed (stale RTCP round trips, the flood's
// acknowledgements queued behind the other way's data, receive-buffer drops counted by the
// kernel), but it has one clean run so far, and its bands failed when two runs shared the machine.
const BAD_NETWORKS = ['e2e/calls/network-profiles.e2e.ts'];

export default defineConfig({
  test: {
    include: ['e2e/calls/**/*.e2e.ts', ...TIMED_PAGE_SCENARIOS],
    exclude: process.env.CALLS_BAD_NETWORKS === '1' ? [] : BAD_NETWORKS,
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    allowOnly: !process.env.CI,
  },
});
