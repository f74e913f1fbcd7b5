// Reminders scenario: the owner sets the practice's reminder rules in Practice settings → Reminders
// (a lead time under 5 minutes and quiet hours that start and end together are named on their
// fields), adding a mail reminder 5 minutes before. Two visits booked through the API a few minutes
// ahead for a client who agreed to mail each get that reminder once from the running dispatcher at
// the real SMTP receiver, PHI-free, with a `/r#token=…` link. One link, opened in a fresh browser
// context (no session), drops the token from the address bar, shows the time and confirms; the
// owner sees that visit Confirmed and its reminders (the mail Sent, the 48-hour one skipped as
// booked too late) in the list and in the calendar's details. The other link cancels after asking,
// saying first that it will be late. The first link again says it was already used. axe-clean and
// 390 px on each page.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { StaffApi } from './fixtures/api.js';
import { eventually, expectClean } from './fixtures/checks.js';
import { BOUNCE_PREFIX } from './fixtures/mailbox.js';
import { HearthPages } from './fixtures/pages.js';
import { SchedulingPages } from './fixtures/scheduling.js';
import { scenario } from './fixtures/scenario.js';

const practice = {
  practiceName: 'Willow Bend Counseling',
  ownerName: 'Imogen Castellanos',
  email: 'imogen@willowbend.example',
  password: 'pelicans glide above the salt marsh 61',
  signerTitle: 'Clinical director',
};
const client = { firstName: 'Thaddeus', lastName: 'Okonkwo-Reyes', email: 'thaddeus.or@example.org' };
/** Their mail server refuses the address for good: the reminder fails and staff are told. */
const bouncing = { firstName: 'Wilhelmina', lastName: 'Ashgrove', email: `${BOUNCE_PREFIX}wilhelmina@example.org` };
const CHI = 'America/Chicago';

let clientId = '';
let appointmentId = '';
let appointmentStart = '';
let link = '';
let cancelId = '';
let cancelLink = '';
let bouncedId = '';

