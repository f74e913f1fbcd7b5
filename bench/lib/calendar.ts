// The scheduling part of `npm run bench`: one provider's month with 2,000 appointments, then the
// API's month answer under load and the time the calendar's month view takes to render it in
// Chromium, each beside a baseline measured in the same run (the same month with no appointments).
// The render figure is what issue 16 asks: from the month's data arriving to the calendar painted,
// and the longest task meanwhile (BENCH_ONLY=render runs it alone: benchRender).
//
// The month is booked through the public API: 65 daily series of 15-minute appointments, one per
// quarter hour from 06:00 New York time over March 2027 (which crosses the US daylight-saving
// change on March 14), 50 of 31 days and 15 of 30: 2,000 appointments, the last occurrence of 15
// series then cancelled so the answer holds both states. A tenth of the clients live in other
// zones, so their events carry a second local time, as in real use.
import { chromium, type Page } from 'playwright-core';
import { ensureWebBuilt, WEB_DIST } from '../../e2e/fixtures/server.js';
import { startBenchApp } from './bench-app.js';

export const MONTH = { from: '2027-03-01T05:00:00.000Z', to: '2027-04-01T04:00:00.000Z', date: '2027-03-01', zone: 'America/New_York' };
const SERIES = 65;
const DAYS = 31;
/** Series from this index on run one day shorter. */
const SHORTER_FROM = 50;
const CANCELLED = 15;
export const MONTH_APPOINTMENTS = SHORTER_FROM * DAYS + (SERIES - SHORTER_FROM) * (DAYS - 1);

type Call = (method: string, url: string, body?: unknown) => Promise<{ status: number; json: unknown }>;

function must<T>(what: string, got: { status: number; json: unknown }, want: number): T {
  if (got.status !== want) throw new Error(`${what}: expected ${want}, got ${got.status} ${JSON.stringify(got.json).slice(0, 300)}`);
  return got.json as T;
}

/** Books the month for `providerId`; returns the number of appointments in the month's range. */
export async function bookMonth(call: Call, providerId: string): Promise<number> {
  const clientIds: string[] = [];
  for (let i = 0; i < 50; i++) {
    const c = must<{ id: string }>(
      'create client',
      await call('POST', '/api/clients', {
        firstName: `Bench${i}`,
        lastName: `Client${i}`,
        dateOfBirth: '1980-01-01',
        ...(i % 10 === 0 ? { timeZone: i % 20 === 0 ? 'America/Los_Angeles' : 'Europe/London' } : {}),
      }),
      201,
    );
    clientIds.push(c.id);
  }
  const service = must<{ id: string }>('create service', await call('POST', '/api/practice/appointment-services', { name: 'Brief check-in', cptCode: '99212', defaultMinutes: 15, rateCents: 5000 }), 201);
  const lastIds: string[] = [];
  for (let s = 0; s < SERIES; s++) {
    const minutes = 6 * 60 + s * 15;
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    const res = must<{ occurrenceIds: string[] }>(
      'book series',
      await call('POST', '/api/appointments', {
        clientIds: [clientIds[s % clientIds.length]],
        providerId,
        serviceId: service.id,
        start: `2027-03-01T${hh}:${mm}:00-05:00`,
        durationMinutes: 15,
        timeZone: MONTH.zone,
        type: s % 5 === 0 ? 'audio' : 'video',
        recurrence: `FREQ=DAILY;COUNT=${s < SHORTER_FROM ? DAYS : DAYS - 1}`,
      }),
      201,
    );
    lastIds.push(res.occurrenceIds.at(-1)!);
  }
  for (const id of lastIds.slice(0, CANCELLED)) must('cancel', await call('POST', `/api/appointments/${id}/cancel`, { by: 'practice', scope: 'this' }), 200);
  return MONTH_APPOINTMENTS;
}

export const monthUrl = (providerId: string) => `/api/appointments?from=${encodeURIComponent(MONTH.from)}&to=${encodeURIComponent(MONTH.to)}&providerId=${providerId}&limit=5000`;

export interface RenderResult {
  /** Per run: the range's cells arrived (`calendar:data`) → the calendar painted them (`calendar:painted`). */
  runsMs: number[];
  medianMs: number;
  /** The longest task (PerformanceObserver 'longtask', 50 ms or more) from the data's arrival to 500 ms after it was painted, over all runs; 0 when none. */
  longestTaskMs: number;
  /** The appointments the calendar says it shows (data-count). */
  events: number;
}

