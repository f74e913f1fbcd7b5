// Envelope encryption of PHI fields: AES-256-GCM under per-practice data keys, each value bound by
// associated data to its table, column and row (a value copied onto another row fails to decrypt).
// Searchable fields get keyed blind indexes (HMAC-SHA256 under a separate per-practice index key).
import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { DbOrTx, Db } from '../db/index.js';
import type { KeyProvider } from './keys.js';

export interface FieldRef {
  table: string;
  column: string;
  rowId: string;
}

/** Raised when a ciphertext fails authentication: tampered, moved to another row, or wrong key. */
export class IntegrityError extends Error {
  override name = 'IntegrityError';
  constructor(readonly ref: FieldRef) {
    super(`Integrity check failed for ${ref.table}.${ref.column}`);
  }
}

const VERSION = 'v1';
// Scope for platform-wide keys (e.g. the login e-mail index, which must work before the
// practice is known).
export const PLATFORM = null;
type Scope = string | null;

function aad(ref: FieldRef): Buffer {
  return Buffer.from(`hearth:${VERSION}:${ref.table}.${ref.column}:${ref.rowId}`);
}

export class FieldCrypto {
  private readonly cache = new Map<string, Buffer>();
  // Active key ids are re-read after a minute, so a rotation run by the operator CLI reaches
  // every running instance without a restart. Unwrapped keys never change and stay cached.
  private readonly active = new Map<string, { id: string; at: number }>();
  private static readonly ACTIVE_TTL_MS = 60_000;

  constructor(
    private readonly db: Db,
    private readonly provider: KeyProvider,
    private readonly clock: Clock,
    private readonly onIntegrityFailure: (ref: FieldRef) => void = () => undefined,
  ) {}

  /** Creates a practice's (or the platform's) keys. Call inside the transaction creating the practice. */
  async createKeys(tx: DbOrTx, scope: Scope): Promise<void> {
    const now = this.clock.now();
    for (const purpose of ['enc', 'index'] as const) {
      const key = randomBytes(32);
      await tx
        .insertInto('data_keys')
        .values({
          id: purpose === 'index' ? indexKeyId(scope) : randomUUID(),
          practice_id: scope,
          purpose,
          wrapped_key: await this.provider.wrap(key),
          master_key_id: this.provider.id,
          status: 'active',
          created_at: now,
        })
        .execute();
    }
  }

  /** The platform index key is made once, by whichever instance gets there first. */
  async ensurePlatformKeys(): Promise<void> {
    const existing = await this.db.selectFrom('data_keys').select('id').where('id', '=', indexKeyId(PLATFORM)).executeTakeFirst();
    if (existing) return;
    try {
      await this.db.transaction().execute((tx) => this.createKeys(tx, PLATFORM));
    } catch (err) {
      const again = await this.db.selectFrom('data_keys').select('id').where('id', '=', indexKeyId(PLATFORM)).executeTakeFirst();
      if (!again) throw err;
    }
  }

