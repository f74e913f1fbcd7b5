// The master key wraps per-practice data keys; it is kept apart from the data (a file outside the
// database, an environment variable, or a cloud KMS implementing KeyProvider).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

export interface KeyProvider {
  /** Identifies the master key, stored beside each wrapped key so rotation can find old ones. */
  readonly id: string;
  wrap(dataKey: Buffer): Promise<string>;
  unwrap(wrapped: string, masterKeyId: string): Promise<Buffer>;
}

const WRAP_AAD = Buffer.from('hearth:data-key:v1');

/** AES-256-GCM key wrapping under a locally held master key (file or environment). */
export class LocalKeyProvider implements KeyProvider {
  readonly id: string;
  private readonly keys: Map<string, Buffer>;

  /** `previous` keys unwrap only: they let `rotate-keys` rewrap data keys under a new master. */
  constructor(master: Buffer, previous: Buffer[] = []) {
    if (master.length !== 32) throw new Error('The master key must be 32 bytes (base64 of 32 random bytes)');
    this.id = fingerprint(master);
    this.keys = new Map([[this.id, master], ...previous.map((k) => [fingerprint(k), k] as [string, Buffer])]);
  }

  async wrap(dataKey: Buffer): Promise<string> {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.id)!, nonce);
    cipher.setAAD(WRAP_AAD);
    const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return [nonce, ct, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
  }

  async unwrap(wrapped: string, masterKeyId: string): Promise<Buffer> {
    const key = this.keys.get(masterKeyId);
    if (!key) throw new Error(`Master key ${masterKeyId} is not available`);
    const [nonce, ct, tag] = wrapped.split('.').map((p) => Buffer.from(p, 'base64url'));
    if (!nonce || !ct || !tag) throw new Error('Malformed wrapped key');
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(WRAP_AAD);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  }
}

export function fingerprint(key: Buffer): string {
  return createHash('sha256').update('hearth:master-key-id').update(key).digest('hex').slice(0, 16);
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where} must hold a base64-encoded 32-byte key`);
  return key;
}

/**
 * Loads the master key named by the config. In local (non-production) mode with no key configured,
 * one is generated into the data directory on first run, with a warning that production must
 * supply its own.
 */
export function loadMasterKey(cfg: Config['masterKey'], warn: (msg: string) => void): Buffer {
  if (cfg.source === 'env') return decodeKey(cfg.value, 'MASTER_KEY');
  if (!existsSync(cfg.path)) {
    if (!cfg.generateIfMissing) throw new Error(`Master key file ${cfg.path} does not exist`);
    mkdirSync(path.dirname(cfg.path), { recursive: true, mode: 0o700 });
    writeFileSync(cfg.path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(cfg.path, 0o600);
    warn(
      `Generated a new master key at ${cfg.path}. This is for local use only: in production supply ` +
        `your own with MASTER_KEY or MASTER_KEY_FILE (or a KMS), stored apart from the database and its backups.`,
    );
  }
  return decodeKey(readFileSync(cfg.path, 'utf8'), cfg.path);
}

/**
 * Loads the backup key (BACKUP_KEY or BACKUP_KEY_FILE): it encrypts whole backup files and is
 * kept apart from the master key, so a stolen backup and a stolen master key are two thefts. In
 * local mode with none configured, one is generated beside the master key on first use.
 */
export function loadBackupKey(cfg: Config['backup']['key'], warn: (msg: string) => void): Buffer {
  if (cfg.source === 'env') return decodeKey(cfg.value, 'BACKUP_KEY');
  if (!existsSync(cfg.path)) {
    if (!cfg.generateIfMissing) throw new Error(`Backup key file ${cfg.path} does not exist (set BACKUP_KEY or BACKUP_KEY_FILE)`);
    mkdirSync(path.dirname(cfg.path), { recursive: true, mode: 0o700 });
    writeFileSync(cfg.path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(cfg.path, 0o600);
    warn(
      `Generated a new backup key at ${cfg.path}. This is for local use only: in production supply your own ` +
        `with BACKUP_KEY or BACKUP_KEY_FILE, and keep a copy away from the backups (without it they cannot be restored).`,
    );
  }
  return decodeKey(readFileSync(cfg.path, 'utf8'), cfg.path);
}
