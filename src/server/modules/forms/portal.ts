// The client portal's side of forms: the signed-in client's requests (pending first), one request
// with its wording and draft, saving a draft, and submitting with a signature. A request of a record
// not linked to this account answers 404, exactly like an unknown id (the portal module resolves
// the link), and nothing changes. A completed (or cancelled) form answers 409 to any change. Every
// read and change is audited with the client's account as the actor.
import type { AppContext, RequestMeta } from '../../context.js';
import type { Tx } from '../../db/index.js';
import { invalid, notFound, type AppError } from '../../errors.js';
import { answerInvalid, clientConflict, clientInvalid } from '../../i18n/errors.js';
import type { MessageId } from '../../i18n/index.js';
import { checkAnswers, normalizeAnswers, SignatureAnswer, type AnswerFinding, type AnswerProblem, type Answers, type FieldDef } from '../../../shared/fields.js';
import type { FormRequestDetail, FormRequestList, PortalFormSubmit } from '../../../shared/forms.js';
import type { ResolvedPortalSession } from '../auth/index.js';
import type { PortalService } from '../portal/index.js';
import { contentHash } from './hash.js';
import { formPdf } from './pdf.js';
import { answersRef, fieldsOf, ipRef, presentDetail, presentSummary, signatureRef, signedOf, storedAnswers, typedNameRef } from './present.js';
import * as repo from './repo.js';

const OPEN = new Set(['sent', 'in_progress']);

const completed = () => clientConflict('errors.forms.completed');

/**
 * checkAnswers' problems (src/shared/fields.ts, as data) → the catalog's ids, so a client's refusal
 * comes in the page's language. A signature's own parts stay in English (null).
 */
const ANSWER_MESSAGES: Record<AnswerProblem['code'], MessageId | null> = {
  unknown_field: 'errors.answers.unknownField',
  required: 'errors.answers.required',
  text: 'errors.answers.text',
  unicode: 'errors.answers.unicode',
  control: 'errors.answers.control',
  too_long: 'errors.answers.tooLong',
  option_list: 'errors.answers.optionList',
  not_an_option: 'errors.answers.notAnOption',
  option_twice: 'errors.answers.optionTwice',
  one_option: 'errors.answers.oneOption',
  checkbox: 'errors.answers.checkbox',
  date: 'errors.answers.date',
  whole_number: 'errors.answers.wholeNumber',
  range: 'errors.answers.range',
  signature: null,
};

/** An answer's problem as the 400 naming `fields.<key>`, in the catalog's words. */
function answerError(issue: AnswerFinding): AppError {
  const id = ANSWER_MESSAGES[issue.problem.code];
  if (!id) return invalid(issue.field, issue.message);
  const { code: _code, ...values } = issue.problem;
  return answerInvalid(issue.field, id, { field: issue.field, ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])) }, issue.problem);
}

/** The answers without the signature fields (a signature is kept in the signing record, never in a draft). */
function withoutSignatures(fields: readonly FieldDef[], answers: Answers): Answers {
  const out = { ...answers };
  for (const f of fields) if (f.kind === 'signature') delete out[f.key];
  return out;
}

export class FormsPortal {
  constructor(
    private readonly ctx: AppContext,
    private readonly portal: PortalService,
  ) {}

  private audit(s: ResolvedPortalSession, practiceId: string, action: 'read' | 'update', id: string, meta: RequestMeta, details: Record<string, string> = {}, tx?: Tx) {
    return this.ctx.audit.record({ actor: { type: 'client', id: s.accountId }, practiceId, action, resource: { type: 'form_request', id }, outcome: 'success', details: { via: 'portal', ...details }, ip: meta.ip, userAgent: meta.userAgent }, tx);
  }

  /** A request of one of this account's records (cancelled ones are gone from the portal): 404 otherwise. */
  private async own(s: ResolvedPortalSession, id: string) {
    const r = await repo.requestById(this.ctx.db, id);
    if (!r || r.status === 'cancelled') throw notFound('Form');
    const link = await this.portal.record(s, r.client_id);
    if (link.practiceId !== r.practice_id) throw notFound('Form');
    const t = (await repo.templateById(this.ctx.db, r.practice_id, r.template_id))!;
    return { r, t, fields: fieldsOf(t) };
  }

  async list(s: ResolvedPortalSession, clientId: string | undefined, meta: RequestMeta): Promise<FormRequestList> {
    const { practiceId, clientId: cid } = await this.portal.record(s, clientId);
    const rows = (await repo.requestsOfClient(this.ctx.db, practiceId, cid)).filter((r) => r.status !== 'cancelled');
    const pending = rows.filter((r) => OPEN.has(r.status));
    await this.portal.recordRead(s, practiceId, { type: 'client_form_requests', id: cid }, meta);
    return { items: [...pending, ...rows.filter((r) => !OPEN.has(r.status))].map(presentSummary) };
  }

