// A client record's plaintext and its encrypted columns: encrypting and decrypting a whole record,
// and the blind-index search terms written with it.
import type { AppContext, RequestMeta } from '../../context.js';
import { normaliseEmail } from '../../crypto/envelope.js';
import type { DbOrTx } from '../../db/index.js';
import type { Client } from '../../../shared/clients.js';
import { MAX_PREFIX, nameWords } from './normalise.js';
import type * as repo from './repo.js';
import type { ResolvedSession } from '../auth/index.js';

type FieldCrypto = AppContext['crypto'];

/** The plaintext of a client record as the service works with it. */
export interface Plain {
  firstName: string;
  lastName: string;
  preferredName: string | null;
  pronouns: string | null;
  dateOfBirth: string;
  email: string | null;
  phone: string | null;
  address: Client['address'];
  emergencyContact: Client['emergencyContact'];
  staffNotes: string | null;
}

export const ENC_COLUMNS = {
  firstName: 'first_name_enc',
  lastName: 'last_name_enc',
  preferredName: 'preferred_name_enc',
  pronouns: 'pronouns_enc',
  dateOfBirth: 'dob_enc',
  email: 'email_enc',
  phone: 'phone_enc',
  address: 'address_enc',
  emergencyContact: 'emergency_contact_enc',
  staffNotes: 'staff_notes_enc',
} as const;

/** The record's text fields, each encrypted as it is into its own column (address and emergency contact are JSON). */
const TEXT_FIELDS = ['firstName', 'lastName', 'preferredName', 'pronouns', 'dateOfBirth', 'email', 'phone', 'staffNotes'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
/** The text fields' columns: a ciphertext wherever the plaintext is never null. */
type TextColumns = { [F in TextField as (typeof ENC_COLUMNS)[F]]: null extends Plain[F] ? string | null : string };

export async function encryptPlain(crypto: FieldCrypto, practiceId: string, id: string, p: Plain, tx: DbOrTx) {
  const enc = async (column: string, value: string | null) =>
    value === null ? null : crypto.encrypt(practiceId, { table: 'clients', column, rowId: id }, value, tx);
  const text: Record<string, string | null> = {};
  for (const field of TEXT_FIELDS) text[ENC_COLUMNS[field]] = await enc(ENC_COLUMNS[field], p[field]);
  return {
    ...(text as TextColumns),
    address_enc: await enc(ENC_COLUMNS.address, p.address ? JSON.stringify(p.address) : null),
    address_state: p.address?.state ?? null,
    emergency_contact_enc: await enc(ENC_COLUMNS.emergencyContact, p.emergencyContact ? JSON.stringify(p.emergencyContact) : null),
  };
}

export async function decryptRow(crypto: FieldCrypto, row: repo.ClientRow): Promise<Plain> {
  const dec = (column: string, value: string | null) =>
    crypto.decryptNullable({ table: 'clients', column, rowId: row.id }, value);
  const address = await dec(ENC_COLUMNS.address, row.address_enc);
  const emergency = await dec(ENC_COLUMNS.emergencyContact, row.emergency_contact_enc);
  const text: Record<string, string | null> = {};
  for (const field of TEXT_FIELDS) text[field] = await dec(ENC_COLUMNS[field], row[ENC_COLUMNS[field]]);
  return {
    ...(text as Pick<Plain, TextField>),
    address: address ? (JSON.parse(address) as Client['address']) : null,
    emergencyContact: emergency ? (JSON.parse(emergency) as Client['emergencyContact']) : null,
  };
}

/** Blind-index terms: every prefix of every name word, the e-mail and the phone number. */
export async function searchTerms(crypto: FieldCrypto, practiceId: string, p: Plain, tx: DbOrTx): Promise<string[]> {
  const words = new Set([p.firstName, p.lastName, p.preferredName ?? ''].flatMap(nameWords));
  const terms: string[] = [];
  for (const word of words) {
    const chars = [...word].slice(0, MAX_PREFIX);
    for (let n = 1; n <= chars.length; n++) terms.push(await crypto.blindIndex(practiceId, 'client:name', chars.slice(0, n).join(''), tx));
  }
  if (p.email) terms.push(await crypto.blindIndex(practiceId, 'client:email', normaliseEmail(p.email), tx));
  if (p.phone) terms.push(await crypto.blindIndex(practiceId, 'client:phone', p.phone, tx));
  return terms;
}

/** What reminders may know of a client without decrypting anything. */
export interface ReminderContact {
  email: boolean;
  sms: boolean;
  details: boolean;
  hasEmail: boolean;
  hasPhone: boolean;
  timeZone: string | null;
  locale: 'en' | 'es';
}

// ---- the record export's sections ----

/** One part of a client's record kept by another module (progress notes, forms, measures, plans), for the export. */
export interface ExportSection {
  title: string;
  items: unknown[];
  /** Said instead of items when the exporting role does not see them (e.g. front desk and clinical content). */
  withheld?: string;
  /** What the PDF prints: one heading and its lines per item, in order. */
  printable?: { heading: string; lines: string[] }[];
}
/** A section whose items this role does not see (e.g. front desk and clinical content): its title, and that it was withheld. */
export const withheldSection = (title: string): ExportSection => ({ title, items: [], withheld: 'Not shown to your role' });
export type ExportSectionSource = (s: ResolvedSession, clientId: string, meta: RequestMeta) => Promise<ExportSection>;

/**
 * The sections record modules add to /api/clients/:id/export.json and .pdf, by name, without the
 * clients module importing them: each registers its source when it is built (it needs clients).
 * Psychotherapy notes are never a source.
 */
export class ExportSections {
  private readonly sources = new Map<string, ExportSectionSource>();

  add(name: string, source: ExportSectionSource): void {
    if (this.sources.has(name)) throw new Error(`export section "${name}" is registered twice`);
    this.sources.set(name, source);
  }

  /** Every section of the client, in registration order; the caller has checked the client is within reach. */
  async collect(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<({ name: string } & ExportSection)[]> {
    const out: ({ name: string } & ExportSection)[] = [];
    for (const [name, source] of this.sources) out.push({ name, ...(await source(s, clientId, meta)) });
    return out;
  }
}
