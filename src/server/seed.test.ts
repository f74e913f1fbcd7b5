// The demo seed on every test database: a populated calendar for `npm run local` — services, clients
// with time zones, a week of appointments from today (series included, one confirmed, one cancelled
// by the client), read back through the same range query the list and the calendar use, billing
// settings and an invoice in each state, and the seed's own sign-up session ended.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Actor } from './testing/actors.js';
import { testDialects } from './testing/dialects.js';
import { createHarness, type Harness } from './testing/harness.js';
import { seedDemo } from './seed.js';

describe.each(testDialects())('demo seed on %s', (dialect) => {
  let h: Harness;
  let printed = '';

  beforeAll(async () => {
    h = await createHarness(dialect);
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void (printed += args.join(' ')));
    try {
      await seedDemo(h.app, h.config);
      await seedDemo(h.app, h.config); // a second start seeds nothing more
    } finally {
      log.mockRestore();
    }
  });
  afterAll(async () => h?.close());

  it('gives the demo practice services, clients in several zones and a week of appointments', async () => {
    const owner = new Actor(h, 'demo-owner');
    const password = /owner@demo\.hearth\.local\s+(\S+)/.exec(printed)?.[1];
    expect(password).toBeTruthy();
    const login = await owner.post('/api/auth/login', { email: 'owner@demo.hearth.local', password });
    expect(login.statusCode, login.body).toBe(200);
    expect((await owner.post('/api/me/active-role', { role: 'owner' })).statusCode).toBe(204);

    const services = (await owner.get('/api/practice/appointment-services')).json() as { items: { cptCode: string | null }[] };
    expect(services.items.map((s) => s.cptCode).sort()).toEqual(['90791', '90834', '90837', '90853']);

    const now = Date.now();
    const from = new Date(now - 24 * 3600_000).toISOString();
    const to = new Date(now + 9 * 24 * 3600_000).toISOString();
    const res = await owner.get(`/api/appointments?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=500`);
    expect(res.statusCode, res.body).toBe(200);
    const week = res.json() as { total: number; items: { status: string; seriesId: string | null; providerName: string; clients: { timeZone: string | null }[] }[] };
    expect(week.total).toBeGreaterThanOrEqual(12);
    expect(new Set(week.items.map((a) => a.providerName))).toEqual(new Set(['Olivia Owner', 'Paul Provider']));
    expect(week.items.some((a) => a.seriesId !== null)).toBe(true);
    expect(week.items.filter((a) => a.status === 'confirmed')).toHaveLength(1);
    expect(week.items.filter((a) => a.status === 'cancelled')).toHaveLength(1);
    expect(week.items.some((a) => a.clients.some((c) => c.timeZone === 'Europe/London'))).toBe(true);

    // Billing: settings and one invoice in each state, so the Billing page is not empty.
    const invoices = (await owner.get('/api/invoices?limit=50')).json() as { items: { status: string; number: string | null; balanceCents: number }[] };
    expect(invoices.items.map((i) => i.status).sort()).toEqual(['draft', 'issued', 'paid', 'partly_paid', 'void']);
    expect(invoices.items.find((i) => i.status === 'partly_paid')?.balanceCents).toBe(75_00);
    expect(invoices.items.filter((i) => i.number !== null)).toHaveLength(4);
    const settings = (await owner.get('/api/billing/settings')).json() as { dueDays: number; identity: { legalName: string } | null };
    expect(settings.identity?.legalName).toBe('Hearth Demo Practice, PLLC');

    const practices = await h.database.db.selectFrom('practices').select('id').execute();
    expect(practices).toHaveLength(1);
    // Only the login above is live: the seed's own session was ended.
    const live = await h.database.db.selectFrom('sessions').select('id').where('revoked_at', 'is', null).execute();
    expect(live).toHaveLength(1);
  });
});
