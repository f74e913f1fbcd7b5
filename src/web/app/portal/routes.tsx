// The portal shell's routes, all under /portal, each frame inside the portal's own query cache
// (./PortalLayout.tsx). Pages come from the features' public faces only.
import { Navigate, type RouteObject } from 'react-router';
import { PortalAcceptPage, PortalForgotPage, PortalLoginPage, PortalRegisterPage, PortalResetPage, PortalVerifyPage, PortalAppointmentsPage, PortalOfferPage, PortalClientLayout, PortalDetailsPage, PortalDocumentsPage, PortalHome, PortalMessagesPage, PortalSecurityPage, PortalBillingPage, PortalBillingChooser } from '../../features/portal/index.js';
import { loadCallPage, loadDeviceCheck } from '../../features/calls/index.js';
import { PortalFormPage, PortalFormsPage } from '../../features/forms/index.js';
import { PortalMeasureFillPage, PortalMeasuresPage } from '../../features/measures/index.js';
import { PortalPlansPage } from '../../features/plans/index.js';
import { PortalCallLayout, PortalPublicLayout, PortalRoot, RequirePortalSession } from './PortalLayout.js';

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
        children: [{ path: 'calls/:id', lazy: () => loadCallPage().then((m) => ({ Component: () => <m.CallPage audience="client" /> })) }],
      },
      {
        element: <RequirePortalSession />,
        children: [
          { index: true, element: <PortalHome /> },
          { path: 'security', element: <PortalSecurityPage /> },
          { path: 'device-check', lazy: () => loadDeviceCheck().then((m) => ({ Component: m.PortalDeviceCheckPage })) },
          {
            path: 'clients/:clientId',
            element: <PortalClientLayout />,
            children: [
              { index: true, element: <Navigate to="messages" replace /> },
              { path: 'messages', element: <PortalMessagesPage /> },
              { path: 'documents', element: <PortalDocumentsPage /> },
              { path: 'details', element: <PortalDetailsPage /> },
              { path: 'appointments', element: <PortalAppointmentsPage /> },
              { path: 'billing', element: <PortalBillingPage /> },
              { path: 'treatment-plans', element: <PortalPlansPage /> },
            ],
          },
          { path: 'offers/:offerId', element: <PortalOfferPage /> },
          { path: 'forms', element: <PortalFormsPage /> },
          { path: 'forms/:requestId', element: <PortalFormPage /> },
          { path: 'billing', element: <PortalBillingChooser /> },
          { path: 'measures', element: <PortalMeasuresPage /> },
          { path: 'measures/:id', element: <PortalMeasureFillPage /> },
          { path: '*', element: <Navigate to="/portal" replace /> },
        ],
      },
    ],
  },
];
