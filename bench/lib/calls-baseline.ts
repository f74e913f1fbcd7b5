// The calls part of `npm run bench` (BENCH_ONLY=calls): the bare WebRTC baseline the app's call
// page will be compared against — two Chromium processes with fake camera and microphone on the
// bare call page (e2e/fixtures/bare-call.ts, no Hearth code), direct over host candidates.
//   join:     both pages start (getUserMedia, RTCPeerConnection, perfect negotiation) → the first
//             remote video frame decoded on both sides (each page timestamps its own from getStats
//             every 20 ms); median of BENCH_CALL_RUNS (5) calls, each on fresh pages.
//   recovery: UDP dropped for 5 s by nftables (the page restarts ICE after 1 s disconnected), then
//             restored → a new frame decoded on both sides; median over the same calls.
//
// It must run in a loopback-only network namespace (the UDP cut uses nftables, and media must not
// leave loopback). bench/run.ts calls runCallsBench(): outside such a namespace it re-executes the
// same command (node, its tsx loader flags, bench/run.ts) under `unshare -n sh -c 'ip link set lo up
// && exec …'` with BENCH_CALLS_NETNS=1 and returns its exit code; inside, it measures. Needs root.
import { spawnSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { openBareCall, recoverFromUdpCut, serveBarePage } from '../../e2e/fixtures/bare-call.js';
import { callPrerequisites } from '../../e2e/fixtures/call-prerequisites.js';
import { notLoopbackOnly } from '../../e2e/fixtures/network.js';
import { launchMediaBrowser, waitForFramesFlowing } from '../../e2e/fixtures/webrtc.js';

const RUNS = Number(process.env.BENCH_CALL_RUNS ?? 5);
const CUT_MS = 5_000;

export interface BareWebRtcBench {
  joinMs: number[];
  recoveryMs: number[];
  medianJoinMs: number;
  medianRecoveryMs: number;
  worstStates: string[];
  iceRestarts: number[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function benchBareWebRtc(runs = RUNS): Promise<BareWebRtcBench> {
  const missing = callPrerequisites();
  if (missing) throw new Error(`calls bench cannot run: ${missing}`);
  const site = await serveBarePage();
  const browsers: Browser[] = [];
  const out: BareWebRtcBench = { joinMs: [], recoveryMs: [], medianJoinMs: 0, medianRecoveryMs: 0, worstStates: [], iceRestarts: [] };
  try {
    browsers.push(await launchMediaBrowser(), await launchMediaBrowser());
    for (let i = 0; i < runs; i++) {
      const call = await openBareCall(browsers as [Browser, Browser], site.url);
      try {
        out.joinMs.push(await call.join({ iceServers: [], iceTransportPolicy: 'all' }, { disconnectGraceMs: 1_000 }));
        await waitForFramesFlowing(call.a.page, { minNewFrames: 10 });
        await waitForFramesFlowing(call.b.page, { minNewFrames: 10 });
        const r = await recoverFromUdpCut(call, { holdMs: CUT_MS, timeoutMs: 60_000 });
        out.recoveryMs.push(r.recoveryMs);
        out.worstStates.push(r.worstState);
        out.iceRestarts.push(r.iceRestarts);
      } finally {
        await call.close();
      }
    }
  } finally {
    for (const b of browsers) await b.close();
    await site.close();
  }
  out.medianJoinMs = median(out.joinMs);
  out.medianRecoveryMs = median(out.recoveryMs);
  return out;
}

/** BENCH_ONLY=calls: re-executes itself in a loopback-only namespace when needed, then measures and prints. Returns the exit code. */
export async function runCallsBench(): Promise<number> {
  if (notLoopbackOnly() !== null) {
    if (process.env.BENCH_CALLS_NETNS === '1') throw new Error(`calls bench: still not loopback-only inside the namespace: ${notLoopbackOnly()}`);
    if (process.getuid?.() !== 0) throw new Error('calls bench: needs root to create a network namespace (unshare -n)');
    console.log('calls bench: re-running inside a loopback-only network namespace (unshare -n)');
    const r = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_CALLS_NETNS: '1' },
    });
    if (r.error) throw r.error;
    return r.status ?? 1;
  }
  const r = await benchBareWebRtc();
  const runs = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
  console.log('');
  console.log(`Hearth bench: calls baseline, bare WebRTC (no Hearth code), 2 Chromium processes with fake media, loopback-only namespace, Node ${process.version}`);
  console.log(`both pages start → first remote frame decoded on both: median ${r.medianJoinMs.toFixed(0)} ms (runs ${runs(r.joinMs)} ms)`);
  console.log(
    `recovery after a ${CUT_MS / 1000} s UDP cut (restore → new frames on both): median ${r.medianRecoveryMs.toFixed(0)} ms (runs ${runs(r.recoveryMs)} ms);` +
      ` states reached ${[...new Set(r.worstStates)].join('/')}, ICE restarts per cut ${r.iceRestarts.join(', ')}`,
  );
  return 0;
}
