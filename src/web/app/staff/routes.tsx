// The staff shell's routes: the public sign-in pages in their frame, and the signed-in app inside
// RequireSession (./AppFrame.tsx). Pages come from the features' public faces only; the big ones
// (calendar, call page, device check) load on first visit.
import { Navigate, Outlet, type RouteObject } from 'react-router';
import { ConnectionIndicator } from '../../components/ConnectionIndicator.js';
import { SecurityPage } from '../../features/account/index.js';
import { NotFound, RequireSession } from './AppFrame.js';
import { AcceptInvitePage, ForgotPasswordPage, ResetPasswordPage, LoginPage, SignupPage, SignupVerifyPage } from '../../features/auth/index.js';
import { ClientProfilePage, ClientsPage, ImportPage, NewClientPage } from '../../features/clients/index.js';
import { PracticePage } from '../../features/practice/index.js';
import { ClientMessagesRedirect } from '../../features/messages/index.js';
import { RequestsPage } from '../../features/booking/index.js';
import { AppointmentsPage, loadCalendarPage } from '../../features/scheduling/index.js';
import { AvailabilityPage } from '../../features/availability/index.js';
import { CallsPage, loadCallPage, loadDeviceCheck } from '../../features/calls/index.js';
import { CallHistoryPage, InboxPage, TodayPage } from '../../features/today/index.js';
import { PageFrame } from '../../components/PageFrame.js';
import { loadReportsPage } from '../../features/reports/index.js';
import { BillingPage, EditInvoicePage, InvoicePage, MyBillingProfilePage, NewInvoicePage } from '../../features/billing/index.js';
import { MissingNotesPage, NewNotePage, NoteEditorPage, NoteTemplatesPage } from '../../features/notes/index.js';

function PublicLayout() {
  return (
    <PageFrame brand="Hearth" bar={<ConnectionIndicator />}>
      <Outlet />
    </PageFrame>
  );
}

export const staffRoutes: RouteObject[] = [
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
      { path: '/calls/:id', lazy: () => loadCallPage().then((m) => ({ Component: () => <m.CallPage audience="staff" /> })) },
      { path: '/account/security', element: <SecurityPage /> },
      { path: '/device-check', lazy: () => loadDeviceCheck().then((m) => ({ Component: m.StaffDeviceCheckPage })) },
      { path: '/practice', element: <PracticePage /> },
      // The reports page (recharts) loads on first visit.
      { path: '/billing/reports', lazy: loadReportsPage },
      { path: '/billing', element: <BillingPage /> },
      { path: '/billing/new', element: <NewInvoicePage /> },
      { path: '/billing/profile', element: <MyBillingProfilePage /> },
      { path: '/billing/invoices/:id', element: <InvoicePage /> },
      { path: '/billing/invoices/:id/edit', element: <EditInvoicePage /> },
      { path: '/notes/missing', element: <MissingNotesPage /> },
      { path: '/notes/new', element: <NewNotePage /> },
      { path: '/notes/:id', element: <NoteEditorPage /> },
      { path: '/practice/note-templates', element: <NoteTemplatesPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
];
