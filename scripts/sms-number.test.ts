import { describe, expect, it } from 'vitest';
import { createPractice } from '../src/server/testing/actors.js';
import { testDialects } from '../src/server/testing/dialects.js';
import { envFor, harnessEachTest, recorder } from './lib/test-support.js';
import { runSmsNumber } from './sms-number.js';
import { runVerifyAudit } from './verify-audit.js';

describe.each(testDialects())('sms-number on %s', (dialect) => {
  const harness = harnessEachTest(dialect);

  it('gives a practice its own sending number, refuses one another practice has, and takes it back', async () => {
    const h = await harness();
    const a = await createPractice(h);
    const b = await createPractice(h);
    const out = recorder();
    expect(await runSmsNumber(['--practice', a.practiceId, '--number', '541 555 0100'], envFor(h), out)).toBe(0);
    expect(out.lines[0]).toBe(`practice ${a.practiceId} now texts from its own number +15415550100; replies to it are its own`);
    const taken = recorder();
    expect(await runSmsNumber(['--practice', b.practiceId, '--number', '+15415550100'], envFor(h), taken)).toBe(1);
    expect(taken.lines).toEqual(['number: another practice sends from this number']);
    const bad = recorder();
    expect(await runSmsNumber(['--practice', b.practiceId, '--number', 'call me'], envFor(h), bad)).toBe(1);
    expect(bad.lines[0]).toMatch(/^number: /);
    expect(await runSmsNumber(['--practice', a.practiceId, '--shared'], envFor(h), recorder())).toBe(0);
    expect(await h.database.db.selectFrom('practice_sms_numbers').selectAll().execute()).toEqual([]);
    // Now free for B.
    expect(await runSmsNumber(['--practice', b.practiceId, '--number', '+15415550100'], envFor(h), recorder())).toBe(0);
    expect((await runVerifyAudit(envFor(h), recorder())).exitCode).toBe(0);
  });

  it('refuses missing, conflicting or unknown arguments', async () => {
    const h = await harness();
    expect(await runSmsNumber(['--number', '+15415550100'], envFor(h), recorder())).toBe(2);
    expect(await runSmsNumber(['--practice', 'x', '--number', '+15415550100', '--shared'], envFor(h), recorder())).toBe(2);
    const none = recorder();
    expect(await runSmsNumber(['--practice', '00000000-0000-4000-8000-000000000000', '--shared'], envFor(h), none)).toBe(1);
    expect(none.lines).toEqual(['no practice 00000000-0000-4000-8000-000000000000']);
  });
});
