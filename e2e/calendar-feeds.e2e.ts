// Calendar subscription: a provider (the practice owner, who signs up, enrols TOTP and is a
// provider) books appointments through the API — a weekly series across New York's spring-forward
// change, one spanning the 2 am jump itself, one in the repeated hour of the autumn fall-back
// night, one in London, one already past, one cancelled — then on the account page creates a
// subscription link (shown once, copied with the Copy button). The link, fetched like a calendar
// app would, parses with ical.js and holds exactly the provider's appointments at the API's
// instants, and no client name or note. Revoked in the page (after a confirmation), the link
// answers 404. axe-clean and without horizontal overflow at 390 px, with the link shown and with
// the confirmation open.
import { describe, expect, it } from 'vitest';
import { parseIcs } from '../src/server/testing/ics.js';
import { expectClean } from './fixtures/checks.js';
import { HearthPages } from './fixtures/pages.js';
import { StaffApi } from './fixtures/api.js';
import { scenario } from './fixtures/scenario.js';

const practice = {
  practiceName: 'Willow Bend Therapy',
  ownerName: 'Nadia Feedowner',
  email: 'nadia@willowbend.example',
  password: 'seven herons over the tidal flats 41',
  signerTitle: 'Owner',
};
const canary = { first: 'Marigold', last: 'Quincefeed', note: 'Gate code 5521' };
const DAY = 24 * 3600_000;

let providerId = '';
let feedUrl = '';
const booked = new Map<string, string>();

interface ApiAppt {
  id: string;
  start: string;
  end: string;
  status: string;
}

