// The calls part of `npm run bench` (BENCH_ONLY=calls), Hearth's own call beside the bare baseline
// (lib/calls-baseline.ts): the real server (e2e/fixtures/server.ts: `src/server/main.ts` as a child
// process, SQLite, the SPA built if needed), a practice owner and a portal client set up through the
// API, each signed in in a context of its own Chromium process with fake media. Per run (5):
//   join:     POST /api/calls (Call Now); the owner opens /calls/:id and joins (in the room, alone),
//             the client opens /portal/calls/:id; from the client's click on "Join call" → the first
//             remote video frame decoded on both sides (each page timestamps its own from getStats
//             every 20 ms, as the bare page does).
//   recovery: UDP dropped for 5 s by nftables (the app restarts ICE after 2 s disconnected), then
//             restored → a new frame decoded on both sides.
// The helpers that sign a practice and a portal client up are shared with lib/calls-sockets.ts.
import { randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CURRENT_BAA_VERSION } from '../../src/server/modules/practices/index.js';
import { startMailbox, type Mailbox } from '../../e2e/fixtures/mailbox.js';
import { cutUdp, restoreUdp } from '../../e2e/fixtures/network.js';
import { startHearth, type HearthServer } from '../../e2e/fixtures/server.js';
import { inboundMedia, launchMediaBrowser, waitForFramesFlowing } from '../../e2e/fixtures/webrtc.js';

export interface Session {
  /** `name=value` of the session cookie. */
  cookie: string;
  csrf: string;
}
export interface Accounts {
  owner: Session & { userId: string };
  client: Session & { clientId: string };
}

export async function api(base: string, method: string, url: string, body?: unknown, as?: Session): Promise<{ status: number; json: unknown; cookies: string[] }> {
  const res = await fetch(base + url, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(as ? { cookie: as.cookie, 'x-csrf-token': as.csrf } : {}),
      origin: base,
      'user-agent': 'hearth-bench',
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, cookies: res.headers.getSetCookie() };
}

function expect(what: string, got: { status: number; json: unknown }, want: number) {
  if (got.status !== want) throw new Error(`${what}: expected ${want}, got ${got.status} ${JSON.stringify(got.json)}`);
}

function cookieOf(cookies: string[], name: string): string {
  for (const c of cookies) {
    const m = /^([^=;]+)=([^;]*)/.exec(c);
    if (m && (m[1] === name || m[1] === `__Host-${name}`) && m[2]) return `${m[1]}=${m[2]}`;
  }
  throw new Error(`no ${name} cookie was set (got ${cookies.map((c) => c.split('=')[0]).join(', ') || 'none'})`);
}

/**
 * Through the API only: a practice signs up, its owner enrols TOTP, a client with e-mail consent is
 * invited to the portal and accepts from the mailed link; then the client's link consent is taken
 * back, so a Call Now mails no join link (nothing to send while measuring).
 */
