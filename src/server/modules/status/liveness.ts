// The web processes' own lives, so the status page sees the downtime its probes cannot: a process
// that is not running probes nothing. Each web process records its start (one row, its instance
// id), rewrites a heartbeat every HEARTBEAT_MS while it runs, and writes its stop time on a clean
// shutdown. A process that crashed wrote no stop: it is counted as up until its last heartbeat.
//
// Downtime is time, after the first start ever recorded, when NO web process was up: with several
// instances, one going away while another runs is not downtime (the load balancer sends people to
// the other). The uptime bars count it as a major outage of the components the web processes serve.
import type { Logger } from 'pino';
import type { Db, DbOrTx } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';

export const HEARTBEAT_MS = 10_000;
/** A run with no stop whose heartbeat is older than this is taken for dead (three missed beats). */
export const STALE_AFTER_MS = 3 * HEARTBEAT_MS;

export interface ProcessRun {
  id: string;
  startedAt: number;
  heartbeatAt: number;
  stoppedAt: number | null;
}

/** When a run was up: from its start to its clean stop, to now while its heartbeat is fresh, else to its last heartbeat (a crash). */
export function upInterval(run: ProcessRun, now: number, staleAfterMs = STALE_AFTER_MS): { from: number; to: number } {
  if (run.stoppedAt != null) return { from: run.startedAt, to: run.stoppedAt };
  return { from: run.startedAt, to: now - run.heartbeatAt <= staleAfterMs ? now : run.heartbeatAt };
}

/**
 * The intervals within [from, to) when no run was up, counted only after `firstStart` (before the
 * first recorded start nothing is known). Sorted, disjoint.
 */
export function downIntervals(runs: ProcessRun[], firstStart: number | null, from: number, to: number, now: number, staleAfterMs = STALE_AFTER_MS): { from: number; to: number }[] {
  if (firstStart == null) return [];
  const start = Math.max(from, firstStart);
  if (start >= to) return [];
  const ups = runs
    .map((r) => upInterval(r, now, staleAfterMs))
    .filter((u) => u.to > start && u.from < to)
    .sort((a, b) => a.from - b.from);
  const out: { from: number; to: number }[] = [];
  let cursor = start;
  for (const u of ups) {
    if (u.from > cursor) out.push({ from: cursor, to: Math.min(u.from, to) });
    cursor = Math.max(cursor, u.to);
    if (cursor >= to) break;
  }
  if (cursor < to) out.push({ from: cursor, to });
  return out.filter((d) => d.to > d.from);
}

// ---- SQL ----

/** Runs that may have been up at or after `since` (a run ends no later than its last heartbeat or stop). */
export async function runsSince(db: DbOrTx, since: number): Promise<ProcessRun[]> {
  const rows = await db
    .selectFrom('status_process_runs')
    .selectAll()
    .where((eb) => eb.or([eb('heartbeat_at', '>=', since), eb('stopped_at', '>=', since)]))
    .orderBy('started_at')
    .execute();
  return rows.map((r) => ({ id: r.id, startedAt: Number(r.started_at), heartbeatAt: Number(r.heartbeat_at), stoppedAt: r.stopped_at == null ? null : Number(r.stopped_at) }));
}

/** The first start ever recorded (null: none yet). */
export async function firstStart(db: DbOrTx): Promise<number | null> {
  const row = await db.selectFrom('status_process_runs').select((eb) => eb.fn.min('started_at').as('first')).executeTakeFirst();
  return row?.first == null ? null : Number(row.first);
}

/** One web process's record of its own life: start, heartbeat, stop. */
export class ProcessLiveness {
  private timer: NodeJS.Timeout | null = null;
  private started = false;

  constructor(
    private readonly ctx: { db: Db; clock: Clock; log: Logger },
    readonly instance: string,
    private readonly intervalMs = HEARTBEAT_MS,
  ) {}

  /** Records the start and begins the heartbeat (idempotent). A database error is logged, never thrown: serving matters more. */
  async start(opts: { timer?: boolean } = {}): Promise<void> {
    if (this.started) return;
    this.started = true;
    const now = this.ctx.clock.now();
    try {
      await this.ctx.db.insertInto('status_process_runs').values({ id: this.instance, started_at: now, heartbeat_at: now, stopped_at: null }).execute();
    } catch (err) {
      this.ctx.log.warn({ err }, 'status: could not record this process start');
    }
    if (opts.timer !== false && this.intervalMs > 0) {
      this.timer = setInterval(() => void this.beat(), this.intervalMs);
      this.timer.unref();
    }
  }

  async beat(): Promise<void> {
    if (!this.started) return;
    try {
      await this.ctx.db.updateTable('status_process_runs').set({ heartbeat_at: this.ctx.clock.now() }).where('id', '=', this.instance).where('stopped_at', 'is', null).execute();
    } catch (err) {
      this.ctx.log.warn({ err }, 'status: heartbeat not recorded');
    }
  }

  /** A clean stop: the time is written, so the gap until the next start is exactly known. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.started) return;
    this.started = false;
    const now = this.ctx.clock.now();
    try {
      await this.ctx.db.updateTable('status_process_runs').set({ heartbeat_at: now, stopped_at: now }).where('id', '=', this.instance).execute();
    } catch (err) {
      this.ctx.log.warn({ err }, 'status: could not record this process stop');
    }
  }
}
