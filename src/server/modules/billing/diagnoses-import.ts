// Reads the CMS ICD-10-CM "order" file (icd10cm_order_YYYY.txt) and imports it into icd10_codes.
// Each line is fixed width: order number (5), space, code without its dot (7, space-padded),
// space, billable flag (1: 0 a header, 1 valid for claims), space, short description (60), space,
// long description. The whole file goes in one transaction, in batches, as an upsert, so a rerun
// or a newer release changes each code once and a bad file changes nothing.
import type { Db } from '../../db/index.js';
import { isIcd10Code, normaliseIcd10 } from '../../../shared/billing-codes.js';
import { icd10Count, upsertIcd10, type Icd10Row } from './diagnoses-repo.js';

export interface Icd10FileProblem {
  line: number;
  problem: string;
}

/** The rows of an order file, or the lines that are not in its format (line numbers from 1). */
export function parseIcd10Order(text: string, release: string): { rows: Icd10Row[]; problems: Icd10FileProblem[] } {
  const rows: Icd10Row[] = [];
  const problems: Icd10FileProblem[] = [];
  const seen = new Set<string>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = i + 1;
      if (!raw.trim()) return;
      if (raw.length < 78 || !/^\d{5} $/.test(raw.slice(0, 6)) || raw[13] !== ' ' || raw[15] !== ' ' || raw[76] !== ' ') {
        problems.push({ line, problem: 'not in the order file layout (order 5, code 7, flag 1, short 60, long description)' });
        return;
      }
      const code = raw.slice(6, 13).trim();
      const flag = raw[14];
      const description = raw.slice(77).trim();
      if (!isIcd10Code(code)) problems.push({ line, problem: `"${code}" is not an ICD-10-CM code` });
      else if (flag !== '0' && flag !== '1') problems.push({ line, problem: `billable flag "${flag}" must be 0 or 1` });
      else if (!description) problems.push({ line, problem: 'no long description' });
      else if (seen.has(normaliseIcd10(code))) problems.push({ line, problem: `code ${normaliseIcd10(code)} appears twice` });
      else {
        seen.add(normaliseIcd10(code));
        rows.push({ code: normaliseIcd10(code), description: description.slice(0, 300), billable: flag === '1' ? 1 : 0, release });
      }
    });
  return { rows, problems };
}

/** The release named by a CMS file name ("icd10cm_order_2026.txt" → "ICD-10-CM 2026"), or null. */
export function releaseOf(fileName: string): string | null {
  const m = /icd10cm[-_]order[-_](\d{4})/i.exec(fileName);
  return m ? `ICD-10-CM ${m[1]}` : null;
}

export interface Icd10ImportResult {
  codes: number;
  billable: number;
  release: string;
  /** Codes in the table after the import (earlier releases' codes that this one dropped stay). */
  total: number;
}

export class Icd10FileError extends Error {
  constructor(readonly problems: Icd10FileProblem[]) {
    const shown = problems
      .slice(0, 10)
      .map((p) => `line ${p.line}: ${p.problem}`)
      .join('\n');
    super(`The file is not a CMS ICD-10-CM order file; nothing was imported (${problems.length} bad line${problems.length === 1 ? '' : 's'}):\n${shown}`);
  }
}

/** Imports the file's text in one transaction, `batch` rows a statement; throws Icd10FileError (nothing stored) on any bad line. */
export async function importIcd10(db: Db, text: string, release: string, opts: { batch?: number } = {}): Promise<Icd10ImportResult> {
  const { rows, problems } = parseIcd10Order(text, release);
  if (problems.length) throw new Icd10FileError(problems);
  if (!rows.length) throw new Icd10FileError([{ line: 1, problem: 'the file has no codes' }]);
  const batch = opts.batch ?? 500;
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += batch) await upsertIcd10(tx, rows.slice(i, i + batch));
  });
  return { codes: rows.length, billable: rows.filter((r) => r.billable).length, release, total: await icd10Count(db) };
}
