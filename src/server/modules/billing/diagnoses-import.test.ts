// The CMS ICD-10-CM order file import: the fixed-width layout parsed, codes normalised with their
// dot, one transaction of batched upserts (a rerun or a newer release changes each code once), and
// a file with any bad line stores nothing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testDialects } from '../../testing/dialects.js';
import { suiteHarness } from '../../testing/suite.js';
import { Icd10FileError, importIcd10, parseIcd10Order, releaseOf } from './diagnoses-import.js';
import { findIcd10, icd10Count, searchIcd10 } from './diagnoses-repo.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'icd10cm_order_2026.txt');
const text = readFileSync(FIXTURE, 'utf8');
const line = (order: number, code: string, flag: string, short: string, long: string) => `${String(order).padStart(5, '0')} ${code.padEnd(7)} ${flag} ${short.padEnd(60)} ${long}`;

describe('parseIcd10Order', () => {
  it('reads each fixed-width line: the code with its dot, the billable flag and the long description', () => {
    const { rows, problems } = parseIcd10Order(text, 'ICD-10-CM 2026');
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual({ code: 'F32', description: 'Depressive episode', billable: 0, release: 'ICD-10-CM 2026' });
    expect(rows).toContainEqual({ code: 'F32.1', description: 'Major depressive disorder, single episode, moderate', billable: 1, release: 'ICD-10-CM 2026' });
    expect(rows).toContainEqual({ code: 'F43.10', description: 'Post-traumatic stress disorder, unspecified', billable: 1, release: 'ICD-10-CM 2026' });
    // LF line ends read the same as CRLF.
    expect(parseIcd10Order(text.replace(/\r\n/g, '\n'), 'r').rows).toHaveLength(10);
  });

  it('names every line that is not in the layout, has a malformed code, a bad flag or a repeated code', () => {
    const bad = [
      line(1, 'F411', '1', 'Generalized anxiety disorder', 'Generalized anxiety disorder'),
      'F41.1,Generalized anxiety disorder',
      line(3, '9ZZ1', '1', 'Not a code', 'Not a code'),
      line(4, 'F320', '2', 'Bad flag', 'Bad flag'),
      line(5, 'F411', '1', 'Again', 'Again'),
    ].join('\n');
    const { problems } = parseIcd10Order(bad, 'r');
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5]);
    expect(problems[1]!.problem).toContain('"9ZZ1" is not an ICD-10-CM code');
    expect(problems[2]!.problem).toContain('billable flag "2"');
    expect(problems[3]!.problem).toContain('F41.1 appears twice');
  });

  it('names the release from the CMS file name', () => {
    expect(releaseOf('/data/icd10cm_order_2026.txt')).toBe('ICD-10-CM 2026');
    expect(releaseOf('codes.txt')).toBeNull();
  });
});

describe.each(testDialects())('importIcd10 on %s', (dialect) => {
  const h = suiteHarness(dialect);

  it('imports in batches, and a rerun or a newer release upserts rather than duplicating', async () => {
    const db = h.database.db;
    const first = await importIcd10(db, text, 'ICD-10-CM 2026', { batch: 3 });
    expect(first).toEqual({ codes: 10, billable: 8, release: 'ICD-10-CM 2026', total: 10 });
    expect(await importIcd10(db, text, 'ICD-10-CM 2026', { batch: 4 })).toMatchObject({ codes: 10, total: 10 });
    const newer = text.replace(/^00006 .*$/m, line(6, 'F411', '1', 'Generalized anxiety disorder', 'Generalized anxiety disorder (GAD)')) + line(11, 'F4381', '1', 'Prolonged grief disorder', 'Prolonged grief disorder') + '\r\n';
    expect(await importIcd10(db, newer, 'ICD-10-CM 2027')).toMatchObject({ codes: 11, total: 11, release: 'ICD-10-CM 2027' });
    expect(await findIcd10(db, 'F41.1')).toEqual({ code: 'F41.1', description: 'Generalized anxiety disorder (GAD)', billable: 1, release: 'ICD-10-CM 2027' });
    expect(await findIcd10(db, 'F43.81')).toMatchObject({ description: 'Prolonged grief disorder' });
  });

  it('stores nothing from a file with a bad line, and says which', async () => {
    const db = h.database.db;
    const before = await icd10Count(db);
    const bad = line(1, 'Z7190', '1', 'Counseling, unspecified', 'Counseling, unspecified') + '\n' + line(2, 'ZZ', '1', 'x', 'x') + '\n';
    const err = await importIcd10(db, bad, 'r').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Icd10FileError);
    expect((err as Error).message).toMatch(/line 2: "ZZ" is not an ICD-10-CM code/);
    expect(await icd10Count(db)).toBe(before);
    expect(await findIcd10(db, 'Z71.90')).toBeUndefined();
  });

  it('searches by code prefix or by every word of the description, billable codes first', async () => {
    const db = h.database.db;
    expect((await searchIcd10(db, { codePrefix: 'F32', words: [] }, 20)).map((r) => r.code)).toEqual(['F32.0', 'F32.1', 'F32.9', 'F32']);
    expect((await searchIcd10(db, { codePrefix: null, words: ['stress', 'CHRONIC'] }, 20)).map((r) => r.code)).toEqual(['F43.12']);
    expect(await searchIcd10(db, { codePrefix: 'F', words: [] }, 2)).toHaveLength(2);
  });
});
