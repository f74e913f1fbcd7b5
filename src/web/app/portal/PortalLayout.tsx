// The portal's frames. Everything under /portal runs inside its own query cache; signed-in pages
// wait for GET /api/portal/me and send a signed-out visitor to the portal's sign-in page.
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { StatusBanner } from '../../features/status/index.js';
import type { PortalMe } from '../../../shared/portal.js';
import { isApiError } from '../../api/client.js';
import { ConnectionIndicator } from '../../components/ConnectionIndicator.js';
import { QueryState } from '../../components/QueryState.js';
import { IdleWatcher } from '../../session/IdleWatcher.js';
import { loadPortalBillingNav, PortalIncomingCall, savePortalLocale } from '../../features/portal/index.js';
import { LanguageMenu, useLocale } from '../../i18n/index.js';
import { portal, portalQueryClient, portalSocket, setPortalNavigator, signOutOfPortal, usePortalMe } from '../../session/portal.js';
import { PageFrame } from '../../components/PageFrame.js';

/**
 * The portal's connection indicator: the same heartbeat as the staff app's, over /portal/ws (./socket.ts),
 * so it says Reconnecting and Offline when Hearth's server is gone, not only when the device is.
 * The socket runs while a portal client is signed in; on the sign-in pages it follows the browser.
 */
function PortalConnection() {
  return <ConnectionIndicator source={portalSocket} />;
}

/** Root of every /portal route: the portal's own query cache and navigator. */
export function PortalRoot() {
  const navigate = useNavigate();
  useEffect(() => {
    setPortalNavigator((to, state) => navigate(to, { replace: true, state }));
  }, [navigate]);
  return (
    <QueryClientProvider client={portalQueryClient}>
      <Outlet />
    </QueryClientProvider>
  );
}

const BRAND = 'Hearth';

/** Sign-in, sign-up, verification and invitation pages: the language menu is on each. */
export function PortalPublicLayout() {
  return (
    <PageFrame
      brand={BRAND}
      bar={
        <>
          <span className="practice-name">
            <FormattedMessage id="portal.shell.title" defaultMessage="Client portal" />
          </span>
          <PortalConnection />
          <LanguageMenu />
        </>
      }
    >
      <Outlet />
    </PageFrame>
  );
}

export function RequirePortalSession() {
  const me = usePortalMe();
  const location = useLocation();
  const intl = useIntl();
  if (me.isError && isApiError(me.error) && me.error.status === 401) {
    return <Navigate to="/portal/login" replace state={{ from: location.pathname }} />;
  }
  if (!me.isSuccess) {
    return (
      <main id="main" className="page narrow">
        <h1>
          <FormattedMessage id="portal.shell.title" defaultMessage="Client portal" />
        </h1>
        <QueryState query={me} what={intl.formatMessage({ id: 'portal.shell.loading-what', defaultMessage: 'your portal account' })}>
          {() => null}
        </QueryState>
      </main>
    );
  }
  return <PortalFrame me={me.data} />;
}

/** The skip link and the portal's top bar: brand, the page's title, the connection, then what the frame adds. */
function PortalTopbar({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        <FormattedMessage id="portal.shell.skip" defaultMessage="Skip to content" />
      </a>
      <header className="topbar">
        <Link to="/portal" className="brand">
          {BRAND}
        </Link>
        <span className="practice-name">{title}</span>
        <PortalConnection />
        {children}
      </header>
    </>
  );
}

/** The account's language (chosen by the client or the practice) wins once signed in; the client's time zone dates the pages. */
function useAccountLanguage(me: PortalMe) {
  const { setLocale } = useLocale();
  useEffect(() => {
    if (me.locale) setLocale(me.locale, { remember: true });
  }, [me.locale, setLocale]);
}

// The top bar's Billing link (with what is left to pay) loads with the signed-in frame, not with
// the client entry: a join link's guest and the sign-in page never need its code (the light client
// path, scripts/bundle-budget.ts, which counts it on the portal's home).
const PortalBillingNavLink = lazy(() => loadPortalBillingNav().then((m) => ({ default: m.PortalBillingNavLink })));

function PortalFrame({ me }: { me: PortalMe }) {
  useAccountLanguage(me);
  // The socket's heartbeat is the indicator's truth while signed in (it also carries a call's ring).
  useEffect(() => {
    portalSocket.start();
    return () => portalSocket.stop();
  }, []);
  return (
    <>
      <PortalTopbar title={<FormattedMessage id="portal.shell.title" defaultMessage="Client portal" />}>
        <span className="muted portal-account" data-testid="portal-account">
          {me.account.email}
        </span>
        <Suspense fallback={null}>
          <PortalBillingNavLink />
        </Suspense>
        <Link to="/portal/security" data-testid="portal-security-link">
          <FormattedMessage id="portal.shell.security" defaultMessage="Account security" />
        </Link>
        <Link to="/portal/device-check" data-testid="portal-device-check-link">
          <FormattedMessage id="portal.shell.device-check" defaultMessage="Test camera & microphone" />
        </Link>
        <LanguageMenu onChosen={(l) => void savePortalLocale(l)} />
        {/* A plain button: React Aria's is not on a client's first screen (issue 19's budget). */}
        <button type="button" className="btn topbar-end" onClick={signOutOfPortal} data-testid="portal-sign-out">
          <FormattedMessage id="portal.shell.sign-out" defaultMessage="Sign out" />
        </button>
      </PortalTopbar>
      <StatusBanner audience="client" />
      <main id="main" className="page" data-ready="true" data-testid="portal-main">
        <Outlet />
      </main>
      <IdleWatcher principal={portal} />
      <PortalIncomingCall />
    </>
  );
}

/**
 * The frame of the portal's call page: reachable by a signed-in portal client and by the guest of
 * a join link (no portal session), so it waits for no sign-in; the call page itself asks the API.
 */
export function PortalCallLayout() {
  return (
    <>
      <PortalTopbar title={<FormattedMessage id="portal.shell.call-title" defaultMessage="Video call" />}>
        <LanguageMenu />
      </PortalTopbar>
      <main id="main" className="page" data-testid="portal-call-main">
        <Outlet />
      </main>
    </>
  );
}
