// `npm run verify-records`: checks every signed clinical note (its answers, template, signer and
// signing time, the group visit's shared part, each addendum and the co-signature) against the
// content hashes stored when they were signed, and names each note that no longer matches: changed
// in the database directly, or a ciphertext that no longer decrypts. The hashes are keyed with the
// practice's index key (unwrapped with the master key: MASTER_KEY or MASTER_KEY_FILE). Read only.
// Exit 0 when every note matches, 1 otherwise, 2 for a usage error.
import { FieldCrypto } from '../src/server/crypto/envelope.js';
import { LocalKeyProvider } from '../src/server/crypto/keys.js';
import { systemClock } from '../src/server/lib/clock.js';
import { verifyNotes } from '../src/server/modules/notes/index.js';
import { consoleOut, isMain, masterKeyOf, openFromEnv, runMain, type Env, type Out } from './lib/cli.js';

const USAGE = 'usage: npm run verify-records';

export async function runVerifyRecords(env: Env, out: Out = consoleOut): Promise<{ exitCode: number; checked: number; tampered: string[] }> {
  const { config, database } = await openFromEnv(env);
  try {
    const crypto = new FieldCrypto(database.db, new LocalKeyProvider(masterKeyOf(config, { generateIfMissing: false })), systemClock);
    const { checked, tampered } = await verifyNotes({ db: database.db, crypto });
    for (const id of tampered) out.error(`note ${id}: does not match what was signed (changed after signing)`);
    if (!tampered.length) out.log(`clinical notes OK: ${checked} signed note${checked === 1 ? '' : 's'} match what was signed`);
    return { exitCode: tampered.length ? 1 : 0, checked, tampered };
  } finally {
    await database.destroy();
  }
}

if (isMain(import.meta.url)) {
  runMain(async () => {
    if (process.argv.length > 2) {
      consoleOut.error(`unexpected argument ${process.argv[2]}\n${USAGE}`);
      return 2;
    }
    return (await runVerifyRecords(process.env)).exitCode;
  });
}
