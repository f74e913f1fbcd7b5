// Today, the inbox and call history: query keys, the polling period, and what a change to a
// thread makes stale.
import { queryClient } from '../../../session/staff.js';

export const todayKeys = {
  day: (date: string, zone: string, providerId: string) => ['today', date, zone, providerId] as const,
  inbox: (unreadOnly: boolean) => ['inbox', 'list', unreadOnly] as const,
  inboxCount: ['inbox', 'count'] as const,
  history: (q: Record<string, string>) => ['calls', 'history', q] as const,
};

/** How often Today and the badge look again (a client may enter the lobby or write at any time). */
export const POLL_MS = 20_000;

/** After a reply or a close: the inbox and its badge are out of date. */
export async function afterInboxChange() {
  await queryClient.invalidateQueries({ queryKey: ['inbox'] });
  await queryClient.invalidateQueries({ queryKey: ['today'] });
}
