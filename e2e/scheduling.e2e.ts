// Scheduling scenario: a practice owner (signed up, TOTP enrolled) with two more providers books,
// through the API, a month of appointments in March 2027 — weekly, fortnightly, Mon/Wed/Fri and
// monthly-by-weekday series across the US (Mar 14) and UK (Mar 28) daylight-saving changes, one
// crossing midnight, one across the 2 am jump itself, ones straddling both month boundaries, a
// group, cancelled ones, and two that only touch the month's edges (excluded: [from, to) is
// half-open). The set of ids the Appointments list shows over all its pages equals the set the
// calendar's month view renders, and both equal the API's. Then, in the week view, dragging an
// event reschedules it (the list shows the new time), dragging onto a taken slot is refused with a
// clear message and put back, and clicking an empty slot books. axe-clean and 390 px throughout. The calendar's own views, the edit
// dialog and booking from the dialog are in scheduling-calendar.e2e.ts.
import { describe, expect, it } from 'vitest';
import { expectClean } from './fixtures/checks.js';
import { type ApiAppt, CedarGrove, NY, rangeQuery } from './fixtures/cedar-grove.js';
import { scenario } from './fixtures/scenario.js';

// March 2027 in New York: [2027-03-01T00:00-05:00, 2027-04-01T00:00-04:00)
const MONTH = { from: '2027-03-01T05:00:00.000Z', to: '2027-04-01T04:00:00.000Z' };

const cedar = new CedarGrove();
const { providers, clients, booked } = cedar;
const book = (label: string, body: Record<string, unknown>) => cedar.book(label, body);
let dragId = '';
let ownerSeries: string[] = [];

