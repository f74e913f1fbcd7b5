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
import { onSignal, openProcess } from './boot.js';
import { processRoles } from './jobs/index.js';
import { buildServices } from './services.js';

async function main() {
  const { config, database, logger, masterKey } = await openProcess();
  // The services only: no HTTP app is built here (src/structure.test.ts checks services.ts loads none).
  const services = await buildServices(config, { database, masterKey, logger });
  const { workers, reminders, notifications } = services;
  await workers.start(processRoles('dispatcher', config));
  // The workers' timers are unref'd (inside a web process the server holds the loop open); here
  // nothing else would, and on SQLite an idle dispatcher would simply exit.
  const hold = setInterval(() => undefined, 3600_000);
  logger.info({ dispatcher: reminders.dispatcher.id, workers: workers.running(), database: database.dialect }, 'reminder dispatcher started');
  // Tests and supervisors wait for this line.
  if (process.send) process.send({ ready: reminders.dispatcher.id });
  onSignal(
    async () => {
      await workers.stop();
      services.ctx.mailer.close();
      await database.destroy();
    },
    (signal) => {
      clearInterval(hold);
      logger.info({ signal, counts: reminders.dispatcher.counts, notifications: notifications.dispatcher.counts }, 'reminder dispatcher stopping');
    },
  );
}

main().catch((err: Error) => {
  console.error('the reminder dispatcher failed to start:', err.message);
  process.exit(1);
});
