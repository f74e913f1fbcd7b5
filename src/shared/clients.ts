// Client record contracts, shared by the server (validation, OpenAPI) and the SPA.
import { z } from 'zod';
import { Page } from './api.js';
import { email, id, text } from './strings.js';
import { Locale } from './locale.js';
import { TimeZone } from './time-zone.js';

export const CLIENT_STATUSES = ['active', 'inactive', 'discharged'] as const;
export const ClientStatus = z.enum(CLIENT_STATUSES);

/** US states and territories: the state decides licensure, so it is a code, not free text. */
export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD',
  'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD',
  'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR', 'GU', 'VI', 'AS', 'MP',
] as const;

/**
 * The consent wording shown to whoever records a client's communication choices. Its version is
 * stored with the choices; a new wording is a new version, never an edit.
 */
export const CONSENT_WORDING = {
  // 2026-12-06: the earlier wording ('2026-11-01') said date and time were details withheld without
  // consent, while reminders and invitations always carry them; consents stored under it keep it.
  version: '2026-12-06',
  email:
    'The client agrees to receive email from the practice: appointment invitations and reminders (with the date and time, and for a video or audio visit a link to join it), portal invitations and alerts. Emails never include clinical details.',
  sms: 'The client agrees to receive text messages from the practice (appointment reminders with the date and time, and links to join a video or audio visit). Standard rates may apply; reply STOP to end them.',
  details:
    'The client chooses to allow more appointment details (the provider’s name, the service and the kind of visit) in emails and texts. Anyone who can read their email or phone may then learn that they receive care here.',
} as const;

/** A calendar date YYYY-MM-DD that exists, is not in the future, and is after 1900. */
export const DateOfBirth = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' })
  .refine(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    },
    { message: 'is not a real calendar date' },
  )
  .refine((s) => s >= '1900-01-01', { message: 'must be after 1900' })
  .refine((s) => s <= new Date().toISOString().slice(0, 10), { message: 'cannot be in the future' });

/** How people write a date: month first (US) or day first. Hearth practices are US practices today. */
export type DateOrder = 'mdy' | 'dmy';
export const DEFAULT_DATE_ORDER: DateOrder = 'mdy';

/**
 * A date as people type it, turned into YYYY-MM-DD: 1984-03-07, 1984/3/7, 03/07/1984, 3/7/1984,
 * 3-7-1984 or 3.7.1984 (month first for `mdy`, day first for `dmy`). A four-digit year is needed
 * (a two-digit one is a guess about the century). Answers null for any other form or a date that
 * does not exist (2/30/1990); the caller says which field is wrong.
 */
