// The status module's public face: the public status page (components, incidents, maintenance,
// subscribers), the probes that watch this installation, and this process's liveness record.
import { randomUUID } from 'node:crypto';
import { statusWorkers } from './workers.js';
import { defineModule } from '../contract.js';
import { ProcessLiveness } from './liveness.js';
import { Prober } from './probes.js';
import { StatusService } from './service.js';

export { StatusService, type Operator } from './service.js';
export { Prober, type Probe, type ProbeDeps, type ProbeResult } from './probes.js';
export { HEARTBEAT_MS, ProcessLiveness, STALE_AFTER_MS } from './liveness.js';

export interface Status {
  service: StatusService;
  /** The probes run in web processes (started when the server listens). */
  prober: Prober;
  liveness: ProcessLiveness;
}

declare module '../contract.js' {
  interface ServiceRegistry {
    /** The status page; the probes run in web processes (started when the server listens). */
    status: Status;
  }
}

export const statusModule = defineModule({
  name: 'status',
  needs: ['calls', 'reminders', 'notifications', 'backups'],
  build: (ctx, { calls, reminders, notifications, backups }): Status => {
    // An update that mails subscribers is delivered at once where probes run (else on their next
    // round); the prober, built just below, is what delivers.
    const service = new StatusService(ctx, () => {
      if (prober.active) void prober.tick();
    });
    const prober: Prober = new Prober(ctx, service, {
      bus: calls.bus,
      lateRings: (before) => calls.lateRings(before),
      reminderOldestDue: () => reminders.dispatcher.oldestDue(),
      notificationOldestDue: () => notifications.dispatcher.oldestDue(),
      // The newest good backup: a scheduled run recorded in the database (by whichever process made
      // it), or a file in BACKUP_DIR (`npm run backup` from cron).
      latestBackupAt: async () => {
        const [runs, file] = await Promise.all([backups.scheduler.recentRuns(20), backups.service.latest()]);
        const times = [...runs.filter((r) => r.ok && r.finishedAt).map((r) => r.finishedAt!.getTime()), ...(file ? [file.createdAt.getTime()] : [])];
        return times.length ? Math.max(...times) : null;
      },
    });
    // This process's start, heartbeat and stop, so the uptime bars see time when no web process ran.
    const liveness = new ProcessLiveness(ctx, randomUUID());
    return { service, prober, liveness };
  },
  workers: (status) => statusWorkers(status.service, status.prober, status.liveness),
  routes: async (app, status) => (await import('./routes.js')).statusRoutes(app, status.service, status.prober),
});
