// The staff shell's routes: the public sign-in pages in their frame, and the signed-in app inside
// RequireSession (./AppFrame.tsx). Pages come from the features' public faces only; the sign-in
// pages come with the app, every page behind sign-in loads on first visit (route `lazy`), so the
// staff app's first screen does not download the calendar, the reports or the billing pages.
import type { ComponentType } from 'react';
import { Navigate, Outlet, type RouteObject } from 'react-router';
import { ConnectionIndicator } from '../../components/ConnectionIndicator.js';
import { loadSecurityPage } from '../../features/account/index.js';
import { NotFound, RequireSession } from './AppFrame.js';
import { AcceptInvitePage, ForgotPasswordPage, ResetPasswordPage, LoginPage, SignupPage, SignupVerifyPage } from '../../features/auth/index.js';
import { loadClientProfilePage, loadClientsPage, loadImportPage, loadNewClientPage } from '../../features/clients/index.js';
import { loadPracticePage } from '../../features/practice/index.js';
import { ClientMessagesRedirect } from '../../features/messages/index.js';
import { loadRequestsPage } from '../../features/booking/index.js';
import { loadAppointmentsPage, loadCalendarPage } from '../../features/scheduling/index.js';
import { loadAvailabilityPage } from '../../features/availability/index.js';
import { loadCallPage, loadCallsPage, loadDeviceCheck } from '../../features/calls/index.js';
import { loadCallHistoryPage, loadInboxPage, loadTodayPage } from '../../features/today/index.js';
import { PageFrame } from '../../components/PageFrame.js';
import { PageLoadError, RoutePageError } from '../../components/PageLoadError.js';
import { loadReportsPage } from '../../features/reports/index.js';
import { loadBillingPage, loadInvoiceEditor, loadInvoicePage, loadMyBillingProfilePage } from '../../features/billing/index.js';
import { loadMissingNotesPage, loadNewNotePage, loadNoteEditorPage, loadNoteTemplatesPage } from '../../features/notes/index.js';

/**
 * A page that fails as it draws says so inside the frame (menu and connection state stay), rather
 * than React Router's "Unexpected Application Error!" in place of the whole app.
 */
function withPageErrors(routes: RouteObject[]): RouteObject[] {
  return routes.map((r) => ({ ...r, errorElement: <RoutePageError /> }));
}

/**
 * A route's `lazy`: the page component `pick` finds in the module `load` brings. When the code does
 * not arrive, the page says so with a reload (React Router would render nothing at all: a route
 * whose `lazy` failed keeps it, and a route with a pending `lazy` is left out of the render).
 */
function page<M>(load: () => Promise<M>, pick: (m: M) => ComponentType): RouteObject['lazy'] {
  return async () => {
    try {
      return { Component: pick(await load()) };
    } catch (error) {
      return { Component: () => <PageLoadError error={error} /> };
    }
  };
}
const byComponent = (m: { Component: ComponentType }) => m.Component;

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
    children: withPageErrors([
      { path: '/login', element: <LoginPage /> },
      { path: '/signup', element: <SignupPage /> },
      { path: '/signup/verify', element: <SignupVerifyPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      { path: '/accept-invite', element: <AcceptInvitePage /> },
    ]),
  },
  {
    element: <RequireSession />,
    children: withPageErrors([
      { index: true, element: <Navigate to="/today" replace /> },
      { path: '/today', lazy: page(loadTodayPage, (m) => m.TodayPage) },
      { path: '/inbox', lazy: page(loadInboxPage, (m) => m.InboxPage) },
      { path: '/inbox/:clientId', lazy: page(loadInboxPage, (m) => m.InboxPage) },
      { path: '/clients', lazy: page(loadClientsPage, (m) => m.ClientsPage) },
      { path: '/clients/new', lazy: page(loadNewClientPage, (m) => m.NewClientPage) },
      { path: '/clients/import', lazy: page(loadImportPage, (m) => m.ImportPage) },
      { path: '/clients/:id', lazy: page(loadClientProfilePage, (m) => m.ClientProfilePage) },
      { path: '/clients/:id/messages', element: <ClientMessagesRedirect /> },
      { path: '/appointments', lazy: page(loadAppointmentsPage, (m) => m.AppointmentsPage) },
      { path: '/calendar', lazy: page(loadCalendarPage, byComponent) },
      { path: '/appointment-requests', lazy: page(loadRequestsPage, (m) => m.RequestsPage) },
      { path: '/availability', lazy: page(loadAvailabilityPage, (m) => m.AvailabilityPage) },
      { path: '/calls', lazy: page(loadCallsPage, (m) => m.CallsPage) },
      { path: '/calls/history', lazy: page(loadCallHistoryPage, (m) => m.CallHistoryPage) },
      { path: '/calls/:id', lazy: page(loadCallPage, (m) => () => <m.CallPage audience="staff" />) },
      { path: '/account/security', lazy: page(loadSecurityPage, (m) => m.SecurityPage) },
      { path: '/device-check', lazy: page(loadDeviceCheck, (m) => m.StaffDeviceCheckPage) },
      { path: '/practice', lazy: page(loadPracticePage, (m) => m.PracticePage) },
      { path: '/billing/reports', lazy: page(loadReportsPage, byComponent) },
      { path: '/billing', lazy: page(loadBillingPage, (m) => m.BillingPage) },
      { path: '/billing/new', lazy: page(loadInvoiceEditor, (m) => m.NewInvoicePage) },
      { path: '/billing/profile', lazy: page(loadMyBillingProfilePage, (m) => m.MyBillingProfilePage) },
      { path: '/billing/invoices/:id', lazy: page(loadInvoicePage, (m) => m.InvoicePage) },
      { path: '/billing/invoices/:id/edit', lazy: page(loadInvoiceEditor, (m) => m.EditInvoicePage) },
      { path: '/notes/missing', lazy: page(loadMissingNotesPage, (m) => m.MissingNotesPage) },
      { path: '/notes/new', lazy: page(loadNewNotePage, (m) => m.NewNotePage) },
      { path: '/notes/:id', lazy: page(loadNoteEditorPage, (m) => m.NoteEditorPage) },
      { path: '/practice/note-templates', lazy: page(loadNoteTemplatesPage, (m) => m.NoteTemplatesPage) },
      { path: '*', element: <NotFound /> },
    ]),
  },
];
