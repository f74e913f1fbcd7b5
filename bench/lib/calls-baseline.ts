// The calls part of `npm run bench` (BENCH_ONLY=calls), three measurements printed side by side:
//  1. the bare WebRTC baseline (this file): two Chromium processes with fake camera and microphone
//     on the bare call page (e2e/fixtures/bare-call.ts, no Hearth code), direct over host candidates.
//       join:     both pages start (getUserMedia, RTCPeerConnection, perfect negotiation) → the first
//                 remote video frame decoded on both sides (each page timestamps its own from getStats
//                 every 20 ms); median of BENCH_CALL_RUNS (5) calls, each on fresh pages.
//       recovery: UDP dropped for 5 s by nftables (the page restarts ICE after 1 s disconnected), then
//                 restored → a new frame decoded on both sides; median over the same calls.
//  2. the same two figures for a real Hearth call (lib/calls-hearth.ts);
//  3. 5,000 concurrent signaling sockets on one instance: server memory and chat fan-out latency
//     (lib/calls-sockets.ts).
//  4. each named network profile, the bare baseline beside a Hearth call (lib/calls-network.ts;
//     BENCH_ONLY=network runs it alone).
// BENCH_CALLS_PARTS (bare,hearth,sockets,network by default) picks some of them. Each part runs whatever
// happened to the one before, cleans up after itself, and any failure makes the exit code 1.
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
import { benchHearthCall } from './calls-hearth.js';
import { benchNetworkProfiles, printNetworkTable } from './calls-network.js';
import { benchSignalingSockets } from './calls-sockets.js';

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
  // Each part runs whatever happened to the one before; any failure makes the exit code 1.
  const failures: string[] = [];
  const attempt = async <T>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    const t = performance.now();
    try {
      const r = await fn();
      console.log(`calls bench: ${what} measured in ${((performance.now() - t) / 1000).toFixed(0)} s`);
      return r;
    } catch (err) {
      failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      console.error(`calls bench: ${what} FAILED: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  };
  const startedAt = performance.now();
  const parts = (process.env.BENCH_CALLS_PARTS ?? 'bare,hearth,sockets,network').split(',');
  const bare = parts.includes('bare') ? await attempt('bare WebRTC baseline', () => benchBareWebRtc()) : null;
  const hearth = parts.includes('hearth') ? await attempt('Hearth call', () => benchHearthCall(RUNS, CUT_MS)) : null;
  const sockets = parts.includes('sockets') ? await attempt('signaling sockets', () => benchSignalingSockets()) : null;
  const network = parts.includes('network') ? await attempt('network profiles', () => benchNetworkProfiles()) : null;

  const runs = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
  const cell = (part: string, xs: number[] | undefined) => (!parts.includes(part) ? 'not run' : xs && xs.length ? `${median(xs).toFixed(0)} ms (runs ${runs(xs)})` : 'FAILED');
  console.log('');
  console.log(`Hearth bench: calls, 2 Chromium processes with fake media, loopback-only namespace, Node ${process.version}; median of ${RUNS} calls each`);
  const rows = [
    ['', 'bare WebRTC (no Hearth code)', 'Hearth (server, call page, signaling)'],
    ['join → first remote frame decoded on both', cell('bare', bare?.joinMs), cell('hearth', hearth?.joinMs)],
    [`recovery after a ${CUT_MS / 1000} s UDP cut (restore → new frames on both)`, cell('bare', bare?.recoveryMs), cell('hearth', hearth?.recoveryMs)],
    ['worst connection state during the cut', bare ? [...new Set(bare.worstStates)].join('/') : '-', hearth ? [...new Set(hearth.worstStates)].join('/') : '-'],
  ];
  printTable(rows);
  console.log('join: bare = both pages start at once; Hearth = the owner is in the room, then the client clicks "Join call" (measured from that click).');
  if (hearth?.stuck.length) {
    failures.push(`Hearth call: ${hearth.stuck.length} join(s) showed no remote frame within 15 s (retried on a new call; not in the figures)`);
    for (const s of hearth.stuck) console.log(`Hearth join stuck: ${s}`);
  }
  if (bare) console.log(`bare ICE restarts per cut: ${bare.iceRestarts.join(', ')} (the bare page restarts after 1 s disconnected; Hearth's after 2 s)`);
  if (sockets) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    console.log('');
    console.log(
      `Signaling sockets on one instance (src/server/main.ts, SQLite, rooms in-process; ws clients in another process): ${sockets.rooms} Call Now rooms × 2 joined peers (call.heartbeat every 5 s),` +
        ` then ${sockets.total - 2 * sockets.rooms} idle sockets (ping every 5 s). Fan-out: call.chat owner → client of the same room, ${sockets.baseline.samples} messages at ${sockets.rate}/s over the rooms. Memory after a full GC.`,
    );
    printTable([
      ['sockets open', 'server RSS', 'heap used', 'chat p50', 'chat p99', 'chat max'],
      ['0', mb(sockets.memNone.rss), mb(sockets.memNone.heapUsed), '-', '-', '-'],
      [String(sockets.baseline.sockets), mb(sockets.memRooms.rss), mb(sockets.memRooms.heapUsed), ms(sockets.baseline.p50), ms(sockets.baseline.p99), ms(sockets.baseline.max)],
      [String(sockets.loaded.sockets), mb(sockets.memAll.rss), mb(sockets.memAll.heapUsed), ms(sockets.loaded.p50), ms(sockets.loaded.p99), ms(sockets.loaded.max)],
      [`${sockets.loaded.sockets} (after the chat run)`, mb(sockets.memAfter.rss), mb(sockets.memAfter.heapUsed), '', '', ''],
    ]);
    const per = (a: number, b: number) => `${((b - a) / 1024 / (sockets.total - sockets.baseline.sockets)).toFixed(1)} kB`;
    console.log(
      `per idle socket: +${per(sockets.memRooms.rss, sockets.memAll.rss)} RSS, +${per(sockets.memRooms.heapUsed, sockets.memAll.heapUsed)} heap;` +
        ` ${sockets.baseline.sockets} room sockets opened and joined in ${(sockets.openRoomsMs / 1000).toFixed(1)} s, ${sockets.total - sockets.baseline.sockets} idle sockets opened in ${(sockets.openIdleMs / 1000).toFixed(1)} s; none closed`,
    );
  } else console.log(`\nSignaling sockets: ${parts.includes('sockets') ? 'FAILED' : 'not run'}`);
  if (network) {
    console.log('');
    console.log('Under the network profiles (e2e/fixtures/profiles.ts; relay-only through coturn behind the delaying relay; the worse of the two pages; 20 s window; flapping: two 3 s drops):');
    failures.push(...printNetworkTable(network, printTable));
  } else if (parts.includes('network')) console.log('\nNetwork profiles: FAILED');
  console.log(`calls part: ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
  if (failures.length) {
    console.log(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    return 1;
  }
  return 0;
}

function printTable(rows: string[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}
