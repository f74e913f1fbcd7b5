// `BENCH_ONLY=billing npm run bench` (also part of the default run): the two billing figures of
// issue 17, each beside the audited baseline route (GET /api/practice/users: session, role check,
// decrypted names, one audit row) measured on the same server in the same run.
//  - Invoicing a month: 2,000 attended appointments of one month (written straight into the
//    tables: the bench measures invoicing, not booking) across 100 clients, each invoiced and
//    issued through the HTTP API (POST /api/invoices, then POST /api/invoices/:id/issue), one after
//    another. Prints the total time, per-invoice p50/p99/max (create + issue), the baseline's
//    one-at-a-time p50/p99, and the server's RSS before and after.
//  - The aging report over 10,000 issued invoices (written straight into the tables, due dates
//    over the last 180 days, a third partly paid, a sixth paid): GET /api/billing/reports/aging one
//    request at a time (p50/p99, answer bytes) and under BENCH_DURATION s of load beside the
//    baseline under the same load.
import type { AddressInfo } from 'node:net';
import { seedAppointment, seedInvoice, seedSettings } from '../../src/server/testing/billing-rows.js';
import { startBenchApp, type BenchApp } from './bench-app.js';
import { loadHeader, loadRow, printTable, type RunLoad } from './table.js';

const APPOINTMENTS = 2_000;
const INVOICES = 10_000;
const CLIENTS = 100;
const DAY = 86_400_000;
const MONTH_START = Date.parse('2027-03-01T05:00:00Z');

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function spread(samples: number[]): { p50: string; p99: string; max: string } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50).toFixed(1), p99: percentile(s, 99).toFixed(1), max: s.at(-1)!.toFixed(1) };
}

