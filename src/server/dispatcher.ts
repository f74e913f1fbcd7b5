// `npm run dispatcher`: a process that only sends reminders and notifications (and runs the outbox consumers, so the
// reminder ledger keeps being built) and makes the scheduled backups (docs/backups.md). It reads the same configuration as the web server, opens the
// database, applies migrations (Kysely's migration lock makes that safe beside a starting web
// process) and never listens. Run it with DISPATCHER=external on the web processes so they leave
// dispatching to it; several dispatcher processes on one PostgreSQL claim disjoint rows.
//
// SIGTERM/SIGINT: stops claiming, lets sends in flight finish and be recorded, gives rows claimed
// but not yet tried back, and exits 0. A process killed harder leaves its in-flight rows `sending`;
// the next dispatcher to start (or any running one, periodically) turns them `uncertain` after
// REMINDER_LEASE_MS, never resending them.
import { boot, closeOnSignal } from './boot.js';

async function main() {
  // The whole app is built (one wiring for both kinds of process) but never listens.
  const booted = await boot();
  const { app, database, logger } = booted;
  await app.ready();
  const { dispatcher } = app.services.reminders;
  dispatcher.start();
  // Every other notification (alerts, waitlist offers, calendar invitations) goes out from here too.
  app.services.notifications.dispatcher.start();
  // And scheduled backups (BACKUP_INTERVAL_MINUTES; one instance per interval, claimed in the database).
  app.services.backups.scheduler.start();
  // And audit checkpoints (AUDIT_CHECKPOINT_INTERVAL_MINUTES), one more at clean shutdown.
  app.services.auditCheckpoints.start();
  // The dispatchers' own timers are unref'd (inside a web process the server holds the loop open);
  // here nothing else would, and on SQLite an idle dispatcher would simply exit.
  const hold = setInterval(() => undefined, 3600_000);
  logger.info({ dispatcher: dispatcher.id, database: database.dialect }, 'reminder dispatcher started');
  // Tests and supervisors wait for this line.
  if (process.send) process.send({ ready: dispatcher.id });
  closeOnSignal(booted, (signal) => {
    clearInterval(hold);
    logger.info({ signal, counts: dispatcher.counts, notifications: app.services.notifications.dispatcher.counts }, 'reminder dispatcher stopping');
  });
}

main().catch((err: Error) => {
  console.error('the reminder dispatcher failed to start:', err.message);
  process.exit(1);
});
