// Treatment plans on every test database: a provider writes a plan for a client of theirs (diagnoses
// checked against the practice's ICD-10-CM codes), signs it, reviews it (a new signed version),
// and the client signs it in the portal. Bad input answers 400 naming the field and changes
// nothing; signed versions are immutable, and one changed in the database is reported as tampered.
// Front desk, billing and compliance never read a plan; another client's portal account gets 404.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanContentInput, PortalPlan, TreatmentPlan } from '../../../shared/plans.js';
import { importIcd10 } from '../billing/index.js';
import type { Actor } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { portalClient, type PortalClientFixture } from '../../testing/portal.js';
import { teamSuite } from '../../testing/suite.js';

const FIXTURE = readFileSync(path.join(import.meta.dirname, '..', 'billing', 'fixtures', 'icd10cm_order_2026.txt'), 'utf8');
const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const samplePlan = (over: Partial<PlanContentInput> = {}): PlanContentInput => ({
  diagnoses: ['F41.1'],
  problems: [
    {
      text: 'Worry most days, trouble sleeping',
      goals: [
        {
          text: 'Worry less and sleep through the night',
          objectives: [{ text: 'Use a wind-down routine 5 nights a week', targetDate: later(60), status: 'in_progress' }],
          interventions: [{ text: 'CBT for insomnia', frequency: 'Weekly' }],
        },
      ],
    },
  ],
  reviewEveryDays: 90,
  ...over,
});

