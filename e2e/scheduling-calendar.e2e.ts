// Scheduling, the calendar's own views and dialogs (issue 13), in Cedar Grove (the practice of
// scheduling.e2e.ts): a 45-minute block fills its slots with the client's name inside it and the
// week opens at the working day; list and calendar weeks start on the same day; an appointment is
// edited and rescheduled through its dialog (on a phone too, where the calendar shows three days
// and a month that fit); after booking, the list and the calendar go to the new appointment and
// mark it; a provider books only for themself. axe-clean and 390 px throughout; screenshots when
// SHOTS_DIR is set.
import { describe, expect, it } from 'vitest';
import { expectClean, shots } from './fixtures/checks.js';
import { type ApiAppt, CedarGrove, NY, rangeQuery } from './fixtures/cedar-grove.js';
import { scenario } from './fixtures/scenario.js';

const cedar = new CedarGrove();
const { providers, clients } = cedar;
const book = (label: string, body: Record<string, unknown>) => cedar.book(label, body);
let fortyFive = '';

describe('scheduling: the calendar views, the edit dialog, booking from the dialog', () => {
  const world = scenario({ owner: 'owner' });
  const { owner, ui, sched, api } = cedar.ownerPages(world.actors.owner);

  /** Screenshots at desktop and phone width (SHOTS_DIR), each once the page is ready at that size. */
  async function shotsWhen(label: string, ready: () => Promise<void>) {
    await shots(owner.page, label, { prepare: ready });
    if (process.env.SHOTS_DIR) await ready();
  }

  it('owner signs up with two providers and clients; a psychotherapy service; the owner’s monthly session', async () => {
    await cedar.setUp(ui, world);
    await api.ok('POST', '/api/practice/appointment-services', { name: 'Individual psychotherapy', cptCode: '90837', defaultMinutes: 55, rateCents: 16000 });
    // Monthly on the second Wednesday at 10 am Los Angeles: Feb 10, Mar 10, Apr 14.
    await book('owner monthly 2WE', { clientIds: [clients.la], providerId: providers.owner, start: '2027-02-10T10:00:00-08:00', timeZone: 'America/Los_Angeles', recurrence: 'FREQ=MONTHLY;BYDAY=2WE;COUNT=3', type: 'audio' });
  });

  it('week view: a 45-minute block fills its slots with the name inside; it opens at the working day; list and calendar weeks both start Monday', async () => {
    fortyFive = (await book('owner 45 minutes in April', { clientIds: [clients.plain], providerId: providers.owner, start: '2027-04-12T09:00:00-04:00', durationMinutes: 45 }))[0]!;
    const page = owner.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    await sched.gotoCalendar({ view: 'week', date: '2027-04-14', tz: NY, providerId: providers.owner });
    await sched.calendarReady('week');
    // Monday to Monday, as the list counts weeks.
    expect(await sched.calendarRange()).toEqual({ from: Date.parse('2027-04-12T04:00:00Z'), to: Date.parse('2027-04-19T04:00:00Z') });
    expect(await page.locator('[data-testid="calendar"] th.fc-col-header-cell').first().getAttribute('data-date')).toBe('2027-04-12');

    // The grid is scrolled to 07:00, not to midnight.
    const scrolled = () =>
      page.locator('[data-testid="calendar"] td.fc-timegrid-slot-lane[data-time="07:00:00"]').evaluate((lane) => {
        const scroller = lane.closest('.fc-scroller')!;
        return { scrollTop: scroller.scrollTop, offset: Math.round(lane.getBoundingClientRect().top - scroller.getBoundingClientRect().top) };
      });
    await expect.poll(async () => (await scrolled()).offset).toBeLessThanOrEqual(1);
    const at = await scrolled();
    expect(at.scrollTop).toBeGreaterThan(0);
    expect(Math.abs(at.offset)).toBeLessThanOrEqual(1);

    // The block spans its 45 minutes (one and a half slots) and the client's name sits inside it.
    const event = await sched.event(fortyFive).boundingBox();
    const lane = await page.locator('[data-testid="calendar"] td.fc-timegrid-slot-lane[data-time="09:00:00"]').boundingBox();
    const title = await page.locator(`[data-testid="calendar-event"][data-appointment-id="${fortyFive}"] .cal-title`).boundingBox();
    expect(event && lane && title).toBeTruthy();
    expect(event!.height).toBeGreaterThanOrEqual(1.5 * lane!.height - 3);
    expect(Math.abs(event!.y - lane!.y)).toBeLessThanOrEqual(2);
    expect(title!.x).toBeGreaterThanOrEqual(event!.x);
    expect(title!.y).toBeGreaterThanOrEqual(event!.y);
    expect(title!.x + title!.width).toBeLessThanOrEqual(event!.x + event!.width + 0.5);
    expect(title!.y + title!.height).toBeLessThanOrEqual(event!.y + event!.height + 0.5);
    expect(await page.locator(`[data-testid="calendar-event"][data-appointment-id="${fortyFive}"] .cal-title`).textContent()).toBe('Ada Okafor');
    await expectClean(page, 'calendar (week, 45-minute block)');
    await shotsWhen('week', () => sched.calendarReady());

    // A provider with working hours (7:30 am Chicago = 8:30 am New York): their calendar opens there.
    const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '07:30', end: '16:00' }));
    await api.ok('PUT', `/api/providers/${providers.sam}/availability`, { timeZone: 'America/Chicago', bufferMinutes: 0, hours: weekdays }, 200);
    await sched.gotoCalendar({ view: 'week', date: '2027-04-12', tz: NY, providerId: providers.sam });
    await sched.calendarReady('week');
    const opensAt = (time: string) =>
      page.locator(`[data-testid="calendar"] td.fc-timegrid-slot-lane[data-time="${time}"]`).evaluate((lane) => {
        const scroller = lane.closest('.fc-scroller')!;
        return Math.round(lane.getBoundingClientRect().top - scroller.getBoundingClientRect().top);
      });
    await expect.poll(async () => Math.abs(await opensAt('08:30:00')) <= 1).toBe(true);
    await sched.gotoCalendar({ view: 'day', date: '2027-04-12', tz: NY });
    await sched.calendarReady('day');
    await shotsWhen('day', () => sched.calendarReady('day'));
    await sched.gotoCalendar({ view: 'month', date: '2027-04-01', tz: NY });
    await sched.calendarReady('month');
    await shotsWhen('month', () => sched.calendarReady('month'));

    // With no dates given, the list and the calendar open on the same week.
    await sched.gotoList({ tz: NY });
    await sched.listReady();
    const listFrom = await sched.list().getAttribute('data-from');
    await sched.gotoCalendar({ view: 'week', tz: NY });
    await sched.calendarReady('week');
    expect(Date.parse((await sched.calendar().getAttribute('data-from')) ?? '')).toBe(Date.parse(listFrom ?? ''));
    expect(new Date(listFrom ?? '').toLocaleDateString('en-US', { weekday: 'long', timeZone: NY })).toBe('Monday');
  });

  it('edit or reschedule from the dialog: another day, time, length, provider, service and type; a taken time is refused in the dialog', async () => {
    const page = owner.page;
    await sched.gotoCalendar({ view: 'week', date: '2027-04-12', tz: NY, providerId: providers.owner });
    await sched.calendarReady('week');
    await sched.event(fortyFive).click();
    await page.locator(`[data-testid="appointment-details"][data-appointment-id="${fortyFive}"][data-ready="true"]`).waitFor();
    await page.getByTestId('details-edit').click();
    const dialog = page.getByTestId('edit-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('edit-date').inputValue()).toBe('2027-04-12');
    expect(await page.getByTestId('edit-time').inputValue()).toBe('09:00');
    expect(await page.getByTestId('edit-duration').inputValue()).toBe('45');
    await expectClean(page, 'edit dialog');
    await shotsWhen('edit-dialog', () => dialog.waitFor());

    // Onto the owner's monthly session (Wed Apr 14, 10 am Los Angeles = 1 pm New York): refused, said plainly.
    await page.getByTestId('edit-date').fill('2027-04-14');
    await page.getByTestId('edit-time').fill('13:00');
    await page.getByTestId('edit-submit').click();
    await page.getByTestId('edit-error').getByText(/This time is not free: The provider already has an appointment at that time/).waitFor();
    expect((await api.ok<ApiAppt>('GET', `/api/appointments/${fortyFive}`)).start).toBe('2027-04-12T13:00:00.000Z');
    await expectClean(page, 'edit dialog (conflict)');

    // Thursday at 11, with Priya, as an in-person psychotherapy session of an hour.
    await page.getByTestId('edit-date').fill('2027-04-15');
    await page.getByTestId('edit-time').fill('11:00');
    await page.getByTestId('edit-provider').getByRole('button').click();
    await page.getByRole('option', { name: 'Priya Raman' }).click();
    await page.getByTestId('edit-service').getByRole('button').click();
    await page.getByRole('option', { name: /Individual psychotherapy \(90837\)/ }).click();
    expect(await page.getByTestId('edit-duration').inputValue()).toBe('55');
    await page.getByTestId('edit-duration').fill('60');
    await page.getByTestId('edit-type').getByText('In person').click();
    await page.getByTestId('edit-submit').click();
    await page.locator('[data-testid="action-outcome"][data-kind="ok"]').getByText(/Appointment changed: Thu, Apr 15, 2027, 11:00\sAM – 12:00\sPM EDT\./).waitFor();
    const after = await api.ok<ApiAppt & { providerId: string; serviceName: string; type: string; placeOfService: string }>('GET', `/api/appointments/${fortyFive}`);
    expect(after).toMatchObject({ start: '2027-04-15T15:00:00.000Z', end: '2027-04-15T16:00:00.000Z', providerId: providers.priya, serviceName: 'Individual psychotherapy', type: 'in_person', placeOfService: 'office' });
    // The calendar no longer filters on the owner (it would hide the appointment): it shows it, marked.
    await page.locator('[data-testid="calendar"][data-ready="true"][data-provider-id=""]').waitFor();
    await page.locator(`[data-testid="calendar"] .fc-event.cal-highlight:has([data-appointment-id="${fortyFive}"])`).waitFor();
    const box = await sched.event(fortyFive).boundingBox();
    const thursday = await page.locator('[data-testid="calendar"] td.fc-timegrid-col[data-date="2027-04-15"]').boundingBox();
    expect(box && thursday && box.x >= thursday.x && box.x < thursday.x + thursday.width).toBe(true);
  });

  it('on a phone: three days and a month that fit 390 px, and a visit moved to another day through its dialog', async () => {
    const page = owner.page;
    await page.setViewportSize({ width: 390, height: 844 });
    await sched.gotoCalendar({ view: 'week', date: '2027-04-15', tz: NY });
    await sched.calendarReady('threeDay');
    expect(await sched.calendarRange()).toEqual({ from: Date.parse('2027-04-15T04:00:00Z'), to: Date.parse('2027-04-18T04:00:00Z') });
    await expectClean(page, 'calendar (3 days, phone)');
    await page.getByRole('button', { name: 'Month' }).click();
    await sched.calendarReady('month');
    await expectClean(page, 'calendar (month, phone)');
    await page.getByRole('button', { name: '3 days' }).click();
    await sched.calendarReady('threeDay');

    await sched.event(fortyFive).click();
    await page.getByTestId('details-edit').click();
    await page.getByTestId('edit-dialog').waitFor();
    await expectClean(page, 'edit dialog (phone)');
    await page.getByTestId('edit-date').fill('2027-04-16');
    await page.getByTestId('edit-submit').click();
    await page.locator('[data-testid="action-outcome"][data-kind="ok"]').getByText(/Appointment changed: Fri, Apr 16, 2027, 11:00\sAM/).waitFor();
    expect((await api.ok<ApiAppt>('GET', `/api/appointments/${fortyFive}`)).start).toBe('2027-04-16T15:00:00.000Z');
    await sched.calendarReady('threeDay');
    await page.locator(`[data-testid="calendar"] .fc-event.cal-highlight:has([data-appointment-id="${fortyFive}"])`).waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('after booking, the new appointment is shown: the list and the calendar go to its week and mark it', async () => {
    const page = owner.page;
    const pick = async (testId: string, option: string | RegExp) => {
      await page.getByTestId(testId).getByRole('button').click();
      await page.getByRole('option', { name: option }).click();
    };
    const bookInDialog = async (date: string) => {
      await page.getByTestId('new-appointment').click();
      await page.getByTestId('booking-dialog').waitFor();
      await pick('booking-provider', 'Sam Lindqvist');
      await page.getByTestId('booking-client-input').fill('Wren');
      await page.getByRole('option', { name: /Tobias Wren/ }).click();
      await page.locator('[data-testid="booking-clients"] [data-client-id]').waitFor();
      await page.getByTestId('booking-date').fill(date);
      await page.getByTestId('booking-time').fill('10:00');
      await page.getByTestId('booking-submit').click();
      await page.locator('[data-testid="action-outcome"][data-kind="ok"]').getByText(/Appointment booked/).waitFor();
    };
    const madeOn = async (iso: string) => (await api.ok<{ items: ApiAppt[] }>('GET', rangeQuery(iso, new Date(Date.parse(iso) + 60_000).toISOString(), `&providerId=${providers.sam}`))).items[0]!.id;

    // From the list showing early March, filtered to the owner: a booking in May.
    await sched.gotoList({ from: '2027-03-01', to: '2027-03-07', tz: NY, providerId: providers.owner });
    await sched.listReady();
    await bookInDialog('2027-05-04');
    await expect.poll(async () => Date.parse((await sched.list().getAttribute('data-from')) ?? '')).toBe(Date.parse('2027-05-03T04:00:00Z'));
    await sched.listReady();
    const inList = await madeOn('2027-05-04T14:00:00Z');
    const row = page.locator('[data-testid="appointment-row"][data-highlight="true"]');
    await row.waitFor();
    expect(await row.getAttribute('data-appointment-id')).toBe(inList);
    expect(await sched.list().getAttribute('data-provider-id')).toBe('');
    await expectClean(page, 'appointments (just booked)');
    await shotsWhen('list', () => sched.listReady());

    // From the calendar showing March: a booking in May.
    await sched.gotoCalendar({ view: 'week', date: '2027-03-15', tz: NY });
    await sched.calendarReady('week');
    await bookInDialog('2027-05-11');
    await expect.poll(async () => (await sched.calendarRange()).from).toBe(Date.parse('2027-05-10T04:00:00Z'));
    await sched.calendarReady('week');
    const inCalendar = await madeOn('2027-05-11T14:00:00Z');
    const marked = page.locator(`[data-testid="calendar"] .fc-event.cal-highlight:has([data-appointment-id="${inCalendar}"])`);
    await marked.waitFor();
    const box = await marked.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 800).toBe(true);
  });

  it('booking as a provider offers only themself; the owner may book for every provider', async () => {
    const page = owner.page;
    const offered = async () => {
      await page.getByTestId('new-appointment').click();
      await page.getByTestId('booking-dialog').waitFor();
      await page.getByTestId('booking-provider').getByRole('button').click();
      const names = await page.getByRole('option').allTextContents();
      await page.keyboard.press('Escape');
      await page.getByTestId('booking-cancel').click();
      await page.getByTestId('booking-dialog').waitFor({ state: 'detached' });
      return names.map((n) => n.trim()).sort();
    };
    await api.ok('POST', '/api/me/active-role', { role: 'provider' }, 204);
    await sched.gotoCalendar({ view: 'week', date: '2027-04-12', tz: NY });
    await sched.calendarReady('week');
    expect(await offered()).toEqual(['Olivia Ortega']);
    await api.ok('POST', '/api/me/active-role', { role: 'owner' }, 204);
    await sched.gotoCalendar({ view: 'week', date: '2027-04-12', tz: NY });
    await sched.calendarReady('week');
    expect(await offered()).toEqual(['Olivia Ortega', 'Priya Raman', 'Sam Lindqvist']);
  });
  it('the month grid: a busy day shows its first events and "+N more" (its whole list); a day number opens that day, by mouse or keyboard; a day\'s empty part offers booking on it; 390 px fits', async () => {
    const page = owner.page;
    // Seven on Tuesday June 8, 2027, one an hour from 9 am New York.
    const busy: string[] = [];
    for (let h = 9; h < 16; h++) busy.push(...(await book(`owner June 8 ${h}:00`, { clientIds: [clients.plain], providerId: providers.owner, start: `2027-06-08T${String(h).padStart(2, '0')}:00:00-04:00`, durationMinutes: 30 })));
    await page.setViewportSize({ width: 1280, height: 800 });
    await sched.gotoCalendar({ view: 'month', date: '2027-06-01', tz: NY, providerId: providers.owner });
    await sched.calendarReady('month');
    const day = (date: string) => page.locator(`[data-testid="month-grid"] td[data-date="${date}"]`);
    // Four drawn (the first by start), the other three behind "+3 more".
    const drawn = await day('2027-06-08').locator('[data-testid="calendar-event"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.appointmentId));
    expect(drawn).toEqual(busy.slice(0, 4));
    const more = day('2027-06-08').getByTestId('calendar-more');
    expect(await more.getAttribute('data-hidden')).toBe('3');
    expect(await more.textContent()).toContain('+3 more');
    await expectClean(page, 'calendar (month, a busy day)');

    await more.click();
    const list = page.getByTestId('calendar-day-list');
    await list.waitFor();
    expect(await list.getAttribute('data-count')).toBe('7');
    expect(await list.getByTestId('day-list-item').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.appointmentId))).toEqual(busy);
    await expectClean(page, 'calendar (month, the day list)');
    await list.getByTestId('day-list-close').click();
    await list.waitFor({ state: 'detached' });

    // A click on a day's empty part (below its number) books on that day.
    const empty = await day('2027-06-09').boundingBox();
    expect(empty).toBeTruthy();
    await page.mouse.click(empty!.x + empty!.width / 2, empty!.y + empty!.height - 8);
    await page.getByTestId('booking-dialog').waitFor();
    expect(await page.getByTestId('booking-date').inputValue()).toBe('2027-06-09');
    await page.getByTestId('booking-cancel').click();
    await page.getByTestId('booking-dialog').waitFor({ state: 'detached' });

    // A day number opens that day: by mouse, and by keyboard (Tab reaches it, Enter opens).
    await day('2027-06-10').getByTestId('month-day-number').click();
    await sched.calendarReady('day');
    expect((await sched.calendarRange()).from).toBe(Date.parse('2027-06-10T04:00:00Z'));
    await sched.gotoCalendar({ view: 'month', date: '2027-06-01', tz: NY, providerId: providers.owner });
    await sched.calendarReady('month');
    await day('2027-06-07').getByTestId('month-day-number').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('td')?.dataset.date)).toBe('2027-06-08');
    await page.keyboard.press('Enter');
    await sched.calendarReady('day');
    expect((await sched.calendarRange()).from).toBe(Date.parse('2027-06-08T04:00:00Z'));

    // On a phone: two drawn and "+5", the month within 390 px.
    await page.setViewportSize({ width: 390, height: 844 });
    await sched.gotoCalendar({ view: 'month', date: '2027-06-01', tz: NY, providerId: providers.owner });
    await sched.calendarReady('month');
    expect(await day('2027-06-08').locator('[data-testid="calendar-event"]').count()).toBe(2);
    expect(await day('2027-06-08').getByTestId('calendar-more').getAttribute('data-hidden')).toBe('5');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectClean(page, 'calendar (month, a busy day, phone)');
    await shotsWhen('month-busy', () => sched.calendarReady('month'));
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
