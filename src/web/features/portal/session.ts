// The portal session in the browser, kept apart from the staff one: its own query cache, its own
// CSRF token and idle expiry (./client.ts), and its own ending — a 401 on a portal request, the
// idle timeout or signing out lands on the portal's sign-in page with a plain notice and leaves
// no portal data behind. The staff session (if this browser has one) is not touched.
import { QueryClient, useQuery } from '@tanstack/react-query';
import { PortalMe } from '../../../shared/portal.js';
import { isApiError } from '../../api/client.js';
import { formatDuration } from '../../session/session.js';
import { portalApi, portalSession } from './client.js';

export const portalQueryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Refetching on focus would count as activity and keep an idle session alive.
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      staleTime: 15_000,
      gcTime: 5 * 60_000,
      retry: (count, err) => {
        if (isApiError(err) && err.status >= 400 && err.status < 500 && err.status !== 429) return false;
        return count < 3;
      },
      retryDelay: (attempt) => Math.min(8_000, 1_000 * 2 ** attempt),
    },
  },
});

export const portalKeys = {
  me: ['portal', 'me'] as const,
  client: (id: string) => ['portal', 'client', id] as const,
  thread: (id: string) => ['portal', 'client', id, 'messages'] as const,
  services: (id: string) => ['portal', 'client', id, 'services'] as const,
  documents: (id: string) => ['portal', 'client', id, 'documents'] as const,
  sessions: ['portal', 'sessions'] as const,
};

/** Why the portal session ended in this tab: idle, signed out here, the time limit, or ended elsewhere (another device, a password change, a reset). */
export type PortalEndReason = 'idle' | 'logout' | 'expired' | 'revoked';

type Navigate = (to: string, state: { notice: string }) => Promise<void> | void;
let navigateTo: Navigate | null = null;
export function setPortalNavigator(fn: Navigate) {
  navigateTo = fn;
}

function noticeFor(reason: PortalEndReason): string {
  switch (reason) {
    case 'idle':
      return `You were signed out after ${formatDuration(portalSession.getIdle().windowMs ?? 30 * 60_000)} without activity.`;
    case 'logout':
      return 'You signed out.';
    case 'expired':
      return 'You were signed out: your session reached its time limit. Please sign in again.';
    case 'revoked':
      return 'You were signed out. Your session has ended — it was signed out from another device, or the password or two-step sign-in changed. Please sign in again.';
  }
}

export function wipePortalData() {
  portalQueryClient.cancelQueries().catch(() => undefined);
  portalQueryClient.clear();
}

let ending = false;
export async function endPortalSession(reason: PortalEndReason) {
  if (ending) return;
  ending = true;
  try {
    const idle = portalSession.getIdle();
    // Past the idle deadline, whatever the server's code (another tab may have been told first), it was the idle limit.
    const r = (reason === 'expired' || reason === 'revoked') && idle.expiresAt !== null && Date.now() >= idle.expiresAt - 3_000 ? 'idle' : reason;
    const notice = noticeFor(r);
    portalSession.setActive(false);
    // Leave the signed-in pages first so nothing refetches, then empty the cache.
    await navigateTo?.('/portal/login', { notice });
    wipePortalData();
    setTimeout(wipePortalData, 50);
  } finally {
    ending = false;
  }
}

// `session_expired` is the idle or absolute limit; any other 401 means the session was ended on the server.
portalSession.onSessionLost((code) => void endPortalSession(code === 'session_expired' ? 'expired' : 'revoked'));

/** After a portal sign-in, invitation acceptance or e-mail verification that ended signed in. */
export function beginPortalSession(csrfToken: string) {
  portalSession.setCsrf(csrfToken);
  portalSession.setActive(true);
  portalQueryClient.clear();
}

export async function fetchPortalMe(): Promise<PortalMe> {
  const me = await portalApi.get('/api/portal/me', PortalMe, { expectAuthFailure: !portalSession.active });
  portalSession.setCsrf(me.csrfToken);
  portalSession.setActive(true);
  portalSession.noteIdleExpiry(me.session.idleExpiresAt, false);
  return me;
}

export function usePortalMe() {
  return useQuery({ queryKey: portalKeys.me, queryFn: fetchPortalMe, staleTime: 30_000 });
}

export function signOutOfPortal() {
  void portalApi
    .post('/api/portal/logout', {}, undefined, { expectAuthFailure: true })
    .catch(() => undefined)
    .finally(() => void endPortalSession('logout'));
}
