// The practice's diagnosis code list and the ICD-10-CM search through the API on every test
// database: the CMS description when the code was imported, the practice's own otherwise (required
// then, 400 naming description), malformed codes refused naming code, billing and the owner write,
// providers and compliance read, nothing stored on a refusal.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { teamSuite } from '../../testing/suite.js';
import { importIcd10 } from './diagnoses-import.js';
import { icd10Query } from './diagnoses.js';

const FIXTURE = readFileSync(path.join(import.meta.dirname, 'fixtures', 'icd10cm_order_2026.txt'), 'utf8');

describe('icd10Query', () => {
  it('reads a code prefix with or without its dot, and description words', () => {
    expect(icd10Query('f32')).toEqual({ codePrefix: 'F32', words: ['f32'] });
    expect(icd10Query('F329')).toMatchObject({ codePrefix: 'F32.9' });
    expect(icd10Query('F43.1')).toMatchObject({ codePrefix: 'F43.1' });
    expect(icd10Query('post-traumatic  stress%')).toEqual({ codePrefix: null, words: ['post-traumatic', 'stress'] });
  });
});

describe.each(testDialects())('diagnosis codes on %s', (dialect) => {
  const { h, p, staff, other } = teamSuite(dialect, { smtp: true }, ['provider', 'billing', 'front_desk', 'compliance']);
  beforeAll(async () => {
    await importIcd10(h.database.db, FIXTURE, 'ICD-10-CM 2026');
  });
  const list = async (actor = p.owner) => ((await actor.get('/api/billing/diagnosis-codes')).json() as { items: { code: string; description: string }[] }).items;

  it('takes the CMS description of an imported code; the practice words a code CMS does not have', async () => {
    const known = await staff.billing!.actor.post('/api/billing/diagnosis-codes', { code: ' f43.10 ' });
    expect(known.statusCode, known.body).toBe(201);
    expect(known.json()).toEqual({ code: 'F43.10', description: 'Post-traumatic stress disorder, unspecified' });
    const own = await p.owner.post('/api/billing/diagnosis-codes', { code: 'Z71.90', description: 'Counseling, unspecified' });
    expect(own.statusCode, own.body).toBe(201);
    const reworded = await p.owner.post('/api/billing/diagnosis-codes', { code: 'Z7190', description: 'Counselling, not specified' });
    expect(reworded.statusCode).toBe(201);
    expect(await list()).toEqual([
      { code: 'F43.10', description: 'Post-traumatic stress disorder, unspecified' },
      { code: 'Z71.90', description: 'Counselling, not specified' },
    ]);
    // Providers and compliance read the list; another practice has its own (empty).
    expect(await list(staff.provider!.actor)).toHaveLength(2);
    expect(await list(staff.compliance!.actor)).toHaveLength(2);
    expect(await list(other.owner)).toEqual([]);
  });

  it('refuses a malformed code (naming code) and an unknown code without a description (naming description), storing nothing', async () => {
    const before = await list();
    const malformed = await p.owner.post('/api/billing/diagnosis-codes', { code: 'F4', description: 'x' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).toContain('code');
    const undescribed = await p.owner.post('/api/billing/diagnosis-codes', { code: 'Z63.5' });
    expect(undescribed.statusCode).toBe(400);
    expect(undescribed.json().error.field).toBe('description');
    for (const actor of [staff.provider!.actor, staff.front_desk!.actor, staff.compliance!.actor]) {
      expect((await actor.post('/api/billing/diagnosis-codes', { code: 'F41.1' })).statusCode).toBe(403);
    }
    expect(await list()).toEqual(before);
  });

  it('removes a code; removing it again is 404; another practice cannot remove ours', async () => {
    expect((await other.owner.del('/api/billing/diagnosis-codes/Z71.90')).statusCode).toBe(404);
    expect((await staff.billing!.actor.del('/api/billing/diagnosis-codes/z71.90')).statusCode).toBe(204);
    expect((await staff.billing!.actor.del('/api/billing/diagnosis-codes/Z71.90')).statusCode).toBe(404);
    expect((await list()).map((c) => c.code)).toEqual(['F43.10']);
    const audit = await h.database.db.selectFrom('audit_log').select(['action', 'resource_id']).where('resource_type', '=', 'diagnosis_code').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'create', 'delete', 'update']);
  });

  it('searches the imported codes by code prefix or description words, at most 20', async () => {
    const search = async (q: string) => ((await staff.provider!.actor.get(`/api/billing/icd10?q=${encodeURIComponent(q)}`)).json() as { items: { code: string; billable: boolean }[] }).items;
    expect((await search('F32')).map((r) => r.code)).toEqual(['F32.0', 'F32.1', 'F32.9', 'F32']);
    expect((await search('F32')).at(-1)!.billable).toBe(false);
    expect((await search('anxiety generalized')).map((r) => r.code)).toEqual(['F41.1']);
    expect(await search('%')).toEqual([]);
    const long = await staff.provider!.actor.get(`/api/billing/icd10?q=${'a'.repeat(101)}`);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('q');
  });
});