describe.each(testDialects())('treatment plans on %s', (dialect) => {
  const { h, p, other, staff } = teamSuite(dialect, { smtp: true }, ['provider', 'provider2', 'front_desk', 'billing', 'compliance']);
  let client: PortalClientFixture;
  let stranger: PortalClientFixture;
  const provider = () => staff.provider!.actor;

  beforeAll(async () => {
    await importIcd10(h.database.db, FIXTURE, 'ICD-10-CM 2026');
    client = await portalClient(h, p.owner, { firstName: 'Marigold', lastName: 'Quince', providerIds: [staff.provider!.id] });
    stranger = await portalClient(h, p.owner, { firstName: 'Olive', lastName: 'Stone', providerIds: [staff.provider!.id] });
  });

  const create = async (as: Actor = provider(), body: PlanContentInput = samplePlan(), clientId = client.id): Promise<TreatmentPlan> => {
    const res = await as.post(`/api/clients/${clientId}/treatment-plans`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as TreatmentPlan;
  };
  const signed = async (): Promise<TreatmentPlan> => {
    const plan = await create();
    const res = await provider().post(`/api/treatment-plans/${plan.id}/sign`, { version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TreatmentPlan;
  };
  const planCount = async () => ((await p.owner.get(`/api/clients/${client.id}/treatment-plans`)).json() as { items: unknown[] }).items.length;

  it('writes a draft, signs it (hash, next review), reviews it into a new signed version, and closes it', async () => {
    const plan = await create();
    expect(plan).toMatchObject({ status: 'draft', version: 1, signed: null, integrity: 'ok', nextReviewDate: null });
    expect(plan.content.diagnoses).toEqual([{ code: 'F41.1', description: 'Generalized anxiety disorder' }]);

    const edit = await provider().patch(`/api/treatment-plans/${plan.id}`, { version: 1, content: samplePlan({ diagnoses: ['F41.1', 'f329'], reviewEveryDays: 30 }) });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((edit.json() as TreatmentPlan).content.diagnoses.map((d) => d.code)).toEqual(['F41.1', 'F32.9']);

    const sign = await provider().post(`/api/treatment-plans/${plan.id}/sign`, { version: 1 });
    expect(sign.statusCode, sign.body).toBe(200);
    const active = sign.json() as TreatmentPlan;
    expect(active).toMatchObject({ status: 'active', version: 1, nextReviewDate: later(30), dueForReview: false, integrity: 'ok', signed: { userId: staff.provider!.id, name: 'Priya Provider' } });
    expect(active.versions[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const changed = samplePlan({ diagnoses: ['F32.9'], reviewEveryDays: 60 });
    changed.problems![0]!.goals![0]!.objectives![0]!.status = 'met';
    const review = await provider().post(`/api/treatment-plans/${plan.id}/review`, { version: 1, content: changed });
    expect(review.statusCode, review.body).toBe(200);
    const reviewed = review.json() as TreatmentPlan;
    expect(reviewed).toMatchObject({ status: 'reviewed', version: 2, nextReviewDate: later(60), integrity: 'ok' });
    expect(reviewed.versions.map((v) => [v.version, v.kind])).toEqual([
      [1, 'initial'],
      [2, 'review'],
    ]);
    expect(reviewed.content.problems[0]!.goals[0]!.objectives[0]!.status).toBe('met');
    // The first signed version is untouched.
    expect(reviewed.versions[0]!.contentHash).toBe(active.versions[0]!.contentHash);

    // A review without changes re-signs the same content as a new version.
    const again = await p.owner.post(`/api/treatment-plans/${plan.id}/review`, { version: 2 });
    expect(again.statusCode, again.body).toBe(200);
    expect((again.json() as TreatmentPlan).version).toBe(3);

    const close = await provider().post(`/api/treatment-plans/${plan.id}/close`, { version: 3 });
    expect(close.statusCode, close.body).toBe(200);
    expect(close.json()).toMatchObject({ status: 'closed', nextReviewDate: null });
    expect((await provider().post(`/api/treatment-plans/${plan.id}/review`, { version: 3 })).statusCode).toBe(409);
  });

  it('answers 400 naming the field for bad input, and changes nothing', async () => {
    const before = await planCount();
    const cases: [PlanContentInput, string][] = [
      [samplePlan({ diagnoses: ['Z99.99'] }), 'diagnoses.0'],
      [samplePlan({ diagnoses: ['F41.1', 'nonsense'] }), 'diagnoses.1'],
      [samplePlan({ diagnoses: ['F41.1', 'F411'] }), 'diagnoses.1'],
      [samplePlan({ reviewEveryDays: 3 }), 'reviewEveryDays'],
    ];
    const past = samplePlan();
    past.problems![0]!.goals![0]!.objectives![0]!.targetDate = '2020-01-01';
    cases.push([past, 'problems.0.goals.0.objectives.0.targetDate']);
    const notADate = samplePlan();
    notADate.problems![0]!.goals![0]!.objectives![0]!.targetDate = '2031-02-30';
    cases.push([notADate, 'problems.0.goals.0.objectives.0.targetDate']);
    const badStatus = samplePlan();
    (badStatus.problems![0]!.goals![0]!.objectives![0] as { status: string }).status = 'done';
    cases.push([badStatus, 'problems.0.goals.0.objectives.0.status']);
    cases.push([{ ...samplePlan(), colour: 'blue' } as PlanContentInput, 'colour']);
    for (const [body, field] of cases) {
      const res = await provider().post(`/api/clients/${client.id}/treatment-plans`, body);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.body, field).toContain(field);
    }
    expect(await planCount()).toBe(before);

    // The same checks on a draft's edit name the field under content; the draft is unchanged.
    const plan = await create();
    const res = await provider().patch(`/api/treatment-plans/${plan.id}`, { version: 1, content: samplePlan({ diagnoses: ['Z99.99'] }) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('content.diagnoses.0');
    expect(((await provider().get(`/api/treatment-plans/${plan.id}`)).json() as TreatmentPlan).content.diagnoses.map((d) => d.code)).toEqual(['F41.1']);
    // An empty plan cannot be signed.
    const empty = await create(provider(), { diagnoses: [], problems: [] });
    const sign = await provider().post(`/api/treatment-plans/${empty.id}/sign`, { version: 1 });
    expect(sign.statusCode).toBe(400);
    expect(sign.body).toContain('problems');
  });

  it('refuses signing twice, editing a signed plan and a stale version with 409', async () => {
    const plan = await signed();
    expect((await provider().post(`/api/treatment-plans/${plan.id}/sign`, { version: 1 })).statusCode).toBe(409);
    expect((await provider().patch(`/api/treatment-plans/${plan.id}`, { version: 1, content: samplePlan() })).statusCode).toBe(409);
    const draft = await create();
    expect((await provider().patch(`/api/treatment-plans/${draft.id}`, { version: 2, content: samplePlan() })).statusCode).toBe(409);
    expect((await provider().post(`/api/treatment-plans/${draft.id}/review`, { version: 1 })).statusCode).toBe(409);
  });

  it('keeps the content from front desk, billing and compliance (403) and from those out of reach (404)', async () => {
    const plan = await signed();
    for (const role of ['front_desk', 'billing', 'compliance'] as const) {
      const as = staff[role]!.actor;
      expect((await as.get(`/api/clients/${client.id}/treatment-plans`)).statusCode, role).toBe(403);
      expect((await as.get(`/api/treatment-plans/${plan.id}`)).statusCode, role).toBe(403);
      expect((await as.post(`/api/clients/${client.id}/treatment-plans`, samplePlan())).statusCode, role).toBe(403);
      expect((await as.post(`/api/treatment-plans/${plan.id}/review`, { version: 1 })).statusCode, role).toBe(403);
      expect((await as.get('/api/treatment-plans/due')).statusCode, role).toBe(403);
    }
    // A provider the client is not assigned to (the practice does not let providers see all clients).
    expect((await staff.provider2!.actor.get(`/api/treatment-plans/${plan.id}`)).statusCode).toBe(404);
    expect((await staff.provider2!.actor.get(`/api/clients/${client.id}/treatment-plans`)).statusCode).toBe(404);
    // Another practice.
    expect((await other.owner.get(`/api/treatment-plans/${plan.id}`)).statusCode).toBe(404);
    expect((await other.owner.post(`/api/clients/${client.id}/treatment-plans`, samplePlan())).statusCode).toBe(404);
  });

  it('lets the client read and sign the signed plan in the portal, once; drafts and other clients’ plans stay hidden', async () => {
    const draft = await create();
    const plan = await signed();
    const list = (await client.portal.get('/api/portal/treatment-plans')).json() as { items: PortalPlan[] };
    expect(list.items.map((x) => x.id)).toContain(plan.id);
    expect(list.items.map((x) => x.id)).not.toContain(draft.id);

    const noAgree = await client.portal.post(`/api/portal/treatment-plans/${plan.id}/sign`, { version: 1, typedName: 'Marigold Quince', agree: false });
    expect(noAgree.statusCode).toBe(400);
    expect(noAgree.body).toContain('agree');
    expect((await stranger.portal.post(`/api/portal/treatment-plans/${plan.id}/sign`, { version: 1, typedName: 'Olive Stone', agree: true })).statusCode).toBe(404);
    expect((await client.portal.post(`/api/portal/treatment-plans/${draft.id}/sign`, { version: 1, typedName: 'Marigold Quince', agree: true })).statusCode).toBe(404);

    const sign = await client.portal.post(`/api/portal/treatment-plans/${plan.id}/sign`, { version: 1, typedName: 'Marigold Quince', agree: true, image: 'data:image/png;base64,iVBORw0KGgo=' });
    expect(sign.statusCode, sign.body).toBe(200);
    expect((sign.json() as PortalPlan).clientSigned).toMatchObject({ typedName: 'Marigold Quince', version: 1, ip: '127.0.0.1', drawn: true });
    const twice = await client.portal.post(`/api/portal/treatment-plans/${plan.id}/sign`, { version: 1, typedName: 'Marigold Quince', agree: true });
    expect([twice.statusCode, twice.json().error.message]).toEqual([409, 'You have already signed this version of the plan']);
    expect((await provider().get(`/api/treatment-plans/${plan.id}`)).json()).toMatchObject({ clientSigned: { typedName: 'Marigold Quince', version: 1 } });

    // A review makes a new version the client has not signed yet.
    await provider().post(`/api/treatment-plans/${plan.id}/review`, { version: 1 });
    const after = ((await client.portal.get('/api/portal/treatment-plans')).json() as { items: PortalPlan[] }).items.find((x) => x.id === plan.id)!;
    expect(after).toMatchObject({ version: 2, clientSigned: null });
    const stale = await client.portal.post(`/api/portal/treatment-plans/${plan.id}/sign`, { version: 1, typedName: 'Marigold Quince', agree: true });
    expect([stale.statusCode, stale.json().error.field, stale.json().error.message]).toEqual([409, 'version', 'version: the plan is at version 2; read it again before signing']);
    // In the language the portal's page asks for.
    const es = await client.portal.post(`/api/portal/treatment-plans/${plan.id}/sign`, { version: 1, typedName: 'Marigold Quince', agree: true }, { 'accept-language': 'es' });
    expect(es.json().error.message).toBe('El plan de tratamiento ahora está en la versión 2; léalo de nuevo antes de firmar.');
    // The stranger's own list does not hold the plan.
    expect(((await stranger.portal.get('/api/portal/treatment-plans')).json() as { items: PortalPlan[] }).items).toEqual([]);
  });

  it('detects a signed version changed in the database (content hash) and audits it', async () => {
    const plan = await signed();
    const { ctx } = h.app.services;
    const row = await ctx.db.selectFrom('treatment_plan_versions').select(['id', 'content_enc']).where('plan_id', '=', plan.id).executeTakeFirstOrThrow();
    const content = JSON.parse(await ctx.crypto.decrypt({ table: 'treatment_plan_versions', column: 'content_enc', rowId: row.id }, row.content_enc)) as TreatmentPlan['content'];
    content.problems[0]!.text = 'Something the provider never signed';
    const forged = await ctx.crypto.encrypt(p.practiceId, { table: 'treatment_plan_versions', column: 'content_enc', rowId: row.id }, JSON.stringify(content));
    await ctx.db.updateTable('treatment_plan_versions').set({ content_enc: forged }).where('id', '=', row.id).execute();
    const res = await provider().get(`/api/treatment-plans/${plan.id}`);
    expect(res.statusCode).toBe(200);
    expect((res.json() as TreatmentPlan).integrity).toBe('tampered');
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'outcome']).where('resource_type', '=', 'treatment_plan').where('resource_id', '=', plan.id).where('action', '=', 'integrity_failure').execute();
    expect(audit).toEqual([{ action: 'integrity_failure', outcome: 'failure' }]);
    // A plan whose ciphertext was altered is reported the same way (never as garbled content).
    await ctx.db.updateTable('treatment_plan_versions').set({ content_enc: row.content_enc.slice(0, -4) + 'AAAA' }).where('id', '=', row.id).execute();
    expect(((await provider().get(`/api/treatment-plans/${plan.id}`)).json() as TreatmentPlan).integrity).toBe('tampered');
  });

  it('lists plans due for review, exports signed plans only, and audits reads without content', async () => {
    const plan = await signed();
    const draft = await create();
    await h.app.services.ctx.db.updateTable('treatment_plans').set({ next_review_date: '2020-01-01' }).where('id', '=', plan.id).execute();
    const list = (await provider().get(`/api/clients/${client.id}/treatment-plans`)).json() as { items: TreatmentPlan[] };
    expect(list.items.find((x) => x.id === plan.id)!.dueForReview).toBe(true);
    const due = (await provider().get('/api/treatment-plans/due')).json() as { items: { id: string; clientName: string }[] };
    expect(due.items.find((x) => x.id === plan.id)).toMatchObject({ clientName: 'Marigold Quince' });
    expect(((await staff.provider2!.actor.get('/api/treatment-plans/due')).json() as { items: { id: string }[] }).items.map((x) => x.id)).not.toContain(plan.id);

    const section = await h.app.services.plans.service.exportSection(await sessionOfOwner(), client.id, { ip: '127.0.0.1', userAgent: 'test' });
    expect(section.title).toBe('Treatment plans');
    const ids = (section.items as TreatmentPlan[]).map((x) => x.id);
    expect(ids).toContain(plan.id);
    expect(ids).not.toContain(draft.id);
    expect(section.printable?.[0]?.lines.join('\n')).toMatch(/Goal 1\.1/);
    // The client's record export carries the signed plans, never the draft.
    const exported = JSON.stringify((await provider().get(`/api/clients/${client.id}/export.json`)).json());
    expect(exported).toContain(plan.id);
    expect(exported).not.toContain(draft.id);

    expect((await provider().get(`/api/treatment-plans/${plan.id}`)).statusCode).toBe(200);
    const rows = await h.app.services.ctx.db.selectFrom('audit_log').select(['action', 'details']).where('resource_type', '=', 'treatment_plan').where('resource_id', '=', plan.id).execute();
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['create', 'update', 'read']));
    for (const r of rows) expect(r.details ?? '').not.toMatch(/worry|Marigold|F41\.1/i);
  });

  /** The owner's resolved session, as a module handing a session to exportSection would have it. */
  async function sessionOfOwner() {
    const sessions = h.app.services.ctx.db;
    const row = await sessions.selectFrom('users').select(['id', 'practice_id']).where('id', '=', p.userId).executeTakeFirstOrThrow();
    return { user: { id: row.id, practiceId: row.practice_id }, session: { active_role: 'owner' }, roles: ['owner'] } as unknown as Parameters<typeof h.app.services.plans.service.exportSection>[0];
  }
});
