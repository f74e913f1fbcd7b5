import { describe, expect, it } from 'vitest';
import { inJoinWindow, outcomeMissing, soonText } from './ClientAppointments.js';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
// 3:00–3:50 PM in New York (20:00 UTC in December).
const appt = { start: '2026-12-07T20:00:00.000Z', end: '2026-12-07T20:50:00.000Z', timeZone: 'America/New_York', status: 'scheduled' as const };

describe('the profile card says when a visit is and whether its call can be opened', () => {
  it('opens the join window 10 minutes before the start and closes it at the end', () => {
    expect(inJoinWindow(appt, at(appt.start) - 11 * MIN)).toBe(false);
    expect(inJoinWindow(appt, at(appt.start) - 10 * MIN)).toBe(true);
    expect(inJoinWindow(appt, at(appt.start) + 30 * MIN)).toBe(true);
    expect(inJoinWindow(appt, at(appt.end))).toBe(false);
  });

  it('says under way, starts in N min, or today (in the appointment zone), else nothing', () => {
    expect(soonText(appt, at(appt.start) + MIN)).toBe('Under way');
    expect(soonText(appt, at(appt.start) - 6 * MIN)).toBe('Starts in 6 min');
    expect(soonText(appt, at('2026-12-07T14:00:00.000Z'))).toBe('Today'); // 9 AM in New York
    // 11 PM the evening before in New York is already the 7th in UTC: not "today" there.
    expect(soonText(appt, at('2026-12-07T04:00:00.000Z'))).toBeNull();
    expect(soonText({ ...appt, status: 'cancelled' }, at(appt.start) - 6 * MIN)).toBeNull();
    expect(soonText(appt, at(appt.end) + MIN)).toBeNull();
  });

  it('flags a past visit still booked as scheduled or confirmed: its outcome is missing', () => {
    expect(outcomeMissing(appt, at(appt.end) + MIN)).toBe(true);
    expect(outcomeMissing({ ...appt, status: 'confirmed' }, at(appt.end) + MIN)).toBe(true);
    expect(outcomeMissing({ ...appt, status: 'completed' }, at(appt.end) + MIN)).toBe(false);
    expect(outcomeMissing(appt, at(appt.start))).toBe(false);
  });
});
