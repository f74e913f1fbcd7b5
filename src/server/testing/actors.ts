// Scenario helpers: named actors that hold a session cookie and CSRF token like the SPA does.
import type { LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { CURRENT_BAA_VERSION } from '../modules/practices/index.js';
import type { Harness } from './harness.js';
import { linkToken } from './smtp.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export class Actor {
  cookie: string | undefined;
  csrf: string | undefined;
  ip = '127.0.0.1';

  constructor(
    readonly h: Harness,
    readonly label = 'actor',
  ) {}

  async request(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.h.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        'user-agent': `hearth-test/${this.label}`,
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) } : {}),
    });
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : []) {
      // Staff (hearth_sid) or client-portal (hearth_portal_sid) session: an actor is one or the other.
      const m = /^((?:__Host-)?hearth_(?:portal_)?sid)=([^;]*)/.exec(c);
      if (m) this.cookie = m[2] ? `${m[1]}=${m[2]}` : undefined;
    }
    if (res.statusCode < 300 && String(res.headers['content-type'] ?? '').includes('json')) {
      const json = res.json() as { csrfToken?: string };
      if (json && typeof json.csrfToken === 'string') this.csrf = json.csrfToken;
    }
    return res;
  }

  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body: unknown = {}, headers?: Record<string, string>) => this.request('POST', url, body, headers);
  patch = (url: string, body: unknown, headers?: Record<string, string>) => this.request('PATCH', url, body, headers);
  del = (url: string, body?: unknown, headers?: Record<string, string>) => this.request('DELETE', url, body ?? {}, headers);
}

let counter = 0;
export const uniq = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export interface PracticeFixture {
  owner: Actor;
  practiceId: string;
  userId: string;
  email: string;
  password: string;
  practiceName: string;
}

/** Signs a practice up through the public API, as its owner would. */
export async function createPractice(
  h: Harness,
  opts: { practiceName?: string; ownerName?: string; email?: string; password?: string; enrolTotp?: boolean } = {},
): Promise<PracticeFixture & { totpSecret?: string }> {
  const owner = new Actor(h, 'owner');
  const email = opts.email ?? `${uniq('owner')}@example.test`;
  const password = opts.password ?? 'a sunny meadow at dawn 42';
  const practiceName = opts.practiceName ?? `Practice ${uniq('p')}`;
  const res = await owner.post('/api/practices', {
    practiceName,
    ownerName: opts.ownerName ?? 'Olive Owner',
    email,
    password,
    baa: { accepted: true, version: CURRENT_BAA_VERSION, signerName: 'Olive Owner', signerTitle: 'Director' },
  });
  if (res.statusCode !== 202) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  await finishSignup(h, owner, email);
  const me = (await owner.get('/api/me')).json() as { user: { id: string }; practice: { id: string } };
  let totpSecret: string | undefined;
  if (opts.enrolTotp !== false) totpSecret = await enrolTotp(owner);
  return { owner, practiceId: me.practice.id, userId: me.user.id, email, password, practiceName, ...(totpSecret ? { totpSecret } : {}) };
}

/** Opens the mailed sign-up link as the actor: the practice is created and the actor signed in as its owner. */
export async function finishSignup(h: Harness, actor: Actor, email: string): Promise<LightMyRequestResponse> {
  const done = await actor.post('/api/practices/verify', { token: await signupToken(h, email) });
  if (done.statusCode !== 201) throw new Error(`signup verification failed: ${done.statusCode} ${done.body}`);
  return done;
}

/** The token of the sign-up link mailed to this address (from the SMTP receiver, or the harness's mailbox). */
export async function signupToken(h: Harness, email: string): Promise<string> {
  const to = email.trim().toLowerCase();
  const isLink = (m: { subject: string }) => /finish signing/i.test(m.subject);
  if (h.smtp) return linkToken(await h.smtp.waitFor((m) => m.to.includes(to) && isLink(m)), '/signup/verify');
  const mail = [...h.mailbox].reverse().find((m) => m.to.trim().toLowerCase() === to && isLink(m));
  if (!mail) throw new Error(`no sign-up link mailed to ${email}`);
  const m = /\/signup\/verify#token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!m?.[1]) throw new Error('no /signup/verify link in mail');
  return m[1];
}

/** Enrols an authenticator app for the actor and returns its secret. */
export async function enrolTotp(actor: Actor): Promise<string> {
  const start = await actor.post('/api/auth/mfa/totp');
  if (start.statusCode !== 200) throw new Error(`totp start failed: ${start.body}`);
  const { secret } = start.json() as { secret: string };
  const code = await totpCode(secret, actor.h);
  const verify = await actor.post('/api/auth/mfa/totp/verify', { code });
  if (verify.statusCode !== 200) throw new Error(`totp verify failed: ${verify.body}`);
  return secret;
}

