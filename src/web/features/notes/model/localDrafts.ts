// A note draft not yet on the server, kept on this device so no typing is lost (offline, a failed
// save, a closed tab, a server restart). It is PHI at rest in the browser, so it is stored in
// IndexedDB encrypted with AES-GCM (256-bit) under a key made by WebCrypto as NON-extractable and
// kept (as a CryptoKey object, never its bytes) in the same IndexedDB: script can use it to decrypt
// on this origin, but no one can read the key out, and the ciphertext alone is useless. Each record
// is bound to its note id (additional data). The copy is deleted as soon as the server has it.
import type { Answers } from '../../../../shared/fields.js';

const DB_NAME = 'hearth-note-drafts';
const KEYS = 'keys';
const DRAFTS = 'drafts';
const KEY_ID = 'aes-gcm-1';

export interface LocalDraft {
  noteId: string;
  /** The note's version the draft was written on (a newer server version means a conflict). */
  baseVersion: number;
  fields: Answers;
  /** When it was kept (ISO). */
  savedAt: string;
}

interface Stored {
  noteId: string;
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

let dbPromise: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  dbPromise ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(KEYS);
      req.result.createObjectStore(DRAFTS, { keyPath: 'noteId' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB did not open'));
  }).catch((e: unknown) => {
    dbPromise = null;
    throw e;
  });
  return dbPromise;
}

function run<T>(store: string, mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return openDb().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const req = op(tx.objectStore(store));
        tx.oncomplete = () => resolve(req.result as T);
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      }),
  );
}

let keyPromise: Promise<CryptoKey> | null = null;

/** The device's draft key: made once, non-extractable, kept in IndexedDB. */
function draftKey(): Promise<CryptoKey> {
  keyPromise ??= (async () => {
    const existing = await run<CryptoKey | undefined>(KEYS, 'readonly', (s) => s.get(KEY_ID));
    if (existing) return existing;
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await run(KEYS, 'readwrite', (s) => s.put(key, KEY_ID));
    return key;
  })().catch((e: unknown) => {
    keyPromise = null;
    throw e;
  });
  return keyPromise;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

// Writes and deletes of one note run in order (a delete after the server's answer must not be
// overtaken by an older write still encrypting).
const queues = new Map<string, Promise<unknown>>();
function inOrder<T>(noteId: string, job: () => Promise<T>): Promise<T> {
  const prev = queues.get(noteId) ?? Promise.resolve();
  const next = prev.then(job, job);
  queues.set(
    noteId,
    next.catch(() => undefined),
  );
  return next;
}

/** Keep (replace) the note's draft on this device, encrypted. */
export function keepLocal(d: LocalDraft): Promise<void> {
  return inOrder(d.noteId, async () => {
    const key = await draftKey();
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(d.noteId) }, key, enc.encode(JSON.stringify(d)));
    const rec: Stored = { noteId: d.noteId, iv, data };
    await run(DRAFTS, 'readwrite', (s) => s.put(rec));
  });
}

/** The note's draft kept on this device, or null (none, or it no longer decrypts: then it is dropped). */
export function loadLocal(noteId: string): Promise<LocalDraft | null> {
  return inOrder(noteId, async () => {
    const rec = await run<Stored | undefined>(DRAFTS, 'readonly', (s) => s.get(noteId));
    if (!rec) return null;
    try {
      const key = await draftKey();
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: rec.iv, additionalData: enc.encode(noteId) }, key, rec.data);
      return JSON.parse(dec.decode(plain)) as LocalDraft;
    } catch {
      await run(DRAFTS, 'readwrite', (s) => s.delete(noteId));
      return null;
    }
  });
}

/** Forget the note's draft on this device (the server has it, or the person chose the server's). */
export function dropLocal(noteId: string): Promise<void> {
  return inOrder(noteId, () => run<undefined>(DRAFTS, 'readwrite', (s) => s.delete(noteId)));
}
