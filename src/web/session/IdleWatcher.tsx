// Warns before the server-enforced idle timeout and ends the session in the browser when it
// passes. The expiry comes from each response's X-Session-Idle-Expires; the server decides.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { api, session } from '../api/client.js';
import { endSession, formatDuration } from './session.js';

const WARN_LEAD_MS = 120_000;

export function IdleWatcher() {
  const idle = useSyncExternalStore(session.subscribeIdle, session.getIdle);
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const checking = useRef(false);

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
    // Ask the server (in the background, so the question itself is not activity): another tab
    // may have kept the session alive; a 401 ends it here via the API client.
    api
      .get('/api/me', undefined, { background: true })
      .then(() => {
        const after = session.getIdle().expiresAt;
        if (after !== null && after <= Date.now()) {
          // Clock skew: the server still says yes; look again shortly.
          setTimeout(() => {
            checking.current = false;
            setNow(Date.now());
          }, 1_000);
        } else checking.current = false;
      })
      .catch(() => {
        checking.current = false;
        if (session.active) void endSession('idle');
      });
  }, [expired, now]);

  const stay = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/session/keepalive', {});
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not keep the session alive.');
    } finally {
      setBusy(false);
    }
  };

  if (!warning || expiresAt === null) return null;
  const remaining = formatDuration(expiresAt - now);
  return (
    <ModalOverlay isOpen isDismissable={false} isKeyboardDismissDisabled className="modal-overlay">
      <Modal className="modal">
        <Dialog role="alertdialog" className="dialog" data-testid="idle-warning">
          <Heading slot="title">Are you still there?</Heading>
          <p>
            For your clients' privacy you will be signed out in <strong>{remaining}</strong> without activity.
          </p>
          {error ? <p role="alert">{error}</p> : null}
          <div className="actions">
            <Button className="btn primary" autoFocus onPress={() => void stay()} isDisabled={busy}>
              Stay signed in
            </Button>
            <Button
              className="btn"
              onPress={() => {
                void api
                  .post('/api/auth/logout', {})
                  .catch(() => undefined)
                  .finally(() => void endSession('logout'));
              }}
            >
              Sign out now
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
