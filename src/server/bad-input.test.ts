// Bad input never reaches storage: a 4xx with a stable code naming the field, and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actor, createPractice, type PracticeFixture } from './testing/actors.js';
import { testDialects } from './testing/dialects.js';
import { createHarness, type Harness } from './testing/harness.js';

describe.each(testDialects())('bad input on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture;
  let before: string;

  const snapshot = async () => {
    const db = h.database.db;
    const [practices, users, invitations, sessions] = await Promise.all([
      db.selectFrom('practices').selectAll().orderBy('id').execute(),
      db.selectFrom('users').select(['id', 'name_enc', 'email_enc', 'password_hash', 'status']).orderBy('id').execute(),
      db.selectFrom('invitations').select(['id', 'email_enc']).orderBy('id').execute(),
      db.selectFrom('sessions').select(['id', 'revoked_at', 'active_role']).orderBy('id').execute(),
    ]);
    return JSON.stringify({ practices, users, invitations, sessions });
  };

  beforeAll(async () => {
    h = await createHarness(dialect, { env: { BODY_LIMIT_BYTES: '4096' } });
    p = await createPractice(h);
    before = await snapshot();
  });
  afterAll(async () => h?.close());

  const cases: { name: string; url: string; method?: 'POST' | 'PATCH'; body: string | Buffer | object; status: number; code: string; field?: string; auth?: boolean }[] = [
    { name: 'malformed JSON', url: '/api/practices', body: '{"practiceName": ', status: 400, code: 'invalid_json', field: 'body' },
    { name: 'wrong type', url: '/api/auth/login', body: { email: 42, password: 'x' }, status: 400, code: 'validation_failed', field: 'email' },
    { name: 'missing field', url: '/api/auth/login', body: { email: 'a@b.co' }, status: 400, code: 'validation_failed', field: 'password' },
    { name: 'unknown field', url: '/api/auth/login', body: { email: 'a@b.co', password: 'x', isAdmin: true }, status: 400, code: 'unknown_field', field: 'isAdmin' },
    { name: 'nested unknown field', url: '/api/practices', body: { practiceName: 'Xy', ownerName: 'Y', email: 'y@y.co', password: 'pppppppppp', baa: { accepted: true, version: 'v', signerName: 'a', signerTitle: 'b', role: 'owner' } }, status: 400, code: 'unknown_field', field: 'baa.role' },
    { name: 'overlong string', url: '/api/practice', method: 'PATCH', body: { name: 'x'.repeat(201) }, status: 400, code: 'validation_failed', field: 'name', auth: true },
    { name: 'lone surrogate', url: '/api/practice', method: 'PATCH', body: '{"name":"Bad \\ud800 name"}', status: 400, code: 'validation_failed', field: 'name', auth: true },
    { name: 'invalid UTF-8 bytes', url: '/api/practice', method: 'PATCH', body: Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), status: 400, code: 'invalid_utf8', field: 'body', auth: true },
    { name: 'control characters', url: '/api/practice', method: 'PATCH', body: { name: 'Bad\u0000Name' }, status: 400, code: 'validation_failed', field: 'name', auth: true },
    { name: 'oversized body', url: '/api/practice', method: 'PATCH', body: { name: 'x'.repeat(5000) }, status: 413, code: 'payload_too_large', field: 'body', auth: true },
    { name: 'setting a field the caller does not own', url: '/api/practice', method: 'PATCH', body: { id: 'other', demo: true }, status: 400, code: 'unknown_field', auth: true },
    { name: 'out-of-range number', url: '/api/practice', method: 'PATCH', body: { idleTimeoutMinutes: 99999 }, status: 400, code: 'validation_failed', field: 'idleTimeoutMinutes', auth: true },
    { name: 'bad email', url: '/api/practice/invitations', body: { email: 'not-an-email', name: 'N', roles: ['provider'] }, status: 400, code: 'validation_failed', field: 'email', auth: true },
    { name: 'reminder link: no token', url: '/api/reminder-actions/confirm', body: {}, status: 400, code: 'validation_failed', field: 'token' },
    { name: 'reminder link: malformed token', url: '/api/reminder-actions/cancel', body: { token: 'short' }, status: 400, code: 'validation_failed', field: 'token' },
    { name: 'reminder link: token of the wrong type', url: '/api/reminder-actions/view', body: { token: 123456789012 }, status: 400, code: 'validation_failed', field: 'token' },
    { name: 'reminder link: overlong token', url: '/api/reminder-actions/view', body: { token: 'x'.repeat(201) }, status: 400, code: 'validation_failed', field: 'token' },
    { name: 'reminder link: unknown token', url: '/api/reminder-actions/confirm', body: { token: 'A'.repeat(43) }, status: 404, code: 'not_found', field: 'token' },
    { name: 'reminder link: an id beside the token', url: '/api/reminder-actions/cancel', body: { token: 'A'.repeat(43), appointmentId: 'x' }, status: 400, code: 'unknown_field', field: 'appointmentId' },
    { name: 'reminder settings: rule too soon', url: '/api/practice/reminder-settings', method: 'PATCH', body: { rules: [{ channel: 'sms', minutesBefore: 1 }] }, status: 400, code: 'validation_failed', field: 'rules.0.minutesBefore', auth: true },
    { name: 'unknown role', url: '/api/practice/invitations', body: { email: 'n@n.co', name: 'N', roles: ['superuser'] }, status: 400, code: 'validation_failed', field: 'roles.0', auth: true },
  ];

  for (const c of cases) {
    it(`${c.name} -> ${c.status} ${c.code}`, async () => {
      const actor = c.auth ? p.owner : new Actor(h);
      const res = await actor.request(c.method ?? 'POST', c.url, c.body);
      expect(res.statusCode, res.body).toBe(c.status);
      const err = res.json().error;
      expect(err.code).toBe(c.code);
      if (c.field) expect(err.field).toBe(c.field);
      expect(res.body).not.toMatch(/at .*\.ts:\d+|node_modules|SELECT|sqlite|postgres/i);
    });
  }

  it('wrong content type -> 415', async () => {
    const res = await p.owner.request('PATCH', '/api/practice', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
  });

  it('left every stored record as it was', async () => {
    expect(await snapshot()).toBe(before);
  });
});
