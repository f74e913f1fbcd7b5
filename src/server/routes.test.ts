// The access matrix: every route Fastify registered is either on the explicit public allow-list,
// or refuses a caller without a session (401) and answers another practice's record as missing (404).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Actor, createPractice, type PracticeFixture } from './testing/actors.js';
import { testDialects } from './testing/dialects.js';
import { createHarness, type Harness } from './testing/harness.js';
import { linkToken } from './testing/smtp.js';

const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  // Prometheus: answered only to METRICS_ALLOW addresses or a METRICS_TOKEN bearer, else 404 (plugins/metrics.test.ts).
  'GET /metrics',
  'GET /api/openapi.json',
  'GET /api/legal/baa',
  'GET /api/public/practices/:slug',
  'POST /api/public/practices/:slug/contact',
  'POST /api/practices',
  'POST /api/practices/verify',
  'POST /api/auth/login',
  'POST /api/auth/password-reset/request',
  'POST /api/auth/password-reset/complete',
  'POST /api/invitations/inspect',
  'POST /api/invitations/accept',
  'POST /api/portal/invitations/inspect',
  'POST /api/portal/invitations/accept',
  'POST /api/portal/register',
  'POST /api/portal/verify',
  'POST /api/portal/login',
  'POST /api/portal/logout',
  'POST /api/portal/password-reset',
  'POST /api/portal/password-reset/complete',
  'GET /feeds/:token.ics',
  // The SMS provider's webhooks: no session, but a valid X-Twilio-Signature (sms/webhooks.test.ts).
  'POST /api/sms/status',
  'POST /api/sms/inbound',
  // Stripe's events: no session, but a valid Stripe-Signature under the practice's webhook secret (billing/stripe-checkout.test.ts).
  'POST /api/billing/stripe/webhook/:practiceId',
  'POST /api/reminder-actions/view',
  'POST /api/reminder-actions/confirm',
  'POST /api/reminder-actions/cancel',
  // Join links: a single-use token opens a session for one call (calls.test.ts).
  'POST /api/calls/join-link',
  // Portal session or join-link guest session, checked in the route (calls.test.ts: 401 without either).
  'GET /api/portal/calls',
  'GET /api/portal/calls/ice',
  'GET /api/portal/calls/path-check',
  'POST /api/portal/calls/:id/files',
  'GET /portal/ws',
  // The public status page (status.test.ts): no PHI, no practice names.
  'GET /api/v2/summary.json',
  'GET /api/v2/status.json',
  'GET /api/v2/components.json',
  'GET /api/v2/incidents.json',
  'GET /api/v2/incidents/unresolved.json',
  'GET /api/v2/scheduled-maintenances.json',
  'GET /api/v2/scheduled-maintenances/upcoming.json',
  'GET /api/v2/scheduled-maintenances/active.json',
  'GET /api/status/page',
  'GET /api/status/active',
  'GET /status/history.atom',
  'POST /api/status/subscribers',
  'POST /api/status/subscribers/confirm',
  'POST /api/status/subscribers/unsubscribe',
  // Platform operators: no session, a bearer token checked in the route (status.test.ts: 401 without it).
  'GET /api/status/incidents',
  'POST /api/status/incidents',
  'POST /api/status/incidents/:id/updates',
  'POST /api/status/maintenances',
  'GET /api/status/probes',
]);

