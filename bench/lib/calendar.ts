// The scheduling part of `npm run bench`: one provider's month with 2,000 appointments, then the
// API's month answer under load and the time the calendar's month view takes to render it in
// Chromium, each beside a baseline measured in the same run (the same month for a provider with
// no appointments).
//
// The month is booked through the public API: 65 daily series of 15-minute appointments, one per
// quarter hour from 06:00 New York time over March 2027 (which crosses the US daylight-saving
// change on March 14), 50 of 31 days and 15 of 30: 2,000 appointments, the last occurrence of 15
// series then cancelled so the answer holds both states. A tenth of the clients live in other
// zones, so their events carry a second local time, as in real use.
import { chromium } from 'playwright-core';

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
  /** Per run: navigation start → every event drawn and the calendar marked ready. */
  runsMs: number[];
  medianMs: number;
  events: number;
}

/**
 * Opens /calendar in month view for one provider in Chromium (signed in by the session cookie)
 * `runs` times, each in a fresh page, and times navigation → the calendar ready with `expected`
 * distinct appointments drawn.
 */
export async function renderMonth(base: string, cookie: string, providerId: string, expected: number, runs = 3): Promise<RenderResult> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } });
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: base }]);
    const runsMs: number[] = [];
    let events = 0;
    // One warm-up load: the first also fetches and compiles the JavaScript bundles.
    for (let i = 0; i <= runs; i++) {
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`/calendar?view=month&date=${MONTH.date}&tz=${encodeURIComponent(MONTH.zone)}&providerId=${providerId}`);
      await page.waitForFunction(
        (n) => {
          const cal = document.querySelector('[data-testid="calendar"]');
          if (cal?.getAttribute('data-ready') !== 'true' || cal.getAttribute('data-view') !== 'month') return false;
          const ids = new Set([...cal.querySelectorAll<HTMLElement>('[data-testid="calendar-event"]')].map((e) => e.dataset.appointmentId));
          return ids.size === n;
        },
        expected,
        { timeout: 300_000, polling: 100 },
      );
      const ms = performance.now() - t0;
      events = await page.evaluate(() => new Set([...document.querySelectorAll<HTMLElement>('[data-testid="calendar"] [data-testid="calendar-event"]')].map((e) => e.dataset.appointmentId)).size);
      if (i > 0) runsMs.push(ms);
      await page.close();
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    return { runsMs, medianMs: sorted[Math.floor(sorted.length / 2)]!, events };
  } finally {
    await browser.close();
  }
}
