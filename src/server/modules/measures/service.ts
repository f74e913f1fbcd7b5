// Scored measures: schedules, the questionnaires waiting for a client, their answers and scores.
//  - Staff: content (scores, answers) needs records.read and a client within reach (RecordAccess);
//    front desk, billing and compliance answer 403. Every read and change is audited.
//  - Portal: a request of another client's record answers 404; a second submission 409. Answers are
//    checked against the instrument (400 naming `answers.<index>`), scored here, encrypted.
//  - A risk answer (PHQ-9 item 9 above zero) alerts the clinician at once: an open flag on Today and
//    on the client's Measures tab, and a PHI-free mail (messages' staff alert), enqueued with the
//    answer in one transaction. The client is shown the crisis resources (MeasureSubmitted).
import { createHash, randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Tx } from '../../db/index.js';
import { conflict, invalid, notFound } from '../../errors.js';
import { clientConflict } from '../../i18n/errors.js';
import { iso } from '../../lib/clock.js';
import {
  answerProblem,
  bandOf,
  INSTRUMENT_DEFS,
  score,
  type ClientMeasures,
  type MeasureFlags,
  type MeasureRequest,
  type MeasureResult,
  type MeasureSchedule,
  type MeasureScheduleInput,
  type MeasureSubmit,
  type MeasureSubmitted,
  type PortalMeasure,
  type PortalMeasureList,
} from '../../../shared/measures.js';
import { byStaff, type AuditEvent } from '../audit/index.js';
import type { ResolvedPortalSession, ResolvedSession } from '../auth/index.js';
import { withheldSection, type ClientService, type ExportSection } from '../clients/index.js';
import type { MessagingService } from '../messages/index.js';
import type { PortalService } from '../portal/index.js';
import type { RecordAccess } from '../records/index.js';
import type { MeasurePlanner } from './plan.js';
import * as repo from './repo.js';

const RESPONSE = { type: 'measure_response' };

/** What the content hash seals: the submission, in a fixed key order. */
export function contentHash(r: { id: string; requestId: string; instrument: string; answers: readonly number[]; difficulty: number | null; completedAt: number }): string {
  const canonical = JSON.stringify([r.id, r.requestId, r.instrument, r.answers, r.difficulty, r.completedAt]);
  return createHash('sha256').update(canonical).digest('hex');
}

const schedule = (r: repo.ScheduleRow): MeasureSchedule => ({ id: r.id, instrument: r.instrument, cadence: r.cadence, active: r.active === 1, createdBy: r.created_by, createdAt: iso(Number(r.created_at)) });
const request = (r: repo.RequestRow): MeasureRequest => ({
  id: r.id,
  instrument: r.instrument,
  appointmentId: r.appointment_id,
  opensAt: iso(Number(r.opens_at)),
  dueAt: iso(Number(r.due_at)),
  status: r.status,
});

export class MeasureService {
  constructor(
    private readonly ctx: AppContext,
    private readonly records: RecordAccess,
    private readonly clients: ClientService,
    private readonly portal: PortalService,
    private readonly messages: MessagingService,
    readonly planner: MeasurePlanner,
  ) {}

  private audit(e: Omit<AuditEvent, 'outcome'>, tx?: Tx) {
    return this.ctx.audit.record({ ...e, outcome: 'success' }, tx);
  }

  /** Decrypts a response; a response changed in the database (hash mismatch) is reported and audited. */
  private async result(r: repo.ResponseRow): Promise<MeasureResult & { intact: boolean }> {
    const { answers, difficulty } = JSON.parse(await this.ctx.crypto.decrypt({ table: 'measure_responses', column: 'answers_enc', rowId: r.id }, r.answers_enc)) as { answers: number[]; difficulty: number | null };
    const total = Number(await this.ctx.crypto.decrypt({ table: 'measure_responses', column: 'score_enc', rowId: r.id }, r.score_enc));
    const completedAt = Number(r.completed_at);
    const intact = contentHash({ id: r.id, requestId: r.request_id, instrument: r.instrument, answers, difficulty, completedAt }) === r.content_hash;
    if (!intact) {
      await this.ctx.audit.record({ actor: { type: 'system', id: null }, practiceId: r.practice_id, action: 'integrity_failure', resource: { ...RESPONSE, id: r.id }, outcome: 'failure', details: { reason: 'content_hash' } });
    }
    return { id: r.id, requestId: r.request_id, instrument: r.instrument, completedAt: iso(completedAt), total, band: bandOf(INSTRUMENT_DEFS[r.instrument], total), answers, difficulty, riskFlag: r.risk_flag === 1, flagReviewedAt: r.flag_reviewed_at === null ? null : iso(Number(r.flag_reviewed_at)), intact };
  }

  // ---- staff ----

