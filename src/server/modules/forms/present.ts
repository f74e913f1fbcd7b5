// Rows to the wire, and a completed form's signed content read back (decrypted, re-hashed).
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { iso } from '../../lib/clock.js';
import type { Answers, FieldDef } from '../../../shared/fields.js';
import type { FormRequestDetail, FormRequestSummary, FormTemplate } from '../../../shared/forms.js';
import { contentHash } from './hash.js';
import type { RequestListRow, RequestRow, TemplateRow } from './repo.js';

export const fieldsOf = (t: Pick<TemplateRow, 'fields'>): FieldDef[] => JSON.parse(t.fields) as FieldDef[];

export function presentTemplate(t: TemplateRow, current: boolean): FormTemplate {
  return {
    id: t.id,
    familyId: t.family_id,
    version: Number(t.version),
    current,
    name: t.name,
    kind: t.kind,
    wording: t.wording,
    fields: fieldsOf(t),
    sendOnFirstBooking: Number(t.send_on_first_booking) === 1,
    createdAt: iso(Number(t.created_at)),
  };
}

/** Each family's newest version, by family id. */
export function currentVersions(rows: readonly TemplateRow[]): Map<string, TemplateRow> {
  const out = new Map<string, TemplateRow>();
  for (const r of rows) {
    const seen = out.get(r.family_id);
    if (!seen || Number(seen.version) < Number(r.version)) out.set(r.family_id, r);
  }
  return out;
}

export function presentSummary(r: RequestListRow): FormRequestSummary {
  return {
    id: r.id,
    clientId: r.client_id,
    templateId: r.template_id,
    name: r.name,
    kind: r.kind,
    version: Number(r.version),
    status: r.status,
    via: r.via,
    appointmentId: r.appointment_id,
    sentAt: iso(Number(r.sent_at)),
    completedAt: r.completed_at === null ? null : iso(Number(r.completed_at)),
  };
}

const ref = (id: string, column: string) => ({ table: 'form_requests', column, rowId: id });
export const answersRef = (id: string) => ref(id, 'answers_enc');
export const typedNameRef = (id: string) => ref(id, 'typed_name_enc');
export const signatureRef = (id: string) => ref(id, 'signature_image_enc');
export const ipRef = (id: string) => ref(id, 'signed_ip_enc');

export interface Signed {
  typedName: string;
  image: string | null;
  ip: string;
  signedAt: number;
  hash: string;
  intact: boolean;
}

/** The stored answers (signature fields held apart, in the signing record). */
export async function storedAnswers(ctx: AppContext, r: RequestRow, db: DbOrTx = ctx.db): Promise<Answers> {
  const text = await ctx.crypto.decryptNullable(answersRef(r.id), r.answers_enc, db);
  return text === null ? {} : (JSON.parse(text) as Answers);
}

/** A completed request's signing record, decrypted, and whether its content still hashes to the stored hash. */
export async function signedOf(ctx: AppContext, r: RequestListRow, t: TemplateRow, answers: Answers): Promise<Signed | null> {
  if (r.status !== 'completed' || r.signed_at === null || r.content_hash === null) return null;
  const typedName = (await ctx.crypto.decryptNullable(typedNameRef(r.id), r.typed_name_enc)) ?? '';
  const image = await ctx.crypto.decryptNullable(signatureRef(r.id), r.signature_image_enc);
  const ip = (await ctx.crypto.decryptNullable(ipRef(r.id), r.signed_ip_enc)) ?? '';
  const signedAt = Number(r.signed_at);
  const hash = contentHash({
    requestId: r.id,
    clientId: r.client_id,
    templateId: t.id,
    version: Number(t.version),
    name: t.name,
    kind: t.kind,
    wording: t.wording,
    fields: fieldsOf(t),
    answers,
    typedName,
    signatureImage: image,
    ip,
    signedAt,
  });
  return { typedName, image, ip, signedAt, hash: r.content_hash, intact: hash === r.content_hash };
}

/** The detail of a request: its version's wording and fields, the answers (a signature field shows the signature), the signing record. */
export function presentDetail(r: RequestListRow, t: TemplateRow, answers: Answers, signed: Signed | null): FormRequestDetail {
  const fields = fieldsOf(t);
  const shown: Answers = { ...answers };
  if (signed) for (const f of fields) if (f.kind === 'signature') shown[f.key] = { typedName: signed.typedName, image: signed.image ?? '' };
  return {
    ...presentSummary(r),
    wording: t.wording,
    fields,
    answers: shown,
    signing: signed ? { typedName: signed.typedName, signedAt: iso(signed.signedAt), ip: signed.ip, templateId: t.id, version: Number(t.version), contentHash: signed.hash } : null,
    integrity: signed ? (signed.intact ? 'intact' : 'tampered') : null,
  };
}
