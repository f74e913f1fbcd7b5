// Walks the audit chain and names the first row that was edited, removed or reordered. Rows from
// the head's `keyed_from` on are checked with the audit key (HMAC), so a database writer who
// re-hashes rows is caught; checkpoints kept outside the database (checkpoint.ts) must still be in
// the chain, so a rewrite that also cuts off the tail is caught too.
import type { Db } from '../../db/index.js';
import { cutoverMac, GENESIS_HASH, keyedRowHash, rowHash, sameMac } from './chain.js';
import { checkpointMacValid, type AuditCheckpoint } from './checkpoint.js';

export type VerifyResult =
  | { ok: true; rows: number; keyedFrom: number | null; checkpoints: number }
  | { ok: false; rows: number; seq: number; problem: 'edited' | 'removed' | 'reordered' | 'truncated' | 'checkpoint' | 'key'; message: string };

export interface VerifyOptions {
  /** The audit key (FieldCrypto.auditKey); needed once the chain is keyed. */
  key?: Buffer | null;
  /** Checkpoints from outside the database, each with where it was read (a file line, a backup). */
  checkpoints?: { checkpoint: AuditCheckpoint; source: string }[];
}

const PAGE = 5000;

export async function verifyAuditChain(db: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const key = opts.key ?? null;
  const startHead = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  let keyedFrom = Number.POSITIVE_INFINITY;
  if (startHead && startHead.keyed_from !== null) {
    const from = startHead.keyed_from;
    if (!key) {
      return { ok: false, rows: 0, seq: from, problem: 'key', message: `the chain is keyed from row ${from}: verifying it needs the audit key (the master key)` };
    }
    if (!startHead.keyed_from_mac || !sameMac(cutoverMac(key, from), startHead.keyed_from_mac)) {
      return {
        ok: false,
        rows: 0,
        seq: from,
        problem: 'edited',
        message: `the cut-over to keyed hashes (row ${from}) does not carry a valid MAC: the chain head was edited, or the audit key is not this chain's`,
      };
    }
    keyedFrom = from;
  }

  // Checkpoints: forged or foreign ones are named before anything else.
  const bySeq = new Map<number, { checkpoint: AuditCheckpoint; source: string }[]>();
  for (const entry of opts.checkpoints ?? []) {
    const c = entry.checkpoint;
    if (!key) return { ok: false, rows: 0, seq: c.seq, problem: 'key', message: `checking the checkpoint ${entry.source} needs the audit key (the master key)` };
    if (!checkpointMacValid(key, c)) {
      return { ok: false, rows: 0, seq: c.seq, problem: 'checkpoint', message: `the checkpoint ${entry.source} (row ${c.seq}, ${c.at}) does not verify under the audit key: forged, edited, or from another installation` };
    }
    if (c.keyedFrom !== null && c.keyedFrom !== (startHead?.keyed_from ?? null)) {
      return {
        ok: false,
        rows: 0,
        seq: c.keyedFrom,
        problem: 'checkpoint',
        message: `the checkpoint ${entry.source} (${c.at}) has keyed hashes from row ${c.keyedFrom}, the chain head says ${startHead?.keyed_from ?? 'never'}: the chain was rewritten`,
      };
    }
    if (c.seq > 0) bySeq.set(c.seq, [...(bySeq.get(c.seq) ?? []), entry]);
  }

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
      const expected = row.seq >= keyedFrom ? keyedRowHash(key!, content) : rowHash(content);
      if (expected !== hash) {
        return {
          ok: false,
          rows,
          seq: row.seq,
          problem: 'edited',
          message:
            row.seq >= keyedFrom
              ? `row ${row.seq} was edited or re-hashed: its keyed hash does not verify under the audit key`
              : `row ${row.seq} was edited: its content no longer matches its hash`,
        };
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
      for (const entry of bySeq.get(row.seq) ?? []) {
        if (entry.checkpoint.hash !== hash) {
          return {
            ok: false,
            rows,
            seq: row.seq,
            problem: 'checkpoint',
            message: `row ${row.seq} is not the row the checkpoint ${entry.source} (${entry.checkpoint.at}) recorded: the chain was rewritten`,
          };
        }
      }
      prevHash = hash;
      expectedSeq++;
      after = row.seq;
    }
    if (page.length < PAGE) break;
  }
  const lastSeq = expectedSeq - 1;
  const beyond = (opts.checkpoints ?? []).filter((e) => e.checkpoint.seq > lastSeq).sort((a, b) => b.checkpoint.seq - a.checkpoint.seq)[0];
  if (beyond) {
    return {
      ok: false,
      rows,
      seq: lastSeq + 1,
      problem: 'truncated',
      message: `the chain ends at row ${lastSeq} but the checkpoint ${beyond.source} (${beyond.checkpoint.at}) recorded row ${beyond.checkpoint.seq}: rows were removed from the end`,
    };
  }
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (head && (head.last_seq !== lastSeq || head.last_hash !== prevHash)) {
    return {
      ok: false,
      rows,
      seq: head.last_seq,
      problem: head.last_seq > lastSeq ? 'truncated' : 'reordered',
      message: `the chain ends at row ${lastSeq} but its head records row ${head.last_seq}: rows were removed from the end`,
    };
  }
  return { ok: true, rows, keyedFrom: startHead?.keyed_from ?? null, checkpoints: opts.checkpoints?.length ?? 0 };
}
