import { describe, expect, it } from 'vitest';
import { testDialects } from '../src/server/testing/dialects.js';
import { envFor, harnessEachTest, recorder } from './lib/test-support.js';
import { runStatusOperator } from './status-operator.js';
import { runVerifyAudit } from './verify-audit.js';

describe.each(testDialects())('status-operator on %s', (dialect) => {
  const harness = harnessEachTest(dialect);

  it('adds an operator whose token opens the operator routes, lists it, and revokes it', async () => {
    const h = await harness();
    const out = recorder();
    expect(await runStatusOperator(['add', 'Night shift'], envFor(h), out)).toBe(0);
    const id = /^operator (\S+) added$/.exec(out.lines[0]!)![1]!;
    const token = out.lines.map((l) => l.trim()).find((l) => l.startsWith('hso_'))!;
    expect(token).toMatch(/^hso_[\w-]{43}$/);
    const probes = () => h.app.inject({ method: 'GET', url: '/api/status/probes', headers: { authorization: `Bearer ${token}` } });
    expect((await probes()).statusCode).toBe(200);
    // Only the hash is stored.
    expect(JSON.stringify(await h.database.db.selectFrom('status_operators').selectAll().execute())).not.toContain(token.slice(4));

    const list = recorder();
    expect(await runStatusOperator(['list'], envFor(h), list)).toBe(0);
    expect(list.lines.join('\n')).toMatch(new RegExp(`^${id}  Night shift  added .*last used`, 'm'));
    expect(await runStatusOperator(['revoke', id], envFor(h), recorder())).toBe(0);
    expect((await probes()).statusCode).toBe(401);
    expect(await runStatusOperator(['revoke', id], envFor(h), recorder())).toBe(1);
    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'resource_type']).where('resource_id', '=', id).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'create', resource_type: 'status_operator' },
      { action: 'delete', resource_type: 'status_operator' },
    ]);
    expect((await runVerifyAudit(envFor(h), recorder())).exitCode).toBe(0);
  });

  it('refuses bad arguments', async () => {
    const h = await harness();
    expect(await runStatusOperator([], envFor(h), recorder())).toBe(2);
    expect(await runStatusOperator(['add'], envFor(h), recorder())).toBe(2);
    expect(await runStatusOperator(['add', '   '], envFor(h), recorder())).toBe(2);
    expect(await runStatusOperator(['fly'], envFor(h), recorder())).toBe(2);
  });
});
