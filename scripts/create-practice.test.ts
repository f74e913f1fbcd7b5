import { describe, expect, it } from 'vitest';
import { Actor } from '../src/server/testing/actors.js';
import { testDialects } from '../src/server/testing/dialects.js';
import { runCreatePractice } from './create-practice.js';
import { envFor, harnessEachTest, recorder } from './lib/test-support.js';
import { runVerifyAudit } from './verify-audit.js';

describe.each(testDialects())('create-practice on %s', (dialect) => {
  const harness = harnessEachTest(dialect);

  it('creates a practice without a BAA and prints a link with which the owner sets a password', async () => {
    const h = await harness();
    const out = recorder();
    const email = `founder-${Date.now()}@example.test`;
    expect(await runCreatePractice(['--name', 'Harbor Counseling', '--owner-name', 'Morgan Lee', '--email', email], envFor(h), out)).toBe(0);
    const link = out.lines.map((l) => l.trim()).find((l) => l.includes('#token='))!;
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:3000\/reset-password#token=[\w-]{43}$/);

    const owner = new Actor(h, 'founder');
    const token = link.split('#token=')[1]!;
    expect((await owner.post('/api/auth/password-reset/complete', { token, password: 'copper kettle meadow' })).statusCode).toBe(204);
    expect((await owner.post('/api/auth/password-reset/complete', { token, password: 'copper kettle meadow' })).statusCode).toBe(400);
    const login = await owner.post('/api/auth/login', { email, password: 'copper kettle meadow' });
    expect(login.json()).toMatchObject({ mfaRequired: false, mfaEnrollmentRequired: true });
    const me = await owner.get('/api/me');
    expect(me.json()).toMatchObject({ user: { name: 'Morgan Lee', roles: ['owner', 'provider'] }, practice: { name: 'Harbor Counseling', baaAccepted: false, requireMfa: true } });
    expect((await runVerifyAudit(envFor(h), recorder())).exitCode).toBe(0);

    // The same email cannot be used twice.
    await expect(runCreatePractice(['--name', 'Other', '--owner-name', 'Someone Else', '--email', email], envFor(h), recorder())).rejects.toThrow(/already exists/);
  });

  it('refuses missing or invalid arguments', async () => {
    const h = await harness();
    expect(await runCreatePractice(['--name', 'X'], envFor(h), recorder())).toBe(2);
    await expect(runCreatePractice(['--name', 'Harbor', '--owner-name', 'M', '--email', 'not-an-email'], envFor(h), recorder())).rejects.toThrow(/email/);
  });
});