  /**
   * The audit chain's key (docs/audit.md): 32 random bytes made once, stored only wrapped by the
   * master key like every data key (so `rotate-keys --master` re-wraps it and the chain stays
   * verifiable), never in the clear. Made on first use; refused when the chain is already keyed
   * but the key has gone (a new key would silently re-anchor the chain).
   */
  async auditKey(db: DbOrTx = this.db): Promise<Buffer> {
    const cached = this.cache.get(AUDIT_KEY_ID);
    if (cached) return cached;
    const row = await db.selectFrom('data_keys').select('id').where('id', '=', AUDIT_KEY_ID).executeTakeFirst();
    if (!row) {
      const head = await db.selectFrom('audit_head').select('keyed_from').where('id', '=', 1).executeTakeFirst();
      if (head && head.keyed_from !== null) {
        throw new Error('The audit chain is keyed but its key (data_keys platform:audit) is missing: restore it from a backup');
      }
      try {
        await db
          .insertInto('data_keys')
          .values({
            id: AUDIT_KEY_ID,
            practice_id: PLATFORM,
            purpose: 'audit',
            wrapped_key: await this.provider.wrap(randomBytes(32)),
            master_key_id: this.provider.id,
            status: 'active',
            created_at: this.clock.now(),
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      } catch (err) {
        const again = await db.selectFrom('data_keys').select('id').where('id', '=', AUDIT_KEY_ID).executeTakeFirst();
        if (!again) throw err;
      }
    }
    return this.key(AUDIT_KEY_ID, db);
  }

  async encrypt(scope: Scope, ref: FieldRef, plaintext: string, db: DbOrTx = this.db): Promise<string> {
    const keyId = await this.activeKeyId(scope, db);
    const key = await this.key(keyId, db);
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(aad(ref));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, keyId, nonce.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  async decrypt(ref: FieldRef, envelope: string, db: DbOrTx = this.db): Promise<string> {
    const parts = envelope.split('.');
    const [version, keyId, nonceB64, ctB64, tagB64] = parts;
    if (parts.length !== 5 || version !== VERSION || !keyId || !nonceB64 || ctB64 === undefined || !tagB64) {
      this.onIntegrityFailure(ref);
      throw new IntegrityError(ref);
    }
    let key: Buffer;
    try {
      key = await this.key(keyId, db);
    } catch {
      this.onIntegrityFailure(ref);
      throw new IntegrityError(ref);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonceB64, 'base64url'));
      decipher.setAAD(aad(ref));
      decipher.setAuthTag(Buffer.from(tagB64, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ctB64, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      this.onIntegrityFailure(ref);
      throw new IntegrityError(ref);
    }
  }

  async decryptNullable(ref: FieldRef, envelope: string | null, db: DbOrTx = this.db): Promise<string | null> {
    return envelope === null ? null : this.decrypt(ref, envelope, db);
  }

  /** Exact-match blind index of a normalised value: HMAC-SHA256(indexKey, kind || value). */
  async blindIndex(scope: Scope, kind: string, normalised: string, db: DbOrTx = this.db): Promise<string> {
    const key = await this.key(indexKeyId(scope), db);
    return createHmac('sha256', key).update(`${kind}\u0000${normalised}`).digest('base64url');
  }

  /** Index terms for prefix search: one HMAC per prefix of at least `min` characters. */
  async blindPrefixes(scope: Scope, kind: string, normalised: string, min = 2, db: DbOrTx = this.db): Promise<string[]> {
    const chars = [...normalised];
    const out: string[] = [];
    for (let n = Math.min(min, chars.length); n <= chars.length; n++) {
      out.push(await this.blindIndex(scope, `${kind}:prefix`, chars.slice(0, n).join(''), db));
    }
    return out;
  }

  /** Starts a new data key for a scope; older keys keep decrypting until re-encryption retires them. */
  async rotateDataKey(scope: Scope): Promise<string> {
    const id = randomUUID();
    const key = randomBytes(32);
    await this.db.transaction().execute(async (tx) => {
      let q = tx.updateTable('data_keys').set({ status: 'retired' }).where('purpose', '=', 'enc');
      q = scope === null ? q.where('practice_id', 'is', null) : q.where('practice_id', '=', scope);
      await q.execute();
      await tx
        .insertInto('data_keys')
        .values({
          id,
          practice_id: scope,
          purpose: 'enc',
          wrapped_key: await this.provider.wrap(key),
          master_key_id: this.provider.id,
          status: 'active',
          created_at: this.clock.now(),
        })
        .execute();
    });
    this.active.delete(String(scope));
    return id;
  }

  /** Re-wraps every data key under the provider's current master key (master-key rotation). */
  async rewrapAll(): Promise<number> {
    const rows = await this.db.selectFrom('data_keys').selectAll().where('master_key_id', '!=', this.provider.id).execute();
    for (const row of rows) {
      const key = await this.provider.unwrap(row.wrapped_key, row.master_key_id);
      await this.db
        .updateTable('data_keys')
        .set({ wrapped_key: await this.provider.wrap(key), master_key_id: this.provider.id })
        .where('id', '=', row.id)
        .execute();
    }
    return rows.length;
  }

  /** Which key id an envelope was written under (for re-encryption after rotation). */
  static keyIdOf(envelope: string): string | undefined {
    return envelope.split('.')[1];
  }

  async activeKeyId(scope: Scope, db: DbOrTx = this.db): Promise<string> {
    const cached = this.active.get(String(scope));
    if (cached && this.clock.now() - cached.at < FieldCrypto.ACTIVE_TTL_MS) return cached.id;
    let q = db.selectFrom('data_keys').select('id').where('purpose', '=', 'enc').where('status', '=', 'active');
    q = scope === null ? q.where('practice_id', 'is', null) : q.where('practice_id', '=', scope);
    const row = await q.orderBy('created_at', 'desc').executeTakeFirst();
    if (!row) throw new Error(`No active data key for ${scope === null ? 'the platform' : 'practice ' + scope}`);
    this.active.set(String(scope), { id: row.id, at: this.clock.now() });
    return row.id;
  }

  private async key(id: string, db: DbOrTx): Promise<Buffer> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const row = await db.selectFrom('data_keys').select(['wrapped_key', 'master_key_id']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new Error(`Unknown data key ${id}`);
    const key = await this.provider.unwrap(row.wrapped_key, row.master_key_id);
    this.cache.set(id, key);
    return key;
  }
}

/** The one audit key of the installation (purpose 'audit', no practice). */
export const AUDIT_KEY_ID = 'platform:audit';

function indexKeyId(scope: Scope): string {
  return scope === null ? 'platform:index' : `${scope}:index`;
}

export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}
