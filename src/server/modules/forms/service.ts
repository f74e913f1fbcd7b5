// Intake and consent forms, the staff side: the practice's templates (versions per family, the
// built-in starters), sending forms to a client (one packet, one PHI-free mail), the status list
// every role that sees the client sees, a form's answers and PDF (records.read only, audited),
// cancelling, the day's per-appointment status, the record export and the tamper check.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { conflict, invalid, notFound } from '../../errors.js';
import type { AppointmentFormsStatus, FormRequestDetail, FormRequestList, FormRequestSummary, FormTemplate, FormTemplateCreate, FormTemplateList } from '../../../shared/forms.js';
import { byStaff } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { ClientService, ExportSection } from '../clients/index.js';
import type { NotificationRequest, NotificationService } from '../notifications/index.js';
import type { RecordAccess } from '../records/index.js';
import type { SchedulingService } from '../scheduling/index.js';
import { exportAudit, formsExportSection, withheldForms } from './export.js';
import { PACKET_MAIL } from './mail.js';
import { formPdf } from './pdf.js';
import { currentVersions, presentDetail, presentSummary, presentTemplate, signedOf, storedAnswers } from './present.js';
import * as repo from './repo.js';
import { STARTERS } from './starters.js';

/** One request row as sent (status `sent`). */
export interface Outgoing {
  practiceId: string;
  clientId: string;
  templateIds: string[];
  appointmentId: string | null;
  via: 'staff' | 'first_booking';
  sentBy: string | null;
  /** The packet's id (default: a new one). */
  packetId?: string;
}

export class FormsService {
  constructor(
    readonly ctx: AppContext,
    readonly records: RecordAccess,
    private readonly clients: ClientService,
    private readonly scheduling: SchedulingService,
    readonly notifications: NotificationService,
  ) {}

  // ---- templates ----

  /** The practice's forms, every version (the built-in starters seeded on the first read). */
  async templates(s: ResolvedSession): Promise<FormTemplateList> {
    const pid = s.user.practiceId;
    await this.seedStarters(pid);
    const rows = await repo.templatesOf(this.ctx.db, pid);
    const current = new Set([...currentVersions(rows).values()].map((r) => r.id));
    return { items: rows.map((r) => presentTemplate(r, current.has(r.id))) };
  }

  private async seedStarters(practiceId: string): Promise<void> {
    if (await repo.hasStarters(this.ctx.db, practiceId)) return;
    const now = this.ctx.clock.now();
    for (const [i, st] of STARTERS.entries()) {
      const id = randomUUID();
      await repo.insertStarter(this.ctx.db, { id, practice_id: practiceId, family_id: id, version: 1, name: st.name, kind: st.kind, wording: st.wording, fields: JSON.stringify(st.fields), send_on_first_booking: 0, starter: st.key, created_by: null, created_at: now + i }); // listed in this order
    }
  }

