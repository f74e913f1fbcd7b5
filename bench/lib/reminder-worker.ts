// One dispatcher instance for the reminders bench, in its own process (as `npm run dispatcher`
// would be): the whole app is built over the bench's database, never listens, and its dispatcher
// sends through an in-process channel that sends nothing — it only records the ledger id of each
// mail it is handed (the Message-ID) and reports the ids to the parent over IPC, which counts
// duplicates. Configuration comes from the environment, like the real process.
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/index.js';
import { createLogger } from '../../src/server/lib/logger.js';
import type { Mail, Mailer } from '../../src/server/modules/mail/index.js';

if (!process.send) {
  console.error('run by bench/lib/reminders.ts');
  process.exit(2);
}

let pending: string[] = [];
const flush = () => {
  if (!pending.length) return;
  process.send!({ ids: pending });
  pending = [];
};
setInterval(flush, 100).unref();

/** Sends nothing; remembers which ledger row each mail was for. */
class RecordingMailer implements Mailer {
  async send(mail: Mail) {
    const id = /^<reminder\.([^@]+)@/.exec(mail.messageId ?? '')?.[1];
    if (id) pending.push(id);
  }
  close() {}
}

const config = loadConfig();
const database = openDatabase(config.database);
const app = await buildApp(config, { database, masterKey: Buffer.from(process.env.MASTER_KEY!, 'base64'), mailer: new RecordingMailer(), logger: createLogger({ level: 'silent' }) });
await app.ready();
const { dispatcher } = app.services.reminders;
dispatcher.start();
process.send({ ready: dispatcher.id });
process.on('SIGTERM', () => {
  void (async () => {
    await app.close();
    flush();
    await database.destroy();
    process.send!({ done: dispatcher.counts }, () => process.exit(0));
  })();
});
