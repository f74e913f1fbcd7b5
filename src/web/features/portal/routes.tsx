// The portal's routes, all under /portal, each frame inside the portal's own query cache.
import { Navigate, type RouteObject } from 'react-router';
import { PortalAcceptPage, PortalForgotPage, PortalLoginPage, PortalRegisterPage, PortalResetPage, PortalVerifyPage } from './PortalAuthPages.js';
import { PortalCallLayout, PortalPublicLayout, PortalRoot, RequirePortalSession } from './PortalLayout.js';
import { PortalAppointmentsPage, PortalOfferPage } from './PortalAppointments.js';
import { PortalClientLayout, PortalDetailsPage, PortalDocumentsPage, PortalHome, PortalMessagesPage } from './PortalPages.js';
import { PortalSecurityPage } from './PortalSecurity.js';

export const portalRoutes: RouteObject[] = [
  {
    path: '/portal',
    element: <PortalRoot />,
    children: [
      {
        element: <PortalPublicLayout />,
        children: [
          { path: 'login', element: <PortalLoginPage /> },
          { path: 'register', element: <PortalRegisterPage /> },
          { path: 'verify', element: <PortalVerifyPage /> },
          { path: 'accept', element: <PortalAcceptPage /> },
          { path: 'forgot', element: <PortalForgotPage /> },
          { path: 'reset', element: <PortalResetPage /> },
        ],
      },
      {
        // A call: a signed-in portal client or a join link's guest (who has no portal session),
        // so outside the sign-in guard. The call page loads on first visit.
        element: <PortalCallLayout />,
        children: [{ path: 'calls/:id', lazy: () => import('../calls/CallPage.js').then((m) => ({ Component: () => <m.CallPage audience="client" /> })) }],
      },
      {
        element: <RequirePortalSession />,
        children: [
          { index: true, element: <PortalHome /> },
          { path: 'security', element: <PortalSecurityPage /> },
          { path: 'device-check', lazy: () => import('./PortalDeviceCheck.js').then((m) => ({ Component: m.PortalDeviceCheckPage })) },
          {
            path: 'clients/:clientId',
            element: <PortalClientLayout />,
            children: [
              { index: true, element: <Navigate to="messages" replace /> },
              { path: 'messages', element: <PortalMessagesPage /> },
              { path: 'documents', element: <PortalDocumentsPage /> },
              { path: 'details', element: <PortalDetailsPage /> },
              { path: 'appointments', element: <PortalAppointmentsPage /> },
            ],
          },
          { path: 'offers/:offerId', element: <PortalOfferPage /> },
          { path: '*', element: <Navigate to="/portal" replace /> },
        ],
      },
    ],
  },
];
