// The reminder link's own client instance: the page has no session, and a staff session open in
// the same browser must neither lend it a CSRF token nor be ended by anything this page hears.
import { ReminderActionView } from '../../../../shared/reminders.js';
import { createApiClient, isApiError } from '../../../api/factory.js';

const linkApi = createApiClient().api;

export type LinkAction = 'view' | 'confirm' | 'cancel';

/** POST /api/reminder-actions/<action> with the token in the body. */
export const postLinkAction = (action: LinkAction, token: string) => linkApi.post(`/api/reminder-actions/${action}`, { token }, ReminderActionView, { expectAuthFailure: true });

/** Whether trying again may help (no answer, or the server failed). */
export const transient = (e: unknown) => !isApiError(e) || e.status === 0 || e.status >= 500;
