// The ICD-10-CM import command: imports the CMS order file (release from its name), a rerun
// changes nothing twice, a bad file imports nothing and exits 1 naming the line, and it runs as an
// operator would run it (node + tsx).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHarness } from '../src/server/testing/harness.js';
import { testDialects } from '../src/server/testing/dialects.js';
import { envFor, harnessEachTest, recorder, runScript } from './lib/test-support.js';
import { runImportIcd10 } from './import-icd10.js';

const FIXTURE = path.resolve(import.meta.dirname, '..', 'src', 'server', 'modules', 'billing', 'fixtures', 'icd10cm_order_2026.txt');
const count = async (h: Awaited<ReturnType<typeof createHarness>>) => Number((await h.database.db.selectFrom('icd10_codes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe.each(testDialects())('import-icd10 on %s', (dialect) => {
  const harness = harnessEachTest(dialect);

  it('imports the order file with the release from its name, and a rerun keeps one row per code', async () => {
    const h = await harness();
    const out = recorder();
    expect(await runImportIcd10(envFor(h), FIXTURE, undefined, out)).toBe(0);
    expect(out.lines[0]).toMatch(/^imported 10 codes \(8 billable\) from ICD-10-CM 2026 in [\d.]+ s; 10 codes in the table$/);
    expect(await runImportIcd10(envFor(h), FIXTURE, 'ICD-10-CM 2026 (April update)', recorder())).toBe(0);
    expect(await count(h)).toBe(10);
    const row = await h.database.db.selectFrom('icd10_codes').selectAll().where('code', '=', 'F41.1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ description: 'Generalized anxiety disorder', release: 'ICD-10-CM 2026 (April update)' });
  });

  it('imports nothing from a file with a malformed code and says which line', async () => {
    const h = await harness();
    const dir = mkdtempSync(path.join(tmpdir(), 'icd10-'));
    const bad = path.join(dir, 'icd10cm_order_2027.txt');
    writeFileSync(bad, `00001 F411    1 ${'Generalized anxiety disorder'.padEnd(60)} Generalized anxiety disorder\n00002 F4$1    1 ${'Bad'.padEnd(60)} Bad\n`);
    const out = recorder();
    expect(await runImportIcd10(envFor(h), bad, undefined, out)).toBe(1);
    expect(out.lines.join('\n')).toContain('line 2: "F4$1" is not an ICD-10-CM code');
    expect(await count(h)).toBe(0);
    expect(await runImportIcd10(envFor(h), path.join(dir, 'codes.txt'), undefined, recorder())).toBe(2);
  });
});

describe('import-icd10 as a command', () => {
  it('runs with node + tsx and prints what it imported', async () => {
    const h = await createHarness('sqlite');
    try {
      const r = runScript('scripts/import-icd10.ts', [FIXTURE], envFor(h));
      expect(r.out).toMatch(/imported 10 codes \(8 billable\) from ICD-10-CM 2026/);
      expect(r.code).toBe(0);
      expect(runScript('scripts/import-icd10.ts', [], envFor(h)).code).toBe(2);
    } finally {
      await h.close();
    }
  });
});
