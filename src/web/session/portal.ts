// The portal session in the browser, kept apart from the staff one (the same mechanics,
// ../../session/lifecycle.ts, as separate instances): its own query cache, its own
// CSRF token and idle expiry (./client.ts), and its own ending — a 401 on a portal request, the
// idle timeout or signing out lands on the portal's sign-in page with a plain notice and leaves
// no portal data behind. The staff session (if this browser has one) is not touched.
import { useQuery } from '@tanstack/react-query';
import { PortalMe } from '../../shared/portal.js';
import { createQueryClient, createSessionLifecycle, idleNotice } from './lifecycle.js';
import { portalApi, portalSession } from '../api/portal.js';

export const portalQueryClient = createQueryClient();

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

function noticeFor(reason: PortalEndReason): string {
  switch (reason) {
    case 'idle':
      return idleNotice(portalSession);
    case 'logout':
      return 'You signed out.';
    case 'expired':
      return 'You were signed out: your session reached its time limit. Please sign in again.';
    case 'revoked':
      return 'You were signed out. Your session has ended — it was signed out from another device, or the password or two-step sign-in changed. Please sign in again.';
  }
}

const lifecycle = createSessionLifecycle<PortalEndReason>({
  session: portalSession,
  queryClient: portalQueryClient,
  loginPath: '/portal/login',
  // Past the idle deadline, whatever the server's code (another tab may have been told first), it was the idle limit.
  idleAliases: ['expired', 'revoked'],
  idleReason: 'idle',
  notice: noticeFor,
});

export const setPortalNavigator = lifecycle.setNavigator;
export const wipePortalData = lifecycle.wipe;
export const endPortalSession = lifecycle.end;

// `session_expired` is the idle or absolute limit; any other 401 means the session was ended on the server.
portalSession.onSessionLost((code) => void endPortalSession(code === 'session_expired' ? 'expired' : 'revoked'));

/** After a portal sign-in, invitation acceptance or e-mail verification that ended signed in. */
export const beginPortalSession = (csrfToken: string) => lifecycle.begin(csrfToken);

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
