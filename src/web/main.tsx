import './zod-config.js';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from 'react-router';
import { ConnectionIndicator } from './components/ConnectionIndicator.js';
import { SecurityPage } from './features/account/components/SecurityPage.js';
import { NotFound, RequireSession } from './app/staff/AppFrame.js';
import { AcceptInvitePage } from './features/auth/components/AcceptInvitePage.js';
import { ForgotPasswordPage, ResetPasswordPage } from './features/auth/components/PasswordReset.js';
import { LoginPage } from './features/auth/components/LoginPage.js';
import { ClientProfilePage, ClientsPage, ImportPage, NewClientPage } from './features/clients/index.js';
import { SignupPage, SignupVerifyPage } from './features/auth/components/SignupPage.js';
import { PracticePage } from './features/practice/index.js';
import { ClientMessagesRedirect } from './features/messages/components/MessagesRedirect.js';
import { ReminderLinkPage } from './features/reminders/components/ReminderLinkPage.js';
import { RequestsPage } from './features/booking/index.js';
import { portalRoutes } from './app/portal/routes.js';
import { AppointmentsPage, loadCalendarPage } from './features/scheduling/index.js';
import { AvailabilityPage } from './features/availability/index.js';
import { CallsPage } from './features/calls/components/CallsPage.js';
import { JoinPage } from './features/calls/components/JoinPage.js';
import { PublicStatusPage, StatusSubscribePage } from './features/status/components/StatusPage.js';
import { queryClient, setNavigator } from './session/staff.js';
import { CallHistoryPage } from './features/today/components/CallHistoryPage.js';
import { InboxPage } from './features/today/components/InboxPage.js';
import { TodayPage } from './features/today/components/TodayPage.js';
import './styles.css';

function PublicLayout() {
  return (
    <>
      <header className="topbar">
        <span className="brand">Hearth</span>
        <ConnectionIndicator />
      </header>
      <main id="main" className="page narrow">
        <Outlet />
      </main>
    </>
  );
}

const router = createBrowserRouter([
  {
    element: <PublicLayout />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/signup', element: <SignupPage /> },
      { path: '/signup/verify', element: <SignupVerifyPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/accept-invite', element: <AcceptInvitePage /> },
    ],
  },
  {
    element: <RequireSession />,
    children: [
      { index: true, element: <Navigate to="/today" replace /> },
      { path: '/today', element: <TodayPage /> },
      { path: '/inbox', element: <InboxPage /> },
      { path: '/inbox/:clientId', element: <InboxPage /> },
      { path: '/clients', element: <ClientsPage /> },
      { path: '/clients/new', element: <NewClientPage /> },
      { path: '/clients/import', element: <ImportPage /> },
      { path: '/clients/:id', element: <ClientProfilePage /> },
      { path: '/clients/:id/messages', element: <ClientMessagesRedirect /> },
      { path: '/appointments', element: <AppointmentsPage /> },
      // FullCalendar is big: its page loads on first visit, not with the app.
      { path: '/calendar', lazy: loadCalendarPage },
      { path: '/appointment-requests', element: <RequestsPage /> },
      { path: '/availability', element: <AvailabilityPage /> },
      { path: '/calls', element: <CallsPage /> },
      { path: '/calls/history', element: <CallHistoryPage /> },
      // The call page (media, signaling) loads on first visit.
      { path: '/calls/:id', lazy: () => import('./features/calls/components/CallPage.js').then((m) => ({ Component: () => <m.CallPage audience="staff" /> })) },
      { path: '/account/security', element: <SecurityPage /> },
      { path: '/device-check', lazy: () => import('./features/calls/components/DeviceCheckPage.js').then((m) => ({ Component: m.StaffDeviceCheckPage })) },
      { path: '/practice', element: <PracticePage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
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
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
