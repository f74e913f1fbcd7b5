import { defineConfig } from 'vitest/config';

// Call scenarios: real WebRTC between Chromiums with fake media. Run only through
// scripts/test-calls.sh, which puts them in a loopback-only network namespace (they cut UDP with
// nftables there, and coturn relays on 127.0.0.1). One file at a time: media is CPU-heavy.
export default defineConfig({
  test: {
    include: ['e2e/calls/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    allowOnly: !process.env.CI,
  },
});
