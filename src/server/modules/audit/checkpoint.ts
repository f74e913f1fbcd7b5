// Audit checkpoints: the chain's head (last row, its hash, the row count, the keyed cut-over) at a
// moment, MACed with the audit key and written OUTSIDE the database: appended to a 0600 file under
// AUDIT_CHECKPOINT_DIR (DATA_DIR/audit-checkpoints by default) on a schedule and at clean shutdown,
// and into each backup's manifest. `verify-audit` checks that the chain still holds every
// checkpoint, so a rewrite (or a tail cut off) after one is named even by someone who could edit
// every table. Nothing in a checkpoint is PHI.
import { createHmac } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { DbOrTx } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import { sameMac } from './chain.js';

export interface AuditCheckpoint {
  v: 1;
  /** The chain's last row when taken (0: empty chain). */
  seq: number;
  /** That row's hash. */
  hash: string;
  /** Rows in the chain (the sequence is dense from 1, so equal to seq; kept for readers of the file). */
  rows: number;
  /** The first keyed row (audit_head.keyed_from), or null before the cut-over. */
  keyedFrom: number | null;
  /** When taken (ISO, UTC). */
  at: string;
  /** HMAC-SHA256 under the audit key over all of the above. */
  mac: string;
}

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

function macOf(key: Buffer, c: Omit<AuditCheckpoint, 'mac'>): string {
  return createHmac('sha256', key)
    .update('hearth:audit-checkpoint:v1\u0000')
    .update(JSON.stringify([c.v, c.seq, c.hash, c.rows, c.keyedFrom, c.at]))
    .digest('hex');
}

export function checkpointMacValid(key: Buffer, c: AuditCheckpoint): boolean {
  return typeof c.mac === 'string' && sameMac(macOf(key, c), c.mac);
}

/** The chain's head now, MACed. */
export async function takeCheckpoint(db: DbOrTx, key: Buffer, clock: Clock): Promise<AuditCheckpoint> {
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  const body = {
    v: 1 as const,
    seq: head?.last_seq ?? 0,
    hash: head?.last_hash ?? '0'.repeat(64),
    rows: head?.last_seq ?? 0,
    keyedFrom: head?.keyed_from ?? null,
    at: new Date(clock.now()).toISOString(),
  };
  return { ...body, mac: macOf(key, body) };
}

/** Appends one checkpoint as a line of the directory's file (created 0700/0600; appended to, never rewritten). */
export function appendCheckpoint(dir: string, c: AuditCheckpoint): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, CHECKPOINT_FILE);
  appendFileSync(file, JSON.stringify(c) + '\n', { mode: 0o600, flag: 'a' });
  chmodSync(file, 0o600);
  return file;
}

/** Every checkpoint in the directory's .jsonl files, with where it came from. A malformed line is an error naming it. */
export function readCheckpoints(dir: string): { checkpoint: AuditCheckpoint; source: string }[] {
  if (!existsSync(dir)) return [];
  const out: { checkpoint: AuditCheckpoint; source: string }[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    const file = path.join(dir, name);
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        const source = `${file}:${i + 1}`;
        let c: unknown;
        try {
          c = JSON.parse(line);
        } catch {
          throw new Error(`${source}: not a checkpoint (not JSON)`);
        }
        if (!isCheckpoint(c)) throw new Error(`${source}: not a checkpoint`);
        out.push({ checkpoint: c, source });
      });
  }
  return out;
}

export function isCheckpoint(c: unknown): c is AuditCheckpoint {
  const o = c as Record<string, unknown> | null;
  return (
    !!o &&
    o.v === 1 &&
    Number.isSafeInteger(o.seq) &&
    typeof o.hash === 'string' &&
    Number.isSafeInteger(o.rows) &&
    (o.keyedFrom === null || Number.isSafeInteger(o.keyedFrom)) &&
    typeof o.at === 'string' &&
    typeof o.mac === 'string'
  );
}

/**
 * Writes a checkpoint every AUDIT_CHECKPOINT_INTERVAL_MINUTES (0: off) and one at clean shutdown,
 * where background work runs (like the backup schedule: the dispatcher role, workers.ts). A checkpoint
 * equal to the last one this process wrote is skipped.
 */
export class AuditCheckpointer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private lastSeq = -1;

  constructor(
    private readonly deps: { db: DbOrTx; clock: Clock; log: Logger; key: (db: DbOrTx) => Promise<Buffer> },
    readonly dir: string,
    private readonly intervalMinutes: number,
  ) {}

  get active(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.intervalMinutes <= 0 || this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMinutes * 60_000);
    this.timer.unref();
    this.deps.log.info({ intervalMinutes: this.intervalMinutes, dir: this.dir }, 'audit checkpoints started');
    this.tick();
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.write({ skipUnchanged: true })
      .catch((err: Error) => this.deps.log.error({ err: { type: err.name, message: err.message } }, 'audit checkpoint failed'))
      .finally(() => (this.running = undefined));
  }

  /** Takes a checkpoint and appends it to the file; returns it (null when skipped as unchanged). */
  async write(opts: { skipUnchanged?: boolean } = {}): Promise<AuditCheckpoint | null> {
    const c = await takeCheckpoint(this.deps.db, await this.deps.key(this.deps.db), this.deps.clock);
    if (opts.skipUnchanged && c.seq === this.lastSeq) return null;
    appendCheckpoint(this.dir, c);
    this.lastSeq = c.seq;
    this.deps.log.info({ seq: c.seq, dir: this.dir }, 'audit checkpoint written');
    return c;
  }

  /** Stops the schedule and, when it was running, writes the shutdown checkpoint. */
  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.write({ skipUnchanged: true }).catch((err: Error) =>
      this.deps.log.error({ err: { type: err.name, message: err.message } }, 'audit checkpoint at shutdown failed'),
    );
  }
}
