// `npm run dispatcher`: a process that runs the dispatcher role's workers (jobs/registry.ts): it
// sends reminders and notifications, runs the outbox consumers (so the reminder ledger keeps being
// built), makes the scheduled backups (docs/backups.md) and writes the audit checkpoints. It reads
// the same configuration as the web server, opens the database, applies migrations (Kysely's
// migration lock makes that safe beside a starting web process) and never listens. Run it with
// DISPATCHER=external on the web processes so they leave dispatching to it; several dispatcher
// processes on one PostgreSQL claim disjoint rows.
//
// SIGTERM/SIGINT: stops claiming, lets sends in flight finish and be recorded, gives rows claimed
// but not yet tried back, and exits 0. A process killed harder leaves its in-flight rows `sending`;
// the next dispatcher to start (or any running one, periodically) turns them `uncertain` after
// REMINDER_LEASE_MS, never resending them.
import { boot, closeOnSignal, type Booted } from './boot.js';
import { processRoles } from './jobs/index.js';

/**
 * The services this process runs, and how it ends. Today they come from the app that boot()
 * builds (made ready, never listening); once services.ts lands this is the one place to change:
 * `buildServices(config, deps)` instead, with no HTTP app at all.
 */
async function services(booted: Booted) {
  await booted.app.ready();
  return booted.app.services;
}

async function main() {
  const booted = await boot();
  const { config, database, logger } = booted;
  const { workers, reminders, notifications } = await services(booted);
  await workers.start(processRoles('dispatcher', config));
  // The workers' timers are unref'd (inside a web process the server holds the loop open); here
  // nothing else would, and on SQLite an idle dispatcher would simply exit.
  const hold = setInterval(() => undefined, 3600_000);
  logger.info({ dispatcher: reminders.dispatcher.id, workers: workers.running(), database: database.dialect }, 'reminder dispatcher started');
  // Tests and supervisors wait for this line.
  if (process.send) process.send({ ready: reminders.dispatcher.id });
  closeOnSignal(booted, (signal) => {
    clearInterval(hold);
    logger.info({ signal, counts: reminders.dispatcher.counts, notifications: notifications.dispatcher.counts }, 'reminder dispatcher stopping');
  });
}

main().catch((err: Error) => {
  console.error('the reminder dispatcher failed to start:', err.message);
  process.exit(1);
});
