// The client's routes: the portal shell (all under /portal, each frame inside the portal's own
// query cache, ./PortalLayout.tsx) and the public pages of neither shell (a reminder's link, a
// call's join link, the public status page). They are the client entry's router (../../client.tsx);
// the staff entry carries them too for `vite dev`, which serves one HTML page for every path.
// Every page loads on first visit (React.lazy, not the data router's route `lazy`: the client entry
// uses the declarative router, 17 kB compressed lighter): a client's first screen downloads the
// shell and its own page only, never another page's code (the light client path,
// scripts/bundle-budget.ts). Pages come from the features' public faces only.
import { lazy, Suspense, type ComponentType } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { AllWords } from '../../i18n/index.js';
import { PageErrorBoundary } from '../../components/PageLoadError.js';
import {
  loadPortalAppointments,
  loadPortalAuthPages,
  loadPortalSignIn,
  loadPortalBilling,
  loadPortalBillingNav,
  loadPortalHome,
  loadPortalOffers,
  loadPortalPages,
  loadPortalSecurity,
} from '../../features/portal/index.js';
import { loadCallPage, loadDeviceCheck, loadJoinPage } from '../../features/calls/index.js';
import { loadPortalFormPage, loadPortalFormsPage } from '../../features/forms/index.js';
import { loadPortalMeasures } from '../../features/measures/index.js';
import { loadPortalPlansPage } from '../../features/plans/index.js';
import { loadReminderLinkPage } from '../../features/reminders/index.js';
import { loadStatusPage } from '../../features/status/index.js';
import { PortalCallLayout, PortalPublicLayout, PortalRoot, RequirePortalSession } from './PortalLayout.js';

/**
 * A route's element: the page component `pick` finds in the module `load` brings, loaded on first
 * render. In Spanish it waits for the rest of the words (AllWords, ../../i18n) unless it is a first
 * screen (`first`: a join link, a call, the sign-in pages, the status page), whose words come
 * with the first catalog (../../i18n/catalogs/es.ts). A page whose code does not arrive, or that
 * fails as it draws, says so and offers a reload (../../components/PageLoadError.tsx).
 */
function page<M>(load: () => Promise<M>, pick: (m: M) => ComponentType, opts: { first?: boolean; inRecord?: boolean } = {}): RouteObject['element'] {
  const Page = lazy(async () => ({ default: pick(await load()) }));
  // Its own key: a boundary that caught one page's failure must not stay up on the next page.
  return (
    <PageErrorBoundary key={`page-${++pages}`} level={opts.inRecord ? 2 : 1}>
      <Suspense fallback={null}>{opts.first ? <Page /> : <AllWords><Page /></AllWords>}</Suspense>
    </PageErrorBoundary>
  );
}
let pages = 0;
const FIRST = { first: true };
/** A section of a client's record: under the record's own h1 (PortalClientLayout). */
const IN_RECORD = { inRecord: true };

export const portalRoutes: RouteObject[] = [
  {
    path: '/portal',
    element: <PortalRoot />,
    children: [
      {
        element: <PortalPublicLayout />,
        children: [
          { path: 'login', element: page(loadPortalSignIn, (m) => m.PortalLoginPage, FIRST) },
          { path: 'register', element: page(loadPortalAuthPages, (m) => m.PortalRegisterPage, FIRST) },
          { path: 'verify', element: page(loadPortalAuthPages, (m) => m.PortalVerifyPage, FIRST) },
          { path: 'accept', element: page(loadPortalAuthPages, (m) => m.PortalAcceptPage, FIRST) },
          { path: 'forgot', element: page(loadPortalAuthPages, (m) => m.PortalForgotPage, FIRST) },
          { path: 'reset', element: page(loadPortalAuthPages, (m) => m.PortalResetPage, FIRST) },
        ],
      },
      {
        // A call: a signed-in portal client or a join link's guest (who has no portal session),
        // so outside the sign-in guard.
        element: <PortalCallLayout />,
        children: [{ path: 'calls/:id', element: page(loadCallPage, (m) => () => <m.CallPage audience="client" />, FIRST) }],
      },
      {
        element: <RequirePortalSession />,
        children: [
          { index: true, element: page(loadPortalHome, (m) => m.PortalHome) },
          { path: 'security', element: page(loadPortalSecurity, (m) => m.PortalSecurityPage) },
          { path: 'device-check', element: page(loadDeviceCheck, (m) => m.PortalDeviceCheckPage, FIRST) },
          {
            path: 'clients/:clientId',
            element: page(loadPortalPages, (m) => m.PortalClientLayout),
            children: [
              { index: true, element: <Navigate to="messages" replace /> },
              { path: 'messages', element: page(loadPortalPages, (m) => m.PortalMessagesPage, IN_RECORD) },
              { path: 'documents', element: page(loadPortalPages, (m) => m.PortalDocumentsPage, IN_RECORD) },
              { path: 'details', element: page(loadPortalPages, (m) => m.PortalDetailsPage, IN_RECORD) },
              { path: 'appointments', element: page(loadPortalAppointments, (m) => m.PortalAppointmentsPage, IN_RECORD) },
              { path: 'billing', element: page(loadPortalBilling, (m) => m.PortalBillingPage, IN_RECORD) },
              { path: 'treatment-plans', element: page(loadPortalPlansPage, (m) => m.PortalPlansPage, IN_RECORD) },
            ],
          },
          { path: 'offers/:offerId', element: page(loadPortalOffers, (m) => m.PortalOfferPage) },
          { path: 'forms', element: page(loadPortalFormsPage, (m) => m.PortalFormsPage) },
          { path: 'forms/:requestId', element: page(loadPortalFormPage, (m) => m.PortalFormPage) },
          { path: 'billing', element: page(loadPortalBillingNav, (m) => m.PortalBillingChooser) },
          { path: 'measures', element: page(loadPortalMeasures, (m) => m.PortalMeasuresPage) },
          { path: 'measures/:id', element: page(loadPortalMeasures, (m) => m.PortalMeasureFillPage) },
          { path: '*', element: <Navigate to="/portal" replace /> },
        ],
      },
    ],
  },
];

/** The public pages of neither shell, each in its own minimal frame without a session. */
export const publicRoutes: RouteObject[] = [
  // A reminder's confirm/cancel link (no session, no heartbeat).
  { path: '/r', element: page(loadReminderLinkPage, (m) => m.ReminderLinkPage) },
  // A call's join link (#<token>): outside both layouts; it ends on the portal's call page.
  { path: '/join', element: page(loadJoinPage, (m) => m.JoinPage, FIRST) },
  // The public status page and its mail subscription.
  { path: '/status', element: page(loadStatusPage, (m) => m.PublicStatusPage, FIRST) },
  { path: '/status/subscribe', element: page(loadStatusPage, (m) => m.StatusSubscribePage, FIRST) },
];

/** Every path a client opens: the client entry's whole router (the server sends its HTML for these). */
export const clientRoutes: RouteObject[] = [...portalRoutes, ...publicRoutes];
