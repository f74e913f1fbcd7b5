// The portal's idle warning: the shared dialog (../../session/IdleWarning.tsx) over the portal
// API client, whose responses' X-Session-Idle-Expires give the expiry.
// The portal has no socket, so a background check of GET /api/portal/session (every 15 s, and
// when the tab comes back into view or online) learns when the session was ended elsewhere —
// another device, a password change or reset — and the page leaves for the sign-in page with
// "You were signed out". The check is marked background: it is not activity.
import { useEffect } from 'react';
import { PortalSessionStatus } from '../../../shared/portal.js';
import { IdleWarning } from '../../session/IdleWarning.js';
import { portalApi, portalSession } from '../../api/portal.js';
import { endPortalSession, signOutOfPortal } from '../../session/portal.js';

const POLL_MS = 15_000;

/** Asks the server whether the portal session is still live; a 401 ends it here (client.ts). */
const checkSession = (background = true) => portalApi.get('/api/portal/session', PortalSessionStatus, { background });

function useSessionHeartbeat() {
  useEffect(() => {
    const check = () => {
      if (portalSession.active) checkSession().catch(() => undefined);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') check();
    };
    const timer = setInterval(check, POLL_MS);
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('online', check);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('online', check);
    };
  }, []);
}

/** "Stay signed in": the same check, not marked background — a person's action, which keeps the session alive. */
const keepAlive = () => checkSession(false);
const endIdle = () => void endPortalSession('idle');

export function PortalIdleWatcher() {
  useSessionHeartbeat();
  return (
    <IdleWarning
      session={portalSession}
      check={checkSession}
      keepAlive={keepAlive}
      endIdle={endIdle}
      signOut={signOutOfPortal}
      reason="To protect your privacy"
      testId="portal-idle-warning"
    />
  );
}