/** A TOTP code for the harness clock's current time (plus `stepOffset` 30-second steps). */
export function totpCode(secret: string, h: Harness, stepOffset = 0): Promise<string> {
  const now = h.app.services.ctx.clock.now();
  return generate({ secret, epoch: Math.floor(now / 1000) + stepOffset * 30 });
}

/** Signs in with password (and TOTP when the account has it). */
export async function signIn(h: Harness, email: string, password: string, totpSecret?: string, stepOffset = 0): Promise<Actor> {
  const a = new Actor(h, email);
  await logIn(a, email, password, totpSecret, stepOffset);
  return a;
}

/** Signs `actor` in afresh, as after its session ended (a suite whose clock jumps days outlives every session). */
export async function signInAgain(actor: Actor, email: string, password: string, totpSecret?: string): Promise<void> {
  actor.cookie = undefined;
  actor.csrf = undefined;
  await logIn(actor, email, password, totpSecret, 0);
}

async function logIn(a: Actor, email: string, password: string, totpSecret: string | undefined, stepOffset: number): Promise<void> {
  const res = await a.post('/api/auth/login', { email, password });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  if ((res.json() as { mfaRequired: boolean }).mfaRequired) {
    if (!totpSecret) throw new Error('MFA required but no secret given');
    const mfa = await a.post('/api/auth/mfa', { code: await totpCode(totpSecret, a.h, stepOffset) });
    if (mfa.statusCode !== 200) throw new Error(`mfa failed: ${mfa.statusCode} ${mfa.body}`);
  }
}

export interface Colleague {
  actor: Actor;
  id: string;
  email: string;
}

/**
 * A colleague invited by the owner through the API, the invitation link read from the harness's
 * SMTP receiver (the harness needs `smtp: true`), signed in with an authenticator enrolled.
 */
export async function joinColleague(h: Harness, owner: Actor, roles: string | string[], name: string): Promise<Colleague> {
  const list = Array.isArray(roles) ? roles : [roles];
  if (!h.smtp) throw new Error('joinColleague needs a harness with smtp: true');
  const email = `${list.join('-')}.${uniq('c')}@example.test`;
  const invite = await owner.post('/api/practice/invitations', { email, name, roles: list });
  if (invite.statusCode !== 201) throw new Error(`invitation failed: ${invite.statusCode} ${invite.body}`);
  const token = linkToken(await h.smtp.waitFor((m) => m.to.includes(email)), '/accept-invite');
  const actor = new Actor(h, list[0]!);
  const accept = await actor.post('/api/invitations/accept', { token, name, password: 'juniper window autumn 9' });
  if (accept.statusCode !== 201) throw new Error(`accept failed: ${accept.statusCode} ${accept.body}`);
  await enrolTotp(actor);
  return { actor, id: ((await actor.get('/api/me')).json() as { user: { id: string } }).user.id, email };
}

/** A colleague in each staff role but the owner's (provider, front_desk, billing, compliance), by role. */
export async function joinStaffRoles(h: Harness, owner: Actor): Promise<Record<string, Colleague>> {
  const staff: Record<string, Colleague> = {};
  for (const [role, name] of [
    ['provider', 'Priya Provider'],
    ['front_desk', 'Frank Desk'],
    ['billing', 'Bea Billing'],
    ['compliance', 'Cy Compliance'],
  ] as const) {
    staff[role] = await joinColleague(h, owner, role, name);
  }
  return staff;
}

/** The colleagues most scenarios staff a practice with, by the key a test keeps them under. */
export const TEAM = {
  provider: ['provider', 'Priya Provider'],
  provider2: ['provider', 'Paul Second'],
  front_desk: ['front_desk', 'Frank Desk'],
  billing: ['billing', 'Bea Billing'],
  compliance: ['compliance', 'Cora Compliance'],
} as const;
export type TeamMember = keyof typeof TEAM;

/** Members of TEAM, each through joinColleague, one after another in the order given. */
export async function joinTeam<K extends TeamMember>(h: Harness, owner: Actor, members: readonly K[]): Promise<Record<K, Colleague>> {
  const team = {} as Record<K, Colleague>;
  for (const key of members) team[key] = await joinColleague(h, owner, TEAM[key][0], TEAM[key][1]);
  return team;
}
