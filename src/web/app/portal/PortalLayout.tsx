// The portal's frames. Everything under /portal runs inside its own query cache; signed-in pages
// wait for GET /api/portal/me and send a signed-out visitor to the portal's sign-in page.
import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { Button } from 'react-aria-components';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { StatusBanner } from '../../features/status/index.js';
import type { PortalMe } from '../../../shared/portal.js';
import { isApiError } from '../../api/client.js';
import { ConnectionIndicator } from '../../components/ConnectionIndicator.js';
import { QueryState } from '../../components/QueryState.js';
import { IdleWatcher } from '../../session/IdleWatcher.js';
import { PortalBillingNavLink, PortalIncomingCall } from '../../features/portal/index.js';
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

/** Sign-in, sign-up, verification and invitation pages. */
export function PortalPublicLayout() {
  return (
    <PageFrame
      brand="Hearth"
      bar={
        <>
          <span className="practice-name">Client portal</span>
          <PortalConnection />
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
  if (me.isError && isApiError(me.error) && me.error.status === 401) {
    return <Navigate to="/portal/login" replace state={{ from: location.pathname }} />;
  }
  if (!me.isSuccess) {
    return (
      <main id="main" className="page narrow">
        <h1>Client portal</h1>
        <QueryState query={me} what="your portal account">
          {() => null}
        </QueryState>
      </main>
    );
  }
  return <PortalFrame me={me.data} />;
}

/** The skip link and the portal's top bar: brand, the page's title, the connection, then what the frame adds. */
function PortalTopbar({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/portal" className="brand">
          Hearth
        </Link>
        <span className="practice-name">{title}</span>
        <PortalConnection />
        {children}
      </header>
    </>
  );
}

function PortalFrame({ me }: { me: PortalMe }) {
  // The socket's heartbeat is the indicator's truth while signed in (it also carries a call's ring).
  useEffect(() => {
    portalSocket.start();
    return () => portalSocket.stop();
  }, []);
  return (
    <>
      <PortalTopbar title="Client portal">
        <span className="muted portal-account" data-testid="portal-account">
          {me.account.email}
        </span>
        <PortalBillingNavLink />
        <Link to="/portal/security" data-testid="portal-security-link">
          Account security
        </Link>
        <Link to="/portal/device-check" data-testid="portal-device-check-link">
          Test camera &amp; microphone
        </Link>
        <Button className="btn" onPress={signOutOfPortal} data-testid="portal-sign-out">
          Sign out
        </Button>
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
      <PortalTopbar title="Video call" />
      <main id="main" className="page" data-testid="portal-call-main">
        <Outlet />
      </main>
    </>
  );
}
