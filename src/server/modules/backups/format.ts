// The .hbk file: a header anyone can read (what, when, which key, the manifest of row counts and
// hashes; no PHI), then the database snapshot gzip-compressed and encrypted with AES-256-GCM in
// chunks, so a database of any size streams through and never sits in memory.
//
//   "HEARTHBK1" | u32 BE header length | header JSON (utf8)
//   then records: u32 BE ciphertext length | ciphertext | 16-byte GCM tag
//
// Each file has its own key, HKDF-SHA256(backup key, the header's random salt). Chunk i is
// encrypted under nonce = u32 BE i | 7 zero bytes | final flag (1 on the last chunk, else 0),
// with AAD = SHA-256 of the magic, length and header bytes. So: a changed header, a chunk
// changed, swapped, dropped or appended, or a file cut short, all fail authentication, and the
// last chunk announces itself (a file cut at a chunk boundary is "truncated", not complete).
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export const MAGIC = Buffer.from('HEARTHBK1');
export const FORMAT_VERSION = 1;
const TAG = 16;
const CHUNK = 1 << 20;
/** A chunk longer than this is a damaged length field, not a chunk. */
const MAX_CHUNK = 16 << 20;
const MAX_HEADER = 16 << 20;

import type { AuditCheckpoint } from '../audit/index.js';

export type BackupDialect = 'sqlite' | 'postgres';

export interface TableManifest {
  rows: number;
  /** sha256 (hex) over every row in primary-key order (rowHashes). */
  hash: string;
}

export interface BackupHeader {
  version: number;
  dialect: BackupDialect;
  /** When the file was written (ISO, UTC). */
  createdAt: string;
  /** When the database snapshot in the file was taken (ISO, UTC): the data-loss window starts here. */
  snapshotAt: string;
  /** Fingerprint of the backup key (never the key). */
  keyId: string;
  /** base64 random salt for this file's key. */
  salt: string;
  chunkBytes: number;
  tables: Record<string, TableManifest>;
  /** The audit chain's head just before the snapshot, MACed with the audit key (docs/audit.md); absent in older backups. */
  auditCheckpoint?: AuditCheckpoint;
}

/** A backup that cannot be used: missing, not a backup, wrong key, damaged, truncated. The message says which. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export function backupKeyId(key: Buffer): string {
  return createHash('sha256').update('hearth:backup-key-id').update(key).digest('hex').slice(0, 16);
}

function fileKey(key: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, salt, 'hearth:backup:v1', 32));
}

function nonce(index: number, final: boolean): Buffer {
  const n = Buffer.alloc(12);
  n.writeUInt32BE(index, 0);
  n[11] = final ? 1 : 0;
  return n;
}

export function newHeader(fields: Omit<BackupHeader, 'version' | 'keyId' | 'salt' | 'chunkBytes'>, key: Buffer): BackupHeader {
  return { version: FORMAT_VERSION, keyId: backupKeyId(key), salt: randomBytes(32).toString('base64'), chunkBytes: CHUNK, ...fields };
}

export function encodePreamble(header: BackupHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  return Buffer.concat([MAGIC, len, json]);
}

/** Reads the preamble from the start of a file's bytes; returns the header and where the payload starts. */
export function decodePreamble(bytes: Buffer, name: string): { header: BackupHeader; preamble: Buffer } {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new BackupError(`${name} is not a Hearth backup (no HEARTHBK1 header)`);
  }
  const len = bytes.readUInt32BE(MAGIC.length);
  if (len > MAX_HEADER || bytes.length < MAGIC.length + 4 + len) throw new BackupError(`${name} is truncated or damaged (its header is incomplete)`);
  const preamble = bytes.subarray(0, MAGIC.length + 4 + len);
  let header: BackupHeader;
  try {
    header = JSON.parse(preamble.subarray(MAGIC.length + 4).toString('utf8')) as BackupHeader;
  } catch {
    throw new BackupError(`${name} is damaged (its header is not readable)`);
  }
  if (header.version !== FORMAT_VERSION) throw new BackupError(`${name} is backup format version ${String(header.version)}; this Hearth reads version ${FORMAT_VERSION}`);
  if (header.dialect !== 'sqlite' && header.dialect !== 'postgres') throw new BackupError(`${name} is damaged (unknown database kind in its header)`);
  return { header, preamble };
}

