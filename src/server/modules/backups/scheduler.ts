// Scheduled backups. Time is cut into BACKUP_INTERVAL_MINUTES slots; in each slot the first
// instance to insert the slot's row into backup_runs makes the backup (a primary-key claim, the
// same on SQLite and PostgreSQL, however many processes run), prunes by retention, and records
// how it went on that row. It runs where background work runs (the dispatcher role, workers.ts):
// the web process with DISPATCHER=inline, the `npm run dispatcher` process with
// DISPATCHER=external. Logs carry file names, sizes and times, never PHI.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Db } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import type { BackupService, CreatedBackup } from './service.js';

export interface BackupRun {
  slot: number;
  instance: string;
  startedAt: Date;
  finishedAt: Date | null;
  file: string | null;
  bytes: number | null;
  ok: boolean | null;
  error: string | null;
}

/** Longest wait between looks at the clock, so a new slot is noticed within a minute. */
const MAX_TICK_MS = 60_000;

export class BackupScheduler {
  readonly instance = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly deps: { db: Db; clock: Clock; log: Logger },
    private readonly service: BackupService,
    private readonly intervalMinutes: number,
  ) {}

  get active(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.intervalMinutes <= 0 || this.timer) return;
    const intervalMs = this.intervalMinutes * 60_000;
    this.timer = setInterval(() => this.tick(), Math.min(intervalMs, MAX_TICK_MS));
    this.timer.unref();
    this.deps.log.info({ intervalMinutes: this.intervalMinutes, dir: this.service.dir }, 'backup schedule started');
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.runDue()
      .catch((err: Error) => this.deps.log.error({ err: { type: err.name, message: err.message } }, 'backup schedule tick failed'))
      .finally(() => (this.running = undefined));
  }

  /**
   * Makes this slot's backup if no instance has claimed the slot yet. Returns the backup, or null
   * when another instance (or an earlier tick) has the slot. A failed backup is recorded and thrown.
   */
  async runDue(): Promise<CreatedBackup | null> {
    if (this.intervalMinutes <= 0) return null;
    const now = this.deps.clock.now();
    const slot = Math.floor(now / (this.intervalMinutes * 60_000));
    const claim = await this.deps.db
      .insertInto('backup_runs')
      .values({ slot, instance: this.instance, started_at: now, finished_at: null, file: null, bytes: null, ok: null, error: null })
      .onConflict((oc) => oc.column('slot').doNothing())
      .executeTakeFirst();
    if (Number(claim.numInsertedOrUpdatedRows ?? 0n) !== 1) return null;
    try {
      const made = await this.service.create();
      const pruned = await this.service.prune();
      await this.deps.db
        .updateTable('backup_runs')
        .set({ finished_at: this.deps.clock.now(), file: made.file, bytes: made.bytes, ok: 1 })
        .where('slot', '=', slot)
        .execute();
      this.deps.log.info({ file: made.file, bytes: made.bytes, seconds: Number(made.seconds.toFixed(2)), pruned: pruned.length }, 'backup made');
      return made;
    } catch (err) {
      const message = (err as Error).message.slice(0, 500);
      await this.deps.db.updateTable('backup_runs').set({ finished_at: this.deps.clock.now(), ok: 0, error: message }).where('slot', '=', slot).execute();
      this.deps.log.error({ err: { type: (err as Error).name, message } }, 'backup failed');
      throw err;
    }
  }

  /** The most recent runs, newest first (for the status page). */
  async recentRuns(limit = 10): Promise<BackupRun[]> {
    const rows = await this.deps.db.selectFrom('backup_runs').selectAll().orderBy('slot', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      slot: r.slot,
      instance: r.instance,
      startedAt: new Date(r.started_at),
      finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
      file: r.file,
      bytes: r.bytes,
      ok: r.ok === null ? null : r.ok === 1,
      error: r.error,
    }));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
