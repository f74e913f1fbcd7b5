// The content hash of a completed form: SHA-256 over one canonical JSON (keys sorted at every
// level) of what was signed: the request, the exact template version (its name, kind, wording and
// fields), the answers as stored, the typed name, the drawn signature, the IP and the time. Any
// change made to a completed form in the database directly (an answer, the wording of its
// version, the time, the signature) no longer hashes to the stored value.
import { createHash } from 'node:crypto';
import type { Answers, FieldDef } from '../../../shared/fields.js';

export interface SignedContent {
  requestId: string;
  clientId: string;
  templateId: string;
  version: number;
  name: string;
  kind: string;
  wording: string | null;
  fields: readonly FieldDef[];
  answers: Answers;
  typedName: string;
  signatureImage: string | null;
  ip: string;
  signedAt: number;
}

/** JSON with every object's keys in sorted order (arrays keep theirs). */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function contentHash(c: SignedContent): string {
  return `sha256:${createHash('sha256').update(canonicalJson({ hearthForm: 1, ...c })).digest('hex')}`;
}
