// `npm run screenshots [-- --only <substring>] [--out <dir>] [--strict]`: every screen of Hearth as
// each kind of person sees it, at 1280×800 and 390×844, for people to look at.
//
// Builds the SPA if its sources changed, starts the REAL server (e2e/fixtures/server.ts) on a temp
// DATA_DIR with SQLite and a real SMTP receiver, seeds a practice through the same API the screens
// use (owner signed up through the sign-up page, a provider, a front desk and a billing clerk
// invited and enrolled in TOTP, clients, a portal client, a week of appointments with a video visit
// about to start, a message thread, a reminder rule, working hours, a request, documents), then
// signs in each actor in its own browser contexts and visits every screen in SCREENS below.
// Each shot is a full-page PNG in <out>/<viewport>/<actor>-<screen>.png; axe-core runs on each, the
// 390 px shots are checked for horizontal overflow, a summary table is printed and <out>/index.html
// shows the shots side by side. Exit 0 even with findings (screenshots are for people), unless
// --strict. Every wait is on a readiness signal (data-ready, list loaded, network idle), never a sleep.
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/fixtures/browser.js';
import { startMailbox, type Mailbox } from '../e2e/fixtures/mailbox.js';
import { ClientRecordPages, HearthPages, PortalPages, TotpDevice } from '../e2e/fixtures/pages.js';
import { StaffApi } from '../e2e/fixtures/api.js';
import { ROOT, startHearth, type HearthServer } from '../e2e/fixtures/server.js';
import { findings, indexHtml, parseShotsArgs, summaryTable, type ShotResult } from './lib/screenshots-report.js';

const VIEWPORTS = [
  { name: '1280x800', width: 1280, height: 800 },
  { name: '390x844', width: 390, height: 844 },
] as const;
const NARROW = '390x844';

const NY = 'America/New_York';
const PASSWORD = 'lanterns drift over quiet harbors 27';
const practice = { practiceName: 'Cedar Grove Counseling', ownerName: 'Olivia Ortega', email: 'olivia@cedargrove.example', password: PASSWORD, signerTitle: 'Clinical director' };
const STAFF = {
  provider: { name: 'Priya Raman', email: 'priya@cedargrove.example', roles: ['provider'] },
  frontdesk: { name: 'Dana Whitfield', email: 'dana@cedargrove.example', roles: ['front_desk'] },
  billing: { name: 'Marcus Bell', email: 'marcus@cedargrove.example', roles: ['billing'] },
} as const;
const portalClient = { firstName: 'Tomasz', lastName: 'Wierzbicki', email: 'tomasz.w@example.org', password: 'meadowlark quiet river stones 42' };

type ActorKey = 'owner' | 'provider' | 'frontdesk' | 'billing' | 'client' | 'public';
const ACTORS: ActorKey[] = ['owner', 'provider', 'frontdesk', 'billing', 'client', 'public'];
const ALL_STAFF: ActorKey[] = ['owner', 'provider', 'frontdesk', 'billing'];
/** Each person's own clock: the practice is in New York, the portal client in Chicago. */
const TIME_ZONES: Record<ActorKey, string> = { owner: NY, provider: NY, frontdesk: NY, billing: NY, client: 'America/Chicago', public: NY };

interface Ids {
  ownerId: string;
  providerId: string;
  /** The client with a portal account, a thread, documents and a video visit about to start. */
  clientId: string;
}

interface Screen {
  /** File name part: <actor>-<key>.png. */
  key: string;
  actors: ActorKey[];
  path: (ids: Ids) => string;
  /** Selectors that must be attached before the shot (besides the generic "nothing is loading"). */
  ready?: string[];
  /** What a person does after the page has loaded (open a form, a dialog). */
  then?: (page: Page) => Promise<void>;
  /** A page other work adds: when this branch answers "Page not found", it is skipped with a note. */
  optional?: boolean;
}

const ready = (testId: string) => `[data-testid="${testId}"][data-ready="true"]`;

