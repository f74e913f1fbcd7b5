// The portal's socket to /portal/ws while a portal client is signed in: the same heartbeat,
// reconnection with backoff and message subscription as the staff app's (../../session/connection.ts),
// as a separate instance. It carries the ring of a call; it closes on sign-out (the signed-in frame
// unmounts) and when the server says the session ended.
import { Heartbeat } from './connection.js';
import { CallList } from '../../shared/calls.js';
import { portalApi } from '../api/portal.js';
import { endPortalSession, type PortalEndReason } from './portal.js';

export const portalSocket = new Heartbeat({ path: '/portal/ws', probe: () => portalApi.get('/api/portal/me', undefined, { background: true }) });

portalSocket.onSessionEnded((reason) => {
  const r: PortalEndReason = reason === 'idle' ? 'idle' : reason === 'logout' ? 'logout' : reason === 'expired' ? 'expired' : 'revoked';
  void endPortalSession(r);
});

/** Calls ringing or in progress for me (portal session, or a join link's guest). */
export const fetchPortalCalls = () => portalApi.get('/api/portal/calls', CallList, { background: true });
