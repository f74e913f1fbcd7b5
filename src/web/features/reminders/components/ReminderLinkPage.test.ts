// A reminder link's failures in words: the page's own for what it knows (a used link, a visit moved
// since the reminder), the API's message for any other refusal of the change (the server words it
// in the page's language), never "the appointment changed" when that is not why.
import { describe, expect, it } from 'vitest';
import { ApiError, networkError } from '../../../api/factory.js';
import { problemMessage } from './ReminderLinkPage.js';

const conflict = (message: string, field?: string) => new ApiError(409, { code: 'conflict', message, ...(field ? { field } : {}) });
const id = (p: ReturnType<typeof problemMessage>) => ('msg' in p ? p.msg.id : p.text);

describe("a reminder link's problems", () => {
  it('the link used, or the visit moved since the reminder: the page’s own words', () => {
    expect(id(problemMessage(conflict('This link was already used to cancel the appointment', 'token')))).toBe('reminders.link.problem.used');
    expect(id(problemMessage(conflict('This appointment has changed since this link was sent; sign in to your portal or contact your practice', 'token')))).toBe('reminders.link.problem.changed');
    expect(id(problemMessage(conflict('This appointment has changed since this link was sent', 'appointmentId')))).toBe('reminders.link.problem.changed');
  });

  it('any other refusal of the change: the API’s message, which says why', () => {
    const late = 'This appointment can no longer be cancelled here; please contact your practice';
    expect(problemMessage(conflict(late, 'status'))).toEqual({ text: late });
    const shared = 'Una sesión compartida la cancela el consultorio; envíeles un mensaje, por favor';
    expect(problemMessage(conflict(shared, 'appointmentId'))).toEqual({ text: shared });
  });

  it('no answer, an unknown link, a server failure: the page’s own words', () => {
    expect(id(problemMessage(networkError()))).toBe('reminders.link.problem.offline');
    expect(id(problemMessage(new ApiError(404, { code: 'not_found', message: 'This link is not valid' })))).toBe('reminders.link.problem.invalid');
    expect(id(problemMessage(new ApiError(503, { code: 'overloaded', message: 'Busy' })))).toBe('reminders.link.problem.server');
  });
});
