// A document's bytes, encrypted as a whole with AES-256-GCM under the file's own key. The blob is
// MAGIC || nonce || ciphertext || tag, bound by associated data to its document id, so a blob
// swapped onto another document fails like a tampered one.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from('HDF1');
const NONCE = 12;
const TAG = 16;

const aad = (docId: string) => Buffer.from(`hearth:v1:documents.blob:${docId}`);

export function newFileKey(): Buffer {
  return randomBytes(32);
}

export function sealFile(key: Buffer, docId: string, plain: Buffer): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad(docId));
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, nonce, ct, cipher.getAuthTag()]);
}

/** The plaintext, or null when the blob is malformed or fails authentication. */
export function openFile(key: Buffer, docId: string, blob: Buffer): Buffer | null {
  if (blob.length < MAGIC.length + NONCE + TAG || !blob.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  try {
    const nonce = blob.subarray(MAGIC.length, MAGIC.length + NONCE);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(aad(docId));
    decipher.setAuthTag(blob.subarray(blob.length - TAG));
    return Buffer.concat([decipher.update(blob.subarray(MAGIC.length + NONCE, blob.length - TAG)), decipher.final()]);
  } catch {
    return null;
  }
}