describe('reminders: rules in settings, a mail reminder sent once, confirmed from its link', () => {
  const world = scenario({ owner: 'owner', person: 'client' });
  const { owner, person } = world.actors;
  const ui = new HearthPages(owner);
  const api = new StaffApi(owner);

  it('owner sets the reminder rules: a bad lead time and bad quiet hours are named on their fields', async () => {
    await ui.signUpWithTotp(practice);

    await ui.gotoPractice();
    const page = owner.page;
    const section = page.getByTestId('reminder-settings');
    await section.locator('[data-testid="reminder-rules"][data-ready="true"]').waitFor();
    // The defaults: mail 48 hours before, texts 24 hours and 1 hour before.
    const rules = section.getByTestId('reminder-rule');
    expect(await rules.count()).toBe(3);
    expect(await rules.allInnerTexts()).toEqual([expect.stringContaining('48 hours before'), expect.stringContaining('24 hours before'), expect.stringContaining('1 hour before')]);
    // This server has no SMS provider: said, so nobody expects texts.
    expect(await section.getByTestId('texts-from').textContent()).toContain('not set up for this installation');

    // 2 minutes is under the 5-minute minimum: named on the field, nothing added.
    await page.getByTestId('reminder-add-channel').getByRole('button').click();
    await page.getByRole('option', { name: 'Email' }).click();
    await page.getByTestId('reminder-add-amount').fill('2');
    await page.getByTestId('reminder-add-unit').getByRole('button').click();
    await page.getByRole('option', { name: 'Minutes' }).click();
    await page.getByTestId('reminder-add').click();
    await page.getByTestId('reminder-add-error').getByText('How long before must be at least 5 minutes').waitFor();
    expect(await page.getByTestId('reminder-add-amount').getAttribute('aria-invalid')).toBe('true');
    expect(await rules.count()).toBe(3);
    await expectClean(page, 'reminder rules (bad lead time)');

    await page.getByTestId('reminder-add-amount').fill('5');
    await page.getByTestId('reminder-add').click();
    await section.locator('[data-testid="reminder-rule"][data-channel="email"][data-minutes="5"]').getByText('5 minutes before').waitFor();

    // The 1-hour text reminder off; quiet hours that start and end together are refused on "until".
    await section.locator('[data-testid="reminder-rule"][data-channel="sms"][data-minutes="60"]').getByTestId('reminder-rule-active').click();
    await page.getByTestId('quiet-hours').click();
    await page.getByTestId('quiet-start').fill('22:00');
    await page.getByTestId('quiet-end').fill('22:00');
    await page.getByTestId('reminder-save').click();
    await page.getByTestId('reminder-error').getByText('Quiet hours end must not start and end at the same time').waitFor();
    expect(await page.getByTestId('quiet-end').getAttribute('aria-invalid')).toBe('true');
    await expectClean(page, 'reminder rules (bad quiet hours)');

    // Quiet hours off again (a reminder minutes away must not wait for them) and saved.
    await page.getByTestId('quiet-hours').click();
    await page.getByTestId('reminder-save').click();
    await page.getByTestId('reminder-saved').getByText('Reminder rules saved.').waitFor();
    await expectClean(page, 'reminder rules saved');

    const saved = await api.ok<{ rules: { channel: string; minutesBefore: number; active: boolean }[]; quietHours: unknown }>('GET', '/api/practice/reminder-settings');
    expect(saved.quietHours).toBeNull();
    expect(saved.rules.map((r) => `${r.channel}:${r.minutesBefore}:${r.active}`).sort()).toEqual(['email:2880:true', 'email:5:true', 'sms:1440:true', 'sms:60:false'].sort());
  });

  it('a visit booked a few minutes ahead for a client who agreed to mail gets one PHI-free reminder with a link', async () => {
    const me = await api.ok<{ user: { id: string } }>('GET', '/api/me');
    clientId = (
      await api.ok<{ id: string }>('POST', '/api/clients', {
        firstName: client.firstName,
        lastName: client.lastName,
        dateOfBirth: '1979-11-02',
        email: client.email,
        timeZone: CHI,
        consents: { email: true, sms: false, details: false },
      })
    ).id;
    // Two visits (the first, one minute long, is the one the client will cancel), the second in
    // the next whole minute, so each mail is told apart by its time (starts need not be on a whole
    // minute; the mails and pages show hours and minutes): their 5-minute reminders are due 15 s
    // and at most 75 s from now. All three visits are of a service that may overlap (a group), so
    // the second need not wait for the first to end.
    const first = DateTime.now().plus({ minutes: 5, seconds: 15 }).setZone(CHI);
    const second = first.startOf('minute').plus({ minutes: 1, seconds: 1 });
    const group = (await api.ok<{ id: string }>('POST', '/api/practice/appointment-services', { name: 'Group session', defaultMinutes: 50, rateCents: 0, allowOverlap: true })).id;
    const book = async (start: DateTime, durationMinutes: number, who = clientId, serviceId?: string) => {
      const res = await api.ok<{ id: string; occurrenceIds: string[] }>('POST', '/api/appointments', {
        clientIds: [who],
        providerId: me.user.id,
        start: start.toISO(),
        durationMinutes,
        timeZone: CHI,
        type: 'video',
        ...(serviceId ? { serviceId } : {}),
      });
      return res.occurrenceIds[0] ?? res.id;
    };
    cancelId = await book(first, 1, clientId, group);
    appointmentId = await book(second, 50, clientId, group);
    const bouncingId = (
      await api.ok<{ id: string }>('POST', '/api/clients', { ...bouncing, dateOfBirth: '1984-04-04', timeZone: CHI, consents: { email: true, sms: false, details: false } })
    ).id;
    bouncedId = await book(second, 50, bouncingId, group);
    appointmentStart = second.toISO()!;

    const linkAt = (start: DateTime) => new RegExp(`at ${start.setLocale('en-US').toFormat('h:mm a')}[\\s\\S]*?(https?://[^\\s"'<>]+/r#token=[A-Za-z0-9_\\-.~%]+)`);
    const got = await world.mailbox.waitFor(client.email, linkAt(second), 200_000);
    link = got.match[1]!;
    const other = await world.mailbox.waitFor(client.email, linkAt(first), 30_000);
    cancelLink = other.match[1]!;
    expect(cancelLink).not.toBe(link);
    for (const mail of [got.mail, other.mail]) for (const phi of [client.firstName, client.lastName, practice.practiceName]) expect(mail.text).not.toContain(phi);
    // One reminder per visit, not several.
    expect(world.mailbox.messages.filter((m) => m.to.includes(client.email) && /\/r#token=/.test(m.text))).toHaveLength(2);
  }, 240_000);

  it('the link, in a fresh browser, drops the token from the address bar and confirms the visit', async () => {
    const page = person.page;
    await page.goto(link);
    const view = page.locator('[data-testid="reminder-link"][data-state="scheduled"]');
    await view.waitFor();
    expect(page.url()).not.toContain('token');
    expect(await page.evaluate(() => window.location.hash)).toBe('');
    expect(await page.getByTestId('reminder-link-sender').textContent()).toMatch(/^From .+/);
    const when = DateTime.fromISO(appointmentStart).setZone(CHI).setLocale('en-US');
    expect(await page.getByTestId('reminder-link-when').textContent()).toContain(when.toFormat('cccc, LLLL d, yyyy'));
    expect(await page.getByTestId('reminder-link-when').textContent()).toContain(when.toFormat('h:mm a'));
    expect(await page.getByTestId('reminder-link-provider').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain(client.lastName);
    await expectClean(page, 'reminder link');

    await page.getByTestId('reminder-confirm').click();
    await page.getByTestId('reminder-link-outcome').getByText('your appointment is confirmed').waitFor();
    await page.locator('[data-testid="reminder-link"][data-state="confirmed"]').waitFor();
    expect(await page.getByTestId('reminder-confirm').count()).toBe(0);
    await expectClean(page, 'reminder link (confirmed)');
  });

  it('staff see the visit Confirmed and its reminders: the mail Sent, the 48-hour one skipped', async () => {
    const sched = new SchedulingPages(owner.page);
    const day = DateTime.fromISO(appointmentStart).setZone(CHI).toISODate()!;
    await sched.gotoList({ from: day, to: day, tz: CHI });
    await sched.listReady();
    const row = owner.page.locator(`[data-testid="appointment-row"][data-appointment-id="${appointmentId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('confirmed');
    expect(await row.getByTestId('status-badge').textContent()).toContain('Confirmed');

    await row.getByTestId('row-reminders').click();
    const dialog = owner.page.getByTestId('reminders-dialog');
    await dialog.locator('[data-testid="appointment-reminders"][data-ready="true"]').waitFor();
    const mailRow = dialog.locator('[data-testid="reminder-row"][data-channel="email"][data-kind="reminder"]', { hasText: '5 minutes before' });
    expect(await mailRow.getAttribute('data-status')).toBe('sent');
    expect(await mailRow.getByTestId('reminder-status').textContent()).toBe('Sent');
    expect(await mailRow.textContent()).toContain(`for ${client.firstName} ${client.lastName}`);
    const early = dialog.locator('[data-testid="reminder-row"][data-channel="email"]', { hasText: '48 hours before' });
    expect(await early.getAttribute('data-status')).toBe('skipped');
    expect(await early.getByTestId('reminder-reason').textContent()).toContain('booked too close to the start');
    // No text reminders: the client did not agree to texts.
    expect(await dialog.locator('[data-testid="reminder-row"][data-channel="sms"]').count()).toBe(0);
    await expectClean(owner.page, 'appointment reminders');
    await dialog.getByTestId('reminders-close').click();
  });

  it('a reminder the client’s mail server refused is listed as needing attention until marked handled', async () => {
    const sched = new SchedulingPages(owner.page);
    const day = DateTime.fromISO(appointmentStart).setZone(CHI).toISODate()!;
    // Refused at the same time as the others went (550): failed at once, never retried.
    const failed = await eventually(
      async () => {
        const r = await api.ok<{ items: { status: string; channel: string; minutesBefore: number | null }[] }>('GET', `/api/appointments/${bouncedId}/reminders`);
        return r.items.some((x) => x.channel === 'email' && x.minutesBefore === 5 && x.status === 'failed');
      },
      { timeoutMs: 60_000, intervalMs: 1000 },
    ).catch(() => false);
    expect(failed).toBe(true);
    await sched.gotoList({ from: day, to: day, tz: CHI });
    await sched.listReady();
    const panel = owner.page.getByTestId('reminders-attention');
    await panel.locator('[data-testid="attention-state"][data-ready="true"]').waitFor();
    expect(await panel.getByRole('heading', { level: 2 }).textContent()).toBe('Reminders that need you (1)');
    const row = panel.getByTestId('attention-row');
    expect(await row.count()).toBe(1);
    expect(await row.getAttribute('data-status')).toBe('failed');
    const text = await row.innerText();
    expect(text).toContain(`for ${bouncing.firstName} ${bouncing.lastName}`);
    expect(text).toContain('5 minutes before');
    expect(text).toContain('Failed: the mail server refused it for good (SMTP 550).');
    await expectClean(owner.page, 'reminders that need attention');

    await row.getByTestId('attention-open').click();
    const dialog = owner.page.getByTestId('reminders-dialog');
    await dialog.locator('[data-testid="appointment-reminders"][data-ready="true"]').waitFor();
    expect(await dialog.getAttribute('data-appointment-id')).toBe(bouncedId);
    await dialog.getByTestId('reminders-close').click();

    await row.getByTestId('attention-handled').click();
    await panel.waitFor({ state: 'detached' });
    expect(await owner.page.getByTestId('attention-none').textContent()).toBe('Marked handled.');
    const left = await api.ok<{ items: unknown[] }>('GET', '/api/reminders/attention');
    expect(left.items).toEqual([]);
  });

  it('the calendar details of the visit list its reminders too', async () => {
    const sched = new SchedulingPages(owner.page);
    const day = DateTime.fromISO(appointmentStart).setZone(CHI).toISODate()!;
    await sched.gotoCalendar({ date: day, view: 'day', tz: CHI });
    await sched.calendarReady('day');
    await sched.event(appointmentId).focus();
    await owner.page.keyboard.press('Enter');
    const details = owner.page.locator(`[data-testid="appointment-details"][data-appointment-id="${appointmentId}"]`);
    await details.locator('[data-testid="appointment-reminders"][data-ready="true"]').waitFor();
    expect(await details.getByTestId('status-badge').getAttribute('data-status')).toBe('confirmed');
    expect(await details.locator('[data-testid="reminder-row"][data-status="sent"]', { hasText: '5 minutes before' }).count()).toBe(1);
    await expectClean(owner.page, 'appointment details with reminders');
    await details.getByTestId('details-close').click();
  });

  it('the other visit’s link cancels after asking, says it is late, and staff see it cancelled by the client', async () => {
    const page = await person.context.newPage();
    await page.goto(cancelLink);
    await page.locator('[data-testid="reminder-link"][data-state="scheduled"]').waitFor();
    await page.getByTestId('reminder-cancel').click();
    const ask = page.getByTestId('reminder-cancel-ask');
    await ask.getByRole('heading', { name: 'Cancel this appointment?' }).waitFor();
    // Inside the default 24-hour cancellation window: said before it happens.
    await ask.getByTestId('reminder-late-warning').getByText(/recorded as a late cancellation/).waitFor();
    await expectClean(page, 'reminder link (cancel?)');
    await page.getByTestId('reminder-cancel-yes').click();
    await page.getByTestId('reminder-link-outcome').getByText(/Your appointment is cancelled\. It was recorded as a late cancellation/).waitFor();
    await page.locator('[data-testid="reminder-link"][data-state="cancelled"]').waitFor();
    expect(await page.getByTestId('reminder-cancel').count()).toBe(0);
    await expectClean(page, 'reminder link (cancelled)');
    await page.close();

    const appt = await api.ok<{ status: string; cancellation: { by: string; late: boolean } | null }>('GET', `/api/appointments/${cancelId}`);
    expect(appt.status).toBe('cancelled');
    expect(appt.cancellation).toMatchObject({ by: 'client', late: true });
  });

  it('the same link again says it was already used', async () => {
    const page = await person.context.newPage();
    await page.goto(link);
    await page.locator('[data-testid="reminder-link"][data-state="confirmed"]').waitFor();
    await page.getByTestId('reminder-link-used').getByText(/already been used/).waitFor();
    expect(await page.getByTestId('reminder-confirm').count()).toBe(0);
    expect(await page.getByTestId('reminder-cancel').count()).toBe(0);
    expect(page.url()).not.toContain('token');
    await expectClean(page, 'reminder link (used)');

    // The API refuses the replay with a clear reason.
    const token = new URL(link).hash.replace(/^#token=/, '');
    const replay = await fetch(`${world.server.url}/api/reminder-actions/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as { error: { message: string } }).error.message).toMatch(/already used/);
    await page.close();
  });
});
