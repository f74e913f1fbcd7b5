// Billing codes, shared by the server and the SPA: diagnosis codes (ICD-10-CM), procedure codes
// (CPT/HCPCS) and the telehealth place-of-service and modifiers that go on a claim line. Format
// checks only: whether a code exists is the practice's code list's business, not the format's.
import { z } from 'zod';

/** CPT (5 digits, or 4 digits and F/T/U) and HCPCS Level II shapes as stored: 90837, 0362T. */
export const CPT_HCPCS = /^\d{4}[0-9A-Z]$/;
export const CptCode = z.string().regex(CPT_HCPCS, { message: 'must be a 5-character CPT/HCPCS code (e.g. 90837)' });

/** ICD-10-CM after normalising: a letter, a digit, a letter or digit, then a dot and 1–4 more. */
const ICD10 = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

/**
 * "f32.9", " F329 " and "F32.9" are one code: upper-case it, trim it and put the dot after the
 * third character, where ICD-10-CM always has it, so the practice's list has no near-duplicates.
 */
export function normaliseIcd10(raw: string): string {
  const s = raw.trim().toUpperCase();
  if (s.length > 3 && !s.includes('.')) return `${s.slice(0, 3)}.${s.slice(3)}`;
  return s;
}

export function isIcd10Code(raw: string): boolean {
  return ICD10.test(normaliseIcd10(raw));
}

/** An ICD-10-CM code field; parses to the normalised form. `field` names it in the message. */
export function icd10Code(field = 'diagnosis code') {
  return z
    .string({ message: `${field} must be an ICD-10-CM code (e.g. F32.9)` })
    .max(16, { message: `${field} must be an ICD-10-CM code (e.g. F32.9)` })
    .refine(isIcd10Code, { message: `${field} must be an ICD-10-CM code: a letter, a digit, a letter or digit, then optionally a dot and 1–4 letters or digits (e.g. F32.9)` })
    .transform(normaliseIcd10);
}
export const Icd10Code = icd10Code();

/** CMS place-of-service codes a therapy practice uses: 02 telehealth elsewhere, 10 telehealth at home, 11 office. */
export const POS_CODE_VALUES = ['02', '10', '11'] as const;
export const PosCode = z.enum(POS_CODE_VALUES, { message: 'must be a place-of-service code: 02, 10 or 11' });
export type PosCode = z.infer<typeof PosCode>;

/** A CPT/HCPCS modifier: two letters or digits (95, 93, GT, FQ). */
export const Modifier = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^[0-9A-Z]{2}$/, { message: 'must be a 2-character modifier (e.g. 95)' }));

/** A payer's override of the computed coding; each part given replaces the computed one. */
export const PayerCodingOverride = z.strictObject({
  pos: PosCode.optional(),
  modifiers: z.array(Modifier).max(4, { message: 'must have at most 4 modifiers' }).optional(),
});
export type PayerCodingOverride = z.infer<typeof PayerCodingOverride>;

export interface TelehealthCodingInput {
  /** How the visit actually happened per the call record (not how it was booked). */
  billedMode: 'video' | 'audio';
  /** Whether the client was at home at the start of the session; null when not recorded. */
  clientAtHome: boolean | null;
  override?: PayerCodingOverride;
}

export interface TelehealthCoding {
  pos: PosCode;
  modifiers: string[];
}

/**
 * A telehealth claim line's POS and modifiers: modifier 95 for a synchronous video visit, 93 for
 * an audio-only one; POS 10 when the client was at home at the start of the session, else 02.
 * An unknown location (null) codes as 02: POS 10 asserts the client was at home and pays at the
 * higher non-facility rate, so claiming it without a record risks an overpayment finding; 02
 * asserts only that the visit was telehealth, which the call record does show.
 */
export function telehealthCoding(input: TelehealthCodingInput): TelehealthCoding {
  const pos: PosCode = input.clientAtHome === true ? '10' : '02';
  const modifiers = input.billedMode === 'video' ? ['95'] : ['93'];
  return {
    pos: input.override?.pos ?? pos,
    modifiers: input.override?.modifiers ? [...input.override.modifiers] : modifiers,
  };
}
