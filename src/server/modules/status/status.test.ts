// The status page on every test database: the Statuspage JSON carries exactly the field names
// aggregators read; operators (a bearer token, nothing else) open incidents, post updates and
// schedule maintenance, and bad input changes nothing; a probe opens an incident when the database
// is made slow and resolves it after recovery and a quiet period; subscribers confirm by mail, get
// each update once, and can leave; uptime bars count outage time; dates read "Saturday 5/16 8am
// PST"; no practice name or PHI ever appears.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../../lib/clock.js';
import { Actor, createPractice, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { SpAffectedComponent, SpComponent, SpIncident, SpIncidentUpdate, SpMaintenance, SpPage, SpStatus } from '../../../shared/status.js';

// The Statuspage v2 public API (https://metastatuspage.com/api/v2/): its field names, what each
// holds (`?`: or null) and its values, written out here on their own, so a renamed, missing or
// retyped field fails whatever the shared schemas say. The shared schemas must carry exactly these
// fields; the answers are checked against them made strict (no field more or less), with their
// enums and dates (ISO 8601) held to the values written here.
const FIELDS = {
  page: { id: 'string', name: 'string', url: 'string', time_zone: 'string', updated_at: 'string' },
  status: { indicator: 'enum', description: 'string' },
  component: { id: 'string', name: 'string', status: 'enum', created_at: 'string', updated_at: 'string', position: 'number', description: 'string?', showcase: 'boolean', start_date: 'string?', group_id: 'string?', page_id: 'string', group: 'boolean', only_show_if_degraded: 'boolean' },
  affectedComponent: { code: 'string', name: 'string', old_status: 'enum', new_status: 'enum' },
  update: { id: 'string', status: 'string', body: 'string', incident_id: 'string', created_at: 'string', updated_at: 'string', display_at: 'string', affected_components: 'array?', deliver_notifications: 'boolean', custom_tweet: 'string?', tweet_id: 'string?' },
  incident: { id: 'string', name: 'string', status: 'string', created_at: 'string', updated_at: 'string?', monitoring_at: 'string?', resolved_at: 'string?', impact: 'enum', shortlink: 'string', started_at: 'string', page_id: 'string', incident_updates: 'array', components: 'array' },
};
/** What a field holds, as FIELDS writes it. */
const kind = (t: z.ZodType): string => (t instanceof z.ZodNullable ? `${kind(t.unwrap() as z.ZodType)}?` : t.def.type);
const SHARED = { page: SpPage, status: SpStatus, component: SpComponent, affectedComponent: SpAffectedComponent, update: SpIncidentUpdate, incident: SpIncident };
const iso = z.iso.datetime();
/** A status's indicator and an incident's impact take the same five values. */
const level = z.enum(['none', 'minor', 'major', 'critical', 'maintenance']);
const componentStatus = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);
const page = z.strictObject(SpPage.shape);
const status = z.strictObject({ ...SpStatus.shape, indicator: level });
const component = z.strictObject({ ...SpComponent.shape, status: componentStatus, created_at: iso, updated_at: iso });
const affectedComponent = z.strictObject({ ...SpAffectedComponent.shape, old_status: componentStatus, new_status: componentStatus });
const update = z.strictObject({ ...SpIncidentUpdate.shape, created_at: iso, updated_at: iso, display_at: iso, affected_components: z.array(affectedComponent).nullable() });
const incidentFields = {
  ...SpIncident.shape,
  created_at: iso,
  updated_at: iso.nullable(),
  monitoring_at: iso.nullable(),
  resolved_at: iso.nullable(),
  impact: level,
  started_at: iso,
  incident_updates: z.array(update),
  components: z.array(component),
};
const incident = z.strictObject(incidentFields);
const maintenance = z.strictObject({ ...incidentFields, scheduled_for: iso.nullable(), scheduled_until: iso.nullable() });
const CONTRACT = {
  '/api/v2/summary.json': z.strictObject({ page, components: z.array(component), incidents: z.array(incident), scheduled_maintenances: z.array(maintenance), status }),
  '/api/v2/status.json': z.strictObject({ page, status }),
  '/api/v2/components.json': z.strictObject({ page, components: z.array(component) }),
  '/api/v2/incidents.json': z.strictObject({ page, incidents: z.array(incident) }),
  '/api/v2/incidents/unresolved.json': z.strictObject({ page, incidents: z.array(incident) }),
  '/api/v2/scheduled-maintenances.json': z.strictObject({ page, scheduled_maintenances: z.array(maintenance) }),
};