// ONE table of every screen taken: who sees it, where it is, what says it is ready.
const SCREENS: Screen[] = [
  // ---- staff ----
  { key: 'today', actors: ALL_STAFF, path: () => '/today', optional: true },
  { key: 'inbox', actors: ['owner', 'provider', 'frontdesk'], path: () => '/inbox', optional: true },
  { key: 'clients', actors: ALL_STAFF, path: () => '/clients', ready: [ready('clients-list')] },
  { key: 'client-profile', actors: ALL_STAFF, path: (i) => `/clients/${i.clientId}`, ready: [ready('client-profile')] },
  {
    key: 'client-edit',
    actors: ['owner', 'frontdesk'],
    path: (i) => `/clients/${i.clientId}`,
    ready: [ready('client-profile')],
    then: async (page) => {
      await page.getByTestId('edit-client').click();
      await page.getByTestId('client-form').waitFor();
    },
  },
  { key: 'client-new', actors: ['owner'], path: () => '/clients/new', ready: [ready('new-client-page')] },
  { key: 'client-import', actors: ['owner'], path: () => '/clients/import', ready: [ready('import-page')] },
  { key: 'appointments', actors: ALL_STAFF, path: () => '/appointments', ready: [ready('appointments-list')] },
  { key: 'calendar-week', actors: ['owner', 'provider', 'frontdesk'], path: () => '/calendar?view=week', ready: [ready('calendar')] },
  { key: 'calendar-month', actors: ['owner'], path: () => '/calendar?view=month', ready: [ready('calendar')] },
  { key: 'calendar-day', actors: ['owner'], path: () => '/calendar?view=day', ready: [ready('calendar')] },
  {
    key: 'calendar-appointment',
    actors: ['owner'],
    path: () => '/calendar?view=week',
    ready: [`${ready('calendar')} [data-testid="calendar-event"]`],
    then: async (page) => {
      await page.locator('[data-testid="calendar"] [data-testid="calendar-event"]').first().click();
      await page.getByRole('dialog').waitFor();
    },
  },
  { key: 'requests', actors: ['owner', 'frontdesk'], path: () => '/appointment-requests', ready: [ready('requests')] },
  { key: 'availability', actors: ['owner', 'provider'], path: () => '/availability', ready: [ready('availability-hours'), ready('blocked-list'), ready('waitlist')] },
  { key: 'calls', actors: ['owner', 'provider'], path: () => '/calls', ready: ['[data-testid="calls-page"]'] },
  { key: 'practice', actors: ['owner', 'frontdesk'], path: () => '/practice', ready: ['[data-testid="practice-page"], h1'] },
  { key: 'billing-reports', actors: ['owner', 'billing'], path: () => '/billing/reports', ready: [ready('income'), ready('aging'), ready('payments'), ready('unbilled')], optional: true },
  { key: 'security', actors: ['owner', 'billing'], path: () => '/account/security', ready: [ready('security-ready'), ready('my-sessions')] },
  { key: 'device-check', actors: ['provider'], path: () => '/device-check', ready: ['[data-testid="device-check"]'] },
  // ---- the client portal ----
  { key: 'portal-home', actors: ['client'], path: () => '/portal', ready: [ready('portal-home')] },
  {
    key: 'portal-appointments',
    actors: ['client'],
    path: (i) => `/portal/clients/${i.clientId}/appointments`,
    ready: ['portal-appointments', 'portal-offers', 'portal-requests', 'portal-booking-options', 'portal-waitlist-entries'].map(ready),
  },
  { key: 'portal-messages', actors: ['client'], path: (i) => `/portal/clients/${i.clientId}/messages`, ready: [ready('portal-thread')] },
  { key: 'portal-documents', actors: ['client'], path: (i) => `/portal/clients/${i.clientId}/documents`, ready: [ready('portal-documents-list')] },
  { key: 'portal-details', actors: ['client'], path: (i) => `/portal/clients/${i.clientId}/details`, ready: [ready('portal-details')] },
  { key: 'portal-security', actors: ['client'], path: () => '/portal/security', ready: [ready('portal-security-page')] },
  // ---- public ----
  { key: 'login', actors: ['public'], path: () => '/login', ready: [ready('login-page')] },
  { key: 'signup', actors: ['public'], path: () => '/signup', ready: [ready('baa')] },
  { key: 'forgot-password', actors: ['public'], path: () => '/forgot-password', ready: [ready('forgot-page')] },
  { key: 'status', actors: ['public'], path: () => '/status', ready: [ready('status-page')] },
  { key: 'join-invalid', actors: ['public'], path: () => '/join#token=not-a-real-token-0000000000', ready: ['[data-testid="join-page"][data-state="error"]'] },
  { key: 'portal-login', actors: ['public'], path: () => '/portal/login', ready: [ready('portal-login-page')] },
  { key: 'portal-register', actors: ['public'], path: () => '/portal/register', ready: [ready('portal-register-page')] },
];

