// Where encrypted document bytes live. The store sees only opaque random keys and ciphertext;
// names, clients and keys stay in the database. The S3-compatible store (s3-blob-store.ts)
// implements the same three calls (put with a server-side no-overwrite condition, get, delete).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export interface BlobStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes, or null when there is no such blob. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the blob; removing a missing blob is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9]{16,64}$/;

/** Refuses anything but a key from newBlobKey (a path, a name): stores put nothing else in a path. */
export function checkBlobKey(key: string): string {
  if (!KEY.test(key)) throw new Error('invalid blob key');
  return key;
}

/** A fresh random blob key (never derived from a name, client or document id). */
export const newBlobKey = (): string => randomBytes(16).toString('hex');

/** Blobs as files under one directory (mode 0700), fanned out by the key's first two characters. */
export class LocalBlobStore implements BlobStore {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }

  private file(key: string): string {
    // Keys come from newBlobKey; anything else (a path, a name) is refused outright.
    checkBlobKey(key);
    return path.join(this.dir, key.slice(0, 2), key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    // Written aside, flushed, then renamed: a crash never leaves half a blob under the key.
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }
}
