// The sliced ICS writer (big provider feeds) against the one-go writer: the very same text for
// every mix of zones (a zone with its packaged VTIMEZONE, an out-of-date one, UTC, the repeated
// hour of a fall-back night), cancelled and transparent events, invitation fields, small and
// empty files and any slice size; and the event loop gets its turns while a big file is written.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseIcs } from '../../testing/ics.js';
import { ambiguous, buildIcs, buildIcsInSlices, type IcsCalendar, type IcsEvent } from './ics.js';

const ZONES = ['America/New_York', 'UTC', 'Europe/London', 'America/Sao_Paulo', 'Australia/Sydney'];
const HOUR = 3_600_000;
const base = Date.UTC(2026, 8, 1, 14);

function events(n: number, zones = ZONES): IcsEvent[] {
  const list = Array.from({ length: n }, (_, i): IcsEvent => {
    const start = base + i * 7 * HOUR;
    return {
      uid: `appt-${i}@hearth.example`,
      start,
      end: start + 50 * 60_000,
      zone: zones[i % zones.length]!,
      sequence: i % 3,
      summary: 'Hearth appointment',
      // Long enough to be folded over several lines.
      description: `Hearth appointment. Open it in Hearth: https://hearth.example/appointments/${'x'.repeat(i % 90)}${i}`,
      url: `https://hearth.example/appointments/${i}`,
      status: i % 11 === 0 ? 'cancelled' : 'confirmed',
      transparent: i % 11 === 0,
      created: base - i * 60_000,
      lastModified: base,
    };
  });
  // The repeated 1:30 of New York's fall-back night: written in UTC.
  if (n > 2) list[2] = { ...list[2]!, zone: 'America/New_York', start: Date.parse('2026-11-01T06:30:00Z'), end: Date.parse('2026-11-01T07:20:00Z') };
  return list;
}

const feed = (list: IcsEvent[]): IcsCalendar => ({ method: 'PUBLISH', name: 'Hearth', refreshMinutes: 30, stamp: base, events: list });

describe('ICS written in slices', () => {
  it('is the same text as written in one go, whatever the slice size', async () => {
    const cal = feed(events(457));
    const whole = buildIcs(cal);
    for (const slice of [1, 7, 100, 456, 457, 1000]) expect(await buildIcsInSlices(cal, slice), `slice ${slice}`).toBe(whole);
    const parsed = parseIcs(whole);
    expect(parsed.events).toHaveLength(457);
    expect(parsed.zones).toEqual(new Set(['America/New_York', 'Europe/London', 'America/Sao_Paulo', 'Australia/Sydney']));
  });

  it('is the same for empty, tiny, UTC-only and invitation files', async () => {
    const utcOnly = events(30, ['UTC']);
    const invitation: IcsCalendar = {
      method: 'REQUEST',
      stamp: base,
      organizer: { name: 'Care Portal', email: 'no-reply@hearth.example' },
      attendee: { email: 'client@example.test' },
      events: events(12, ['America/Chicago']),
    };
    for (const [label, cal] of [
      ['empty', feed([])],
      ['one', feed(events(1))],
      ['one in UTC', feed(events(1, ['UTC']))],
      ['only the ambiguous one zoned', feed(events(3, ['UTC']))],
      ['UTC only', feed(utcOnly)],
      ['invitation', invitation],
    ] as const) {
      expect(await buildIcsInSlices(cal, 5), label).toBe(buildIcs(cal));
    }
  });

  it('gives the event loop turns while a big feed is written, all events present', async () => {
    const list = events(1500);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let text: string;
    try {
      text = await buildIcsInSlices(feed(list));
    } finally {
      clearInterval(timer);
    }
    // 15 slices of 100, each a few milliseconds at least: timers run between them.
    expect(ticks).toBeGreaterThanOrEqual(5);
    const parsed = parseIcs(text);
    expect(parsed.events.map((e) => e.uid)).toEqual(list.map((e) => e.uid));
    for (const [i, e] of parsed.events.entries()) expect({ start: e.start, end: e.end }, e.uid).toEqual({ start: list[i]!.start, end: list[i]!.end });
    for (const [i, e] of parsed.events.entries()) {
      if (e.tzid) expect(e.local.hour, e.uid).toBe(DateTime.fromMillis(list[i]!.start, { zone: e.tzid }).hour);
      // In UTC: a UTC event, or one in the repeated hour of a fall-back night.
      else expect(list[i]!.zone === 'UTC' || ambiguous(list[i]!.start, list[i]!.zone) || ambiguous(list[i]!.end, list[i]!.zone), e.uid).toBe(true);
    }
  });
});
