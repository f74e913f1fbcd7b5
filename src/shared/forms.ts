// Intake and consent forms (issue 18), shared by the server and the SPA.
//  - The practice builds forms from typed fields (fields.ts, including a signature field) and
//    consent documents (telehealth consent, informed consent, release of information) whose wording
//    is versioned: changing a form makes a new version; a request keeps the exact version it sent.
//  - A request sends one form to a client through the portal (by hand, or automatically with a new
//    client's first booking for the forms marked `sendOnFirstBooking`); the client fills it in the
//    portal (drafts kept) and signs (typed name plus drawn signature); the server records the time,
//    IP and wording version. A submitted form is immutable (content hash) and downloadable as PDF.
//  - Staff without `records.read` (front desk, billing) see only the status, never the answers.
import { z } from 'zod';
import { Answers, FieldList, SignatureAnswer } from './fields.js';
import { id, text } from './strings.js';

export const FORM_KINDS = ['intake', 'telehealth_consent', 'informed_consent', 'release_of_information', 'other'] as const;
export const FormKind = z.enum(FORM_KINDS, { message: `must be one of ${FORM_KINDS.join(', ')}` });
export type FormKind = z.infer<typeof FormKind>;

export const FormTemplate = z.object({
  id: z.string(),
  /** Every version of one form shares its familyId; the newest is `current`. */
  familyId: z.string(),
  version: z.number(),
  current: z.boolean(),
  name: z.string(),
  kind: FormKind,
  /** A consent document's wording (Markdown), shown above the fields and stored with each signature. */
  wording: z.string().nullable(),
  fields: FieldList,
  sendOnFirstBooking: z.boolean(),
  createdAt: z.string(),
});
export type FormTemplate = z.infer<typeof FormTemplate>;
export const FormTemplateList = z.object({ items: z.array(FormTemplate) });
export type FormTemplateList = z.infer<typeof FormTemplateList>;
export const FormTemplateCreate = z.strictObject({
  name: text({ min: 1, max: 120 }),
  kind: FormKind,
  wording: text({ max: 50_000, multiline: true }).nullable().default(null),
  fields: FieldList,
  sendOnFirstBooking: z.boolean().default(false),
  /** A new version of this form (its familyId or any of its versions' ids); omitted: a new form. */
  replaces: id.optional(),
});
export type FormTemplateCreate = z.infer<typeof FormTemplateCreate>;

export const FORM_REQUEST_STATUSES = ['sent', 'in_progress', 'completed', 'cancelled'] as const;
export const FormRequestStatus = z.enum(FORM_REQUEST_STATUSES);
export type FormRequestStatus = z.infer<typeof FormRequestStatus>;

/** What every role that sees the client sees: which form, its status, when. No answers. */
export const FormRequestSummary = z.object({
  id: z.string(),
  clientId: z.string(),
  templateId: z.string(),
  name: z.string(),
  kind: FormKind,
  version: z.number(),
  status: FormRequestStatus,
  /** 'first_booking' when sent automatically with the client's first booking. */
  via: z.enum(['staff', 'first_booking']),
  appointmentId: z.string().nullable(),
  sentAt: z.string(),
  completedAt: z.string().nullable(),
});
export type FormRequestSummary = z.infer<typeof FormRequestSummary>;
export const FormRequestList = z.object({ items: z.array(FormRequestSummary) });
export type FormRequestList = z.infer<typeof FormRequestList>;

export const FormRequestCreate = z.strictObject({
  templateIds: z.array(id).min(1, { message: 'must name at least one form' }).max(20, { message: 'must name at most 20 forms' }),
  /** The appointment the forms are for (shown beside it on the day's list), if any. */
  appointmentId: id.optional(),
});

/** The signing record kept with a submitted form. */
export const SigningRecord = z.object({
  typedName: z.string(),
  signedAt: z.string(),
  ip: z.string(),
  /** The exact wording version (template id and version) the client saw and signed. */
  templateId: z.string(),
  version: z.number(),
  contentHash: z.string(),
});
export type SigningRecord = z.infer<typeof SigningRecord>;

/** A form with its answers (staff with records.read, or the client in the portal). */
export const FormRequestDetail = FormRequestSummary.extend({
  wording: z.string().nullable(),
  fields: FieldList,
  answers: Answers,
  signing: SigningRecord.nullable(),
  /**
   * A completed form's content hash checked on read: 'intact' when the stored answers, wording,
   * version, signature and time still hash to the signed hash; 'tampered' when they do not (changed
   * in the database directly). Null before the form is completed.
   */
  integrity: z.enum(['intact', 'tampered']).nullable(),
});
export type FormRequestDetail = z.infer<typeof FormRequestDetail>;

/** The portal's list: the signed-in client's requests (cancelled ones left out), pending first. `clientId` names the record when the account has several. */
export const PortalFormRequestQuery = z.strictObject({ clientId: id.optional() });

/** Per appointment on the day's list: how many of its forms are still to be completed and how many are done. */
export const AppointmentFormsStatus = z.object({ pending: z.number(), completed: z.number() });
export type AppointmentFormsStatus = z.infer<typeof AppointmentFormsStatus>;

export const PortalFormDraft = z.strictObject({ fields: Answers });
export const PortalFormSubmit = z.strictObject({
  fields: Answers,
  /** Required when the form has a signature field or consent wording. */
  signature: SignatureAnswer.optional(),
});
export type PortalFormSubmit = z.infer<typeof PortalFormSubmit>;