// ---------------------------------------------------------------------------------------------

function log(msg: string) {
  process.stdout.write(`[screenshots] ${msg}\n`);
}

async function csrfOf(context: BrowserContext, mePath: string): Promise<string> {
  const me = await context.request.get(mePath);
  if (me.status() !== 200) throw new Error(`GET ${mePath}: ${me.status()}`);
  return ((await me.json()) as { csrfToken: string }).csrfToken;
}

/** The portal's API as the signed-in client's browser context calls it. */
async function portalCall<T>(context: BrowserContext, method: 'GET' | 'POST', url: string, data?: unknown): Promise<T> {
  const res = await context.request.fetch(url, { method, ...(data === undefined ? {} : { data }), headers: method === 'GET' ? {} : { 'x-csrf-token': await csrfOf(context, '/api/portal/me') } });
  const text = await res.text();
  if (res.status() >= 300) throw new Error(`${method} ${url}: ${res.status()} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

async function enrolTotpByApi(api: StaffApi) {
  const start = await api.ok<{ secret: string }>('POST', '/api/auth/mfa/totp', {}, 200);
  const device = new TotpDevice(start.secret);
  await api.ok('POST', '/api/auth/mfa/totp/verify', { code: await device.nextCode() }, 200);
}

function tinyPdf(label: string): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${label}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

/** A practice with a week of work in it, each actor signed in in its desktop context. */
async function seed(server: HearthServer, mailbox: Mailbox, desktop: Record<ActorKey, BrowserContext>): Promise<Ids> {
  // The owner signs up through the sign-up page and enrols the authenticator app, as a person does.
  const ownerPage = await desktop.owner.newPage();
  const ui = new HearthPages(ownerPage);
  await ui.gotoSignUp();
  if ((await ui.signUp(practice)) === 'app') await ui.gotoSecurity();
  await ui.enrolTotp();
  await ui.appReady();
  const api = new StaffApi(desktop.owner);
  const ownerId = (await api.ok<{ user: { id: string } }>('GET', '/api/me')).user.id;

  // Colleagues: invited by mail, each accepts in their own browser context and enrols TOTP.
  for (const key of ['provider', 'frontdesk', 'billing'] as const) {
    const who = STAFF[key];
    await api.ok('POST', '/api/practice/invitations', { email: who.email, name: who.name, roles: who.roles });
    const { match } = await mailbox.waitFor(who.email, /#token=([\w-]+)/);
    const res = await desktop[key].request.post('/api/invitations/accept', { data: { token: match[1], name: who.name, password: PASSWORD } });
    if (res.status() !== 201) throw new Error(`accepting ${who.email}'s invitation: ${res.status()} ${await res.text()}`);
    await enrolTotpByApi(new StaffApi(desktop[key]));
  }
  const providers = await api.ok<{ providers: { id: string; name: string }[] }>('GET', '/api/practice/providers');
  const providerId = providers.providers.find((p) => p.name === STAFF.provider.name)!.id;

  // Practice set-up: services, rules, a reminder rule, a message service, working hours.
  const intake = await api.ok<{ id: string }>('POST', '/api/practice/appointment-services', { name: 'Intake assessment', defaultMinutes: 50, rateCents: 20000, requiresApproval: true });
  const therapy = await api.ok<{ id: string }>('POST', '/api/practice/appointment-services', { name: 'Individual psychotherapy', defaultMinutes: 50, rateCents: 15000, requiresApproval: false });
  await api.ok('POST', '/api/practice/appointment-services', { name: 'Couples session', defaultMinutes: 80, rateCents: 22000, requiresApproval: true });
  await api.ok('PATCH', '/api/practice/scheduling-settings', { clientMinNoticeHours: 1, cancellationWindowHours: 24 });
  await api.ok('PATCH', '/api/practice/reminder-settings', { rules: [{ channel: 'email', minutesBefore: 2880 }, { channel: 'email', minutesBefore: 120 }], quietHours: { start: '21:00', end: '08:00' } });
  const billingService = await api.ok<{ id: string }>('POST', '/api/practice/message-services', { name: 'Billing question', memberIds: [] });
  for (const who of [ownerId, providerId]) {
    // StaffApi has no PUT: the same call with the owner's session and CSRF token.
    const hours = [1, 2, 3, 4, 5].flatMap((weekday) => [{ weekday, start: '09:00', end: '12:00' }, { weekday, start: '13:00', end: '18:00' }]);
    const res = await desktop.owner.request.put(`/api/providers/${who}/availability`, { data: { timeZone: NY, bufferMinutes: 10, hours }, headers: { 'x-csrf-token': await csrfOf(desktop.owner, '/api/me') } });
    if (res.status() !== 200) throw new Error(`working hours: ${res.status()} ${await res.text()}`);
  }
  const nextMonday = DateTime.now().setZone(NY).startOf('week').plus({ weeks: 1 });
  await api.ok('POST', `/api/providers/${ownerId}/blocked-times`, { start: nextMonday.plus({ days: 4, hours: 13 }).toUTC().toISO(), end: nextMonday.plus({ days: 4, hours: 18 }).toUTC().toISO(), label: 'Supervision and notes' });

  // Clients: one with everything filled in (and a portal account), the rest as a list has them.
  const client = await api.ok<{ id: string }>('POST', '/api/clients', {
    firstName: portalClient.firstName,
    lastName: portalClient.lastName,
    preferredName: 'Tom',
    pronouns: 'he/him',
    dateOfBirth: '1990-06-21',
    email: portalClient.email,
    phone: '+1 (312) 555-0148',
    address: { line1: '1420 North Damen Avenue', line2: 'Apt 3R', city: 'Chicago', state: 'IL', postalCode: '60622' },
    emergencyContact: { name: 'Agnieszka Wierzbicka', phone: '+1 (312) 555-0199', relationship: 'Sister' },
    providerIds: [ownerId, providerId],
    consents: { email: true, sms: false, details: false },
    staffNotes: 'Prefers late-afternoon video visits. Works rotating shifts at the hospital; reschedules often with short notice.',
    timeZone: 'America/Chicago',
  });
  const clientId = client.id;
  const others = [
    ['Marigold', 'Quince', 'America/Chicago'],
    ['Basil', 'Thorne', 'Europe/London'],
    ['Ada', 'Okafor', undefined],
    ['Rosalind', 'Vega-Castellanos', 'America/Los_Angeles'],
    ['Tobias', 'Wren', NY],
    ['Henrietta', 'Abernathy-Lindqvist', NY],
    ['Kwame', 'Mensah', NY],
    ['Lucía', 'Fernández', NY],
    ['Oluwaseun', 'Adeyemi-Bankole', NY],
  ] as const;
  const otherIds: string[] = [];
  for (const [i, [firstName, lastName, timeZone]] of others.entries()) {
    const c = await api.ok<{ id: string }>('POST', '/api/clients', {
      firstName,
      lastName,
      dateOfBirth: `19${70 + i}-0${(i % 9) + 1}-1${i}`,
      providerIds: [i % 2 ? providerId : ownerId],
      phone: `+1 212 555 01${10 + i}`,
      ...(timeZone ? { timeZone } : {}),
      ...(i === 3 ? { status: 'inactive' } : {}),
    });
    otherIds.push(c.id);
  }

  // Appointments: a fortnight around today (so "this week" has work whichever day it starts on).
  const today = DateTime.now().setZone(NY).startOf('day');
  const slots = ['09:00', '10:30', '13:00', '15:00', '16:30'];
  let n = 0;
  const book = async (body: Record<string, unknown>) => {
    const r = await api.call('POST', '/api/appointments', { durationMinutes: 50, timeZone: NY, ...body });
    if (r.status !== 201) log(`  (an appointment was not booked: ${r.status} ${JSON.stringify(r.body).slice(0, 160)})`);
  };
  for (let d = -6; d <= 7; d++) {
    const day = today.plus({ days: d });
    if (day.weekday > 5) continue;
    for (const [s, time] of slots.entries()) {
      if ((d + s) % 3 === 0) continue;
      const [h, m] = time.split(':').map(Number) as [number, number];
      const types = ['video', 'in_person', 'audio'] as const;
      await book({
        clientIds: [s === 2 && d % 2 === 0 ? clientId : otherIds[n % otherIds.length]!],
        providerId: s % 2 ? providerId : ownerId,
        start: day.set({ hour: h, minute: m }).toUTC().toISO(),
        type: types[n % 3],
        serviceId: therapy.id,
        ...(types[n % 3] === 'in_person' ? { placeOfService: 'office' } : { placeOfService: 'telehealth_home' }),
      });
      n++;
    }
  }
  // A video visit for the portal client about to start (its join window is open), and a group.
  const soon = DateTime.now().setZone(NY).plus({ minutes: 8 }).startOf('minute');
  await book({ clientIds: [clientId], providerId: ownerId, start: soon.set({ minute: soon.minute - (soon.minute % 5) }).toUTC().toISO(), type: 'video', serviceId: therapy.id, placeOfService: 'telehealth_home' });
  await book({ clientIds: otherIds.slice(4, 8), providerId: providerId, start: today.plus({ days: 2 }).set({ hour: 18, minute: 0 }).toUTC().toISO(), durationMinutes: 90, type: 'in_person', format: 'group', placeOfService: 'office', note: 'DBT skills group' });

  // The client joins the portal from the invitation mail (in their own context), asks for an
  // intake time, joins a waitlist, writes to the practice; staff reply; the client writes again.
  await api.ok('POST', `/api/clients/${clientId}/portal-invitation`, {});
  const { match } = await mailbox.waitFor(portalClient.email, /\/portal\/accept#token=([A-Za-z0-9_\-.~%]+)/);
  const accepted = await desktop.client.request.post('/api/portal/invitations/accept', { data: { token: decodeURIComponent(match[1]!), password: portalClient.password } });
  if (accepted.status() >= 300) throw new Error(`portal invitation accept: ${accepted.status()} ${await accepted.text()}`);
  const from = DateTime.now().toUTC();
  const slotList = await portalCall<{ slots: { start: string }[] }>(
    desktop.client,
    'GET',
    `/api/portal/clients/${clientId}/open-slots?${new URLSearchParams({ providerId: ownerId, serviceId: intake.id, from: from.toISO()!, to: from.plus({ days: 13 }).toISO()! })}`,
  );
  const wanted = slotList.slots.at(-1);
  if (wanted) await portalCall(desktop.client, 'POST', `/api/portal/clients/${clientId}/appointment-requests`, { providerId: ownerId, serviceId: intake.id, start: wanted.start, type: 'video' });
  else log('  (no open intake slot for the request)');
  await portalCall(desktop.client, 'POST', `/api/portal/clients/${clientId}/waitlist`, { providerId, serviceId: therapy.id });
  await portalCall(desktop.client, 'POST', `/api/portal/clients/${clientId}/messages`, { body: 'Hi — could you send me a receipt for my last two sessions? My insurer needs them by Friday.', serviceId: billingService.id });
  await api.ok('POST', `/api/clients/${clientId}/messages`, { body: 'Of course. Both receipts will be in your documents by tomorrow afternoon.' });
  await portalCall(desktop.client, 'POST', `/api/portal/clients/${clientId}/messages`, { body: 'Thank you! Also, is it possible to move Thursday to a later time? My shift changed.' });

  // Documents: one uploaded by the provider on the profile, one by the client in the portal.
  await ownerPage.goto(`/clients/${clientId}`);
  await ui.clientProfileReady();
  const record = new ClientRecordPages(ownerPage);
  await record.documentsReady();
  await record.upload('Treatment plan — autumn 2026.pdf', tinyPdf('plan'));
  await ownerPage.close();
  const clientPage = await desktop.client.newPage();
  const portal = new PortalPages(clientPage);
  await clientPage.goto(`/portal/clients/${clientId}/documents`);
  await portal.documentsReady();
  await portal.upload('Insurance card (front).pdf', tinyPdf('card'));
  await clientPage.close();
  return { ownerId, providerId, clientId };
}

// ---------------------------------------------------------------------------------------------

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((x) => x.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** Nothing on the page says it is loading, web fonts are in, and the network has been idle. */
async function settle(page: Page) {
  await page.waitForFunction(
    () => !document.querySelector('[data-ready="false"]:not([data-error="true"]), [aria-busy="true"], p.loading') && document.fonts.status === 'loaded',
    undefined,
    { timeout: 10_000, polling: 100 },
  );
  // Heartbeats and sockets keep some pages from ever being idle for long: idle is a best effort.
  await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => undefined);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function isPlaceholder(page: Page): Promise<boolean> {
  const h1 = await page.locator('h1').first().textContent({ timeout: 5_000 }).catch(() => '');
  return h1?.trim() === 'Page not found';
}

async function takeOne(page: Page, screen: Screen, ids: Ids, file: string, viewport: string): Promise<Omit<ShotResult, 'name' | 'viewport' | 'file'> & { taken: boolean }> {
  let note: string | undefined;
  await page.goto(screen.path(ids));
  await page.locator('main').first().waitFor();
  if (screen.optional) {
    await page.locator('[data-testid="app-main"][data-ready="true"], [data-testid="portal-main"][data-ready="true"]').first().waitFor().catch(() => undefined);
    if (await isPlaceholder(page)) return { taken: false, axe: [], overflowPx: 0, note: 'skipped: "Page not found" on this branch' };
  }
  try {
    for (const sel of screen.ready ?? []) await page.locator(sel).first().waitFor({ state: 'attached' });
    await screen.then?.(page);
    await settle(page);
  } catch (e) {
    note = `not ready: ${String(e instanceof Error ? e.message : e).split('\n')[0]!.slice(0, 160)}`;
  }
  await page.screenshot({ path: file, fullPage: true });
  const axe = await axeViolations(page);
  const overflowPx =
    viewport === NARROW ? await page.evaluate(() => Math.max(0, (document.scrollingElement ?? document.documentElement).scrollWidth - window.innerWidth)) : 0;
  return { taken: true, axe, overflowPx, ...(note ? { note } : {}) };
}

async function main() {
  let args;
  try {
    args = parseShotsArgs(process.argv.slice(2), path.join(ROOT, '.tmp/screenshots'));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`${msg === 'usage' ? '' : `${msg}\n`}usage: npm run screenshots -- [--only <substring>]... [--out <dir>] [--strict]\n`);
    process.exit(2);
  }
  const out = path.resolve(args.out);
  const wanted = (name: string) => args.only.length === 0 || args.only.some((o) => name.includes(o));
  const plan = SCREENS.flatMap((s) => s.actors.map((a) => ({ screen: s, actor: a, name: `${a}-${s.key}` }))).filter((p) => wanted(p.name));
  if (plan.length === 0) {
    process.stderr.write(`no screen matches ${args.only.join(', ')}; screens are: ${SCREENS.flatMap((s) => s.actors.map((a) => `${a}-${s.key}`)).join(' ')}\n`);
    process.exit(2);
  }
  if (args.only.length === 0) rmSync(out, { recursive: true, force: true });
  for (const v of VIEWPORTS) mkdirSync(path.join(out, v.name), { recursive: true });

  const t0 = Date.now();
  let mailbox: Mailbox | undefined;
  let server: HearthServer | undefined;
  let browser: Browser | undefined;
  const results: ShotResult[] = [];
  try {
    mailbox = await startMailbox();
    log('starting Hearth (building the SPA first if its sources changed)…');
    process.env.E2E_DB = 'sqlite';
    server = await startHearth({ smtpPort: mailbox.port, idleSeconds: 30 * 60 });
    // The device check needs a camera and microphone: Chromium's fake ones, granted.
    browser = await launchBrowser({ fakeMedia: true });
    const desktop = {} as Record<ActorKey, BrowserContext>;
    for (const a of ACTORS) {
      desktop[a] = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, timezoneId: TIME_ZONES[a] });
      desktop[a].setDefaultTimeout(15_000);
    }
    log(`seeding a practice at ${server.url}…`);
    const ids = await seed(server, mailbox, desktop);
    log(`seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s; taking ${plan.length} screens × ${VIEWPORTS.length} viewports into ${out}`);

    // Per actor, its two devices side by side (Chromium and axe wait on each other more than on the CPU).
    for (const actor of ACTORS) {
      const mine = plan.filter((p) => p.actor === actor);
      if (mine.length === 0) continue;
      const state = await desktop[actor].storageState();
      const perViewport = await Promise.all(
        VIEWPORTS.map(async (v) => {
          // The phone is its own context with the same sign-in (cookies), as a second device would be.
          const context = v.width === 1280 ? desktop[actor] : await browser!.newContext({ baseURL: server!.url, viewport: { width: v.width, height: v.height }, timezoneId: TIME_ZONES[actor], storageState: state });
          context.setDefaultTimeout(15_000);
          const page = await context.newPage();
          const errors: string[] = [];
          page.on('pageerror', (e) => errors.push(e.message));
          const done: ShotResult[] = [];
          for (const { screen, name } of mine) {
            const rel = path.join(v.name, `${name}.png`);
            errors.length = 0;
            const started = Date.now();
            let result: ShotResult;
            try {
              const r = await takeOne(page, screen, ids, path.join(out, rel), v.name);
              const note = [r.note, ...errors.slice(0, 2).map((e) => `page error: ${e}`)].filter(Boolean).join('; ');
              result = { name, viewport: v.name, file: r.taken ? rel : null, axe: r.axe, overflowPx: r.overflowPx, ...(note ? { note } : {}) };
            } catch (e) {
              result = { name, viewport: v.name, file: null, axe: [], overflowPx: 0, note: `failed: ${String(e instanceof Error ? e.message : e).split('\n')[0]}` };
            }
            done.push(result);
            const what = result.file ? `${result.axe.length} axe, ${result.overflowPx > 0 ? `${result.overflowPx}px overflow` : 'no overflow'}` : '';
            log(`  ${v.name} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s): ${what}${result.note ? ` (${result.note})` : ''}`);
          }
          await page.close();
          if (context !== desktop[actor]) await context.close();
          return done;
        }),
      );
      results.push(...perViewport.flat());
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.dispose().catch(() => undefined);
    await mailbox?.close().catch(() => undefined);
  }

  results.sort((a, b) => plan.findIndex((p) => p.name === a.name) - plan.findIndex((p) => p.name === b.name) || a.viewport.localeCompare(b.viewport));
  writeFileSync(
    path.join(out, 'index.html'),
    indexHtml(
      results,
      VIEWPORTS.map((v) => v.name),
      new Date().toISOString(),
    ),
  );
  process.stdout.write(`\n${summaryTable(results)}\n\n`);
  for (const r of results.filter((x) => x.axe.length)) process.stdout.write(`${r.viewport} ${r.name}:\n${r.axe.map((a) => `  - ${a}`).join('\n')}\n`);
  const withFindings = results.filter((r) => findings(r) > 0).length;
  log(`${results.filter((r) => r.file).length} shots in ${((Date.now() - t0) / 1000).toFixed(0)} s; ${withFindings} with findings; open ${path.join(out, 'index.html')}`);
  if (args.strict && results.some((r) => r.file && (r.axe.length > 0 || r.overflowPx > 0))) process.exit(1);
}

await main();