  async get(s: ResolvedPortalSession, id: string, meta: RequestMeta): Promise<FormRequestDetail> {
    const { r, t } = await this.own(s, id);
    const answers = await storedAnswers(this.ctx, r);
    const detail = presentDetail(r, t, answers, await signedOf(this.ctx, r, t, answers));
    await this.audit(s, r.practice_id, 'read', id, meta);
    return detail;
  }

  /** My signed form as a PDF (the answers, wording, signature and signing record), for my own files; audited. */
  async pdf(s: ResolvedPortalSession, id: string, meta: RequestMeta): Promise<{ bytes: Buffer; fileName: string }> {
    const { r, t } = await this.own(s, id);
    if (r.status !== 'completed') throw clientConflict('errors.forms.notSigned');
    const answers = await storedAnswers(this.ctx, r);
    const signed = await signedOf(this.ctx, r, t, answers);
    const detail = presentDetail(r, t, answers, signed);
    await this.audit(s, r.practice_id, 'read', id, meta, { step: 'pdf' });
    const bytes = await formPdf(detail, signed?.typedName ?? '', signed?.image ?? null, new Date(this.ctx.clock.now()).toISOString());
    return { bytes, fileName: `form-${id.slice(0, 8)}-v${detail.version}.pdf` };
  }

  /** Saves the client's progress (any answers so far; required ones may wait). */
  async draft(s: ResolvedPortalSession, id: string, fields: Answers, meta: RequestMeta): Promise<FormRequestDetail> {
    const { r, fields: defs } = await this.own(s, id);
    if (!OPEN.has(r.status)) throw completed();
    const issue = checkAnswers(defs, fields, { complete: false })[0];
    if (issue) throw answerError(issue);
    const stored = withoutSignatures(defs, normalizeAnswers(defs, fields));
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      const answers_enc = await this.ctx.crypto.encrypt(r.practice_id, answersRef(id), JSON.stringify(stored), tx);
      if (!(await repo.updateOpen(tx, id, { answers_enc, status: 'in_progress', updated_at: now }))) throw completed();
      await this.audit(s, r.practice_id, 'update', id, meta, { step: 'draft' }, tx);
    });
    return this.get(s, id, meta);
  }

  /**
   * Submits and signs: every answer checked as complete; a signature (typed name and drawing) is
   * required when the form has a signature field or consent wording. Stores the time, the IP, the
   * exact version and the content hash; the form is then immutable.
   */
  async submit(s: ResolvedPortalSession, id: string, body: PortalFormSubmit, meta: RequestMeta): Promise<FormRequestDetail> {
    const { r, t, fields: defs } = await this.own(s, id);
    if (!OPEN.has(r.status)) throw completed();
    const sigField = defs.find((f) => f.kind === 'signature');
    const fromField = sigField ? SignatureAnswer.safeParse(body.fields[sigField.key]) : undefined;
    const signature = body.signature ?? (fromField?.success ? fromField.data : undefined);
    const answers: Answers = { ...body.fields };
    if (signature) for (const f of defs) if (f.kind === 'signature' && answers[f.key] === undefined) answers[f.key] = signature;
    const issue = checkAnswers(defs, answers, { complete: true })[0];
    if (issue) throw answerError(issue);
    if ((sigField || t.wording) && !signature) throw clientInvalid('signature', 'errors.forms.signatureRequired');
    const stored = withoutSignatures(defs, normalizeAnswers(defs, answers));
    const signedAt = this.ctx.clock.now();
    const typedName = signature?.typedName ?? '';
    const image = signature?.image ?? null;
    const hash = contentHash({ requestId: id, clientId: r.client_id, templateId: t.id, version: Number(t.version), name: t.name, kind: t.kind, wording: t.wording, fields: defs, answers: stored, typedName, signatureImage: image, ip: meta.ip, signedAt });
    await this.ctx.db.transaction().execute(async (tx) => {
      const pid = r.practice_id;
      const patch = {
        answers_enc: await this.ctx.crypto.encrypt(pid, answersRef(id), JSON.stringify(stored), tx),
        typed_name_enc: signature ? await this.ctx.crypto.encrypt(pid, typedNameRef(id), typedName, tx) : null,
        signature_image_enc: image === null ? null : await this.ctx.crypto.encrypt(pid, signatureRef(id), image, tx),
        signed_ip_enc: await this.ctx.crypto.encrypt(pid, ipRef(id), meta.ip, tx),
        signed_at: signedAt,
        content_hash: hash,
        status: 'completed' as const,
        completed_at: signedAt,
        updated_at: signedAt,
      };
      if (!(await repo.updateOpen(tx, id, patch))) throw completed();
      await this.audit(s, pid, 'update', id, meta, { step: 'submit', version: String(t.version) }, tx);
    });
    return this.get(s, id, meta);
  }
}