export function parseDateInput(input: string, order: DateOrder = DEFAULT_DATE_ORDER): string | null {
  const s = input.trim();
  let y: number, m: number, d: number;
  const ymd = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  const other = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (ymd) [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  else if (other) {
    const [a, b] = [Number(other[1]), Number(other[2])];
    [y, m, d] = order === 'mdy' ? [Number(other[3]), a, b] : [Number(other[3]), b, a];
  } else return null;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/** Phone numbers are checked and stored in E.164 by the server (libphonenumber); here only the shape. */
export const Phone = z
  .string()
  .max(32, { message: 'must be at most 32 characters' })
  .regex(/^[+()\d\s.-]+$/, { message: 'must be a phone number (digits, spaces, + ( ) - .)' });

export const Address = z.strictObject({
  line1: text({ min: 1, max: 200 }),
  line2: text({ max: 200 }).optional(),
  city: text({ min: 1, max: 100 }),
  state: z.enum(US_STATES, { message: 'must be a two-letter US state code' }),
  postalCode: z.string().regex(/^\d{5}(-\d{4})?$/, { message: 'must be a US ZIP code (12345 or 12345-6789)' }),
});

export const EmergencyContact = z.strictObject({
  name: text({ min: 1, max: 200 }),
  phone: Phone,
  relationship: text({ max: 100 }).optional(),
});

/** A client's communication choices (see CONSENT_WORDING): as recorded, and as the client sees them in the portal. */
export const ConsentChoices = z.object({ email: z.boolean(), sms: z.boolean(), details: z.boolean() });
export const Consents = z.strictObject(ConsentChoices.shape);


export const ClientInput = z.strictObject({
  firstName: text({ min: 1, max: 100 }),
  lastName: text({ min: 1, max: 100 }),
  preferredName: text({ max: 100 }).optional(),
  pronouns: text({ max: 50 }).optional(),
  dateOfBirth: DateOfBirth,
  email: email.optional(),
  phone: Phone.optional(),
  address: Address.optional(),
  emergencyContact: EmergencyContact.optional(),
  providerIds: z.array(id).max(20).optional(),
  status: ClientStatus.optional(),
  consents: Consents.optional(),
  staffNotes: text({ max: 5000, multiline: true }).optional(),
  /** The client's IANA time zone (the calendar shows their local time beside the provider's). */
  timeZone: TimeZone.optional(),
  /** The language of the client's mail, texts and portal (default English). */
  locale: Locale.optional(),
});
export type ClientInput = z.infer<typeof ClientInput>;

/** PATCH: any subset; `null` clears an optional field. */
export const ClientPatch = z.strictObject({
  firstName: text({ min: 1, max: 100 }).optional(),
  lastName: text({ min: 1, max: 100 }).optional(),
  preferredName: text({ max: 100 }).nullable().optional(),
  pronouns: text({ max: 50 }).nullable().optional(),
  dateOfBirth: DateOfBirth.optional(),
  email: email.nullable().optional(),
  phone: Phone.nullable().optional(),
  address: Address.nullable().optional(),
  emergencyContact: EmergencyContact.nullable().optional(),
  providerIds: z.array(id).max(20).optional(),
  status: ClientStatus.optional(),
  consents: Consents.optional(),
  staffNotes: text({ max: 5000, multiline: true }).nullable().optional(),
  timeZone: TimeZone.nullable().optional(),
  locale: Locale.optional(),
});
export type ClientPatch = z.infer<typeof ClientPatch>;

/** Who the client is and how to reach them: the start of the staff's and the portal's view alike. */
export const clientIdentityFields = {
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().nullable(),
  pronouns: z.string().nullable(),
  dateOfBirth: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: Address.nullable(),
};

export const Client = z.object({
  ...clientIdentityFields,
  emergencyContact: EmergencyContact.nullable(),
  providerIds: z.array(z.string()),
  status: ClientStatus,
  consents: ConsentChoices.extend({ version: z.string().nullable(), recordedAt: z.string().nullable() }),
  /** Present only for roles that may read staff notes. */
  staffNotes: z.string().nullable().optional(),
  timeZone: z.string().nullable(),
  /** The language of the client's mail, texts and portal. */
  locale: Locale,
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * Fields withheld from the caller's role (their value above is null or absent whether or not
   * one is recorded), so the page says "Not shown to your role" rather than "none recorded".
   */
  hiddenFields: z.array(z.enum(['emergencyContact', 'staffNotes'])),
});
export type Client = z.infer<typeof Client>;
export type HiddenClientField = Client['hiddenFields'][number];

export const CLIENT_SORTS = ['lastName', '-lastName', 'firstName', '-firstName', 'updatedAt', '-updatedAt'] as const;

export const ClientListQuery = z.strictObject({
  q: text({ max: 100 }).optional(),
  status: ClientStatus.optional(),
  providerId: id.optional(),
  sort: z.enum(CLIENT_SORTS).optional(),
  limit: z.coerce.number().int().min(1, { message: 'must be between 1 and 100' }).max(100, { message: 'must be between 1 and 100' }).optional(),
  cursor: z.string().max(200).optional(),
});

export const ClientListItem = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  /** Tells apart clients who share a name. */
  dateOfBirth: z.string(),
  preferredName: z.string().nullable(),
  pronouns: z.string().nullable(),
  status: ClientStatus,
  providerIds: z.array(z.string()),
  unread: z.boolean(),
});
export type ClientListItem = z.infer<typeof ClientListItem>;

export const ClientList = Page(ClientListItem);
export type ClientList = z.infer<typeof ClientList>;

export const ImportReport = z.object({
  imported: z.number(),
  /** Every problem of every row: `field` is Hearth's column name, `column` the header as written in the file. */
  errors: z.array(z.object({ row: z.number(), field: z.string(), column: z.string().optional(), message: z.string() })),
});

/** The largest CSV file the import takes (the page says so, the route's body limit enforces it). */
export const CLIENT_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** The most client rows one import takes. */
export const CLIENT_IMPORT_MAX_ROWS = 5000;

/** CSV import columns, in the order of the template. */
export const CSV_COLUMNS = [
  'firstName',
  'lastName',
  'dateOfBirth',
  'preferredName',
  'pronouns',
  'email',
  'phone',
  'addressLine1',
  'addressLine2',
  'city',
  'state',
  'postalCode',
  'status',
] as const;
