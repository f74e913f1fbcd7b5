// A reminder's words with a join link (issue 13): the mail says from when it works; a text keeps
// within SMS_MAX with a long address, keeping the join link (a reply of C still confirms).
import { describe, expect, it } from 'vitest';
import { reminderMail, reminderSms, SMS_MAX, SMS_REMINDER_TAIL } from './text.js';

const url = 'https://telehealth.riversidecounselingcenter.example.com';
const facts = {
  sender: 'Riverside Counseling Ctr',
  start: Date.UTC(2026, 9, 20, 14),
  zone: 'America/Chicago',
  providerName: 'Dr. Priyanka Venkataraman-Smith',
  link: `${url}/r#token=${'a'.repeat(43)}`,
  portal: `${url}/portal`,
  join: `${url}/join#${'b'.repeat(43)}`,
};

describe('reminder text with a join link', () => {
  it('the mail gives the join link and when it works, then the confirm/cancel link', () => {
    const m = reminderMail(facts);
    expect(m.text).toContain(`To join, open this link from 10 minutes before the start (it works once, for this appointment only):\n${facts.join}`);
    expect(m.text).toContain(facts.link);
    expect(reminderMail({ ...facts, join: null }).text).not.toContain('/join#');
  });

  it('a text fits in SMS_MAX, keeping the join link and the reply-to-confirm tail', () => {
    const t = reminderSms(facts);
    expect(t.length).toBeLessThanOrEqual(SMS_MAX);
    expect(t).toContain(facts.join);
    expect(t.endsWith(SMS_REMINDER_TAIL)).toBe(true);
    // A short address keeps both links.
    const short = reminderSms({ ...facts, providerName: null, link: 'https://h.example/r#token=x', join: 'https://h.example/join#y' });
    expect(short).toContain('Confirm or cancel: https://h.example/r#token=x');
    expect(short).toContain('Join from 10 min before: https://h.example/join#y');
  });
});
