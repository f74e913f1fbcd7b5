// A client who signs in on the staff form (issue 13): told to use the portal only after the
// password typed was verified against their portal account; a wrong password and an unknown
// e-mail get the very same answer as any failed staff sign-in, after the same work (one password
// verification: the portal account's, or the burnt one of an unknown e-mail). On every database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actor, createPractice, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { portalClient, type PortalClientFixture } from '../../testing/portal.js';

describe.each(testDialects())('a client on the staff sign-in form on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture;
  let client: PortalClientFixture;
  const PORTAL_PASSWORD = 'meadowlark quiet river 3';

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true });
    p = await createPractice(h);
    client = await portalClient(h, p.owner);
  });
  afterAll(async () => h?.close());

  const staffLogin = (email: string, password: string) => new Actor(h).post('/api/auth/login', { email, password });

  it('with the portal password: told to sign in to the portal (no staff session made)', async () => {
    const res = await staffLogin(client.email, PORTAL_PASSWORD);
    expect(res.statusCode, res.body).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'use_portal' });
    expect(res.json().error.message).toMatch(/portal/i);
    expect(res.headers['set-cookie'] ?? []).toEqual([]);
    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'outcome', 'details']).where('action', '=', 'login_failed').orderBy('seq', 'desc').executeTakeFirst();
    expect(audit).toMatchObject({ action: 'login_failed', outcome: 'failure' });
    expect(String(audit!.details)).toContain('portal_account');
    expect(String(audit!.details)).not.toContain(client.email);
  });

  it('with a wrong password, the answer is that of an unknown e-mail: nothing says a portal account exists', async () => {
    const wrong = await staffLogin(client.email, 'not the right password at all');
    const unknown = await staffLogin(`nobody.${dialect}@example.test`, 'not the right password at all');
    const staffWrong = await staffLogin(p.email, 'not the right password at all');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual(staffWrong.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(Object.keys(wrong.headers).sort()).toEqual(Object.keys(unknown.headers).sort());
  });

  it('the portal sign-in itself still works with that password', async () => {
    const res = await new Actor(h, 'portal').post('/api/portal/login', { email: client.email, password: PORTAL_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
  });
});