const STAMP = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2}\/\d{1,2} \d{1,2}(:\d\d)?(am|pm) P[SD]T$/;
const HOUR = 3600_000;

describe('the shared Statuspage schemas', () => {
  it('carry exactly the Statuspage fields, each holding what Statuspage puts there', () => {
    const fields = (shape: Record<string, z.ZodType>) => Object.fromEntries(Object.entries(shape).map(([field, t]) => [field, kind(t)]));
    for (const [name, schema] of Object.entries(SHARED)) expect(fields(schema.shape), name).toEqual(FIELDS[name as keyof typeof FIELDS]);
    expect(fields(SpMaintenance.shape)).toEqual({ ...FIELDS.incident, scheduled_for: 'string?', scheduled_until: 'string?' });
  });
});

describe.each(testDialects())('status page on %s', (dialect) => {
  let h: Harness;
  let p: PracticeFixture;
  let token: string;
  // Saturday 5/16/2026 8:00 PDT
  const clock = new ManualClock(Date.parse('2026-05-16T15:00:00Z'));
  const anon = () => new Actor(h);
  const op = (method: 'GET' | 'POST', url: string, payload?: unknown, auth = `Bearer ${token}`) =>
    h.app.inject({ method, url, payload: payload as object, headers: { authorization: auth, ...(payload ? { 'content-type': 'application/json' } : {}) } });
  const get = async (url: string) => {
    const res = await h.app.inject({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const componentStatusOf = async (id: string) => ((await get('/api/v2/components.json')).components as { id: string; status: string }[]).find((c) => c.id === id)!.status;

  beforeAll(async () => {
    h = await createHarness(dialect, {
      smtp: true,
      clock,
      env: { STATUS_DB_LATENCY_MS: '100', STATUS_PROBE_FAILURES: '2', STATUS_QUIET_MS: String(10 * 60_000), STATUS_PROBE_INTERVAL_MS: '0', STATUS_TIME_ZONE: 'America/Los_Angeles', STATUS_BACKUP_MAX_AGE_MINUTES: '5' },
    });
    p = await createPractice(h, { practiceName: 'Quillfeather Counseling' });
    token = (await h.app.services.status.service.addOperator('On-call operator')).token;
  });
  afterAll(async () => {
    h.database.faults.delayMs = 0;
    await h?.close();
  });

  it('operators open an incident, post updates and resolve it; the JSON keeps the Statuspage field names; dates in the page style', async () => {
    // Without a token (or with a staff session) the operator routes are closed.
    expect((await op('POST', '/api/status/incidents', { name: 'x', status: 'investigating', body: 'y' }, '')).statusCode).toBe(401);
    const staff = await p.owner.post('/api/status/incidents', { name: 'x', status: 'investigating', body: 'y' });
    expect(staff.statusCode).toBe(401);
    expect((await op('POST', '/api/status/incidents', { name: 'x', status: 'investigating', body: 'y' }, 'Bearer hso_wrong')).json().error.field).toBe('authorization');

    const created = await op('POST', '/api/status/incidents', { name: 'Some Scheduled Calls are not starting', status: 'investigating', body: 'Please use the Call Now feature to call clients.', components: { 'scheduled-calls': 'partial_outage' } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(await componentStatusOf('scheduled-calls')).toBe('partial_outage');
    expect((await get('/api/v2/status.json')).status).toEqual({ indicator: 'major', description: 'Partial System Outage' });

    clock.advance(30 * 60_000);
    expect((await op('POST', `/api/status/incidents/${id}/updates`, { status: 'identified', body: 'A ring worker stopped; restarting it.' })).statusCode).toBe(201);
    clock.advance(30 * 60_000);
    expect((await op('POST', `/api/status/incidents/${id}/updates`, { status: 'resolved', body: 'Scheduled calls ring on time again.' })).statusCode).toBe(201);
    expect(await componentStatusOf('scheduled-calls')).toBe('operational');
    expect((await op('POST', `/api/status/incidents/${id}/updates`, { status: 'monitoring', body: 'again' })).statusCode).toBe(409);

    for (const [url, schema] of Object.entries(CONTRACT)) {
      const body = await get(url);
      const parsed = schema.safeParse(body);
      expect(parsed.success, `${url}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    const incidents = (await get('/api/v2/incidents.json')).incidents as { id: string; status: string; impact: string; incident_updates: { status: string }[] }[];
    const mine = incidents.find((i) => i.id === id)!;
    expect(mine).toMatchObject({ status: 'resolved', impact: 'major' });
    expect(mine.incident_updates.map((u) => u.status)).toEqual(['resolved', 'identified', 'investigating']);
    expect((await get('/api/v2/incidents/unresolved.json')).incidents).toEqual([]);

    // The page: newest first, each update dated in the seed's style, in the page's zone.
    const view = await get('/api/status/page');
    const shown = (view.history as { id: string; updates: { when: string; statusLabel: string }[] }[]).find((i) => i.id === id)!;
    expect(shown.updates.map((u) => u.when)).toEqual(['Saturday 5/16 9am PDT', 'Saturday 5/16 8:30am PDT', 'Saturday 5/16 8am PDT']);
    for (const u of shown.updates) expect(u.when).toMatch(STAMP);
    // Uptime: an hour of partial outage today (weighted 30%), the other components whole.
    const ring = (view.components as { id: string; uptime90: number; days: { date: string; uptime: number | null; worst: string }[] }[]).find((c) => c.id === 'scheduled-calls')!;
    expect(ring.days).toHaveLength(90);
    const today = ring.days.at(-1)!;
    expect(today.date).toBe('2026-05-16');
    expect(today.worst).toBe('partial_outage');
    expect(today.uptime).toBeLessThan(100);
    expect(ring.days[0]!.uptime).toBeNull();
    expect((view.components as { id: string; days: { uptime: number | null }[] }[]).find((c) => c.id === 'billing')!.days.at(-1)!.uptime).toBe(100);

    // Every operator write is audited as the platform operator, outside any practice.
    const audit = await h.database.db.selectFrom('audit_log').select(['actor_type', 'action', 'practice_id']).where('resource_type', '=', 'status_incident').where('resource_id', '=', id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    expect(audit[0]).toMatchObject({ actor_type: 'platform', practice_id: null });

    const feed = await h.app.inject({ method: 'GET', url: '/status/history.atom' });
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.body).toContain('<title>Some Scheduled Calls are not starting</title>');
    expect(feed.body).toContain('Saturday 5/16 8am PDT: Investigating');
  });

  it('refuses malformed incidents, unknown components and wrong statuses, naming the field; nothing is published', async () => {
    const before = (await get('/api/v2/incidents.json')).incidents.length;
    const cases: [unknown, string][] = [
      [{ name: 'x', status: 'investigating', body: 'y', components: { 'teleporter': 'major_outage' } }, 'components'],
      [{ name: 'x', status: 'investigating', body: 'y', components: { 'web-app': 'on_fire' } }, 'components'],
      [{ name: '', status: 'investigating', body: 'y' }, 'name'],
      [{ name: 'x', status: 'resolved', body: 'y' }, 'status'],
      [{ name: 'x', status: 'investigating' }, 'body'],
      [{ name: 'x', status: 'investigating', body: 'y', surprise: 1 }, 'surprise'],
    ];
    for (const [payload, field] of cases) {
      const res = await op('POST', '/api/status/incidents', payload);
      expect(res.statusCode, res.body).toBe(400);
      expect(JSON.stringify(res.json().error)).toContain(field);
    }
    const m = await op('POST', '/api/status/maintenances', { name: 'DB upgrade', body: 'b', scheduledFor: '2026-05-17T10:00:00Z', scheduledUntil: '2026-05-17T09:00:00Z', components: ['web-app'] });
    expect(m.statusCode).toBe(400);
    expect(JSON.stringify(m.json().error)).toContain('scheduledUntil');
    expect((await op('POST', '/api/status/incidents/nope/updates', { status: 'resolved', body: 'x' })).statusCode).toBe(404);
    expect((await get('/api/v2/incidents.json')).incidents.length).toBe(before);
  });

  it('a probe opens an incident when the database is made slow, and resolves it after it recovers and stays quiet', async () => {
    const { prober } = h.app.services.status;
    await prober.tick();
    expect(prober.snapshot().find((x) => x.name === 'database')).toMatchObject({ ok: true, failures: 0 });

    h.database.faults.delayMs = 150;
    await prober.tick();
    // One failure is not an incident (STATUS_PROBE_FAILURES=2).
    expect((await get('/api/v2/incidents/unresolved.json')).incidents).toEqual([]);
    await prober.tick();
    h.database.faults.delayMs = 0;
    const open = (await get('/api/v2/incidents/unresolved.json')).incidents as { id: string; name: string; status: string; incident_updates: { body: string }[] }[];
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ name: 'Slow responses across Hearth', status: 'investigating' });
    expect(open[0]!.incident_updates[0]!.body).toMatch(/^Detected automatically: the database took \d+ ms/);
    expect(await componentStatusOf('web-app')).toBe('degraded_performance');
    const view = await get('/api/status/page');
    expect(view.active[0]).toMatchObject({ automatic: true, name: 'Slow responses across Hearth' });
    expect((await get('/api/status/active')).incidents[0]).toMatchObject({ components: ['web-app'] });
    // Failing on: still one incident.
    h.database.faults.delayMs = 150;
    await prober.tick();
    h.database.faults.delayMs = 0;
    expect((await get('/api/v2/incidents/unresolved.json')).incidents).toHaveLength(1);

    // Recovery: monitoring, component operational; resolved only after the quiet period.
    await prober.tick();
    let inc = (await get('/api/v2/incidents/unresolved.json')).incidents[0];
    expect(inc.status).toBe('monitoring');
    expect(await componentStatusOf('web-app')).toBe('operational');
    clock.advance(5 * 60_000);
    await prober.tick();
    expect((await get('/api/v2/incidents/unresolved.json')).incidents[0].status).toBe('monitoring');
    clock.advance(5 * 60_000 + 1);
    await prober.tick();
    expect((await get('/api/v2/incidents/unresolved.json')).incidents).toEqual([]);
    inc = ((await get('/api/v2/incidents.json')).incidents as { id: string; status: string; incident_updates: { status: string }[] }[]).find((i) => i.id === inc.id)!;
    expect(inc.incident_updates.map((u: { status: string }) => u.status)).toEqual(['resolved', 'monitoring', 'investigating']);
    // No backup yet, and the installation older than the limit (5 minutes here): an internal
    // incident, seen by operators, never on the public page; a backup clears the probe.
    expect(prober.snapshot().find((x) => x.name === 'backups')).toMatchObject({ ok: false, detail: 'no backup yet' });
    const internal = ((await op('GET', '/api/status/incidents')).json().incidents as { probe: string | null; internal: boolean; status: string }[]).find((i) => i.probe === 'backups');
    expect(internal).toMatchObject({ internal: true, status: 'investigating' });
    expect(JSON.stringify(await get('/api/v2/incidents.json'))).not.toContain('Backups overdue');
    await h.app.services.backups.service.create();
    await prober.tick();
    expect(prober.snapshot().find((x) => x.name === 'backups')).toMatchObject({ ok: true, value: 0 });
    // The probe states are for operators only.
    expect((await h.app.inject({ method: 'GET', url: '/api/status/probes' })).statusCode).toBe(401);
    const probes = (await op('GET', '/api/status/probes')).json().probes as { name: string }[];
    expect(probes.map((x) => x.name)).toEqual(['database', 'reminders', 'signaling', 'smtp', 'rings', 'backups', 'disk']);
  });

  it('subscribers confirm by mail, get each update once without PHI, and can leave; spam is refused', async () => {
    const email = `watcher-${dialect}@example.test`;
    for (let i = 0; i < 2; i++) expect((await anon().post('/api/status/subscribers', { email })).statusCode).toBe(202);
    const confirmMail = await h.smtp!.waitFor((m) => m.to.includes(email) && /confirm/i.test(m.subject));
    // One confirmation, however often the form is sent within the hour.
    await new Promise((r) => setTimeout(r, 200));
    expect(h.smtp!.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
    const confirm = /#confirm=([A-Za-z0-9_-]{43})/.exec(confirmMail.text)![1]!;
    expect((await anon().post('/api/status/subscribers', { email: 'not-an-address' })).json().error.issues[0].field).toBe('email');
    expect((await anon().post('/api/status/subscribers/confirm', { token: 'short' })).statusCode).toBe(400);
    expect((await anon().post('/api/status/subscribers/confirm', { token: 'A'.repeat(43) })).json().error.field).toBe('token');
    expect((await anon().post('/api/status/subscribers/confirm', { token: confirm })).statusCode).toBe(200);
    // Stored encrypted (no address in the row).
    const row = await h.database.db.selectFrom('status_subscribers').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('watcher');

    const created = await op('POST', '/api/status/incidents', { name: 'Messaging delayed', status: 'investigating', body: 'Message notices are late.', components: { messaging: 'degraded_performance' } });
    const id = created.json().id as string;
    await h.app.services.status.service.deliveriesPass();
    await h.app.services.status.service.deliveriesPass();
    const mail = await h.smtp!.waitFor((m) => m.to.includes(email) && m.subject === '[Hearth status] Messaging delayed: Investigating');
    expect(h.smtp!.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('[Hearth status]'))).toHaveLength(1);
    expect(mail.text).toMatch(/Saturday 5\/16 \d{1,2}(:\d\d)?(am|pm) PDT: Investigating\. Message notices are late\./);
    expect(mail.text).not.toContain('Quillfeather');
    const unsub = /#unsubscribe=([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
    expect((await anon().post('/api/status/subscribers/unsubscribe', { token: unsub })).statusCode).toBe(200);
    expect((await anon().post('/api/status/subscribers/unsubscribe', { token: unsub })).statusCode).toBe(404);
    await op('POST', `/api/status/incidents/${id}/updates`, { status: 'resolved', body: 'Caught up.' });
    await h.app.services.status.service.deliveriesPass();
    await new Promise((r) => setTimeout(r, 200));
    expect(h.smtp!.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('[Hearth status]'))).toHaveLength(1);

    // The form is rate-limited per address of origin.
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await anon().post('/api/status/subscribers', { email: `spam${i}@example.test` })).statusCode);
    expect(codes).toContain(429);
  });

  it('maintenance starts and completes itself at its window; no practice name or PHI anywhere on the page', async () => {
    const start = clock.now() + HOUR;
    const res = await op('POST', '/api/status/maintenances', { name: 'Database upgrade', body: 'Hearth may be slow for a few minutes.', scheduledFor: new Date(start).toISOString(), scheduledUntil: new Date(start + HOUR).toISOString(), components: ['web-app', 'calendar'] });
    expect(res.statusCode, res.body).toBe(201);
    let view = await get('/api/status/page');
    expect(view.upcoming[0]).toMatchObject({ name: 'Database upgrade', status: 'scheduled' });
    expect(view.upcoming[0].window).toMatch(/^\w+day \d+\/\d+ \d+(:\d\d)?(am|pm) PDT – \d+(:\d\d)?(am|pm) PDT$/);
    expect(await componentStatusOf('calendar')).toBe('operational');
    clock.advance(HOUR + 1);
    await h.app.services.status.service.maintenancePass();
    expect(await componentStatusOf('calendar')).toBe('under_maintenance');
    expect((await get('/api/v2/status.json')).status.indicator).toBe('maintenance');
    clock.advance(HOUR);
    await h.app.services.status.service.maintenancePass();
    expect(await componentStatusOf('calendar')).toBe('operational');
    view = await get('/api/status/page');
    expect(view.history.find((i: { name: string }) => i.name === 'Database upgrade').status).toBe('completed');

    const everything = JSON.stringify([await get('/api/status/page'), await get('/api/v2/summary.json'), await get('/api/v2/incidents.json'), (await h.app.inject({ method: 'GET', url: '/status/history.atom' })).body]);
    expect(everything).not.toContain('Quillfeather');
    expect(everything).not.toContain(p.practiceId);
  });
});