/** Waits for `what` in the page, or fails saying what it was waiting for and how the calendar stood (the bench hung here under load). */
async function waitIn(page: Page, what: string, fn: () => boolean, timeoutMs: number): Promise<void> {
  try {
    // A function, not a string: the page's CSP has no 'unsafe-eval'.
    await page.waitForFunction(fn, undefined, { timeout: timeoutMs, polling: 50 });
  } catch (e) {
    const cal = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="calendar"]');
      return c ? `data-ready=${c.getAttribute('data-ready')} data-view=${c.getAttribute('data-view')} data-count=${c.getAttribute('data-count')}` : 'no calendar on the page';
    });
    throw new Error(`calendar render bench: no ${what} within ${timeoutMs / 1000} s (${cal}): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

type LongTasks = { __longTasks: { start: number; duration: number }[] };

// Runs in the page before the SPA: every long task, kept for the measurement.
function observeLongTasks() {
  const w = window as unknown as LongTasks;
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

function painted(): boolean {
  const cal = document.querySelector('[data-testid="calendar"]');
  if (cal?.getAttribute('data-ready') !== 'true' || cal.getAttribute('data-view') !== 'month') return false;
  const data = performance.getEntriesByName('calendar:data').at(-1);
  return !!data && performance.getEntriesByName('calendar:painted').some((p) => p.startTime >= data.startTime);
}

/**
 * Opens /calendar in month view for one provider in Chromium (signed in by the session cookie)
 * `runs` times after a warm-up, each in a fresh page, and measures what issue 16 asks: from the
 * range's cells arriving (the SPA's `calendar:data` mark) to the calendar painted with them
 * (`calendar:painted`, the frame after FullCalendar drew them), and the longest task meanwhile.
 * The calendar must say it shows `expected` appointments. Every wait has a timeout.
 */
export async function renderMonth(base: string, cookie: string, providerId: string, expected: number, runs = 5): Promise<RenderResult> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: base }]);
    await context.addInitScript(observeLongTasks);
    const runsMs: number[] = [];
    let longestTaskMs = 0;
    let events = 0;
    // One warm-up load: the first also fetches and compiles the JavaScript bundles.
    for (let i = 0; i <= runs; i++) {
      const page = await context.newPage();
      try {
        await page.goto(`/calendar?view=month&date=${MONTH.date}&tz=${encodeURIComponent(MONTH.zone)}&providerId=${providerId}`, { timeout: 60_000 });
        await waitIn(page, 'month painted with its data', painted, 120_000);
        await page.waitForTimeout(500);
        const m = await page.evaluate(() => {
          const data = performance.getEntriesByName('calendar:data').at(-1)!.startTime;
          const painted = performance.getEntriesByName('calendar:painted').find((p) => p.startTime >= data)!.startTime;
          const tasks = (window as unknown as LongTasks).__longTasks;
          const during = tasks.filter((t) => t.start + t.duration > data && t.start < painted + 500);
          return { ms: painted - data, longest: Math.max(0, ...during.map((t) => t.duration)), count: Number(document.querySelector('[data-testid="calendar"]')?.getAttribute('data-count')) };
        });
        if (m.count !== expected) throw new Error(`calendar render bench: the calendar shows ${m.count} appointments, expected ${expected}`);
        events = m.count;
        if (i > 0) {
          runsMs.push(m.ms);
          longestTaskMs = Math.max(longestTaskMs, m.longest);
        }
      } finally {
        await page.close();
      }
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    return { runsMs, medianMs: sorted[Math.floor(sorted.length / 2)]!, longestTaskMs, events };
  } finally {
    await browser.close();
  }
}

export interface RenderFigures {
  /** Median data → painted, the 2,000-appointment month. */
  dataToPaintedMs: number;
  /** The longest task while it is drawn (0 when none reached 50 ms). */
  longestTaskMs: number;
  /** Median data → painted, the same month with no appointments (same provider, same run, before booking). */
  baselineMs: number;
  /** The baseline's longest task. */
  baselineLongestTaskMs: number;
  /** Appointments the month shows. */
  events: number;
  full: RenderResult;
  empty: RenderResult;
}

/**
 * BENCH_ONLY=render: its own practice (bench-app.ts) serving this checkout's SPA (built first when
 * its sources changed), the same month measured empty, then booked with the 2,000 appointments
 * (bookMonth) and measured again.
 */
export async function benchRender(pgUrl?: string): Promise<RenderFigures> {
  ensureWebBuilt();
  const bench = await startBenchApp(pgUrl, 'render', { WEB_DIST_DIR: WEB_DIST });
  try {
    const { owner, base } = bench;
    const call: Call = async (method, url, body) => {
      const res = await fetch(base + url, { method, headers: { ...owner.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'user-agent': 'hearth-bench' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await res.text();
      return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
    };
    const me = must<{ user: { id: string } }>('me', await call('GET', '/api/me'), 200);
    const empty = await renderMonth(base, owner.cookie, me.user.id, 0);
    const count = await bookMonth(call, me.user.id);
    const full = await renderMonth(base, owner.cookie, me.user.id, count);
    return { dataToPaintedMs: full.medianMs, longestTaskMs: full.longestTaskMs, baselineMs: empty.medianMs, baselineLongestTaskMs: empty.longestTaskMs, events: full.events, full, empty };
  } finally {
    await bench.close();
  }
}

/** Prints BENCH_ONLY=render's figures beside the goal; false when a goal is missed. */
export function printRender(r: RenderFigures): boolean {
  const runs = (x: RenderResult) => x.runsMs.map((v) => v.toFixed(0)).join(', ');
  console.log(`calendar month view in Chromium, the range's cells arrived → painted (median of ${r.full.runsMs.length}):`);
  console.log(`  ${r.events} appointments: ${r.dataToPaintedMs.toFixed(0)} ms (runs ${runs(r.full)}), longest task ${r.longestTaskMs.toFixed(0)} ms`);
  console.log(`  baseline, the same month with none: ${r.baselineMs.toFixed(0)} ms (runs ${runs(r.empty)}), longest task ${r.baselineLongestTaskMs.toFixed(0)} ms`);
  const ok = r.dataToPaintedMs <= 300 && r.longestTaskMs <= 50;
  console.log(`  goal: ≤ 300 ms and no task over 50 ms: ${ok ? 'met' : 'NOT met'}`);
  return ok;
}
