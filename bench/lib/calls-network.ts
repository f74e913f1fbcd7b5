// The calls part of `npm run bench` under the named network profiles (BENCH_ONLY=network, and the
// `network` part of BENCH_ONLY=calls): for each profile of e2e/fixtures/profiles.ts, in the same
// run, the bare WebRTC baseline (e2e/fixtures/bare-call.ts, no Hearth code) and a Hearth call (the
// real server; the owner in the staff app, the client in the portal). Both are relay-only through
// coturn behind the delaying relay the profiles shape (the practice's "relay only" setting for
// Hearth). Measured from getStats with e2e/fixtures/call-quality.ts, the same readers as
// e2e/calls/rural.e2e.ts; each figure is the worse of the two pages:
//   first audio / first frame: from the start (bare: both pages start; Hearth: the client clicks
//     "Join call" with the owner already in the room) to the first audio packet / decoded frame;
//   audio seconds: share of the 20 s window's seconds with audio flowing;
//   frozen: seconds of frozen video (totalFreezesDuration) in the window;
//   concealment: concealedSamples / totalSamplesReceived in the window;
//   recovery (flapping): from the end of each of two 3 s drops to media back on both pages.
// Runs inside the loopback-only namespace (calls-baseline.ts re-executes there).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openBareCall, serveBarePage } from '../../e2e/fixtures/bare-call.js';
import { measureFor, recoveriesAfterDrops, waitForFirstMedia, type QualitySummary } from '../../e2e/fixtures/call-quality.js';
import { startCoturn } from '../../e2e/fixtures/coturn.js';
import { startDelayRelay, type DelayRelay } from '../../e2e/fixtures/delay-relay.js';
import { startMailbox, type Mailbox } from '../../e2e/fixtures/mailbox.js';
import { applyProfile, clearProfile, PROFILE_NAMES, PROFILES, type NetworkProfile } from '../../e2e/fixtures/profiles.js';
import { startHearth, type HearthServer } from '../../e2e/fixtures/server.js';
import { launchMediaBrowser } from '../../e2e/fixtures/webrtc.js';
import { turnCredentials } from '../../src/server/modules/calls/index.js';
import { api, callNow, setUpAccounts, type Accounts } from './calls-hearth.js';

const WINDOW_MS = 20_000;

export interface NetworkFigures {
  firstAudioMs: number;
  firstFrameMs: number | null;
  audioShare: number | null;
  frozenSeconds: number | null;
  concealment: number | null;
  recoveriesMs: number[];
}

export interface NetworkRow {
  profile: NetworkProfile;
  bare: NetworkFigures | string;
  hearth: NetworkFigures | string;
}

/** The worse page's figures. */
function worse(first: { firstAudioMs: number; firstFrameMs: number | null }[], s: QualitySummary[] | null, recoveriesMs: number[]): NetworkFigures {
  return {
    firstAudioMs: Math.max(...first.map((f) => f.firstAudioMs)),
    firstFrameMs: first.some((f) => f.firstFrameMs === null) ? null : Math.max(...first.map((f) => f.firstFrameMs!)),
    audioShare: s ? Math.min(...s.map((q) => q.audioShare)) : null,
    frozenSeconds: s ? Math.max(...s.map((q) => q.frozenSeconds)) : null,
    concealment: s ? Math.max(...s.map((q) => q.concealment)) : null,
    recoveriesMs,
  };
}

async function measure(profile: NetworkProfile, pages: [Page, Page], applied: Awaited<ReturnType<typeof applyProfile>>, first: { firstAudioMs: number; firstFrameMs: number | null }[]): Promise<NetworkFigures> {
  if (profile.flap) return worse(first, null, await recoveriesAfterDrops(pages, applied, 2));
  return worse(first, await measureFor(pages, WINDOW_MS), []);
}

async function bareUnder(profile: NetworkProfile, browsers: [Browser, Browser], url: string, relay: DelayRelay, secret: string): Promise<NetworkFigures> {
  const applied = await applyProfile(relay, profile, { firstDropAfterMs: 4_000 });
  const call = await openBareCall(browsers, url);
  try {
    const c = turnCredentials(secret, 600, 'bench');
    const t0 = Date.now();
    const pages: [Page, Page] = [call.a.page, call.b.page];
    const [, ...first] = await Promise.all([call.join({ iceServers: [{ urls: relay.url, username: c.username, credential: c.credential }], iceTransportPolicy: 'relay' }, { timeoutMs: 40_000 }), ...pages.map((p) => waitForFirstMedia(p, t0, { timeoutMs: 40_000 }))]);
    return await measure(profile, pages, applied, first);
  } finally {
    await applied.clear();
    await call.close();
  }
}

