// Which client fields the app decrypts: a test that holds "an address is decrypted only when a
// mail is about to be sent" wraps the harness's crypto, records each client column it opens, and
// puts it back after.
import type { Harness } from './harness.js';

export interface DecryptWatch {
  /** `<rowId>:<column>` of every client field decrypted since the watch began, in order. */
  decrypted: string[];
  restore(): void;
}

export function watchClientDecrypts(h: Harness): DecryptWatch {
  const crypto = h.app.services.ctx.crypto;
  const decrypt = crypto.decrypt.bind(crypto);
  const decrypted: string[] = [];
  crypto.decrypt = async (ref, envelope, db) => {
    if (ref.table === 'clients') decrypted.push(`${ref.rowId}:${ref.column}`);
    return decrypt(ref, envelope, db);
  };
  return {
    decrypted,
    restore() {
      crypto.decrypt = decrypt;
    },
  };
}