async function request(b: BenchApp, method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; text: string; ms: number }> {
  const t = performance.now();
  const res = await fetch(b.base + url, {
    method,
    headers: { cookie: b.owner.cookie, ...(method === 'POST' ? { 'x-csrf-token': b.owner.csrf, 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - t };
}

/** One request at a time, `n` times: each one's latency in ms. */
async function oneAtATime(b: BenchApp, url: string, n: number): Promise<{ ms: number[]; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const r = await request(b, 'GET', url);
    if (r.status !== 200) throw new Error(`${url}: ${r.status} ${r.text.slice(0, 200)}`);
    ms.push(r.ms);
    bytes = Buffer.byteLength(r.text);
  }
  return { ms, bytes };
}

async function benchClients(b: BenchApp): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const r = await request(b, 'POST', '/api/clients', { firstName: `Client${i}`, lastName: `Bench${i}`, dateOfBirth: '1980-01-01' });
    if (r.status !== 201) throw new Error(`client: ${r.status} ${r.text}`);
    ids.push((JSON.parse(r.text) as { id: string }).id);
  }
  return ids;
}

export async function benchInvoicing(pgAdmin: string | undefined): Promise<boolean> {
  const b = await startBenchApp(pgAdmin, 'invoicing');
  try {
    const me = JSON.parse((await request(b, 'GET', '/api/me')).text) as { user: { id: string }; practice: { id: string } };
    const clients = await benchClients(b);
    const svc = await request(b, 'POST', '/api/practice/appointment-services', { name: 'Psychotherapy, 53 min', cptCode: '90837', defaultMinutes: 53, rateCents: 16500 });
    if (svc.status !== 201) throw new Error(`service: ${svc.status} ${svc.text}`);
    const serviceId = (JSON.parse(svc.text) as { id: string }).id;
    const rows = { db: b.database.db, crypto: b.app.services.ctx.crypto, practiceId: me.practice.id };
    const visits: { id: string; clientId: string }[] = [];
    for (let i = 0; i < APPOINTMENTS; i++) {
      const clientId = clients[i % CLIENTS]!;
      const start = MONTH_START + Math.floor(i / 70) * DAY + (i % 70) * 10 * 60_000;
      visits.push({ id: await seedAppointment(rows, { providerId: me.user.id, clientIds: [clientId], start, status: 'completed', serviceId }), clientId });
    }
    const baseline = await oneAtATime(b, '/api/practice/users', 200);
    const rssBefore = process.memoryUsage().rss;
    const each: number[] = [];
    const t0 = performance.now();
    for (const v of visits) {
      const t = performance.now();
      const made = await request(b, 'POST', '/api/invoices', { clientId: v.clientId, appointmentIds: [v.id] });
      if (made.status !== 201) throw new Error(`invoice: ${made.status} ${made.text.slice(0, 300)}`);
      const issued = await request(b, 'POST', `/api/invoices/${(JSON.parse(made.text) as { id: string }).id}/issue`, {});
      if (issued.status !== 200) throw new Error(`issue: ${issued.status} ${issued.text.slice(0, 300)}`);
      each.push(performance.now() - t);
    }
    const totalS = (performance.now() - t0) / 1000;
    const rssAfter = process.memoryUsage().rss;
    const unbilled = JSON.parse((await request(b, 'GET', `/api/billing/reports/unbilled?from=2027-03-01T00:00:00Z&to=2027-04-01T00:00:00Z`)).text) as { rows: unknown[] };
    const inv = spread(each);
    const base = spread(baseline.ms);
    console.log('');
    console.log(`Billing: invoicing a month (${b.database.dialect}, Node ${process.version}): ${APPOINTMENTS} attended appointments, ${CLIENTS} clients, one invoice each, created and issued over HTTP one after another`);
    printTable([
      ['what', 'count', 'total s', 'per s', 'p50 ms', 'p99 ms', 'max ms'],
      ['POST /api/invoices + POST /api/invoices/:id/issue', String(each.length), totalS.toFixed(1), (each.length / totalS).toFixed(0), inv.p50, inv.p99, inv.max],
      ['baseline GET /api/practice/users (one at a time, same run)', String(baseline.ms.length), '', '', base.p50, base.p99, base.max],
    ]);
    console.log(`server RSS (same process) before invoicing ${mb(rssBefore)}, after ${mb(rssAfter)}; unbilled after: ${unbilled.rows.length} (must be 0)`);
    return unbilled.rows.length === 0;
  } finally {
    await b.close();
  }
}

export async function benchAging(pgAdmin: string | undefined, runLoad: RunLoad): Promise<boolean> {
  const b = await startBenchApp(pgAdmin, 'aging');
  try {
    const me = JSON.parse((await request(b, 'GET', '/api/me')).text) as { practice: { id: string } };
    const clients = await benchClients(b);
    const rows = { db: b.database.db, crypto: b.app.services.ctx.crypto, practiceId: me.practice.id };
    await seedSettings(rows, {});
    const now = Date.now();
    const seedStart = performance.now();
    for (let i = 0; i < INVOICES; i++) {
      const due = now - (i % 180) * DAY;
      const total = 9000 + (i % 7) * 1500;
      const status = i % 6 === 0 ? 'paid' : i % 3 === 0 ? 'partly_paid' : 'issued';
      await seedInvoice(rows, { clientId: clients[i % CLIENTS]!, status, number: i + 1, issuedAt: due - 14 * DAY, dueAt: due, paidCents: status === 'paid' ? total : status === 'partly_paid' ? 4000 : 0, lines: [{ amountCents: total, cptCode: '90837' }] });
    }
    const seedS = (performance.now() - seedStart) / 1000;
    const url = '/api/billing/reports/aging';
    const single = await oneAtATime(b, url, 50);
    const baseSingle = await oneAtATime(b, '/api/practice/users', 50);
    const port = (b.app.server.address() as AddressInfo).port;
    const baseline = await runLoad(`http://127.0.0.1:${port}/api/practice/users`, { cookie: b.owner.cookie });
    const aging = await runLoad(`http://127.0.0.1:${port}${url}`, { cookie: b.owner.cookie });
    const one = spread(single.ms);
    const base = spread(baseSingle.ms);
    console.log('');
    console.log(`Billing: the aging report over ${INVOICES} invoices (${b.database.dialect}, Node ${process.version}; ${CLIENTS} clients; invoices written in ${seedS.toFixed(1)} s); answer ${single.bytes} bytes`);
    printTable([
      ['one at a time (50 each)', 'p50 ms', 'p99 ms', 'max ms'],
      ['GET /api/billing/reports/aging', one.p50, one.p99, one.max],
      ['baseline GET /api/practice/users', base.p50, base.p99, base.max],
    ]);
    console.log('');
    printTable([loadHeader('baseline'), loadRow('GET /api/practice/users (audited baseline)', baseline, baseline), loadRow('GET /api/billing/reports/aging', aging, baseline)]);
    console.log(`server RSS ${mb(process.memoryUsage().rss)}`);
    return [baseline, aging].every((r) => r.errors + r.timeouts + r.non2xx === 0);
  } finally {
    await b.close();
  }
}

/** Both parts; false on any failed request or a wrong figure. */
export async function benchBilling(pgAdmin: string | undefined, runLoad: RunLoad): Promise<boolean> {
  const invoicing = await benchInvoicing(pgAdmin);
  const aging = await benchAging(pgAdmin, runLoad);
  return invoicing && aging;
}
