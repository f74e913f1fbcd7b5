// The client form's values: read from a record, turned back into the API's shape, and compared
// so an edit sends only what changed (an emptied optional field is null).
import { z } from 'zod';
import { type Client, ClientInput, ClientPatch, parseDateInput } from '../../../../shared/clients.js';
import { DEFAULT_LOCALE, type Locale } from '../../../../shared/locale.js';
import type { ClientStatusValue } from './labels.js';

export const CLIENT_FIELD_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  preferredName: 'Preferred name',
  pronouns: 'Pronouns',
  dateOfBirth: 'Date of birth',
  email: 'Email',
  phone: 'Phone',
  address: 'Address',
  'address.line1': 'Address line 1',
  'address.line2': 'Address line 2',
  'address.city': 'City',
  'address.state': 'State',
  'address.postalCode': 'ZIP code',
  emergencyContact: 'Emergency contact',
  'emergencyContact.name': 'Emergency contact name',
  'emergencyContact.phone': 'Emergency contact phone',
  'emergencyContact.relationship': 'Emergency contact relationship',
  providerIds: 'Providers',
  status: 'Status',
  consents: 'Consents',
  'consents.email': 'Email consent',
  'consents.sms': 'Text message consent',
  'consents.details': 'Appointment details consent',
  staffNotes: 'Staff notes',
  timeZone: 'Time zone',
  locale: 'Language for messages and the portal',
};

export interface Values {
  firstName: string;
  lastName: string;
  preferredName: string;
  pronouns: string;
  dateOfBirth: string;
  email: string;
  phone: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
  ecName: string;
  ecPhone: string;
  ecRelationship: string;
  providerIds: string[];
  status: ClientStatusValue;
  consents: { email: boolean; sms: boolean; details: boolean };
  staffNotes: string;
  timeZone: string;
  /** The language of the client's mail, texts and portal (shared/locale.ts). */
  locale: Locale;
}

export function fromClient(c: Client | undefined): Values {
  return {
    firstName: c?.firstName ?? '',
    lastName: c?.lastName ?? '',
    preferredName: c?.preferredName ?? '',
    pronouns: c?.pronouns ?? '',
    dateOfBirth: c?.dateOfBirth ? usDate(c.dateOfBirth) : '',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
    line1: c?.address?.line1 ?? '',
    line2: c?.address?.line2 ?? '',
    city: c?.address?.city ?? '',
    state: c?.address?.state ?? '',
    postalCode: c?.address?.postalCode ?? '',
    ecName: c?.emergencyContact?.name ?? '',
    ecPhone: c?.emergencyContact?.phone ?? '',
    ecRelationship: c?.emergencyContact?.relationship ?? '',
    providerIds: c?.providerIds ?? [],
    status: c?.status ?? 'active',
    consents: { email: c?.consents.email ?? false, sms: c?.consents.sms ?? false, details: c?.consents.details ?? false },
    staffNotes: c?.staffNotes ?? '',
    timeZone: c?.timeZone ?? '',
    locale: c?.locale ?? DEFAULT_LOCALE,
  };
}

const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());

/** 1984-07-23 -> 07/23/1984: US practices read and type dates month first. */
const usDate = (iso: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[2]}/${m[3]}/${m[1]}` : iso;
};

const DOB_FORMAT = 'is not a date we can read: write it MM/DD/YYYY, for example 07/23/1984';

/** The schema speaks of YYYY-MM-DD (the API's form); the person typed into a MM/DD/YYYY field. */
export function withDobHint(err: z.ZodError, typed: string): z.ZodError {
  const t = typed.trim();
  if (t === '' || parseDateInput(t) !== null) return err;
  const dateShaped = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(t) || /^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$/.test(t);
  const message = dateShaped ? 'is not a real calendar date' : DOB_FORMAT;
  return new z.ZodError(err.issues.map((i) => (i.path[0] === 'dateOfBirth' ? { ...i, message } : i)));
}

/** The whole record as the form describes it; absent optional parts are null. */
export function desired(v: Values) {
  const addressGiven = [v.line1, v.line2, v.city, v.state, v.postalCode].some((s) => s.trim() !== '');
  const ecGiven = [v.ecName, v.ecPhone, v.ecRelationship].some((s) => s.trim() !== '');
  return {
    firstName: v.firstName.trim(),
    lastName: v.lastName.trim(),
    preferredName: opt(v.preferredName) ?? null,
    pronouns: opt(v.pronouns) ?? null,
    // What was typed (07/23/1984, 7/23/1984 or 1984-07-23), stored as YYYY-MM-DD.
    dateOfBirth: parseDateInput(v.dateOfBirth) ?? v.dateOfBirth.trim(),
    email: opt(v.email) ?? null,
    phone: opt(v.phone) ?? null,
    address: addressGiven
      ? { line1: v.line1.trim(), line2: opt(v.line2), city: v.city.trim(), state: v.state, postalCode: v.postalCode.trim() }
      : null,
    emergencyContact: ecGiven ? { name: v.ecName.trim(), phone: v.ecPhone.trim(), relationship: opt(v.ecRelationship) } : null,
    providerIds: v.providerIds,
    status: v.status,
    consents: v.consents,
    staffNotes: v.staffNotes.trim() === '' ? null : v.staffNotes,
    timeZone: v.timeZone || null,
    locale: v.locale,
  };
}

export function withoutNulls<T extends Record<string, unknown>>(o: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, val]) => val !== null && val !== undefined));
}

/** JSON with object keys sorted and undefined dropped, so equal records compare equal. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : val,
  );
}

/**
 * What to send: the whole new record (absent parts left out), or for an edit only what changed
 * ('unchanged' when nothing did); a ZodError when the form does not pass the shared contract.
 */
export function requestBody(v: Values, client: Client | undefined, showNotes: boolean): { body: Record<string, unknown> } | { error: z.ZodError } | 'unchanged' {
  const want = desired(v);
  if (!showNotes) delete (want as { staffNotes?: unknown }).staffNotes;
  if (!client) {
    const parsed = ClientInput.safeParse({
      ...withoutNulls(want),
      address: want.address ? withoutNulls(want.address) : undefined,
      emergencyContact: want.emergencyContact ? withoutNulls(want.emergencyContact) : undefined,
    });
    return parsed.success ? { body: parsed.data } : { error: withDobHint(parsed.error, v.dateOfBirth) };
  }
  const before = desired(fromClient(client));
  const patch: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(want)) {
    if (canonical(val) !== canonical(before[k as keyof typeof before])) patch[k] = val;
  }
  if (Object.keys(patch).length === 0) return 'unchanged';
  const parsed = ClientPatch.safeParse(patch);
  return parsed.success ? { body: parsed.data } : { error: withDobHint(parsed.error, v.dateOfBirth) };
}
