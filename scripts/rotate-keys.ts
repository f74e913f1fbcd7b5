// `npm run rotate-keys -- --master | --practice <id|all>`
//   --master              re-wraps every data key under the current master key (MASTER_KEY or
//                         MASTER_KEY_FILE); the old one is supplied as PREVIOUS_MASTER_KEY or
//                         PREVIOUS_MASTER_KEY_FILE. Afterwards the old master key unwraps nothing.
//   --practice <id|all>   starts a new data key for the practice (or every practice) and
//                         re-encrypts every column in ENCRYPTED_COLUMNS under it. The retired key
//                         stays (older backups need it), but no live row uses it any more.
//   --platform            the same for the platform's own data key, which protects what belongs
//                         to no one practice (client portal accounts: e-mail, authenticator).
// Blind-index keys are not rotated here (that needs every indexed value recomputed).
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { FieldCrypto, PLATFORM } from '../src/server/crypto/envelope.js';
import { fingerprint, LocalKeyProvider } from '../src/server/crypto/keys.js';
import type { Db, Tx } from '../src/server/db/index.js';
import { systemClock } from '../src/server/lib/clock.js';
import { AuditService } from '../src/server/modules/audit/index.js';
import { consoleOut, isMain, masterKeyOf, openFromEnv, parseFlags, runMain, type Env, type Out } from './lib/cli.js';
import { ENCRYPTED_COLUMNS, type EncryptedColumn } from './lib/encrypted-columns.js';

