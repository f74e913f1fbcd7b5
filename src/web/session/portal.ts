// The client principal (the portal), kept apart from the staff one with the same mechanics
// (./lifecycle.ts, ./connection.ts) as separate instances: its own query cache, its own CSRF
// token and idle expiry (../api/client.ts), its own /portal/ws socket, and its own ending — a 401
// on a portal request, the idle timeout or signing out lands on the portal's sign-in page with a
// plain notice and leaves no portal data behind. The staff session (if this browser has one) is
// not touched.
import { useQuery } from '@tanstack/react-query';
import type { CallList } from '../../shared/calls.js';
import type { PortalMe, PortalSessionStatus } from '../../shared/portal.js';
import { portalApi, portalSession } from '../api/client.js';
import { Heartbeat } from './connection.js';
import { createQueryClient } from '../lib/query.js';
import { createSessionLifecycle } from './lifecycle.js';
import type { Principal } from './principal.js';

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

const lifecycle = createSessionLifecycle<PortalEndReason>({
  session: portalSession,
  queryClient: portalQueryClient,
  loginPath: '/portal/login',
  // Past the idle deadline, whatever the server's code (another tab may have been told first), it was the idle limit.
  idleAliases: ['expired', 'revoked'],
  idleReason: 'idle',
  notices: {
    expired: { id: 'portal.session.notice.expired', defaultMessage: 'You were signed out: your session reached its time limit. Please sign in again.' },
    revoked: {
      id: 'portal.session.notice.revoked',
      defaultMessage: 'You were signed out. Your session has ended — it was signed out from another device, or the password or two-step sign-in changed. Please sign in again.',
    },
  },
});

export const setPortalNavigator = lifecycle.setNavigator;
export const wipePortalData = lifecycle.wipe;
export const endPortalSession = lifecycle.end;

// `session_expired` is the idle or absolute limit; any other 401 means the session was ended on the server.
portalSession.onSessionLost((code) => void endPortalSession(code === 'session_expired' ? 'expired' : 'revoked'));

/**
 * The portal's socket to /portal/ws while a portal client is signed in. It carries the ring of a
 * call; it closes on sign-out (the signed-in frame unmounts) and when the server says the session ended.
 */
export const portalSocket = new Heartbeat({ path: '/portal/ws', probe: () => portalApi.get('/api/portal/me', undefined, { background: true }) });

portalSocket.onSessionEnded((reason) => {
  const r: PortalEndReason = reason === 'idle' ? 'idle' : reason === 'logout' ? 'logout' : reason === 'expired' ? 'expired' : 'revoked';
  void endPortalSession(r);
});

/** After a portal sign-in, invitation acceptance or e-mail verification that ended signed in. */
export const beginPortalSession = (csrfToken: string) => lifecycle.begin(csrfToken);

// The portal shell's own requests (here, on the client entry's first screen) name their answer's
// type but pass no schema: checking the shape (a drift is only logged, ../api/factory.ts) would
// bring zod onto every client's first download (issue 19's budget); the server's contract tests
// hold these answers to the shared schemas.
export async function fetchPortalMe(): Promise<PortalMe> {
  const me = await portalApi.get<PortalMe>('/api/portal/me', undefined, { expectAuthFailure: !portalSession.active });
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

/** Calls ringing or in progress for me (portal session, or a join link's guest). */
export const fetchPortalCalls = () => portalApi.get<CallList>('/api/portal/calls', undefined, { background: true });

/** Asks the server whether the portal session is still live; a 401 ends it here. */
const checkSession = (background = true) => portalApi.get<PortalSessionStatus>('/api/portal/session', undefined, { background });

export const portal: Principal = {
  kind: 'client',
  session: portalSession,
  queryClient: portalQueryClient,
  socket: portalSocket,
  loginPath: '/portal/login',
  setNavigator: setPortalNavigator,
  check: () => checkSession(true),
  // The same check, not marked background: a person's action, which keeps the session alive.
  keepAlive: () => checkSession(false),
  endIdle: () => void endPortalSession('idle'),
  signOut: signOutOfPortal,
  // A background check every 15 s (and when the tab comes back into view or online) learns when
  // the session was ended elsewhere — another device, a password change or reset.
  idle: { reason: 'To protect your privacy', testId: 'portal-idle-warning', pollMs: 15_000 },
};