describe.each(testDialects())('route access matrix on %s', (dialect) => {
  let h: Harness;
  const routes: { method: string; url: string; public: boolean }[] = [];
  let a: PracticeFixture & { totpSecret?: string };
  let b: PracticeFixture & { totpSecret?: string };
  // Ids of practice A's records, by route parameter name.
  const aIds: Record<string, string> = {};
  let bPortal: Actor;
  let aPortal: Actor;

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true });
    for (const r of routeTable(h)) routes.push(r);
    a = await createPractice(h);
    b = await createPractice(h);
    const email = 'colleague.a@example.test';
    await a.owner.post('/api/practice/invitations', { email, name: 'Colleague A', roles: ['provider'] });
    const token = linkToken(await h.smtp!.waitFor((m) => m.to.includes(email)), '/accept-invite');
    const colleague = new Actor(h);
    await colleague.post('/api/invitations/accept', { token, name: 'Colleague A', password: 'maple syrup quarry 4' });
    const users = (await a.owner.get('/api/practice/users')).json().users as { id: string; email: string }[];
    const colleagueId = users.find((u) => u.email === email)!.id;
    const sessions = (await a.owner.get(`/api/practice/users/${colleagueId}/sessions`)).json().sessions as { id: string }[];
    await a.owner.post('/api/practice/invitations', { email: 'pending.a@example.test', name: 'Pending A', roles: ['billing'] });
    const invitations = (await a.owner.get('/api/practice/invitations')).json().invitations as { id: string; status: string }[];
    aIds.userId = colleagueId;
    aIds.sessionId = sessions[0]!.id;
    aIds.id = colleagueId;
    aIds.invitationId = invitations.find((i) => i.status === 'pending')!.id;
    const client = await a.owner.post('/api/clients', { firstName: 'Ada', lastName: 'Client', dateOfBirth: '1990-01-02' });
    aIds.clientId = (client.json() as { id: string }).id;
    // Practice A's appointment service and an appointment (the owner is also a provider).
    aIds.appointmentServiceId = ((await a.owner.post('/api/practice/appointment-services', { name: 'Intake', defaultMinutes: 60, rateCents: 15000 })).json() as { id: string }).id;
    const booked = await a.owner.post('/api/appointments', { clientIds: [aIds.clientId], providerId: a.userId, start: '2030-01-07T17:00:00Z', durationMinutes: 50, timeZone: 'UTC', type: 'video' });
    aIds.appointmentId = (booked.json() as { id: string }).id;
    // Practice A's message service, and a Contact Us message sent through A's public form.
    aIds.serviceId = ((await a.owner.post('/api/practice/message-services', { name: 'Scheduling', memberIds: [] })).json() as { id: string }).id;
    await a.owner.request('PUT', '/api/practice/profile', { slug: `practice-a-${dialect}`, displayName: 'Practice A', senderName: 'Hearth', contactEnabled: true, contactServiceId: aIds.serviceId });
    await new Actor(h).post(`/api/public/practices/practice-a-${dialect}/contact`, { name: 'Vi Visitor', email: 'visitor@example.test', message: 'Hello' });
    aIds.requestId = ((await a.owner.get('/api/practice/contact-requests')).json() as { requests: { id: string }[] }).requests[0]!.id;
    aIds.blockId = ((await a.owner.post(`/api/providers/${colleagueId}/blocked-times`, { start: '2031-01-01T00:00:00Z', end: '2031-01-02T00:00:00Z' })).json() as { id: string }).id;
    aIds.feedId = ((await a.owner.post('/api/calendar-feeds', {})).json() as { id: string }).id;
    // A client of practice B with a portal account: the portal analogue of "another practice".
    const bClient = await b.owner.post('/api/clients', { firstName: 'Bea', lastName: 'Portal', dateOfBirth: '1991-01-01', email: 'bea.portal@example.test', consents: { email: true, sms: false, details: false } });
    await b.owner.post(`/api/clients/${(bClient.json() as { id: string }).id}/portal-invitation`);
    const portalToken = linkToken(await h.smtp!.waitFor((m) => m.to.includes('bea.portal@example.test')), '/portal/accept');
    bPortal = new Actor(h, 'portal');
    await bPortal.post('/api/portal/invitations/accept', { token: portalToken, password: 'sparrow meadow lantern 6' });
    // A portal account of practice A's client, for the portal routes naming one of its sessions.
    const aClient = await a.owner.post('/api/clients', { firstName: 'Ari', lastName: 'Portal', dateOfBirth: '1992-02-02', email: 'ari.portal@example.test', consents: { email: true, sms: false, details: false }, providerIds: [colleagueId] });
    await a.owner.post(`/api/clients/${(aClient.json() as { id: string }).id}/portal-invitation`);
    aPortal = new Actor(h, 'portal');
    await aPortal.post('/api/portal/invitations/accept', { token: linkToken(await h.smtp!.waitFor((m) => m.to.includes('ari.portal@example.test')), '/portal/accept'), password: 'heron pebble lantern 9' });
    aIds.portalSessionId = ((await aPortal.get('/api/portal/sessions')).json() as { sessions: { id: string }[] }).sessions[0]!.id;
    // Practice A's client waiting for its provider.
    // Practice A's billing: a draft invoice and a payer.
    aIds.invoiceId = ((await a.owner.post('/api/invoices', { clientId: aIds.clientId, lines: [{ description: 'Intake', units: 1, rateCents: 15000 }] })).json() as { id: string }).id;
    aIds.payerId = ((await a.owner.post('/api/billing/payers', { name: 'Aetna' })).json() as { id: string }).id;
    aIds.planId = ((await a.owner.post(`/api/clients/${aIds.clientId}/treatment-plans`, {})).json() as { id: string }).id;
    aIds.waitlistEntryId = ((await aPortal.post(`/api/portal/clients/${(aClient.json() as { id: string }).id}/waitlist`, { providerId: colleagueId })).json() as { id: string }).id;
    aIds.noteId = ((await a.owner.post('/api/notes', { appointmentId: aIds.appointmentId, clientId: aIds.clientId, kind: 'progress', templateId: 'soap', fields: {} })).json() as { id: string }).id;
    // Practice A's form sent to its client.
    const formTemplateId = ((await a.owner.get('/api/form-templates')).json() as { items: { id: string }[] }).items[0]!.id;
    aIds.formRequestId = ((await a.owner.post(`/api/clients/${aIds.clientId}/form-requests`, { templateIds: [formTemplateId] })).json() as { items: { id: string }[] }).items[0]!.id;
  });

  /** Practice A's record for each parameter of a route (and a valid query where one is required). */
  const fill = (url: string) =>
    url.replace(/:(\w+)/g, (_m, name: string) =>
      name !== 'id'
        ? (aIds[name] ?? 'x')
        : url.startsWith('/api/clients/')
          ? aIds.clientId!
          : url.startsWith('/api/portal/sessions/')
            ? aIds.portalSessionId!
            : url.startsWith('/api/appointments/') || url.startsWith('/api/portal/appointments/')
              ? aIds.appointmentId!
              : url.startsWith('/api/practice/appointment-services/')
                ? aIds.appointmentServiceId!
                : url.startsWith('/api/calendar-feeds/')
                  ? aIds.feedId!
                  : url.startsWith('/api/waitlist/')
                    ? aIds.waitlistEntryId!
                    : url.startsWith('/api/invoices/')
                      ? aIds.invoiceId!
                      : url.startsWith('/api/billing/payers/')
                        ? aIds.payerId!
                        : url.startsWith('/api/notes/')
                          ? aIds.noteId!
                        : url.startsWith('/api/form-requests/') || url.startsWith('/api/portal/form-requests/')
                          ? aIds.formRequestId!
                        : url.startsWith('/api/treatment-plans/') || url.startsWith('/api/portal/treatment-plans/')
                          ? aIds.planId!
                          : (aIds.id ?? 'x'),
    ) + (url === '/api/waitlist' ? `?providerId=${aIds.userId}` : (QUERIES[url] ?? ''));
  const QUERIES: Record<string, string> = {
    '/api/providers/:id/open-slots': '?serviceId=x&from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z',
    '/api/portal/clients/:id/open-slots': '?providerId=x&serviceId=x&from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z',
    '/api/clients/:id/statement': '?month=2031-01',
    '/api/clients/:id/unbilled': '?from=2031-01-01T00:00:00Z&to=2031-02-01T00:00:00Z',
  };
  /** Valid bodies for routes whose body has required fields, so only the record decides the answer. */
  const BODIES: Record<string, unknown> = {
    'PUT /api/practice/supervision/:clinicianId': { supervisorId: null },
    'PUT /api/providers/:id/availability': { timeZone: 'UTC', bufferMinutes: 0, hours: [] },
    'POST /api/providers/:id/blocked-times': { start: '2031-01-01T00:00:00Z', end: '2031-01-02T00:00:00Z' },
    'POST /api/portal/clients/:id/appointment-requests': { providerId: 'x', serviceId: 'x', start: '2031-01-01T09:00:00Z' },
    'POST /api/portal/clients/:id/waitlist': { providerId: 'x' },
    'POST /api/calls/:id/safety-check': { location: 'Home', emergencyContactName: 'Sam', emergencyContactPhone: '+15550100', clientAtHome: true, confirmed: true },
    'PATCH /api/clients/:id/documents/:docId': { sharedWithClient: true },
    'PATCH /api/clients/:id/billing': { slidingScalePercent: '10' },
    'PATCH /api/invoices/:id': { memo: 'Changed', version: 1 },
    'POST /api/invoices/:id/void': { reason: 'Wrong' },
    'POST /api/invoices/:id/credit-notes': { reason: 'Wrong' },
    'POST /api/invoices/:id/refunds': { amountCents: 100 },
    'PATCH /api/billing/payers/:id': { name: 'Renamed' },
    'PUT /api/billing/providers/:id': { credentials: 'LCSW', licence: 'CA 123', npi: '1234567893' },
    'PATCH /api/notes/:id': { version: 1, fields: {} },
    'POST /api/notes/:id/sign': { version: 1 },
    'POST /api/notes/:id/addenda': { text: 'Addendum' },
    'PUT /api/appointments/:id/group-note': { version: 0, fields: {} },
    'POST /api/clients/:id/form-requests': { templateIds: ['x'] },
    'PUT /api/portal/form-requests/:id/draft': { fields: {} },
    'POST /api/portal/form-requests/:id/submit': { fields: {} },
    'POST /api/clients/:id/measure-schedules': { instrument: 'phq9', cadence: 'once' },
    'PATCH /api/clients/:id/measure-schedules/:scheduleId': { active: false },
    'POST /api/portal/measures/:id/submit': { answers: [0, 0, 0, 0, 0, 0, 0, 0, 0] },
    'PATCH /api/treatment-plans/:id': { version: 1, content: {} },
    'POST /api/treatment-plans/:id/sign': { version: 1 },
    'POST /api/treatment-plans/:id/review': { version: 1 },
    'POST /api/treatment-plans/:id/close': { version: 1 },
    'POST /api/portal/treatment-plans/:id/sign': { version: 1, typedName: 'Bea Portal', agree: true },
  };
  const bodyFor = (method: string, url: string) =>
    BODIES[`${method} ${url}`] ??
    (method === 'GET'
      ? undefined
      : method === 'PATCH'
        ? url.startsWith('/api/clients/')
          ? { status: 'inactive' }
          : url.startsWith('/api/practice/message-services/') || url.startsWith('/api/practice/appointment-services/')
            ? { name: 'Renamed' }
            : url.startsWith('/api/appointments/')
              ? { status: 'confirmed' }
              : { roles: ['billing'] }
        : url.endsWith('/messages')
          ? { body: 'Hello' }
          : {});
  afterAll(async () => h?.close());

  function routeTable(harness: Harness) {
    const out: { method: string; url: string; public: boolean }[] = [];
    const seen = new Set<string>();
    for (const r of harness.app.routeList) {
      const key = `${r.method} ${r.url}`;
      if (seen.has(key) || r.method === 'HEAD') continue;
      seen.add(key);
      out.push({ method: r.method, url: r.url, public: r.config?.public === true });
    }
    return out;
  }

  it('lists the routes it checks', () => {
    expect(routes.length).toBeGreaterThan(30);
  });

  it('public routes are exactly the allow-list', () => {
    const declaredPublic = routes.filter((r) => r.public && r.url !== '/*').map((r) => `${r.method} ${r.url}`);
    expect(new Set(declaredPublic)).toEqual(PUBLIC);
  });

  it('every other route answers 401 without a session', async () => {
    const anon = new Actor(h);
    const failures: string[] = [];
    for (const r of routes.filter((x) => !x.public)) {
      const res = await anon.request(r.method as 'GET', fill(r.url), r.method === 'GET' ? undefined : {});
      if (res.statusCode !== 401) failures.push(`${r.method} ${r.url} -> ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it("every route with a record id answers 404 to another practice's owner", async () => {
    const failures: string[] = [];
    const withIds = routes.filter((r) => !r.public && /:\w+/.test(r.url) && r.url.startsWith('/api/'));
    expect(withIds.length).toBeGreaterThan(3);
    for (const r of withIds) {
      const actor = r.url.startsWith('/api/portal/') ? bPortal : b.owner;
      const res = await actor.request(r.method as 'GET', fill(r.url), bodyFor(r.method, r.url));
      if (res.statusCode !== 404) failures.push(`${r.method} ${r.url} -> ${res.statusCode} ${res.body}`);
    }
    expect(failures).toEqual([]);
    // And nothing of practice A changed.
    const users = (await a.owner.get('/api/practice/users')).json().users as { id: string; roles: string[] }[];
    expect(users.find((u) => u.id === aIds.userId)!.roles).toEqual(['provider']);
    expect((await a.owner.get(`/api/clients/${aIds.clientId}`)).json().status).toBe('active');
    expect((await aPortal.get('/api/portal/me')).statusCode).toBe(200);
    const appt = (await a.owner.get(`/api/appointments/${aIds.appointmentId}`)).json() as { status: string; version: number };
    expect(appt).toMatchObject({ status: 'scheduled', version: 1 });
    expect((await a.owner.get('/api/calendar-feeds')).json().items.map((f: { id: string }) => f.id)).toEqual([aIds.feedId]);
    expect((await a.owner.get(`/api/invoices/${aIds.invoiceId}`)).json()).toMatchObject({ status: 'draft', memo: null, version: 1 });
    expect((await a.owner.get('/api/billing/payers')).json().items.map((x: { name: string }) => x.name)).toEqual(['Aetna']);
    expect((await a.owner.get(`/api/notes/${aIds.noteId}`)).json()).toMatchObject({ status: 'draft', version: 1, addenda: [] });
    expect((await a.owner.get(`/api/form-requests/${aIds.formRequestId}`)).json()).toMatchObject({ status: 'sent', answers: {} });
    // A list named by another practice's provider is missing too; A's client still waits.
    expect((await b.owner.get(fill('/api/waitlist'))).statusCode).toBe(404);
    expect((await a.owner.get(fill('/api/waitlist'))).json().items.map((e: { id: string }) => e.id)).toEqual([aIds.waitlistEntryId]);
  });
});
