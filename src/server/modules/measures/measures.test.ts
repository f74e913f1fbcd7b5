// Scored measures through the HTTP API on every test database: a provider schedules a PHQ-9, the
// client gets one PHI-free reminder and answers it in the portal; bad answers are 400 naming the
// item and change nothing; another client's account is 404; a second submission 409; item 9 above
// zero shows the crisis resources, flags the provider (in the app and by PHI-free mail); front desk,
// billing and compliance never see scores; answers and totals are encrypted and sealed.
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import type { Actor } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { portalClient, type PortalClientFixture } from '../../testing/portal.js';
import { teamSuite } from '../../testing/suite.js';

const ANY_PHQ = [1, 1, 2, 0, 1, 0, 1, 0, 1];

describe.each(testDialects())('measures on %s', (dialect) => {
  const clock = new ManualClock();
  const { h, p, staff } = teamSuite(dialect, { smtp: true, clock }, ['provider', 'front_desk', 'billing', 'compliance']);
  const db = () => h.database.db;
  let client: PortalClientFixture;
  let stranger: PortalClientFixture;
  let requestId: string;

  beforeAll(async () => {
    client = await portalClient(h, p.owner, { firstName: 'Wren', lastName: 'Alder', providerIds: [staff.provider!.id] });
    stranger = await portalClient(h, p.owner, { firstName: 'Ash', lastName: 'Birch' });
  });

  const measures = async () => {
    const res = await staff.provider!.actor.get(`/api/clients/${client.id}/measures`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { results: { id: string; total: number; band: string; riskFlag: boolean; answers: number[] }[]; schedules: { id: string; active: boolean; instrument: string }[]; due: { id: string; instrument: string; appointmentId: string | null }[] };
  };

  it('schedules a PHQ-9 once; a second active PHQ-9 is 409; an unknown instrument 400 naming it', async () => {
    const res = await staff.provider!.actor.post(`/api/clients/${client.id}/measure-schedules`, { instrument: 'phq9', cadence: 'once' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ instrument: 'phq9', cadence: 'once', active: true });
    expect((await staff.provider!.actor.post(`/api/clients/${client.id}/measure-schedules`, { instrument: 'phq9', cadence: 'once' })).statusCode).toBe(409);
    const bad = await staff.provider!.actor.post(`/api/clients/${client.id}/measure-schedules`, { instrument: 'bdi2', cadence: 'once' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('instrument');
    const m = await measures();
    expect(m.due).toHaveLength(1);
    requestId = m.due[0]!.id;
  });

  it('sends one reminder that says only that a form is waiting', async () => {
    const mail = await h.smtp!.waitFor((x) => x.to.includes(client.email) && x.subject === 'A form is waiting');
    expect(mail.text).toContain('/portal/measures');
    expect(mail.text).not.toMatch(/PHQ|depress|questionnaire|Priya/i);
    await h.app.services.notifications.dispatcher.drain();
    expect(h.smtp!.messages.filter((x) => x.to.includes(client.email) && x.subject === 'A form is waiting')).toHaveLength(1);
  });

  it('shows the client what is due; another client sees none of it (404, nothing changed)', async () => {
    const list = await client.portal.get('/api/portal/measures');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ id: requestId, instrument: 'phq9', name: 'PHQ-9', itemCount: 9 })]);
    const one = await client.portal.get(`/api/portal/measures/${requestId}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().items[8]).toBe('Thoughts that you would be better off dead or of hurting yourself in some way');
    expect((await stranger.portal.get('/api/portal/measures')).json().items).toEqual([]);
    expect((await stranger.portal.get(`/api/portal/measures/${requestId}`)).statusCode).toBe(404);
    expect((await stranger.portal.post(`/api/portal/measures/${requestId}/submit`, { answers: ANY_PHQ })).statusCode).toBe(404);
    expect((await db().selectFrom('measure_requests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow()).status).toBe('due');
  });

  it('refuses a missing or out-of-range item, naming it; nothing is stored', async () => {
    const cases: [unknown, string][] = [
      [{ answers: ANY_PHQ.slice(0, 8) }, 'answers.8'],
      [{ answers: [0, 0, 4, 0, 0, 0, 0, 0, 0] }, 'answers.2'],
      [{ answers: [0, 0, 1, 0, 0, 0, 0, 0, -1] }, 'answers.8'],
      [{ answers: ANY_PHQ, difficulty: 7 }, 'difficulty'],
      [{ answers: 'all zero' }, 'answers'],
    ];
    for (const [body, field] of cases) {
      const res = await client.portal.post(`/api/portal/measures/${requestId}/submit`, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).toContain(field);
    }
    expect(await db().selectFrom('measure_responses').selectAll().execute()).toEqual([]);
  });

  it('takes PHQ-9 with item 9 above zero: crisis resources for the client, twice is 409', async () => {
    const res = await client.portal.post(`/api/portal/measures/${requestId}/submit`, { answers: ANY_PHQ, difficulty: 1 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ showCrisisResources: true });
    expect(JSON.stringify(res.json())).not.toContain('"total"');
    const twice = await client.portal.post(`/api/portal/measures/${requestId}/submit`, { answers: ANY_PHQ });
    expect([twice.statusCode, twice.json().error.message]).toEqual([409, 'This questionnaire was already answered']);
    // In the language the portal's page asks for.
    expect((await client.portal.post(`/api/portal/measures/${requestId}/submit`, { answers: ANY_PHQ }, { 'accept-language': 'es' })).json().error.message).toBe('Este cuestionario ya fue respondido.');
    expect((await client.portal.get('/api/portal/measures')).json().items).toEqual([]);
  });

  it('gives the provider the score, band and flag at once, in the app and by PHI-free mail', async () => {
    const m = await measures();
    expect(m.results).toEqual([expect.objectContaining({ instrument: 'phq9', total: 7, band: 'Mild', riskFlag: true, answers: ANY_PHQ })]);
    const flags = await staff.provider!.actor.get('/api/measure-flags');
    expect(flags.json().items).toEqual([expect.objectContaining({ clientId: client.id, clientName: 'Wren Alder' })]);
    const alert = await h.smtp!.waitFor((x) => x.to.includes(staff.provider!.email) && /questionnaire answer/.test(x.subject));
    expect(alert.text).toContain(`/clients/${client.id}?tab=measures`);
    expect(alert.text).not.toMatch(/Wren|Alder|PHQ|item 9|suicid|\b7\b/i);
    const responseId = m.results[0]!.id;
    expect((await staff.provider!.actor.post(`/api/measure-flags/${responseId}/review`)).statusCode).toBe(204);
    expect((await staff.provider!.actor.post(`/api/measure-flags/${responseId}/review`)).statusCode).toBe(409);
    expect((await staff.provider!.actor.get('/api/measure-flags')).json().items).toEqual([]);
  });

  it('keeps answers and totals encrypted, and notices a response changed in the database', async () => {
    const row = await db().selectFrom('measure_responses').selectAll().executeTakeFirstOrThrow();
    expect(row.answers_enc).not.toContain('[1,1,2');
    expect(row.score_enc).not.toBe('7');
    await db().updateTable('measure_responses').set({ content_hash: 'f'.repeat(64) }).where('id', '=', row.id).execute();
    await measures();
    const failures = await db().selectFrom('audit_log').select('action').where('resource_id', '=', row.id).where('action', '=', 'integrity_failure').execute();
    expect(failures.length).toBeGreaterThan(0);
  });

  it('refuses scores to front desk, billing and compliance (403), audits each read', async () => {
    for (const role of ['front_desk', 'billing', 'compliance'] as const) {
      const actor = staff[role]!.actor;
      expect((await actor.get(`/api/clients/${client.id}/measures`)).statusCode, role).toBe(403);
      expect((await actor.post(`/api/clients/${client.id}/measure-schedules`, { instrument: 'gad7', cadence: 'once' })).statusCode, role).toBe(403);
      expect((await actor.get('/api/measure-flags')).statusCode, role).toBe(403);
    }
    const reads = await db().selectFrom('audit_log').select('actor_id').where('resource_type', '=', 'client_measures').where('resource_id', '=', client.id).execute();
    expect(reads.map((r) => r.actor_id)).toContain(staff.provider!.id);
  });

  it('makes one request per appointment (every other: the 1st, 3rd…) within 3 days, once, and stops', async () => {
    const now = clock.now();
    const book = async (hoursAhead: number) => {
      const res = await p.owner.post('/api/appointments', { providerId: staff.provider!.id, clientIds: [client.id], start: new Date(now + hoursAhead * 3600_000).toISOString(), durationMinutes: 50, timeZone: 'UTC', type: 'video' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const a1 = await book(24);
    const a2 = await book(48);
    const a3 = await book(60);
    await book(24 * 10);
    const gad = await staff.provider!.actor.post(`/api/clients/${client.id}/measure-schedules`, { instrument: 'gad7', cadence: 'every_appointment' });
    expect(gad.statusCode, gad.body).toBe(201);
    const pcl = await staff.provider!.actor.post(`/api/clients/${client.id}/measure-schedules`, { instrument: 'pcl5', cadence: 'every_other_appointment' });
    expect(pcl.statusCode, pcl.body).toBe(201);
    expect(await h.app.services.measures.planner.sweep()).toBe(0);
    const due = (await measures()).due;
    expect(due.filter((d) => d.instrument === 'gad7').map((d) => d.appointmentId).sort()).toEqual([a1, a2, a3].sort());
    expect(due.filter((d) => d.instrument === 'pcl5').map((d) => d.appointmentId).sort()).toEqual([a1, a3].sort());
    await h.app.services.notifications.dispatcher.drain();
    const reminders = await db().selectFrom('notifications').select('dedupe_key').where('kind', '=', 'measure_reminder').execute();
    expect(reminders).toHaveLength(1 + 5);

    const stop = await staff.provider!.actor.patch(`/api/clients/${client.id}/measure-schedules/${gad.json().id}`, { active: false });
    expect(stop.statusCode, stop.body).toBe(200);
    expect(stop.json().active).toBe(false);
    expect((await staff.provider!.actor.patch(`/api/clients/${client.id}/measure-schedules/${gad.json().id}`, { active: false })).statusCode).toBe(409);
    expect((await measures()).due.filter((d) => d.instrument === 'gad7')).toEqual([]);
  });

  it('gives the record export section its completed measures, and none to billing', async () => {
    const sessionOf = async (actor: Actor) => {
      const resolved = await h.app.services.auth.sessions.resolve(actor.cookie!.split('=')[1]!);
      if (!resolved.ok) throw new Error('no session');
      return resolved.value;
    };
    const meta = { ip: '127.0.0.1', userAgent: 'test' };
    const section = await h.app.services.measures.exportSection(await sessionOf(staff.provider!.actor), client.id, meta);
    expect(section).toMatchObject({ title: 'Measures', items: [expect.objectContaining({ instrument: 'PHQ-9', total: 7, band: 'Mild', riskFlag: true })] });
    expect(section.printable?.[0]?.lines[0]).toBe('Score 7 (Mild) · item 9 above zero');
    expect(await h.app.services.measures.exportSection(await sessionOf(staff.billing!.actor), client.id, meta)).toEqual({ title: 'Measures', items: [], withheld: 'Not shown to your role' });
    // The record export carries the section.
    const exported = (await staff.provider!.actor.get(`/api/clients/${client.id}/export.json`)).json() as { sections: { name: string; items: { total: number }[] }[] };
    expect(exported.sections.find((x) => x.name === 'measures')?.items.map((x) => x.total)).toEqual([7]);
  });
});