async function hearthUnder(profile: NetworkProfile, base: string, accounts: Accounts, ctxs: [BrowserContext, BrowserContext], relay: DelayRelay): Promise<NetworkFigures> {
  const applied = await applyProfile(relay, profile, { firstDropAfterMs: 4_000 });
  const pages = (await Promise.all(ctxs.map((c) => c.newPage()))) as [Page, Page];
  try {
    const callId = await callNow(base, accounts.owner, accounts.client.clientId);
    await pages[0].goto(`/calls/${callId}`);
    await pages[0].getByTestId('join-call').click();
    await pages[1].goto(`/portal/calls/${callId}`);
    const t0 = Date.now();
    await pages[1].getByTestId('join-call').click();
    const first = await Promise.all(pages.map((p) => waitForFirstMedia(p, t0, { timeoutMs: 40_000 })));
    const figures = await measure(profile, pages, applied, first);
    await api(base, 'POST', `/api/calls/${callId}/end`, {}, accounts.owner);
    return figures;
  } finally {
    await applied.clear();
    await Promise.all(pages.map((p) => p.close()));
  }
}

/** Runs inside the loopback-only namespace (the caller checked). Cleans up whatever happens. */
export async function benchNetworkProfiles(): Promise<NetworkRow[]> {
  const rows: NetworkRow[] = [];
  const browsers: Browser[] = [];
  const coturn = await startCoturn();
  const relay = await startDelayRelay(coturn.port);
  const site = await serveBarePage();
  let mailbox: Mailbox | undefined;
  let server: HearthServer | undefined;
  try {
    mailbox = await startMailbox();
    server = await startHearth({
      smtpPort: mailbox.port,
      idleSeconds: 1800,
      env: { CALL_PRESENCE_TTL_MS: '15000', RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn', CALL_TURN_URLS: relay.url, CALL_TURN_SECRET: coturn.secret },
    });
    const base = server.url;
    const accounts = await setUpAccounts(base, mailbox);
    const relayOnly = await api(base, 'PUT', '/api/practice/call-settings', { ringLeadMinutes: 0, escalateAfterSeconds: 120, forceRelay: true }, accounts.owner);
    if (relayOnly.status !== 200) throw new Error(`relay-only setting: ${relayOnly.status} ${JSON.stringify(relayOnly.json)}`);
    browsers.push(await launchMediaBrowser(), await launchMediaBrowser());
    const ctxs: BrowserContext[] = [];
    for (const [i, who] of [accounts.owner, accounts.client].entries()) {
      const ctx = await browsers[i]!.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
      ctx.setDefaultTimeout(20_000);
      const [name, value] = who.cookie.split(/=(.*)/s) as [string, string];
      await ctx.addCookies([{ name, value, url: base }]);
      ctxs.push(ctx);
    }
    const attempt = async (what: string, fn: () => Promise<NetworkFigures>) => {
      try {
        return await fn();
      } catch (err) {
        await clearProfile(relay).catch(() => undefined);
        const why = err instanceof Error ? err.message.split('\n')[0]! : String(err);
        console.error(`network bench: ${what} FAILED: ${why}`);
        return why;
      }
    };
    for (const name of PROFILE_NAMES) {
      const profile = PROFILES[name];
      const bare = await attempt(`${profile.label}, bare`, () => bareUnder(profile, browsers as [Browser, Browser], site.url, relay, coturn.secret));
      const hearth = await attempt(`${profile.label}, Hearth`, () => hearthUnder(profile, base, accounts, ctxs as [BrowserContext, BrowserContext], relay));
      rows.push({ profile, bare, hearth });
      console.log(`network bench: ${profile.label} measured`);
    }
    return rows;
  } finally {
    for (const b of browsers) await b.close().catch(() => undefined);
    await server?.dispose().catch(() => undefined);
    await mailbox?.close().catch(() => undefined);
    await clearProfile(relay).catch(() => undefined);
    await relay.close();
    await coturn.stop();
    await site.close();
  }
}

/** The table (one row per profile and side); returns the failures. */
export function printNetworkTable(rows: NetworkRow[], print: (rows: string[][]) => void): string[] {
  const failures: string[] = [];
  const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);
  const out: string[][] = [['profile', 'call', 'first audio', 'first frame', 'audio seconds', 'frozen video', 'concealment', 'recovery after drops']];
  for (const r of rows) {
    for (const [side, f] of [
      ['bare WebRTC', r.bare],
      ['Hearth', r.hearth],
    ] as const) {
      if (typeof f === 'string') {
        failures.push(`${r.profile.label}, ${side}: ${f}`);
        out.push([r.profile.label, side, 'FAILED', '', '', '', '', '']);
        continue;
      }
      out.push([
        r.profile.label,
        side,
        `${f.firstAudioMs} ms`,
        f.firstFrameMs === null ? 'none' : `${f.firstFrameMs} ms`,
        pct(f.audioShare),
        f.frozenSeconds === null ? '-' : `${f.frozenSeconds.toFixed(1)} s`,
        pct(f.concealment),
        f.recoveriesMs.length ? f.recoveriesMs.map((ms) => `${ms} ms`).join(', ') : '-',
      ]);
    }
  }
  print(out);
  return failures;
}