describe('scheduling: the list and the calendar show one set; drag, conflict, click to book', () => {
  const world = scenario({ owner: 'owner' });
  const { owner, ui, sched, api } = cedar.ownerPages(world.actors.owner);

  it('owner signs up, enrols TOTP, invites two providers; clients in several zones', async () => {
    await cedar.setUp(ui, world);
  });

  it('owner sets a client’s time zone on the client form, and adds an appointment service and the cancellation window', async () => {
    await owner.page.goto(`/clients/${clients.plain}`);
    await ui.clientProfileReady();
    await owner.page.getByTestId('edit-client').click();
    await owner.page.getByTestId('client-form').waitFor();
    await owner.page.getByTestId('field-timeZone-input').fill('denver');
    await owner.page.getByRole('option', { name: 'Denver (America/Denver)' }).click();
    await expectClean(owner.page, 'client form with a time zone');
    await owner.page.getByTestId('client-submit').click();
    await owner.page.getByTestId('client-saved').getByText('Changes saved.').waitFor();
    expect(await owner.page.getByTestId('client-time-zone').textContent()).toBe('America/Denver');
    expect((await api.ok<{ timeZone: string }>('GET', `/api/clients/${clients.plain}`)).timeZone).toBe('America/Denver');

    await ui.gotoPractice();
    await owner.page.locator('[data-testid="scheduling-rules"][data-ready="true"]').waitFor();
    await owner.page.getByTestId('field-cancellationWindowHours').fill('48');
    await owner.page.getByTestId('scheduling-rules-save').click();
    await owner.page.getByText('Scheduling rules saved.').waitFor();
    await owner.page.getByTestId('add-service').click();
    await owner.page.getByTestId('service-dialog').waitFor();
    await owner.page.getByTestId('service-name').fill('Individual psychotherapy');
    await owner.page.getByTestId('service-cpt').fill('9083');
    await owner.page.getByTestId('service-minutes').fill('55');
    await owner.page.getByTestId('service-rate').fill('160');
    await owner.page.getByTestId('service-save').click();
    // A CPT code is five characters: named on its field, nothing saved.
    await owner.page.getByTestId('service-error').getByText(/CPT code must be a 5-character CPT\/HCPCS code/).waitFor();
    expect(await owner.page.getByTestId('service-cpt').getAttribute('aria-invalid')).toBe('true');
    await expectClean(owner.page, 'add service (error)');
    await owner.page.getByTestId('service-cpt').fill('90837');
    await owner.page.getByTestId('service-save').click();
    await owner.page.getByTestId('services-table').getByRole('rowheader', { name: 'Individual psychotherapy' }).waitFor();
    expect(await owner.page.getByTestId('services-table').textContent()).toContain('$160.00');
    const settings = await api.ok<{ cancellationWindowHours: number }>('GET', '/api/practice/scheduling-settings');
    expect(settings.cancellationWindowHours).toBe(48);
    await expectClean(owner.page, 'practice settings with scheduling');
  });

  it('books a month of appointments through the API: series across DST, midnight, the month edges, cancellations', async () => {
    // Weekly at 4 pm New York, Feb 23 – Apr 6: five in March, on both sides of Mar 14.
    ownerSeries = await book('owner weekly 4 pm', { clientIds: [clients.chicago], providerId: providers.owner, start: '2027-02-23T16:00:00-05:00', recurrence: 'FREQ=WEEKLY;COUNT=7' });
    // Every 2 weeks at 2 pm London: Mar 1, 15, 29 (the last after the UK change on Mar 28).
    await book('priya fortnightly London', { clientIds: [clients.london], providerId: providers.priya, start: '2027-03-01T14:00:00+00:00', timeZone: 'Europe/London', recurrence: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4' });
    // Mon/Wed/Fri at 11 am, 14 times: all in March.
    const mwf = await book('sam MWF', { clientIds: [clients.plain], providerId: providers.sam, start: '2027-03-01T11:00:00-05:00', recurrence: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=14' });
    // Monthly on the second Wednesday at 10 am Los Angeles: Feb 10, Mar 10, Apr 14.
    await book('owner monthly 2WE', { clientIds: [clients.la], providerId: providers.owner, start: '2027-02-10T10:00:00-08:00', timeZone: 'America/Los_Angeles', recurrence: 'FREQ=MONTHLY;BYDAY=2WE;COUNT=3', type: 'audio' });
    // 10 pm – 1 am, across midnight.
    await book('priya across midnight', { clientIds: [clients.chicago], providerId: providers.priya, start: '2027-03-19T22:00:00-04:00', durationMinutes: 180 });
    // 1 am EST for two hours: ends 4 am EDT, across the 2 am jump.
    await book('sam across DST', { clientIds: [clients.la], providerId: providers.sam, start: '2027-03-14T01:00:00-05:00', durationMinutes: 120 });
    // Starts in February, ends in March: in.
    await book('owner into March', { clientIds: [clients.plain], providerId: providers.owner, start: '2027-02-28T23:00:00-05:00', durationMinutes: 120, type: 'in_person' });
    // Starts in March, ends in April: in.
    await book('priya into April', { clientIds: [clients.plain], providerId: providers.priya, start: '2027-03-31T23:30:00-04:00', durationMinutes: 60 });
    // Ends exactly when March starts, and starts exactly when it ends: both out.
    const [endsAtStart] = await book('sam ends at Mar 1 00:00', { clientIds: [clients.extra], providerId: providers.sam, start: '2027-02-28T23:00:00-05:00', durationMinutes: 60 });
    const [startsAtEnd] = await book('sam starts at Apr 1 00:00', { clientIds: [clients.extra], providerId: providers.sam, start: '2027-04-01T00:00:00-04:00' });
    // A group.
    await book('priya group', { clientIds: [clients.plain, clients.extra], providerId: providers.priya, start: '2027-03-25T18:00:00-04:00', durationMinutes: 90, format: 'group' });
    // Cancelled by the client, and one occurrence of a series cancelled by the practice.
    const [toCancel] = await book('owner cancelled', { clientIds: [clients.extra], providerId: providers.owner, start: '2027-03-04T13:00:00-05:00' });
    await api.ok('POST', `/api/appointments/${toCancel}/cancel`, { by: 'client' }, 200);
    await api.ok('POST', `/api/appointments/${mwf[3]}/cancel`, { by: 'practice', scope: 'this' }, 200);
    // The one we will drag around.
    dragId = (await book('owner to drag', { clientIds: [clients.plain], providerId: providers.owner, start: '2027-03-17T10:00:00-04:00' }))[0]!;

    // The API's month: computed here from every booking's own instants, half-open.
    const wide = await api.ok<{ items: ApiAppt[]; total: number }>('GET', rangeQuery('2027-01-01T00:00:00Z', '2027-06-01T00:00:00Z'));
    expect(wide.total).toBe(booked.size);
    const expected = wide.items.filter((a) => Date.parse(a.start) < Date.parse(MONTH.to) && Date.parse(a.end) > Date.parse(MONTH.from)).map((a) => a.id);
    const month = await api.ok<{ items: ApiAppt[]; total: number }>('GET', rangeQuery(MONTH.from, MONTH.to));
    expect(month.items.map((a) => a.id).sort()).toEqual([...expected].sort());
    expect(month.total).toBe(30);
    expect(month.items.map((a) => a.id)).not.toContain(endsAtStart);
    expect(month.items.map((a) => a.id)).not.toContain(startsAtEnd);
    expect(month.items.filter((a) => a.status === 'cancelled')).toHaveLength(2);
    // The weekly series stays at 4 pm New York on both sides of the DST change.
    const weekly = wide.items.filter((a) => ownerSeries.includes(a.id)).map((a) => a.start);
    expect(weekly).toContain('2027-03-09T21:00:00.000Z');
    expect(weekly).toContain('2027-03-16T20:00:00.000Z');
  });

  it('the Appointments list (every page) and the calendar month view show the same set as the API', async () => {
    const apiIds = (await api.ok<{ items: ApiAppt[] }>('GET', rangeQuery(MONTH.from, MONTH.to))).items.map((a) => a.id).sort();

    await sched.gotoList({ from: '2027-03-01', to: '2027-03-31', tz: NY });
    const listed = await sched.allListedIds();
    expect(listed.total).toBe(apiIds.length);
    expect(listed.pages).toBe(2);
    expect(listed.ids).toHaveLength(apiIds.length);
    expect([...listed.ids].sort()).toEqual(apiIds);
    expect(Date.parse((await sched.list().getAttribute('data-from')) ?? '')).toBe(Date.parse(MONTH.from));
    expect(Date.parse((await sched.list().getAttribute('data-to')) ?? '')).toBe(Date.parse(MONTH.to));

    // The calendar asks for the compact cells (view=calendar), never the full answer.
    const asked = sched.recordAppointmentRequests();
    await sched.gotoCalendar({ view: 'month', date: '2027-03-01', tz: NY });
    await sched.calendarReady('month');
    expect(await sched.calendarRange()).toEqual({ from: Date.parse(MONTH.from), to: Date.parse(MONTH.to) });
    const shown = await sched.calendarIds();
    expect([...shown].sort()).toEqual(apiIds);
    expect(Number(await sched.calendar().getAttribute('data-count'))).toBe(apiIds.length);
    asked.stop();
    expect(asked.ranges.length).toBeGreaterThanOrEqual(1);
    for (const q of asked.ranges) expect(q.get('view')).toBe('calendar');
    // No appointment is read in full until one is opened.
    expect(asked.ones).toEqual([]);
    // Cancelled ones are there, and look it.
    expect(await owner.page.locator('[data-testid="calendar"] .cal-event.cal-cancelled').count()).toBeGreaterThanOrEqual(2);
  });

  it('the practice-wide month filtered by provider without asking the server again; the count follows', async () => {
    const page = owner.page;
    await sched.gotoCalendar({ view: 'month', date: '2027-03-01', tz: NY });
    await sched.calendarReady('month');
    const all = (await api.ok<{ items: (ApiAppt & { providerId: string })[] }>('GET', rangeQuery(MONTH.from, MONTH.to))).items;
    const asked = sched.recordAppointmentRequests();
    for (const [name, id] of [['Priya Raman', providers.priya], ['Sam Lindqvist', providers.sam], ['All providers', '']] as const) {
      await page.getByTestId('provider-filter').getByRole('button').click();
      await page.getByRole('option', { name }).click();
      const mine = all.filter((a) => !id || a.providerId === id).map((a) => a.id).sort();
      expect(mine.length).toBeGreaterThan(0);
      await page.locator(`[data-testid="calendar"][data-ready="true"][data-provider-id="${id}"][data-count="${mine.length}"]`).waitFor();
      expect([...(await sched.calendarIds())].sort()).toEqual(mine);
      expect(new URL(page.url()).searchParams.get('providerId') ?? '').toBe(id);
      // The server's answer for that provider is the same set.
      if (id) expect((await api.ok<{ items: ApiAppt[] }>('GET', rangeQuery(MONTH.from, MONTH.to, `&providerId=${id}`))).items.map((a) => a.id).sort()).toEqual(mine);
    }
    asked.stop();
    expect(asked.ranges).toEqual([]);
    await expectClean(page, 'calendar (month, all providers after filtering)');
  });

  it('an event’s details are read when it is opened: loading, then loaded; a failure says so in the dialog and can be retried', async () => {
    const page = owner.page;
    await sched.gotoCalendar({ view: 'week', date: '2027-03-15', tz: NY, providerId: providers.owner });
    await sched.calendarReady('week');
    const id = ownerSeries[3]!;
    const asked = sched.recordAppointmentRequests();
    // The answer is held until the loading state has been seen.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route(`**/api/appointments/${id}`, async (route) => {
      await held;
      await route.continue();
    });
    await sched.event(id).click();
    const details = page.locator(`[data-testid="appointment-details"][data-appointment-id="${id}"]`);
    await details.locator('[data-testid="details-loading"]').waitFor();
    expect(await details.getAttribute('data-ready')).toBe('false');
    // The cell's names and time show at once.
    expect(await details.textContent()).toContain('Marigold Quince');
    await expectClean(page, 'appointment details (loading)');
    release();
    await page.locator(`[data-testid="appointment-details"][data-appointment-id="${id}"][data-ready="true"]`).waitFor();
    expect(await details.textContent()).toContain('Part of a recurring series');
    await page.unroute(`**/api/appointments/${id}`);
    asked.stop();
    // Only the one opened is read (a refetch of it while the dialog settles may add a second read).
    expect([...new Set(asked.ones)]).toEqual([id]);
    await details.getByTestId('details-close').click();
    await details.waitFor({ state: 'detached' });

    // Refused (404) for another one (not read yet): said in the dialog; Try again reads it again.
    const other = page.locator(`[data-testid="appointment-details"][data-appointment-id="${dragId}"]`);
    await page.route(`**/api/appointments/${dragId}`, (route) => route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'not_found', message: 'Appointment not found' } }) }));
    try {
      await sched.event(dragId).click();
      await other.getByTestId('details-error').getByText(/Couldn't load this appointment's details: Appointment not found\./).waitFor();
      await expectClean(page, 'appointment details (failed)');
    } finally {
      await page.unroute(`**/api/appointments/${dragId}`);
    }
    await other.getByTestId('details-retry').click();
    await page.locator(`[data-testid="appointment-details"][data-appointment-id="${dragId}"][data-ready="true"]`).waitFor();
    await other.getByTestId('details-close').click();
    await other.waitFor({ state: 'detached' });
  });

  it('rows show the booked zone and the client’s own time; the calendar shows both when zones differ', async () => {
    await sched.gotoList({ from: '2027-03-16', to: '2027-03-16', tz: NY, providerId: providers.owner });
    await sched.listReady();
    const row = sched.row(ownerSeries[3]!);
    expect(await row.getByTestId('when-booked').textContent()).toBe('Tue, Mar 16, 2027, 4:00 PM – 4:50 PM EDT');
    expect(await row.getByTestId('when-client').textContent()).toContain('3:00 PM – 3:50 PM CDT');
    await expectClean(owner.page, 'appointments (one day, provider filter)');

    await sched.gotoList({ from: '2027-03-09', to: '2027-03-09', tz: NY, providerId: providers.owner });
    await sched.listReady();
    expect(await sched.row(ownerSeries[2]!).getByTestId('when-booked').textContent()).toBe('Tue, Mar 9, 2027, 4:00 PM – 4:50 PM EST');

    await sched.gotoCalendar({ view: 'week', date: '2027-03-15', tz: NY });
    await sched.calendarReady('week');
    const body = owner.page.locator(`[data-testid="calendar-event"][data-appointment-id="${ownerSeries[3]}"]`);
    expect(await body.textContent()).toContain('client: 3:00 PM CDT');

    // Keyboard: an event takes focus and Enter opens its details.
    await sched.event(ownerSeries[3]!).focus();
    await owner.page.keyboard.press('Enter');
    const details = owner.page.locator(`[data-testid="appointment-details"][data-appointment-id="${ownerSeries[3]}"][data-ready="true"]`);
    await details.waitFor();
    expect(await details.textContent()).toContain('Marigold Quince');
    expect(await details.textContent()).toContain('Part of a recurring series');
    await expectClean(owner.page, 'appointment details');
    // The audit's resize to 390 px redraws the calendar behind the dialog, which may take focus
    // from it: Escape is pressed in the dialog, as a keyboard user inside it would.
    await details.press('Escape');
    await details.waitFor({ state: 'detached' });
  });

  it('week view: dragging an event reschedules it and the list shows the new time; a taken slot is refused and put back', async () => {
    await owner.page.setViewportSize({ width: 1280, height: 1000 });
    await sched.gotoCalendar({ view: 'week', date: '2027-03-15', tz: NY, providerId: providers.owner });
    await sched.calendarReady('week');
    await expectClean(owner.page, 'calendar (week, one provider)');

    await sched.scrollToTime('12:00:00');
    await sched.dragEvent(dragId, '2027-03-18', '14:00:00');
    await owner.page.locator('[data-testid="action-outcome"][data-kind="ok"]').waitFor();
    expect(await owner.page.getByTestId('action-outcome').textContent()).toContain('Thu, Mar 18, 2027, 2:00 PM – 2:50 PM EDT');
    await sched.calendarReady('week');
    const moved = await api.ok<ApiAppt>('GET', `/api/appointments/${dragId}`);
    expect(moved.start).toBe('2027-03-18T18:00:00.000Z');

    // Onto the weekly 4 pm session on Tuesday: 409, put back, said plainly.
    await sched.scrollToTime('15:00:00');
    await sched.dragEvent(dragId, '2027-03-16', '16:00:00');
    const refused = owner.page.locator('[data-testid="action-outcome"][data-kind="error"]');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/Couldn't move the appointment: The provider already has an appointment at that time.*back where it was/);
    await sched.calendarReady('week');
    expect((await api.ok<ApiAppt>('GET', `/api/appointments/${dragId}`)).start).toBe('2027-03-18T18:00:00.000Z');
    const box = await sched.event(dragId).boundingBox();
    const thursday = await owner.page.locator('[data-testid="calendar"] td.fc-timegrid-col[data-date="2027-03-18"]').boundingBox();
    expect(box && thursday && box.x >= thursday.x && box.x < thursday.x + thursday.width).toBe(true);
    await expectClean(owner.page, 'calendar (after a refused move)');

    await sched.gotoList({ from: '2027-03-18', to: '2027-03-18', tz: NY });
    await sched.listReady();
    expect(await sched.row(dragId).getByTestId('when-booked').textContent()).toBe('Thu, Mar 18, 2027, 2:00 PM – 2:50 PM EDT');

    // A series occurrence asks which ones move: this and following keep their new local time.
    await sched.gotoCalendar({ view: 'week', date: '2027-03-22', tz: NY, providerId: providers.owner });
    await sched.calendarReady('week');
    await sched.scrollToTime('16:00:00');
    await sched.dragEvent(ownerSeries[4]!, '2027-03-23', '17:00:00');
    await owner.page.getByTestId('scope-dialog').waitFor();
    await expectClean(owner.page, 'move a recurring appointment');
    await owner.page.getByTestId('scope-following').click();
    await owner.page.getByTestId('scope-submit').click();
    await owner.page.locator('[data-testid="action-outcome"][data-kind="ok"]').getByText(/this and following appointments/).waitFor();
    await sched.calendarReady('week');
    const series = await api.ok<{ items: ApiAppt[] }>('GET', rangeQuery('2027-03-01T00:00:00Z', '2027-05-01T00:00:00Z', `&providerId=${providers.owner}`));
    const starts = Object.fromEntries(series.items.filter((a) => ownerSeries.includes(a.id)).map((a) => [a.id, a.start]));
    expect(starts[ownerSeries[3]!]).toBe('2027-03-16T20:00:00.000Z'); // before: unchanged, 4 pm
    expect(starts[ownerSeries[4]!]).toBe('2027-03-23T21:00:00.000Z'); // 5 pm EDT
    expect(starts[ownerSeries[5]!]).toBe('2027-03-30T21:00:00.000Z');
    expect(starts[ownerSeries[6]!]).toBe('2027-04-06T21:00:00.000Z');
    await owner.page.setViewportSize({ width: 1280, height: 800 });
  });

  it('from the list: confirm one appointment, and cancel a series occurrence and the following ones at the client’s request', async () => {
    await sched.gotoList({ from: '2027-03-22', to: '2027-03-28', tz: NY });
    await sched.listReady();
    const group = (await api.ok<{ items: (ApiAppt & { clients: unknown[] })[] }>('GET', rangeQuery('2027-03-25T22:00:00Z', '2027-03-25T22:01:00Z'))).items.find((a) => a.clients.length === 2)!;
    await sched.row(group.id).getByTestId('appointment-actions').click();
    await owner.page.getByRole('menuitem', { name: 'Confirm' }).click();
    await owner.page.locator('[data-testid="action-outcome"][data-kind="ok"]').getByText('Appointment confirmed.').waitFor();
    await sched.listReady();
    expect(await sched.row(group.id).getByTestId('status-badge').textContent()).toBe('Confirmed');

    const wednesday = (await api.ok<{ items: ApiAppt[] }>('GET', rangeQuery('2027-03-24T15:00:00Z', '2027-03-24T15:01:00Z'))).items[0]!;
    expect(wednesday.seriesId).not.toBeNull();
    await sched.row(wednesday.id).getByTestId('appointment-actions').click();
    await owner.page.getByRole('menuitem', { name: 'Cancel…' }).click();
    const dialog = owner.page.getByTestId('cancel-dialog');
    await dialog.waitFor();
    await dialog.getByText('The client', { exact: true }).click();
    await owner.page.getByTestId('late-hint').getByText('Cancellations less than 48 hours before the start are recorded as late.').waitFor();
    await dialog.getByText('This and following appointments').click();
    await expectClean(owner.page, 'cancel dialog');
    await owner.page.getByTestId('cancel-submit').click();
    await owner.page.locator('[data-testid="action-outcome"][data-kind="ok"]').getByText('Appointments cancelled.').waitFor();
    await sched.listReady();
    expect(await sched.row(wednesday.id).getByTestId('status-badge').textContent()).toBe('Cancelled by client');
    const month = await api.ok<{ items: (ApiAppt & { cancellation: { by: string } | null })[] }>('GET', rangeQuery(MONTH.from, MONTH.to, `&providerId=${providers.sam}`));
    const cancelledBySam = month.items.filter((a) => a.status === 'cancelled').map((a) => [a.start, a.cancellation?.by]);
    // Mar 8 (by the practice, earlier) and Mar 24, 26, 29, 31 (by the client, now).
    expect(cancelledBySam).toEqual([
      ['2027-03-08T16:00:00.000Z', 'practice'],
      ['2027-03-24T15:00:00.000Z', 'client'],
      ['2027-03-26T15:00:00.000Z', 'client'],
      ['2027-03-29T15:00:00.000Z', 'client'],
      ['2027-03-31T15:00:00.000Z', 'client'],
    ]);
  });

  it('clicking an empty slot books an appointment; a missing client and a taken time are named', async () => {
    await owner.page.setViewportSize({ width: 1280, height: 1000 });
    await sched.gotoCalendar({ view: 'week', date: '2027-03-15', tz: NY });
    await sched.calendarReady('week');
    const before = Number(await sched.calendar().getAttribute('data-count'));
    await sched.scrollToTime('15:00:00');
    const slot = await sched.slotPoint('2027-03-19', '15:00:00');
    await owner.page.mouse.click(slot.x, slot.y);
    const dialog = owner.page.getByTestId('booking-dialog');
    await dialog.waitFor();
    expect(await owner.page.getByTestId('booking-date').inputValue()).toBe('2027-03-19');
    expect(await owner.page.getByTestId('booking-time').inputValue()).toBe('15:00');
    expect(await owner.page.getByTestId('booking-zone-input').inputValue()).toBe('New York (America/New_York)');
    await expectClean(owner.page, 'booking dialog');

    // No client: named on the field, nothing sent.
    await owner.page.getByTestId('booking-provider').getByRole('button').click();
    await owner.page.getByRole('option', { name: 'Priya Raman' }).click();
    await owner.page.getByTestId('booking-submit').click();
    await owner.page.getByTestId('booking-clients-error').waitFor();
    expect(await owner.page.getByTestId('booking-error').textContent()).toContain('Clients');

    await owner.page.getByTestId('booking-client-input').fill('Quin');
    await owner.page.getByRole('option', { name: /Marigold Quince/ }).click();
    await owner.page.locator('[data-testid="booking-clients"] [data-client-id]').waitFor();
    // Priya's group session on Mar 25 is taken: 409, said plainly.
    await owner.page.getByTestId('booking-date').fill('2027-03-25');
    await owner.page.getByTestId('booking-time').fill('18:30');
    await owner.page.getByTestId('booking-submit').click();
    const err = owner.page.getByTestId('booking-error');
    await err.getByText(/This time is not free: The provider already has an appointment at that time/).waitFor();
    await expectClean(owner.page, 'booking dialog (conflict)');

    // A weekly series from the 18th meets that session in its second week: the occurrence is named
    // in the booking's own (New York) time, never as a UTC timestamp.
    await owner.page.getByTestId('booking-date').fill('2027-03-18');
    await owner.page.getByTestId('booking-repeat').getByRole('button').click();
    await owner.page.getByRole('option', { name: 'Every week' }).click();
    await owner.page.getByTestId('booking-submit').click();
    await err.getByText(/^This time is not free: .*\(occurrence 2, Thu, Mar 25, 2027, 6:30\sPM EDT\)/).waitFor();
    expect(await err.textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\dZ\b|UTC/);
    await owner.page.getByTestId('booking-repeat').getByRole('button').click();
    await owner.page.getByRole('option', { name: 'Does not repeat' }).click();

    await owner.page.getByTestId('booking-date').fill('2027-03-19');
    await owner.page.getByTestId('booking-time').fill('15:00');
    // The service fills in its length.
    await owner.page.getByTestId('booking-service').getByRole('button').click();
    await owner.page.getByRole('option', { name: /Individual psychotherapy \(90837\)/ }).click();
    expect(await owner.page.getByTestId('booking-duration').inputValue()).toBe('55');
    await owner.page.getByTestId('booking-submit').click();
    await owner.page.locator('[data-testid="action-outcome"][data-kind="ok"]').getByText('Appointment booked: Fri, Mar 19, 2027, 3:00 PM – 3:55 PM EDT.').waitFor();
    await owner.page.locator(`[data-testid="calendar"][data-ready="true"][data-count="${before + 1}"]`).waitFor();
    const week = await api.ok<{ items: (ApiAppt & { providerId: string; clients: { id: string }[] })[] }>('GET', rangeQuery('2027-03-19T19:00:00Z', '2027-03-19T19:01:00Z'));
    const made = week.items.find((a) => a.providerId === providers.priya);
    expect(made).toMatchObject({ start: '2027-03-19T19:00:00.000Z', end: '2027-03-19T19:55:00.000Z', timeZone: NY, serviceName: 'Individual psychotherapy', clients: [{ id: clients.chicago }] });
    expect(await sched.calendarIds()).toContain(made!.id);
    await owner.page.setViewportSize({ width: 1280, height: 800 });
  });

  it('after the changes the list and the calendar still agree; both pages are axe-clean and fit 390 px', async () => {
    const apiIds = (await api.ok<{ items: ApiAppt[] }>('GET', rangeQuery(MONTH.from, MONTH.to))).items.map((a) => a.id).sort();
    expect(apiIds).toHaveLength(31);
    await sched.gotoList({ from: '2027-03-01', to: '2027-03-31', tz: NY });
    const listed = await sched.allListedIds();
    expect([...listed.ids].sort()).toEqual(apiIds);
    await expectClean(owner.page, 'appointments (March, page 2)');
    await sched.gotoCalendar({ view: 'month', date: '2027-03-01', tz: NY });
    await sched.calendarReady('month');
    expect([...(await sched.calendarIds())].sort()).toEqual(apiIds);
    await expectClean(owner.page, 'calendar (month)');

    // At phone width the month stays a month (fitting 390 px); the list becomes cards.
    await owner.page.setViewportSize({ width: 390, height: 844 });
    await sched.calendarReady('month');
    await owner.page.setViewportSize({ width: 1280, height: 800 });
    await sched.calendarReady('month');
    await sched.gotoList({ from: '2027-03-01', to: '2027-03-07', tz: NY });
    await sched.listReady();
    await expectClean(owner.page, 'appointments (week)');
  });

  it('a failed answer shows "Couldn\'t load appointments — retrying" and no rows; Retry recovers', async () => {
    const page = owner.page;
    let failed = 0;
    await page.route('**/api/appointments?*', (route) => {
      failed++;
      return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'overloaded', message: 'The server is busy; try again shortly' } }) });
    });
    await sched.gotoList({ from: '2027-03-01', to: '2027-03-31', tz: NY });
    const error = page.getByTestId('appointments-error');
    await error.waitFor();
    expect(await error.textContent()).toContain("Couldn't load appointments — retrying");
    expect(await page.getByTestId('appointment-row').count()).toBe(0);
    await expect.poll(() => failed, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await expectClean(page, 'appointments (load failed)');

    await page.unroute('**/api/appointments?*');

    // The calendar too shows no events rather than some. (Retry-After holds the automatic
    // retries off, so the Retry button is still there to press.)
    await page.route('**/api/appointments?*', (route) =>
      route.fulfill({ status: 503, headers: { 'retry-after': '60' }, contentType: 'application/json', body: JSON.stringify({ error: { code: 'overloaded', message: 'The server is busy; try again shortly' } }) }),
    );
    await sched.gotoCalendar({ view: 'month', date: '2027-03-01', tz: NY });
    await page.getByTestId('appointments-error').waitFor();
    expect(await page.getByTestId('appointments-error').textContent()).toContain("Couldn't load appointments");
    expect(await page.locator('[data-testid="calendar"] [data-testid="calendar-event"]').count()).toBe(0);
    expect(await sched.calendar().getAttribute('data-ready')).toBe('false');

    await page.unroute('**/api/appointments?*');
    await page.getByTestId('appointments-retry').click();
    await sched.calendarReady('month');
    expect(await sched.calendarIds()).toHaveLength(31);
  });
});