function aadOf(preamble: Buffer): Buffer {
  return createHash('sha256').update(preamble).digest();
}

/** Encrypts a stream of (already compressed) bytes into chunk records. */
export class ChunkEncryptor extends Transform {
  private readonly key: Buffer;
  private readonly aad: Buffer;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;

  constructor(backupKey: Buffer, header: BackupHeader, preamble: Buffer) {
    super();
    this.key = fileKey(backupKey, Buffer.from(header.salt, 'base64'));
    this.aad = aadOf(preamble);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    // Keep at least one full chunk back: only at the end do we know which chunk is the last.
    while (this.pendingBytes > CHUNK) {
      const all = Buffer.concat(this.pending);
      this.push(this.seal(all.subarray(0, CHUNK), false));
      const rest = all.subarray(CHUNK);
      this.pending = [rest];
      this.pendingBytes = rest.length;
    }
    cb();
  }

  override _flush(cb: TransformCallback): void {
    this.push(this.seal(Buffer.concat(this.pending), true));
    this.pending = [];
    cb();
  }

  private seal(plain: Buffer, final: boolean): Buffer {
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce(this.index++, final));
    cipher.setAAD(this.aad);
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(ct.length);
    return Buffer.concat([len, ct, cipher.getAuthTag()]);
  }
}

/**
 * Decrypts chunk records (the bytes after the preamble). Fails with a BackupError naming the
 * problem: a chunk that does not authenticate, data after the final chunk, or no final chunk.
 */
export class ChunkDecryptor extends Transform {
  private readonly key: Buffer;
  private readonly aad: Buffer;
  private buf: Buffer = Buffer.alloc(0);
  private index = 0;
  private done = false;

  constructor(
    backupKey: Buffer,
    header: BackupHeader,
    preamble: Buffer,
    private readonly name: string,
  ) {
    super();
    this.key = fileKey(backupKey, Buffer.from(header.salt, 'base64'));
    this.aad = aadOf(preamble);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    try {
      for (;;) {
        if (this.buf.length < 4) break;
        if (this.done) throw new BackupError(`${this.name} is damaged or tampered with (data after its final chunk)`);
        const len = this.buf.readUInt32BE(0);
        if (len > MAX_CHUNK) throw new BackupError(`${this.name} is damaged or tampered with (chunk ${this.index} has an impossible length)`);
        if (this.buf.length < 4 + len + TAG) break;
        const ct = this.buf.subarray(4, 4 + len);
        const tag = this.buf.subarray(4 + len, 4 + len + TAG);
        this.buf = this.buf.subarray(4 + len + TAG);
        this.push(this.open(ct, tag));
      }
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    if (this.buf.length) return cb(new BackupError(`${this.name} is truncated (it ends inside chunk ${this.index})`));
    if (!this.done) return cb(new BackupError(`${this.name} is truncated (its final chunk is missing)`));
    cb();
  }

  private open(ct: Buffer, tag: Buffer): Buffer {
    // A chunk authenticates as the final one or as a middle one, never both.
    for (const final of [false, true]) {
      try {
        const d = createDecipheriv('aes-256-gcm', this.key, nonce(this.index, final));
        d.setAAD(this.aad);
        d.setAuthTag(tag);
        const plain = Buffer.concat([d.update(ct), d.final()]);
        this.index++;
        if (final) this.done = true;
        return plain;
      } catch {
        // try the other flag
      }
    }
    throw new BackupError(`${this.name} is damaged or tampered with (chunk ${this.index} fails authentication)`);
  }
}
