// Sign-up and invitations do not tell which addresses have a staff account (issue 14): the same
// status and body for a taken and a new address, mail to the address owner instead, and the same
// work on both paths, measured.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { Actor, createPractice, signIn, signupToken, uniq, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { passwordColumns } from '../auth/index.js';
import { CURRENT_BAA_VERSION } from './baa.js';

const signupBody = (email: string, password = 'copper lantern harbor 12') => ({
  practiceName: 'Willow Creek Counseling',
  ownerName: 'Wren Willow',
  email,
  password,
  baa: { accepted: true, version: CURRENT_BAA_VERSION, signerName: 'Wren Willow', signerTitle: 'Owner' },
});

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

describe.each(testDialects())('no staff account enumeration on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture & { totpSecret?: string };
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true, clock });
    p = await createPractice(h);
  });
  afterAll(async () => h?.close());

  const practices = async () => Number((await h.database.db.selectFrom('practices').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('sign-up answers 202 alike for a taken and a new address; the owner of the taken one is told, nothing is created', async () => {
    const before = await practices();
    const stranger = new Actor(h);
    const taken = await stranger.post('/api/practices', signupBody(p.email.toUpperCase()));
    const freshEmail = `${uniq('new')}@example.test`;
    const fresh = await new Actor(h).post('/api/practices', signupBody(freshEmail));
    expect(taken.statusCode).toBe(202);
    expect(fresh.statusCode).toBe(202);
    expect(taken.body).toBe(fresh.body);
    expect(taken.headers['set-cookie']).toBeUndefined();
    expect(fresh.headers['set-cookie']).toBeUndefined();
    expect(Object.keys(taken.headers).sort()).toEqual(Object.keys(fresh.headers).sort());

    const notice = await h.smtp!.waitFor((m) => m.to.includes(p.email.toLowerCase()) && /tried to create/i.test(m.subject));
    expect(notice.text).toMatch(/already have a Hearth account/);
    expect(notice.text).not.toMatch(/#token=/);
    expect(await practices()).toBe(before);
    // The stranger's password did nothing; the owner's still works.
    expect((await new Actor(h).post('/api/auth/login', { email: p.email, password: 'copper lantern harbor 12' })).statusCode).toBe(401);
    clock.advance(31_000);
    await signIn(h, p.email, p.password, p.totpSecret);

    // The new address's link creates the practice, once.
    const token = await signupToken(h, freshEmail);
    const owner = new Actor(h);
    const done = await owner.post('/api/practices/verify', { token });
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({ mfaRequired: false, mfaEnrollmentRequired: true });
    expect((await owner.get('/api/me')).json()).toMatchObject({ user: { name: 'Wren Willow', roles: ['owner', 'provider'] }, practice: { name: 'Willow Creek Counseling', baaAccepted: true } });
    expect(await practices()).toBe(before + 1);
    const again = await new Actor(h).post('/api/practices/verify', { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().error).toMatchObject({ code: 'token_invalid', field: 'token' });
    // A second sign-up with the now-taken address gets the same 202 and a notice, not a link.
    expect((await new Actor(h).post('/api/practices', signupBody(freshEmail))).statusCode).toBe(202);
    await h.smtp!.waitFor((m) => m.to.includes(freshEmail.toLowerCase()) && /tried to create/i.test(m.subject));
  });

  it('a sign-up link expires after 24 hours; a link for an address taken meanwhile creates nothing', async () => {
    const email = `${uniq('late')}@example.test`;
    expect((await new Actor(h).post('/api/practices', signupBody(email))).statusCode).toBe(202);
    const token = await signupToken(h, email);
    clock.advance(24 * 3600_000 + 1000);
    const late = await new Actor(h).post('/api/practices/verify', { token });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.code).toBe('token_invalid');

    const email2 = `${uniq('race')}@example.test`;
    expect((await new Actor(h).post('/api/practices', signupBody(email2))).statusCode).toBe(202);
    const first = await signupToken(h, email2);
    expect((await new Actor(h).post('/api/practices', signupBody(email2, 'a second password here 3'))).statusCode).toBe(202);
    const second = (await h.smtp!.waitFor((m) => m.to.includes(email2.toLowerCase()) && /finish signing/i.test(m.subject) && !m.text.includes(first))).text;
    const secondToken = /#token=([A-Za-z0-9_-]+)/.exec(second)![1]!;
    expect((await new Actor(h).post('/api/practices/verify', { token: first })).statusCode).toBe(201);
    const taken = await new Actor(h).post('/api/practices/verify', { token: secondToken });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('email_taken');
  });

  it('an invitation to an address with an account answers like any other; its owner gets a notice, not a link', async () => {
    p = await createPractice(h); // a new inviter: the clock moved a day on in the test before
    const other = await createPractice(h);
    const freshEmail = `${uniq('inv')}@example.test`;
    const toTaken = await p.owner.post('/api/practice/invitations', { email: other.email, name: 'Known Person', roles: ['provider'] });
    const toFresh = await p.owner.post('/api/practice/invitations', { email: freshEmail, name: 'New Person', roles: ['provider'] });
    expect(toTaken.statusCode).toBe(201);
    expect(toFresh.statusCode).toBe(201);
    const shape = (b: Record<string, unknown>) => ({ ...b, id: 'x', email: 'x', name: 'x', createdAt: 'x', expiresAt: 'x' });
    expect(shape(toTaken.json())).toEqual(shape(toFresh.json()));
    expect(toTaken.json()).toMatchObject({ status: 'pending', email: other.email });

    const notice = await h.smtp!.waitFor((m) => m.to.includes(other.email.toLowerCase()) && /tried to invite/i.test(m.subject));
    expect(notice.text).toMatch(/already have a Hearth account/);
    expect(notice.text).not.toMatch(/#token=/);
    const invite = await h.smtp!.waitFor((m) => m.to.includes(freshEmail.toLowerCase()));
    expect(invite.text).toMatch(/\/accept-invite#token=/);
    const list = (await p.owner.get('/api/practice/invitations')).json();
    const statuses = (list.invitations as { email: string; status: string }[]).filter((i) => [other.email, freshEmail].includes(i.email)).map((i) => i.status);
    expect(statuses).toEqual(['pending', 'pending']);
  });
});

// The timing: both paths do the same work (argon2id hashing, sealing, one row, one mail). Measured
// in-process on SQLite, interleaved so drift in the machine's load falls on both alike.
describe('sign-up and invitation timing do not tell a taken address from a new one', () => {
  let h: Harness;
  let p: PracticeFixture & { totpSecret?: string };
  const TRIES = 300;
  /** The largest median pair gap (either way) that passes. */
  const MAX_GAP = 0.1;

  beforeAll(async () => {
    h = await createHarness('sqlite');
    p = await createPractice(h);
  });
  afterAll(async () => h?.close());

  /** Staff accounts for the taken side, one per try: a prober tries each address once. */
  async function staffAddresses(n: number): Promise<string[]> {
    const svc = h.app.services.practices;
    const pw = await passwordColumns('a shared test password 1');
    const emails = Array.from({ length: n }, () => `${uniq('staff')}@example.test`);
    await h.database.db.transaction().execute(async (tx) => {
      for (const email of emails) {
        await svc.createUser(tx, { practiceId: p.practiceId, name: 'Staff Member', email, emailIdx: await h.app.services.auth.emailIndex(email), password: pw, roles: ['provider'] });
      }
    });
    return emails;
  }

  /**
   * One round: `tries` pairs, each a taken and a new try back to back (taken first on even pairs,
   * new first on odd ones), timed by wall clock (what a prober sees) and process CPU time (the work
   * done; argon2's threads included; the tests run in their own process). A pair's gap is
   * (taken − new) / their mean: a burst of load on the shared machine falls on both tries of a pair
   * alike and moves gaps both ways, so their median stays near 0; a path doing less work (no
   * argon2, no row, no mail) moves every pair the same way, and the median with it. The try run
   * first in a pair is timed unlike the second (it follows a try of its own kind), which splits the
   * gaps in two groups, one per order: the round's gap is the mean of the two groups' medians (the
   * median of all the gaps would fall between the groups, where it jumps from run to run).
   */
  async function round(tries: number, taken: (i: number) => Promise<{ statusCode: number }>, fresh: (i: number) => Promise<{ statusCode: number }>, status: number) {
    const wall = { taken: [] as number[], fresh: [] as number[] };
    const cpu = { taken: [] as number[], fresh: [] as number[] };
    const one = async (side: 'taken' | 'fresh', i: number) => {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const res = await (side === 'taken' ? taken(i) : fresh(i));
      wall[side].push(Number(process.hrtime.bigint() - t0) / 1e6);
      const c = process.cpuUsage(c0);
      cpu[side].push((c.user + c.system) / 1000);
      expect(res.statusCode).toBe(status);
    };
    for (let i = 0; i < tries; i++) {
      for (const side of i % 2 === 0 ? (['taken', 'fresh'] as const) : (['fresh', 'taken'] as const)) await one(side, i);
    }
    const gap = (x: { taken: number[]; fresh: number[] }) => {
      const gaps = x.taken.map((t, i) => (t - x.fresh[i]!) / ((t + x.fresh[i]!) / 2 || 1));
      const order = (first: 0 | 1) => median(gaps.filter((_, i) => i % 2 === first));
      return { taken: median(x.taken), fresh: median(x.fresh), gap: (order(0) + order(1)) / 2 };
    };
    return { wall: gap(wall), cpu: gap(cpu) };
  }

  /**
   * Within MAX_GAP when the median pair gap is, by wall clock and by CPU time. A real difference
   * (a path skipping argon2 or a write: 20% and more) shows in every round; a round spoilt by the
   * shared machine is taken again, up to three rounds. Every round is reported on failure.
   */
  async function expectAlike(measure: () => ReturnType<typeof round>) {
    const rounds: Awaited<ReturnType<typeof round>>[] = [];
    for (let r = 0; r < 3; r++) {
      const m = await measure();
      rounds.push(m);
      if (Math.abs(m.wall.gap) < MAX_GAP && Math.abs(m.cpu.gap) < MAX_GAP) return;
    }
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const fmt = (x: { taken: number; fresh: number; gap: number }) => `median pair gap ${pct(x.gap)} (medians taken ${x.taken.toFixed(2)} ms / new ${x.fresh.toFixed(2)} ms)`;
    expect.fail(`taken and new differ by ${pct(MAX_GAP)} or more in every round: ${rounds.map((m) => `wall ${fmt(m.wall)}, CPU ${fmt(m.cpu)}`).join('; ')}`);
  }

  it(`sign-up: taken and new within ${MAX_GAP * 100}% over ${TRIES} pairs`, async () => {
    const a = new Actor(h);
    for (let i = 0; i < 10; i++) await a.post('/api/practices', signupBody(`${uniq('warm')}@example.test`));
    await expectAlike(async () => {
      const addresses = await staffAddresses(TRIES);
      return round(
        TRIES,
        (i) => a.post('/api/practices', signupBody(addresses[i]!)),
        () => a.post('/api/practices', signupBody(`${uniq('fresh')}@example.test`)),
        202,
      );
    });
  }, 600_000);

  // Like sign-up, a new staff address for each taken try: the same address invited again and again
  // measured some 5% more CPU than new ones, which a prober (one try per address) never sees.
  it(`invitation: taken and new within ${MAX_GAP * 100}% over ${TRIES} pairs`, async () => {
    const invite = (email: string) => p.owner.post('/api/practice/invitations', { email, name: 'Some One', roles: ['provider'] });
    for (let i = 0; i < 10; i++) await invite(`${uniq('warm')}@example.test`);
    await expectAlike(async () => {
      const addresses = await staffAddresses(TRIES);
      return round(TRIES, (i) => invite(addresses[i]!), () => invite(`${uniq('fresh')}@example.test`), 201);
    });
  }, 300_000);
});