const PAGE = 500;
const SYSTEM = { type: 'system' as const, id: null };

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where} must hold base64-encoded 32-byte keys`);
  return key;
}

/**
 * Previous master keys from PREVIOUS_MASTER_KEY (one, or several separated by commas) and
 * PREVIOUS_MASTER_KEY_FILE (one base64 key per line; blank lines and # comments ignored).
 */
export function previousMasterKeys(env: Env): Buffer[] {
  const keys: Buffer[] = [];
  const inline = env.PREVIOUS_MASTER_KEY?.trim();
  if (inline) for (const part of inline.split(',').filter((p) => p.trim())) keys.push(decodeKey(part, 'PREVIOUS_MASTER_KEY'));
  const file = env.PREVIOUS_MASTER_KEY_FILE?.trim();
  if (file) {
    const lines = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    if (!lines.length) throw new Error(`PREVIOUS_MASTER_KEY_FILE ${file} holds no key`);
    for (const line of lines) keys.push(decodeKey(line, `PREVIOUS_MASTER_KEY_FILE ${file}`));
  }
  return keys;
}

export interface MasterRotation {
  masterKeyId: string;
  rewrapped: number;
  total: number;
}

/** Re-wraps every data key not yet under the current master key. */
export async function rotateMasterKey(env: Env, out: Out = consoleOut): Promise<MasterRotation> {
  const { config, database } = await openFromEnv(env);
  try {
    const master = masterKeyOf(config, { generateIfMissing: false });
    const previous = previousMasterKeys(env);
    const provider = new LocalKeyProvider(master, previous);
    const db = database.db;

    // Refuse before changing anything when some data key is wrapped under a key we were not given.
    const known = new Set([provider.id, ...previous.map(fingerprint)]);
    const ids = await db.selectFrom('data_keys').select('master_key_id').distinct().execute();
    const unknown = ids.map((r) => r.master_key_id).filter((id) => !known.has(id));
    if (unknown.length) {
      throw new Error(
        `Data keys are wrapped under master key(s) ${unknown.join(', ')}, which were not supplied. ` +
          `Set PREVIOUS_MASTER_KEY or PREVIOUS_MASTER_KEY_FILE to the old key; nothing was changed.`,
      );
    }
    const crypto = new FieldCrypto(db, provider, systemClock);
    const rewrapped = await crypto.rewrapAll();

    // Prove it: the current master key alone now unwraps every data key.
    const alone = new LocalKeyProvider(master);
    const rows = await db.selectFrom('data_keys').select(['id', 'wrapped_key', 'master_key_id']).execute();
    for (const row of rows) await alone.unwrap(row.wrapped_key, row.master_key_id);

    await new AuditService(db, database.dialect, systemClock, (tx) => crypto.auditKey(tx)).record({
      actor: SYSTEM,
      practiceId: null,
      action: 'update',
      resource: { type: 'data_key', id: null },
      outcome: 'success',
      details: { operation: 'master_key_rewrap', rewrapped, masterKeyId: provider.id },
    });
    out.log(`master key ${provider.id}: re-wrapped ${rewrapped} of ${rows.length} data keys; all ${rows.length} unwrap under it alone`);
    if (previous.length) out.log('The previous master key is no longer needed by this database (keep it while older backups exist).');
    return { masterKeyId: provider.id, rewrapped, total: rows.length };
  } finally {
    await database.destroy();
  }
}

export interface PracticeRotation {
  practiceId: string;
  keyId: string;
  /** Re-encrypted values per "table.column". */
  reencrypted: Record<string, number>;
  /** Rows changed by someone else between read and write (left as they were written). */
  skipped: number;
}

interface EncRow {
  id: string;
  value: string;
}

/** A page of one column's values owned by a practice, or (scope null) of a platform-key column. */
function selectPage(tx: Tx, col: EncryptedColumn, scope: string | null, afterId: string) {
  const value = sql.ref(`t.${col.column}`);
  const key = sql.ref(`t.${col.idColumn ?? 'id'}`);
  const p = col.practiceId;
  if ((p.kind === 'platform') !== (scope === null)) throw new Error(`${col.table}.${col.column} is not under the ${scope === null ? 'platform' : 'practice'} key`);
  if (p.kind === 'platform') {
    return sql<EncRow>`select ${key} as id, ${value} as value from ${sql.table(col.table)} as t
      where ${value} is not null and ${key} > ${afterId} order by ${key} limit ${PAGE}`.execute(tx);
  }
  const from =
    p.kind === 'column'
      ? sql`${sql.table(col.table)} as t`
      : sql`${sql.table(col.table)} as t inner join ${sql.table(p.table)} as p on p.id = ${sql.ref(`t.${p.foreignKey}`)}`;
  const owner = p.kind === 'column' ? sql.ref(`t.${p.column}`) : sql.ref(`p.${p.column}`);
  return sql<EncRow>`select ${key} as id, ${value} as value from ${from}
    where ${owner} = ${scope} and ${value} is not null and ${key} > ${afterId}
    order by ${key} limit ${PAGE}`.execute(tx);
}

/** Re-encrypts one column of one practice (or the platform) under its active key; returns [done, skipped]. */
async function reencryptColumn(db: Db, crypto: FieldCrypto, col: EncryptedColumn, scope: string | null, keyId: string): Promise<[number, number]> {
  let done = 0;
  let skipped = 0;
  let after = '';
  for (;;) {
    const page = await db.transaction().execute(async (tx) => {
      const { rows } = await selectPage(tx, col, scope, after);
      for (const row of rows) {
        if (FieldCrypto.keyIdOf(row.value) === keyId) continue;
        const ref = { table: col.table, column: col.column, rowId: row.id };
        const plaintext = await crypto.decrypt(ref, row.value, tx);
        const fresh = await crypto.encrypt(scope, ref, plaintext, tx);
        const res = await sql`update ${sql.table(col.table)} set ${sql.ref(col.column)} = ${fresh}
          where ${sql.ref(col.idColumn ?? 'id')} = ${row.id} and ${sql.ref(col.column)} = ${row.value}`.execute(tx);
        if (Number(res.numAffectedRows ?? 0) === 1) done++;
        else skipped++;
      }
      return rows;
    });
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
  }
  return [done, skipped];
}

/**
 * Starts a new data key for a practice (or, scope null, the platform), re-encrypts the columns
 * under that key, audits and reports it. A practice rotation leaves the platform-key columns
 * (portal accounts), which belong to no practice, and the other way round.
 */
async function rotateScope(db: Db, crypto: FieldCrypto, audit: AuditService, scope: string | null, out: Out): Promise<Omit<PracticeRotation, 'practiceId'>> {
  const keyId = await crypto.rotateDataKey(scope);
  const reencrypted: Record<string, number> = {};
  let skipped = 0;
  for (const col of ENCRYPTED_COLUMNS.filter((c) => (c.practiceId.kind === 'platform') === (scope === PLATFORM))) {
    const [done, skip] = await reencryptColumn(db, crypto, col, scope, keyId);
    reencrypted[`${col.table}.${col.column}`] = done;
    skipped += skip;
  }
  const total = Object.values(reencrypted).reduce((a, b) => a + b, 0);
  await audit.record({
    actor: SYSTEM,
    practiceId: scope,
    action: 'update',
    resource: { type: 'data_key', id: keyId },
    outcome: 'success',
    details: { operation: scope === PLATFORM ? 'platform_key_rotation' : 'data_key_rotation', reencrypted: total, skipped },
  });
  const who = scope === PLATFORM ? 'platform' : `practice ${scope}`;
  const parts = Object.entries(reencrypted).filter(([, n]) => n > 0).map(([c, n]) => `${c}=${n}`);
  out.log(`${who}: new data key ${keyId}; re-encrypted ${total} values${parts.length ? ` (${parts.join(', ')})` : ''}`);
  if (skipped) out.error(`${who}: ${skipped} values changed during rotation and were left as written; run again to cover them`);
  return { keyId, reencrypted, skipped };
}

/** Starts a new data key for one practice (or every practice with "all") and re-encrypts its columns. */
export async function rotatePracticeKeys(env: Env, target: string, out: Out = consoleOut): Promise<PracticeRotation[]> {
  const { config, database } = await openFromEnv(env);
  try {
    const db = database.db;
    const provider = new LocalKeyProvider(masterKeyOf(config, { generateIfMissing: false }), previousMasterKeys(env));
    const crypto = new FieldCrypto(db, provider, systemClock);
    const audit = new AuditService(db, database.dialect, systemClock, (tx) => crypto.auditKey(tx));
    const practices =
      target === 'all'
        ? (await db.selectFrom('practices').select('id').orderBy('created_at').execute()).map((r) => r.id)
        : (await db.selectFrom('practices').select('id').where('id', '=', target).execute()).map((r) => r.id);
    if (!practices.length) throw new Error(target === 'all' ? 'There are no practices' : `No practice with id ${target}`);

    const results: PracticeRotation[] = [];
    for (const practiceId of practices) results.push({ practiceId, ...(await rotateScope(db, crypto, audit, practiceId, out)) });
    return results;
  } finally {
    await database.destroy();
  }
}

export interface PlatformRotation {
  keyId: string;
  reencrypted: Record<string, number>;
  skipped: number;
}

/** Starts a new platform data key and re-encrypts every platform-key column under it. */
export async function rotatePlatformKey(env: Env, out: Out = consoleOut): Promise<PlatformRotation> {
  const { config, database } = await openFromEnv(env);
  try {
    const db = database.db;
    const provider = new LocalKeyProvider(masterKeyOf(config, { generateIfMissing: false }), previousMasterKeys(env));
    const crypto = new FieldCrypto(db, provider, systemClock);
    await crypto.ensurePlatformKeys();
    return await rotateScope(db, crypto, new AuditService(db, database.dialect, systemClock, (tx) => crypto.auditKey(tx)), PLATFORM, out);
  } finally {
    await database.destroy();
  }
}

const USAGE = 'usage: npm run rotate-keys -- --master | --practice <id|all> | --platform   (any together; --master runs first)';

export async function runRotateKeys(argv: string[], env: Env, out: Out = consoleOut): Promise<number> {
  const options = { master: { type: 'boolean' }, practice: { type: 'string' }, platform: { type: 'boolean' } } as const;
  const parsed = parseFlags(argv, options, USAGE, out, { valid: (v) => !!v.master || v.practice !== undefined || !!v.platform });
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  if (values.master) await rotateMasterKey(env, out);
  if (values.practice !== undefined) {
    const results = await rotatePracticeKeys(env, values.practice, out);
    if (results.some((r) => r.skipped > 0)) return 1;
  }
  if (values.platform && (await rotatePlatformKey(env, out)).skipped > 0) return 1;
  return 0;
}

if (isMain(import.meta.url)) runMain(() => runRotateKeys(process.argv.slice(2), process.env));