describe('calendar subscription: create in the page, the feed matches the API, revoke', () => {
  const world = scenario({ owner: 'owner' });
  const { owner } = world.actors;
  const ui = new HearthPages(owner);
  const api = new StaffApi(owner);

  async function book(label: string, body: Record<string, unknown>): Promise<string[]> {
    const res = await api.ok<{ occurrenceIds: string[] }>('POST', '/api/appointments', { type: 'video', durationMinutes: 50, timeZone: 'America/New_York', providerId, note: canary.note, ...body });
    for (const id of res.occurrenceIds) booked.set(id, label);
    return res.occurrenceIds;
  }

  const section = () => owner.page.getByTestId('calendar-feeds-section');
  const listReady = (count: number) => owner.page.locator(`[data-testid="calendar-feeds"][data-ready="true"] [data-testid="calendar-feed-list"][data-count="${count}"]`).waitFor();

  it('the owner (a provider) signs up and books, through the API, appointments on both sides of DST', async () => {
    await ui.signUpWithTotp(practice);
    const me = await api.ok<{ user: { id: string; roles: string[] } }>('GET', '/api/me');
    expect(me.user.roles).toContain('provider');
    providerId = me.user.id;
    const client = await api.ok<{ id: string }>('POST', '/api/clients', { firstName: canary.first, lastName: canary.last, dateOfBirth: '1984-06-12', timeZone: 'America/Chicago' });
    const clientIds = [client.id];

    // Weekly at 4 pm New York time, across the spring-forward change of 14 March 2027.
    await book('weekly across DST', { clientIds, start: '2027-03-02T16:00:00-05:00', recurrence: 'FREQ=WEEKLY;COUNT=4' });
    // 1 am to 4 am EDT: across the 2 am jump itself.
    await book('across the jump', { clientIds, start: '2027-03-14T01:00:00-05:00', durationMinutes: 120 });
    // The second 1:30 of the fall-back night (EST): written in UTC in the feed.
    await book('repeated hour', { clientIds, start: '2027-11-07T01:30:00-05:00' });
    await book('London', { clientIds, start: '2027-03-29T09:00:00+01:00', timeZone: 'Europe/London' });
    // Already past (late data entry) but inside the feed's 30 days back (on the hour: ICS has whole seconds).
    await book('past', { clientIds, start: new Date(Math.floor((Date.now() - 3 * DAY) / 3600_000) * 3600_000).toISOString() });
    const [cancelled] = await book('cancelled', { clientIds, start: '2027-01-12T10:00:00-05:00' });
    await api.ok('POST', `/api/appointments/${cancelled}/cancel`, {}, 200);
    expect(booked.size).toBe(9);
  });

  it('creates a subscription link on the account page: shown once, copied, with the warning', async () => {
    await owner.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.server.url });
    await ui.gotoSecurity();
    await section().getByRole('heading', { level: 2, name: 'Calendar subscription' }).waitFor();
    await listReady(0);
    await expect(section().getByTestId('calendar-feed-warning').textContent()).resolves.toMatch(/Anyone who has the link sees when your appointments are: their times only, never client names/);
    await expectClean(owner.page, 'account page: calendar subscription, no links');

    await owner.page.getByTestId('calendar-feed-create').click();
    const url = owner.page.getByTestId('calendar-feed-url');
    await url.waitFor();
    feedUrl = await url.inputValue();
    expect(feedUrl).toMatch(new RegExp(`^${world.server.url.replace(/[.]/g, '\\.')}/feeds/[A-Za-z0-9_-]{43}\\.ics$`));
    // Focus lands on the link, so it is read out and ready to copy.
    await expect(url.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await listReady(1);
    await expectClean(owner.page, 'account page: a new subscription link shown');

    await owner.page.getByTestId('calendar-feed-copy').click();
    await owner.page.getByTestId('calendar-feed-copied').getByText('Link copied.', { exact: false }).waitFor();
    await expect(owner.page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(feedUrl);

    // Done: the link is gone from the page for good; the list shows dates only.
    await owner.page.getByTestId('calendar-feed-done').click();
    await owner.page.getByTestId('calendar-feed-new').waitFor({ state: 'detached' });
    const token = feedUrl.split('/feeds/')[1]!.replace('.ics', '');
    await expect(owner.page.content()).resolves.not.toContain(token);
    await expect(owner.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('calendar-feed-create');
  });

  it('the feed, parsed by ical.js, holds the provider’s appointments at the API’s instants and no client name', async () => {
    const res = await fetch(feedUrl, { headers: { 'user-agent': 'CalendarAgent/1.0' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    const cal = parseIcs(text);

    const from = new Date(Date.now() - 30 * DAY).toISOString();
    const to = new Date(Date.now() + 365 * DAY).toISOString();
    const list = await api.ok<{ items: ApiAppt[]; total: number }>('GET', `/api/appointments?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&providerId=${providerId}&limit=5000`);
    expect(list.total).toBe(booked.size);
    expect(cal.events).toHaveLength(list.total);
    const host = new URL(world.server.url).hostname;
    const byId = new Map(cal.events.map((e) => [e.uid.replace(`@${host}`, ''), e]));
    expect([...byId.keys()].sort()).toEqual([...booked.keys()].sort());
    for (const a of list.items) {
      const e = byId.get(a.id)!;
      expect({ start: e.start, end: e.end }, booked.get(a.id)).toEqual({ start: Date.parse(a.start), end: Date.parse(a.end) });
      expect(e.status, booked.get(a.id)).toBe(a.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED');
    }
    // The series keeps 4 pm local on both sides of the change: its UTC offset moves by an hour.
    const weekly = list.items.filter((a) => booked.get(a.id) === 'weekly across DST').map((a) => byId.get(a.id)!);
    expect(weekly.map((e) => [e.local.hour, e.offset])).toEqual([
      [16, -300],
      [16, -300],
      [16, -240],
      [16, -240],
    ]);
    const jump = list.items.find((a) => booked.get(a.id) === 'across the jump')!;
    expect(byId.get(jump.id)).toMatchObject({ start: Date.parse('2027-03-14T06:00:00Z'), end: Date.parse('2027-03-14T08:00:00Z'), tzid: 'America/New_York' });
    const repeated = list.items.find((a) => booked.get(a.id) === 'repeated hour')!;
    expect(byId.get(repeated.id)).toMatchObject({ start: Date.parse('2027-11-07T06:30:00Z'), tzid: null });

    for (const word of [canary.first, canary.last, canary.note, practice.ownerName]) expect(text.toLowerCase(), word).not.toContain(word.toLowerCase());
  });

  it('revokes the link in the page, after a confirmation: the URL answers 404', async () => {
    await owner.page.getByTestId('calendar-feed-revoke').click();
    const dialog = owner.page.getByTestId('calendar-feed-revoke-dialog');
    await dialog.getByRole('heading', { name: 'Revoke this subscription link?' }).waitFor();
    await expectClean(owner.page, 'account page: revoke confirmation');
    // "Keep it" first: nothing happens.
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await fetch(feedUrl)).status).toBe(200);

    await owner.page.getByTestId('calendar-feed-revoke').click();
    await owner.page.getByTestId('calendar-feed-revoke-confirm').click();
    await owner.page.getByTestId('calendar-feed-status').getByText('Subscription link revoked').waitFor();
    await listReady(0);
    expect((await fetch(feedUrl)).status).toBe(404);
    await expectClean(owner.page, 'account page: link revoked');
  });
});