  /** A new form, or (with `replaces`) the next version of one; earlier versions stay as they were sent. Audited. */
  async createTemplate(s: ResolvedSession, input: FormTemplateCreate, meta: RequestMeta): Promise<FormTemplate> {
    const pid = s.user.practiceId;
    const id = randomUUID();
    const now = this.ctx.clock.now();
    const row = await this.ctx.db.transaction().execute(async (tx) => {
      let family: string = id;
      let version = 1;
      if (input.replaces) {
        const named = (await repo.templateById(tx, pid, input.replaces)) ?? (await repo.latestOfFamily(tx, pid, input.replaces));
        if (!named) throw invalid('replaces', 'is not a form of this practice');
        const latest = await repo.latestOfFamily(tx, pid, named.family_id);
        family = named.family_id;
        version = Number(latest!.version) + 1;
      }
      const values = { id, practice_id: pid, family_id: family, version, name: input.name, kind: input.kind, wording: input.wording, fields: JSON.stringify(input.fields), send_on_first_booking: input.sendOnFirstBooking ? 1 : 0, starter: null, created_by: s.user.id, created_at: now };
      await repo.insertTemplate(tx, values);
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'create', resource: { type: 'form_template', id }, outcome: 'success', details: { familyId: family, version } }, tx);
      return values;
    });
    return presentTemplate(row, true);
  }

  // ---- requests ----

  /** Sends forms (their current versions) to a client as one packet: one PHI-free mail. Audited. */
  async send(s: ResolvedSession, clientId: string, input: { templateIds: string[]; appointmentId?: string | undefined }, meta: RequestMeta): Promise<FormRequestList> {
    const pid = s.user.practiceId;
    await this.records.assertClient(s, clientId);
    if (new Set(input.templateIds).size !== input.templateIds.length) throw invalid('templateIds', 'must not name a form twice');
    if (input.appointmentId !== undefined && !(await this.scheduling.clientIdsOf(input.appointmentId)).includes(clientId)) throw invalid('appointmentId', "is not one of this client's appointments");
    const named = await repo.templatesByIds(this.ctx.db, pid, input.templateIds);
    const missing = input.templateIds.findIndex((t) => !named.some((r) => r.id === t));
    if (missing >= 0) throw invalid(`templateIds.${missing}`, 'is not a form of this practice');
    const current = currentVersions(await repo.templatesOf(this.ctx.db, pid));
    // A request always carries the newest wording of the form named.
    const templateIds = input.templateIds.map((t) => current.get(named.find((r) => r.id === t)!.family_id)!.id);
    const ids = await this.ctx.db.transaction().execute(async (tx) => {
      const sent = await this.enqueuePacket(tx, { practiceId: pid, clientId, templateIds, appointmentId: input.appointmentId ?? null, via: 'staff', sentBy: s.user.id });
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'create', resource: { type: 'form_request', id: sent.packetId }, outcome: 'success', details: { clientId, requests: sent.ids, via: 'staff' } }, tx);
      return sent.ids;
    });
    this.notifications.wake();
    const rows = await repo.requestsOfClient(this.ctx.db, pid, clientId);
    // In the order the forms were named.
    return { items: ids.map((id) => presentSummary(rows.find((r) => r.id === id)!)) };
  }

  /** Writes a packet's requests and its one mail, inside the caller's transaction. */
  async enqueuePacket(tx: DbOrTx, o: Outgoing): Promise<{ packetId: string; ids: string[] }> {
    const packetId = o.packetId ?? randomUUID();
    const now = this.ctx.clock.now();
    const ids = o.templateIds.map(() => randomUUID());
    await repo.insertRequests(
      tx,
      o.templateIds.map((templateId, i) => ({ id: ids[i]!, practice_id: o.practiceId, client_id: o.clientId, template_id: templateId, packet_id: packetId, appointment_id: o.appointmentId, via: o.via, status: 'sent' as const, answers_enc: null, sent_by: o.sentBy, sent_at: now, updated_at: now, completed_at: null, cancelled_at: null, typed_name_enc: null, signature_image_enc: null, signed_ip_enc: null, signed_at: null, content_hash: null })),
    );
    const mail: NotificationRequest = { practiceId: o.practiceId, kind: PACKET_MAIL, recipient: { type: 'client', id: o.clientId }, dedupeKey: `${PACKET_MAIL}:${packetId}`, payload: { packetId } };
    await this.notifications.enqueue(tx, [mail]);
    return { packetId, ids };
  }

  /** A client's requests, newest first: status only, for every role that sees the client. */
  async list(s: ResolvedSession, clientId: string): Promise<FormRequestList> {
    await this.records.assertClient(s, clientId);
    return { items: (await repo.requestsOfClient(this.ctx.db, s.user.practiceId, clientId)).map(presentSummary) };
  }

  /** A request of this practice (404 otherwise, like an unknown id). */
  private async own(s: ResolvedSession, id: string): Promise<repo.RequestListRow> {
    const r = await repo.requestById(this.ctx.db, id);
    if (!r || r.practice_id !== s.user.practiceId) throw notFound('Form request');
    return r;
  }

  /** A request with its answers and signing record: records.read and a client within reach. Audited (a tampered form also as an integrity failure). */
  async detail(s: ResolvedSession, id: string, meta: RequestMeta, action: 'read' | 'export' = 'read'): Promise<FormRequestDetail & { signatureImage: string | null }> {
    const r = await this.own(s, id);
    await this.records.assertContent(s, r.client_id);
    const t = (await repo.templateById(this.ctx.db, r.practice_id, r.template_id))!;
    const answers = await storedAnswers(this.ctx, r);
    const signed = await signedOf(this.ctx, r, t, answers);
    await this.ctx.audit.record({ ...byStaff(s, meta), action, resource: { type: 'form_request', id }, outcome: 'success', details: { clientId: r.client_id } });
    if (signed && !signed.intact) await this.ctx.audit.record({ ...byStaff(s, meta), action: 'integrity_failure', resource: { type: 'form_request', id }, outcome: 'failure', details: { clientId: r.client_id } });
    return { ...presentDetail(r, t, answers, signed), signatureImage: signed?.image ?? null };
  }

  /** The form as a PDF: answers, wording, signature and signing record (records.read; an audited export). */
  async pdf(s: ResolvedSession, id: string, meta: RequestMeta): Promise<{ bytes: Buffer; fileName: string }> {
    const { signatureImage, ...form } = await this.detail(s, id, meta, 'export');
    const c = (await this.clients.directory(s.user.practiceId)).get(form.clientId);
    const name = c ? `${c.firstName} ${c.lastName}` : form.clientId;
    const bytes = await formPdf(form, name, signatureImage, new Date(this.ctx.clock.now()).toISOString());
    return { bytes, fileName: `form-${id.slice(0, 8)}-v${form.version}.pdf` };
  }

  /** Withdraws a request not yet completed (a completed or cancelled one answers 409). Audited. */
  async cancel(s: ResolvedSession, id: string, meta: RequestMeta): Promise<FormRequestSummary> {
    const r = await this.own(s, id);
    await this.records.assertClient(s, r.client_id);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.updateOpen(tx, id, { status: 'cancelled', cancelled_at: now, updated_at: now }))) throw conflict(`This form is ${r.status === 'completed' ? 'completed' : 'cancelled'} and cannot be cancelled`);
      await this.ctx.audit.record({ ...byStaff(s, meta), action: 'update', resource: { type: 'form_request', id }, outcome: 'success', details: { clientId: r.client_id, status: 'cancelled' } }, tx);
    });
    return presentSummary((await repo.requestById(this.ctx.db, id))!);
  }

  /** Per appointment: how many of its forms wait and how many are complete (appointments without forms are absent). */
  async statusFor(practiceId: string, appointmentIds: readonly string[]): Promise<Map<string, AppointmentFormsStatus>> {
    const out = new Map<string, AppointmentFormsStatus>();
    for (const r of await repo.statusesOfAppointments(this.ctx.db, practiceId, appointmentIds)) {
      const st = out.get(r.appointment_id!) ?? { pending: 0, completed: 0 };
      if (r.status === 'completed') st.completed++;
      else st.pending++;
      out.set(r.appointment_id!, st);
    }
    return out;
  }

  /** For the record export: the client's completed forms with their answers and signing record (records.read only). */
  async exportSection(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<ExportSection> {
    if (!this.records.readsContent(s)) return withheldForms();
    await this.records.assertContent(s, clientId);
    const items: FormRequestDetail[] = [];
    for (const r of await repo.completedOfClient(this.ctx.db, s.user.practiceId, clientId)) {
      const t = (await repo.templateById(this.ctx.db, r.practice_id, r.template_id))!;
      const answers = await storedAnswers(this.ctx, r);
      items.push(presentDetail(r, t, answers, await signedOf(this.ctx, r, t, answers)));
      await this.ctx.audit.record(exportAudit(s, meta, r.id, clientId));
    }
    return formsExportSection(items);
  }

  /** The practice's completed forms whose content no longer matches their signed hash (changed in the database directly). */
  async verify(practiceId: string): Promise<{ checked: number; tampered: string[] }> {
    const rows = await repo.completedOfPractice(this.ctx.db, practiceId);
    const tampered: string[] = [];
    for (const r of rows) {
      const t = (await repo.templateById(this.ctx.db, r.practice_id, r.template_id))!;
      let intact = false;
      try {
        intact = (await signedOf(this.ctx, r, t, await storedAnswers(this.ctx, r)))?.intact ?? false;
      } catch {
        // A ciphertext that no longer decrypts (moved or edited) is tampered too.
      }
      if (!intact) tampered.push(r.id);
    }
    return { checked: rows.length, tampered };
  }
}
