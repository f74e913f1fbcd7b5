import { defineConfig } from 'vitest/config';

// Call scenarios: real WebRTC between Chromiums with fake media. Run only through
// scripts/test-calls.sh, which puts them in a loopback-only network namespace (they cut UDP with
// nftables there, and coturn relays on 127.0.0.1). One file at a time: media is CPU-heavy.
//
// The bad-network scenarios of issue 19 (the named profiles' proof, the Hearth call under each
// profile, the automatic move to audio only and back) do not yet meet that goals on every
// run (issue 19 is open: the proof's bands flake under load, flapping recovery is 3.5–4.6 s against
// 3 s, the offer of video back is unproven in Chromium). They run with CALLS_BAD_NETWORKS=1 and in
// `npm run bench` (BENCH_ONLY=network), not yet in the default run.
const BAD_NETWORKS = ['e2e/calls/network-profiles.e2e.ts', 'e2e/calls/rural.e2e.ts', 'e2e/calls/adapt.e2e.ts'];

export default defineConfig({
  test: {
    include: ['e2e/calls/**/*.e2e.ts'],
    exclude: process.env.CALLS_BAD_NETWORKS === '1' ? [] : BAD_NETWORKS,
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    allowOnly: !process.env.CI,
  },
});
