// Warns before the server-enforced idle timeout and ends the session in the browser when it
// passes; one implementation for staff (./IdleWatcher.tsx) and the portal
// (../features/portal/PortalIdleWatcher.tsx). The expiry comes from each response's
// X-Session-Idle-Expires, recorded by that principal's API client; the server decides.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Button, Dialog, Heading, LazyDialog, Modal, ModalOverlay } from '../components/LazyDialog.js';
import { FormattedMessage, useIntl } from 'react-intl';
import { durationParts } from './lifecycle.js';
import type { Principal } from './principal.js';

const WARN_LEAD_MS = 120_000;

/**
 * The principal's session, its background `check` (another tab may have kept the session alive; a
 * 401 ends it via the API client), `keepAlive`, `endIdle` once the server no longer knows it, its
 * sign-out; the warning's words follow the principal's kind (a client: "To protect your privacy").
 */
export function IdleWarning({ principal }: { principal: Principal }) {
  const { session, check, keepAlive, endIdle, signOut } = principal;
  const intl = useIntl();
  const { testId } = principal.idle;
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
    check()
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
        if (session.active) endIdle();
      });
    // The callbacks are fixed per principal; only the clock drives this effect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [expired, now]);

  const stay = async () => {
    setBusy(true);
    setError(null);
    try {
      await keepAlive();
    } catch (e) {
      setError(e instanceof Error ? e.message : intl.formatMessage({ id: 'session.idle.keep-failed', defaultMessage: 'Could not keep the session alive.' }));
    } finally {
      setBusy(false);
    }
  };

  if (!warning || expiresAt === null) return null;
  return (
    <LazyDialog>
      <ModalOverlay isOpen isDismissable={false} isKeyboardDismissDisabled className="modal-overlay">
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog" data-testid={testId}>
            <Heading slot="title">
              <FormattedMessage id="session.idle.title" defaultMessage="Are you still there?" />
            </Heading>
            <p>
              <FormattedMessage
                id="session.idle.body"
                defaultMessage="{who, select, client {To protect your privacy} other {For your clients' privacy}} you will be signed out in <strong>{unit, select, seconds {{n, plural, one {# second} other {# seconds}}} other {{n, plural, one {# minute} other {# minutes}}}}</strong> without activity."
                values={{ who: principal.kind, ...durationParts(expiresAt - now), strong: (chunks) => <strong>{chunks}</strong> }}
              />
            </p>
            {error ? <p role="alert">{error}</p> : null}
            <div className="actions">
              <Button className="btn primary" autoFocus onPress={() => void stay()} isDisabled={busy}>
                <FormattedMessage id="session.idle.stay" defaultMessage="Stay signed in" />
              </Button>
              <Button className="btn" onPress={signOut}>
                <FormattedMessage id="session.idle.sign-out" defaultMessage="Sign out now" />
              </Button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </LazyDialog>
  );
}
