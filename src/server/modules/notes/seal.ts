// The signed content hash. What a signature covers is serialised canonically (JSON with keys sorted
// at every depth) and hashed with HMAC-SHA256 under the practice's index key (FieldCrypto.blindIndex),
// which is stored only wrapped by the master key: someone who can write to the database but does
// not hold the master key can change a signed note but cannot make its hash match again.
// `verify` recomputes it from what is stored now.
import type { FieldCrypto } from '../../crypto/envelope.js';
import type { DbOrTx } from '../../db/index.js';
import type { Answers, FieldList } from '../../../shared/fields.js';

/** JSON with object keys sorted at every depth (arrays keep their order). */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

/** What a note's signature covers. */
export interface SignedNote {
  noteId: string;
  practiceId: string;
  appointmentId: string;
  clientId: string;
  kind: string;
  templateId: string;
  templateName: string;
  template: FieldList;
  fields: Answers;
  /** A group visit's shared part as it was when signed (null: none). */
  shared: Answers | null;
  authorId: string;
  signedBy: string;
  signedAt: number;
}

export interface SignedAddendum {
  addendumId: string;
  noteId: string;
  text: string;
  signedBy: string;
  signedAt: number;
}

export interface Cosignature {
  noteId: string;
  contentHash: string;
  cosignedBy: string;
  cosignedAt: number;
}

export interface SignedShared {
  appointmentId: string;
  fields: Answers;
  lockedAt: number;
}

type Sealed = { note: SignedNote } | { addendum: SignedAddendum } | { cosign: Cosignature } | { shared: SignedShared };

export class Seal {
  constructor(private readonly crypto: FieldCrypto) {}

  hash(practiceId: string, what: Sealed, db?: DbOrTx): Promise<string> {
    return this.crypto.blindIndex(practiceId, 'note-seal-v1', canonical(what), db);
  }
}