export async function setUpAccounts(base: string, mailbox: Mailbox): Promise<Accounts> {
  const tag = randomUUID().slice(0, 8);
  const signup = await api(base, 'POST', '/api/practices', {
    practiceName: 'Juniper Ridge Counseling',
    ownerName: 'Dana Provider',
    email: `dana.${tag}@juniper.bench.test`,
    password: 'patient herons wade at first light 7',
    baa: { accepted: true, version: CURRENT_BAA_VERSION, signerName: 'Dana Provider', signerTitle: 'Owner' },
  });
  expect('sign-up', signup, 202);
  const { match: signupLink } = await mailbox.waitFor(`dana.${tag}@juniper.bench.test`, /\/signup\/verify#token=([\w-]+)/);
  const verified = await api(base, 'POST', '/api/practices/verify', { token: signupLink[1] });
  expect('sign-up link', verified, 201);
  const owner = { cookie: cookieOf(verified.cookies, 'hearth_sid'), csrf: (verified.json as { csrfToken: string }).csrfToken, userId: '' };
  const start = await api(base, 'POST', '/api/auth/mfa/totp', {}, owner);
  expect('start TOTP enrolment', start, 200);
  const code = await generate({ secret: (start.json as { secret: string }).secret });
  expect('confirm TOTP enrolment', await api(base, 'POST', '/api/auth/mfa/totp/verify', { code }, owner), 200);
  const me = await api(base, 'GET', '/api/me', undefined, owner);
  expect('me', me, 200);
  owner.userId = (me.json as { user: { id: string } }).user.id;
  owner.csrf = (me.json as { csrfToken?: string }).csrfToken ?? owner.csrf;

  const email = `tobias.${tag}@example.org`;
  const created = await api(base, 'POST', '/api/clients', { firstName: 'Tobias', lastName: 'Wren', dateOfBirth: '1990-02-03', email, providerIds: [owner.userId], consents: { email: true, sms: false, details: false } }, owner);
  expect('create client', created, 201);
  const clientId = String((created.json as { id: string }).id);
  expect('portal invitation', await api(base, 'POST', `/api/clients/${clientId}/portal-invitation`, {}, owner), 201);
  const { match } = await mailbox.waitFor(email, /\/portal\/accept#token=([A-Za-z0-9_\-.~%]+)/);
  const accepted = await api(base, 'POST', '/api/portal/invitations/accept', { token: decodeURIComponent(match[1]!), password: 'quiet harbor lantern evening 52' });
  expect('accept portal invitation', accepted, 201);
  if ((accepted.json as { mfaRequired: boolean }).mfaRequired) throw new Error('the portal sign-in asked for a second factor');
  const client = { cookie: cookieOf(accepted.cookies, 'hearth_portal_sid'), csrf: (accepted.json as { csrfToken: string }).csrfToken, clientId };
  expect('take back link consent', await api(base, 'PATCH', `/api/clients/${clientId}`, { consents: { email: false, sms: false, details: false } }, owner), 200);
  return { owner, client };
}

export async function callNow(base: string, owner: Session, clientId: string): Promise<string> {
  const r = await api(base, 'POST', '/api/calls', { clientId }, owner);
  expect('Call Now', r, 201);
  return String((r.json as { id: string }).id);
}

export interface HearthCallBench {
  joinMs: number[];
  recoveryMs: number[];
  worstStates: string[];
  /** Joins that showed no frame on both sides within JOIN_TIMEOUT_MS (each retried on a new call): a failure of the run. */
  stuck: string[];
}

// Plain browser JavaScript (a string, so no compiler helper ends up in the page): the first remote
// video frame decoded, from getStats every 20 ms over the peer connections the page exposes.
const WATCH_FIRST_FRAME = `(() => {
  window.__benchFirstFrame = null;
  const t = setInterval(async () => {
    const pcs = window.hearthCall ? window.hearthCall.peerConnections() : [];
    for (const pc of pcs) {
      const stats = await pc.getStats();
      stats.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0 && window.__benchFirstFrame === null) window.__benchFirstFrame = Date.now();
      });
    }
    if (window.__benchFirstFrame !== null) clearInterval(t);
  }, 20);
})()`;
const firstFrameAt = (page: Page) => page.evaluate('window.__benchFirstFrame') as Promise<number | null>;

const engineState = (page: Page) =>
  page.evaluate('JSON.stringify((({ phase, signaling, error, peers }) => ({ phase, signaling, error, peers: peers.map((p) => ({ connection: p.connection, reported: p.reported })), log: window.hearthCall.log }))(window.hearthCall.engine.state))').catch((e: unknown) => String(e));

/** A join that has not shown a frame on both sides by then is recorded as stuck (and the run retried). */
const JOIN_TIMEOUT_MS = 15_000;
const MAX_STUCK = 3;

const rank = (s: string) => ['new', 'connecting', 'connected', 'disconnected', 'failed', 'closed'].indexOf(s);

/** One Hearth call: join (ms from the second click to first frames on both), then the 5 s UDP cut. */
async function oneCall(base: string, accounts: Accounts, ctxs: [BrowserContext, BrowserContext], cutMs: number): Promise<{ joinMs: number; recoveryMs: number; worstState: string } | { stuck: string }> {
  const callId = await callNow(base, accounts.owner, accounts.client.clientId);
  const [a, b] = await Promise.all([ctxs[0].newPage(), ctxs[1].newPage()]);
  try {
    const join = b.getByTestId('join-call');
    try {
      await Promise.all([a.goto(`/calls/${callId}`), b.goto(`/portal/calls/${callId}`)]);
      await a.getByTestId('join-call').click();
      await a.getByTestId('call-grid').waitFor();
      await a.getByTestId('call-connecting').waitFor({ state: 'detached' });
      // The client's page is loaded, its camera preview granted, the button enabled.
      await join.waitFor();
      await b.waitForFunction(() => !(document.querySelector('[data-testid=join-call]') as HTMLButtonElement | null)?.disabled);
    } catch (err) {
      const seen = async (p: Page) => `${p.url()}: ${(await p.innerText('body').catch(() => '')).replace(/\s+/g, ' ').slice(0, 300)}`;
      throw new Error(`Hearth call: the call pages were not ready to join: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}; owner's page ${await seen(a)}; client's page ${await seen(b)}`);
    }
    await Promise.all([a.evaluate(WATCH_FIRST_FRAME), b.evaluate(WATCH_FIRST_FRAME)]);
    const t0 = Date.now();
    await join.click();
    const deadline = t0 + JOIN_TIMEOUT_MS;
    let joinMs = 0;
    for (;;) {
      const [fa, fb] = await Promise.all([firstFrameAt(a), firstFrameAt(b)]);
      if (fa !== null && fb !== null) {
        joinMs = Math.max(fa, fb) - t0;
        break;
      }
      if (Date.now() > deadline) return { stuck: `no first remote frame on both pages within ${JOIN_TIMEOUT_MS / 1000} s (owner ${fa === null ? 'none' : 'yes'}, client ${fb === null ? 'none' : 'yes'}); owner's call: ${await engineState(a)}; client's call: ${await engineState(b)}` };
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all([waitForFramesFlowing(a, { minNewFrames: 10 }), waitForFramesFlowing(b, { minNewFrames: 10 })]);

    // ---- 5 s UDP cut ----
    let worstState = 'connected';
    let restored = false;
    await cutUdp();
    const cutAt = Date.now();
    try {
      while (Date.now() - cutAt < cutMs) {
        const [ma, mb] = await Promise.all([inboundMedia(a), inboundMedia(b)]);
        for (const s of [...ma.connectionStates, ...mb.connectionStates]) if (rank(s) > rank(worstState)) worstState = s;
        await new Promise((r) => setTimeout(r, 50));
      }
      const [fa, fb] = (await Promise.all([inboundMedia(a), inboundMedia(b)])).map((m) => m.video.framesDecoded) as [number, number];
      await restoreUdp();
      restored = true;
      const restoredAt = Date.now();
      for (;;) {
        const [ma, mb] = await Promise.all([inboundMedia(a), inboundMedia(b)]);
        if (ma.video.framesDecoded > fa && mb.video.framesDecoded > fb) return { joinMs, recoveryMs: Date.now() - restoredAt, worstState };
        if (Date.now() > restoredAt + 60_000) throw new Error(`Hearth call: frames did not resume within 60 s of restoring UDP (owner ${ma.connectionStates.join()}, client ${mb.connectionStates.join()})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      if (!restored) await restoreUdp();
    }
  } finally {
    await api(base, 'POST', `/api/calls/${callId}/end`, {}, accounts.owner).catch(() => undefined);
    await Promise.all([a.close(), b.close()]).catch(() => undefined);
  }
}

/** Runs inside the loopback-only namespace (the caller checked). Cleans up the server, mailbox and browsers whatever happens. */
export async function benchHearthCall(runs: number, cutMs: number): Promise<HearthCallBench> {
  const out: HearthCallBench = { joinMs: [], recoveryMs: [], worstStates: [], stuck: [] };
  let mailbox: Mailbox | undefined;
  let server: HearthServer | undefined;
  const browsers: Browser[] = [];
  try {
    mailbox = await startMailbox();
    server = await startHearth({
      smtpPort: mailbox.port,
      idleSeconds: 1800,
      env: { CALL_PRESENCE_TTL_MS: '15000', RATE_LIMIT_PER_MINUTE: '100000', LOG_LEVEL: 'warn' },
    });
    const base = server.url;
    const accounts = await setUpAccounts(base, mailbox);
    browsers.push(await launchMediaBrowser(), await launchMediaBrowser());
    const ctxs: BrowserContext[] = [];
    for (const [i, who] of [accounts.owner, accounts.client].entries()) {
      const ctx = await browsers[i]!.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
      ctx.setDefaultTimeout(15_000);
      const [name, value] = who.cookie.split(/=(.*)/s) as [string, string];
      await ctx.addCookies([{ name, value, url: base }]);
      ctxs.push(ctx);
    }
    while (out.joinMs.length < runs) {
      const r = await oneCall(base, accounts, ctxs as [BrowserContext, BrowserContext], cutMs);
      if ('stuck' in r) {
        out.stuck.push(`call ${out.joinMs.length + out.stuck.length + 1} of this run: ${r.stuck}`);
        console.error(`calls bench: a Hearth join was stuck: ${out.stuck.at(-1)}`);
        if (out.stuck.length >= MAX_STUCK) throw new Error(`Hearth call: ${out.stuck.length} joins stuck (${out.joinMs.length} of ${runs} measured); last: ${r.stuck}`);
        continue;
      }
      out.joinMs.push(r.joinMs);
      out.recoveryMs.push(r.recoveryMs);
      out.worstStates.push(r.worstState);
    }
    return out;
  } catch (err) {
    if (server) console.error(`Hearth server output (tail):\n${server.output().slice(-2000)}`);
    throw err;
  } finally {
    for (const b of browsers) await b.close().catch(() => undefined);
    await server?.dispose().catch(() => undefined);
    await mailbox?.close().catch(() => undefined);
  }
}