  /** Every completed response with its score and band, the schedules and what is due. Audited. */
  async forClient(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<ClientMeasures> {
    await this.records.assertContent(s, clientId);
    const pid = s.user.practiceId;
    const [responses, schedules, due] = await Promise.all([
      repo.responsesOf(this.ctx.db, pid, clientId),
      repo.schedulesOf(this.ctx.db, pid, clientId),
      repo.openRequests(this.ctx.db, pid, clientId, this.ctx.clock.now(), true),
    ]);
    const results = (await Promise.all(responses.map((r) => this.result(r)))).map(({ intact: _intact, ...r }) => r);
    await this.audit({ ...byStaff(s, meta), action: 'read', resource: { type: 'client_measures', id: clientId }, details: { returned: results.length } });
    return { results, schedules: schedules.map(schedule), due: due.map(request) };
  }

  /** Starts a schedule (one active schedule per instrument: a second answers 409). `once` makes its request at once. */
  async addSchedule(s: ResolvedSession, clientId: string, input: MeasureScheduleInput, meta: RequestMeta): Promise<MeasureSchedule> {
    await this.records.assertContent(s, clientId);
    const pid = s.user.practiceId;
    const existing = await repo.schedulesOf(this.ctx.db, pid, clientId);
    if (existing.some((e) => e.active === 1 && e.instrument === input.instrument)) throw conflict(`instrument: ${INSTRUMENT_DEFS[input.instrument].name} is already scheduled for this client; stop that schedule first`, 'instrument');
    const row: repo.ScheduleRow = {
      id: randomUUID(),
      practice_id: pid,
      client_id: clientId,
      instrument: input.instrument,
      cadence: input.cadence,
      active: 1,
      created_by: s.user.id,
      created_at: this.ctx.clock.now(),
      stopped_by: null,
      stopped_at: null,
    };
    await this.ctx.db.transaction().execute(async (tx) => {
      await repo.insertSchedule(tx, row);
      if (row.cadence === 'once') await this.planner.once(tx, row);
      await this.audit({ ...byStaff(s, meta), action: 'create', resource: { type: 'measure_schedule', id: row.id }, details: { clientId, instrument: row.instrument, cadence: row.cadence } }, tx);
    });
    if (row.cadence !== 'once') await this.planner.planSchedule(row);
    this.planner.wake();
    return schedule(row);
  }

  /** Stops a schedule; its open requests close with it. Stopping a stopped schedule answers 409. */
  async stopSchedule(s: ResolvedSession, clientId: string, scheduleId: string, meta: RequestMeta): Promise<MeasureSchedule> {
    await this.records.assertContent(s, clientId);
    const pid = s.user.practiceId;
    const found = await repo.findSchedule(this.ctx.db, pid, clientId, scheduleId);
    if (!found) throw notFound('Schedule');
    await this.ctx.db.transaction().execute(async (tx) => {
      const r = await repo.stopSchedule(tx, scheduleId, s.user.id, this.ctx.clock.now());
      if (Number(r.numUpdatedRows) === 0) throw conflict('This schedule is already stopped');
      await repo.stopOpenRequests(tx, scheduleId);
      await this.audit({ ...byStaff(s, meta), action: 'update', resource: { type: 'measure_schedule', id: scheduleId }, details: { clientId, active: false } }, tx);
    });
    return schedule((await repo.findSchedule(this.ctx.db, pid, clientId, scheduleId))!);
  }

  /** Unreviewed risk answers: a provider's own (the requests that alert them), every one for the owner. Audited. */
  async flags(s: ResolvedSession, meta: RequestMeta): Promise<MeasureFlags> {
    const pid = s.user.practiceId;
    const own = this.records.role(s) === 'provider';
    const rows = await repo.openFlags(this.ctx.db, pid, own ? s.user.id : null);
    const directory = await this.clients.directory(pid);
    const items = rows.map((r) => {
      const c = directory.get(r.client_id);
      return { responseId: r.id, clientId: r.client_id, clientName: c ? `${c.preferredName ?? c.firstName} ${c.lastName}` : 'Client', completedAt: iso(Number(r.completed_at)) };
    });
    await this.audit({ ...byStaff(s, meta), action: 'read', resource: { type: 'measure_flags', id: pid }, details: { returned: items.length } });
    return { items };
  }

  /** Marks a risk answer reviewed (it leaves Today's alert; the Measures tab still shows it). 409 when already reviewed. */
  async reviewFlag(s: ResolvedSession, responseId: string, meta: RequestMeta): Promise<void> {
    const r = await repo.findResponse(this.ctx.db, s.user.practiceId, responseId);
    if (!r || r.risk_flag !== 1) throw notFound('Flag');
    await this.records.assertContent(s, r.client_id);
    const done = await repo.reviewFlag(this.ctx.db, responseId, s.user.id, this.ctx.clock.now());
    if (Number(done.numUpdatedRows) === 0) throw conflict('This flag is already reviewed');
    await this.audit({ ...byStaff(s, meta), action: 'update', resource: { ...RESPONSE, id: responseId }, details: { clientId: r.client_id, flagReviewed: true } });
  }

  /** The client's completed measures for the record export. */
  async exportSection(s: ResolvedSession, clientId: string, meta: RequestMeta): Promise<ExportSection> {
    if (!this.records.readsContent(s)) return withheldSection('Measures');
    await this.records.assertContent(s, clientId);
    const rows = await repo.responsesOf(this.ctx.db, s.user.practiceId, clientId);
    const items = (await Promise.all(rows.map((r) => this.result(r)))).map((r) => ({
      instrument: INSTRUMENT_DEFS[r.instrument].name,
      completedAt: r.completedAt,
      total: r.total,
      band: r.band,
      answers: r.answers,
      difficulty: r.difficulty,
      riskFlag: r.riskFlag,
    }));
    await this.ctx.audit.record({ ...byStaff(s, meta), action: 'export', resource: { type: 'measure_responses', id: clientId }, outcome: 'success', details: { count: items.length } });
    const printable = items.map((r) => ({ heading: `${r.instrument} · ${r.completedAt}`, lines: [`Score ${r.total} (${r.band})${r.riskFlag ? ' · item 9 above zero' : ''}`, `Answers: ${r.answers.join(', ')}`] }));
    return { title: 'Measures', items, printable };
  }


  // ---- portal ----

  private portalItem(r: repo.RequestRow) {
    const def = INSTRUMENT_DEFS[r.instrument];
    return { id: r.id, instrument: r.instrument, name: def.name, dueAt: iso(Number(r.due_at)), itemCount: def.items.length };
  }

  /** What is due for the signed-in client (open now). */
  async portalList(ps: ResolvedPortalSession, clientId: string | undefined, meta: RequestMeta): Promise<PortalMeasureList> {
    const { practiceId, clientId: cid } = await this.portal.record(ps, clientId);
    const rows = await repo.openRequests(this.ctx.db, practiceId, cid, this.ctx.clock.now());
    await this.portal.recordRead(ps, practiceId, { type: 'measure_requests', id: cid }, meta);
    return { items: rows.map((r) => this.portalItem(r)) };
  }

  /** A request of this account's, open now (404 otherwise; 409 once answered or closed). */
  private async openRequest(ps: ResolvedPortalSession, id: string): Promise<repo.RequestRow> {
    const r = await repo.findRequest(this.ctx.db, id);
    if (!r) throw notFound('Questionnaire');
    await this.portal.linked(ps, r.client_id);
    if (Number(r.opens_at) > this.ctx.clock.now()) throw notFound('Questionnaire');
    if (r.status !== 'due') throw clientConflict(r.status === 'completed' ? 'errors.measures.answered' : 'errors.measures.closed');
    return r;
  }

  async portalGet(ps: ResolvedPortalSession, id: string, meta: RequestMeta): Promise<PortalMeasure> {
    const r = await this.openRequest(ps, id);
    const def = INSTRUMENT_DEFS[r.instrument];
    await this.portal.recordRead(ps, r.practice_id, { type: 'measure_request', id }, meta);
    return { ...this.portalItem(r), title: def.title, stem: def.stem, items: [...def.items], options: [...def.options], difficulty: def.difficulty ? { question: def.difficulty.question, options: [...def.difficulty.options] } : null };
  }

  async submit(ps: ResolvedPortalSession, id: string, body: MeasureSubmit, meta: RequestMeta): Promise<MeasureSubmitted> {
    const r = await this.openRequest(ps, id);
    const def = INSTRUMENT_DEFS[r.instrument];
    const problem = answerProblem(def, body.answers, body.difficulty);
    if (problem) throw invalid(...problem);
    const difficulty = body.difficulty ?? null;
    const scored = score(def, body.answers);
    const now = this.ctx.clock.now();
    const rid = randomUUID();
    const pid = r.practice_id;
    await this.ctx.db.transaction().execute(async (tx) => {
      const done = await repo.completeRequest(tx, r.id, now);
      if (Number(done.numUpdatedRows) === 0) throw clientConflict('errors.measures.answered');
      await repo.insertResponse(tx, {
        id: rid,
        practice_id: pid,
        client_id: r.client_id,
        request_id: r.id,
        instrument: r.instrument,
        answers_enc: await this.ctx.crypto.encrypt(pid, { table: 'measure_responses', column: 'answers_enc', rowId: rid }, JSON.stringify({ answers: body.answers, difficulty }), tx),
        score_enc: await this.ctx.crypto.encrypt(pid, { table: 'measure_responses', column: 'score_enc', rowId: rid }, String(scored.total), tx),
        risk_flag: scored.riskFlag ? 1 : 0,
        flag_reviewed_by: null,
        flag_reviewed_at: null,
        content_hash: contentHash({ id: rid, requestId: r.id, instrument: r.instrument, answers: body.answers, difficulty, completedAt: now }),
        completed_at: now,
      });
      if (scored.riskFlag) await this.messages.alert(pid, [r.notify_user_id], 'questionnaire answer', `/clients/${r.client_id}?tab=measures`, `measure:${rid}`, { tx });
      await this.audit({ actor: { type: 'client', id: ps.accountId }, practiceId: pid, ip: meta.ip, userAgent: meta.userAgent, action: 'create', resource: { ...RESPONSE, id: rid }, details: { via: 'portal', requestId: r.id } }, tx);
    });
    if (scored.riskFlag) this.planner.wake();
    return { id: rid, showCrisisResources: scored.riskFlag };
  }
}
