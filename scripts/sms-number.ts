// `npm run sms-number -- --practice <id> --number +15415550100` gives a practice its own sending
// number; `--practice <id> --shared` takes it back (texts go from SMS_FROM again).
//
// Carriers and Twilio act on STOP per sending number: on a number several practices share, a
// client's STOP meant for one practice silences all of them at the carrier, though Hearth records
// it for one. A practice with its own number has its own STOP, and replies to that number are its
// own. The number must be one the installation's Twilio account owns (Twilio refuses a send From
// any other, error 21606). Audited (`setting_change` → `practice_sms_number`).
import { buildApp } from '../src/server/app.js';
import { AppError } from '../src/server/errors.js';
import { createLogger } from '../src/server/lib/logger.js';
import { consoleOut, isMain, masterKeyOf, openFromEnv, parseFlags, runMain, type Env, type Out } from './lib/cli.js';

const USAGE = 'usage: npm run sms-number -- --practice <practice id> (--number +15415550100 | --shared)';
const META = { ip: '127.0.0.1', userAgent: 'hearth-cli/sms-number' };

export async function runSmsNumber(argv: string[], env: Env, out: Out = consoleOut): Promise<number> {
  const options = { practice: { type: 'string' }, number: { type: 'string' }, shared: { type: 'boolean' } } as const;
  // A practice, and either a number or --shared.
  const parsed = parseFlags(argv, options, USAGE, out, { required: ['practice'], valid: (v) => (v.number === undefined) !== (v.shared !== true) });
  if ('exit' in parsed) return parsed.exit;
  const { practice, number } = parsed.values;
  const { config, database } = await openFromEnv(env);
  const app = await buildApp(config, { database, masterKey: masterKeyOf(config, { generateIfMissing: false }), logger: createLogger({ level: 'warn' }) });
  try {
    const { ctx, sms } = app.services;
    const exists = await ctx.db.selectFrom('practices').select('id').where('id', '=', practice).executeTakeFirst();
    if (!exists) {
      out.error(`no practice ${practice}`);
      return 1;
    }
    const phone = await sms.assignNumber(practice, number ?? null, META);
    if (phone) out.log(`practice ${practice} now texts from its own number ${phone}; replies to it are its own`);
    else out.log(`practice ${practice} texts from the shared number${config.sms ? ` ${config.sms.from}` : ''} again`);
    if (!config.sms) out.log('Note: SMS is not configured here (SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM); nothing is sent until it is.');
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      out.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await app.close();
    await database.destroy();
  }
}

if (isMain(import.meta.url)) runMain(() => runSmsNumber(process.argv.slice(2), process.env));
