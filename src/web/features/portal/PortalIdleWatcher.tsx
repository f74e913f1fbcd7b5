// Warns before the server-enforced idle timeout of the portal session and ends it in the
// browser when it passes; the expiry comes from each portal response's X-Session-Idle-Expires.
// The portal has no socket, so a background check of GET /api/portal/session (every 15 s, and
// when the tab comes back into view or online) learns when the session was ended elsewhere —
// another device, a password change or reset — and the page leaves for the sign-in page with
// "You were signed out". The check is marked background: it is not activity.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { PortalSessionStatus } from '../../../shared/portal.js';
import { formatDuration } from '../../session/session.js';
import { portalApi, portalSession } from './client.js';
import { endPortalSession, signOutOfPortal } from './session.js';

const WARN_LEAD_MS = 120_000;
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

export function PortalIdleWatcher() {
  const idle = useSyncExternalStore(portalSession.subscribeIdle, portalSession.getIdle);
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const checking = useRef(false);
  useSessionHeartbeat();

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, []);

  const expiresAt = idle.expiresAt;
  const lead = Math.min(WARN_LEAD_MS, (idle.windowMs ?? WARN_LEAD_MS * 2) / 2);
  const warning = expiresAt !== null && now >= expiresAt - lead && now < expiresAt;
  const expired = expiresAt !== null && now >= expiresAt;

  useEffect(() => {
    if (!expired || checking.current) return;
    checking.current = true;
    // Ask the server in the background (not activity): a 401 ends the portal session.
    checkSession()
      .then(() => {
        const after = portalSession.getIdle().expiresAt;
        if (after !== null && after <= Date.now()) {
          setTimeout(() => {
            checking.current = false;
            setNow(Date.now());
          }, 1_000);
        } else checking.current = false;
      })
      .catch(() => {
        checking.current = false;
        if (portalSession.active) void endPortalSession('idle');
      });
  }, [expired, now]);

  const stay = async () => {
    setBusy(true);
    setError(null);
    try {
      // The same check, not marked background: a person's action, which keeps the session alive.
      await checkSession(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not keep the session alive.');
    } finally {
      setBusy(false);
    }
  };

  if (!warning || expiresAt === null) return null;
  return (
    <ModalOverlay isOpen isDismissable={false} isKeyboardDismissDisabled className="modal-overlay">
      <Modal className="modal">
        <Dialog role="alertdialog" className="dialog" data-testid="portal-idle-warning">
          <Heading slot="title">Are you still there?</Heading>
          <p>
            To protect your privacy you will be signed out in <strong>{formatDuration(expiresAt - now)}</strong> without activity.
          </p>
          {error ? <p role="alert">{error}</p> : null}
          <div className="actions">
            <Button className="btn primary" autoFocus onPress={() => void stay()} isDisabled={busy}>
              Stay signed in
            </Button>
            <Button className="btn" onPress={signOutOfPortal}>
              Sign out now
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
