// The SPA's entry: one router over the two shells — the staff app (./app/staff) and the client
// portal (./app/portal) — and the few public pages that belong to neither (a reminder's link, a
// call's join link, the public status page), each in its own minimal frame without a session.
import './zod-config.js';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { portalRoutes } from './app/portal/routes.js';
import { staffRoutes } from './app/staff/routes.js';
import { JoinPage } from './features/calls/index.js';
import { I18nProvider } from './i18n/index.js';
import { ReminderLinkPage } from './features/reminders/index.js';
import { PublicStatusPage, StatusSubscribePage } from './features/status/index.js';
import { queryClient, setNavigator } from './session/staff.js';
import './styles.css';

const router = createBrowserRouter([
  ...staffRoutes,
  ...portalRoutes,
  // A reminder's confirm/cancel link: public, its own minimal frame (no session, no heartbeat).
  { path: '/r', element: <ReminderLinkPage /> },
  // A call's join link (#<token>): public, outside both layouts; it ends on the portal's call page.
  { path: '/join', element: <JoinPage /> },
  // The public status page and its mail subscription: no session, their own frame.
  { path: '/status', element: <PublicStatusPage /> },
  { path: '/status/subscribe', element: <StatusSubscribePage /> },
]);

setNavigator((to, state) => router.navigate(to, { replace: true, state }));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
