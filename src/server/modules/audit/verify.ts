// Walks the audit chain and names the first row that was edited, removed or reordered.
import type { Db } from '../../db/index.js';
import { GENESIS_HASH, rowHash } from './chain.js';

export type VerifyResult =
  | { ok: true; rows: number }
  | { ok: false; rows: number; seq: number; problem: 'edited' | 'removed' | 'reordered' | 'truncated'; message: string };

const PAGE = 5000;

export async function verifyAuditChain(db: Db): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  let after = 0;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(PAGE).execute();
    for (const row of page) {
      rows++;
      if (row.seq !== expectedSeq) {
        return { ok: false, rows, seq: expectedSeq, problem: 'removed', message: `row ${expectedSeq} is missing (next row found is ${row.seq})` };
      }
      const { hash, ...content } = row;
      if (rowHash(content) !== hash) {
        return { ok: false, rows, seq: row.seq, problem: 'edited', message: `row ${row.seq} was edited: its content no longer matches its hash` };
      }
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          rows,
          seq: row.seq,
          problem: 'reordered',
          message: `row ${row.seq} does not follow row ${row.seq - 1}: rows were reordered, replaced or re-hashed`,
        };
      }
      prevHash = hash;
      expectedSeq++;
      after = row.seq;
    }
    if (page.length < PAGE) break;
  }
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  const lastSeq = expectedSeq - 1;
  if (head && (head.last_seq !== lastSeq || head.last_hash !== prevHash)) {
    return {
      ok: false,
      rows,
      seq: head.last_seq,
      problem: head.last_seq > lastSeq ? 'truncated' : 'reordered',
      message: `the chain ends at row ${lastSeq} but its head records row ${head.last_seq}: rows were removed from the end`,
    };
  }
  return { ok: true, rows };
}
