// The signed-in frame: header (practice, connection indicator, role switcher, user menu),
// navigation and the page. Rendered only once GET /api/me has answered.
import { useEffect } from 'react';
import {
  Button,
  type Key,
  Label,
  ListBox,
  ListBoxItem,
  Menu,
  MenuItem,
  MenuTrigger,
  Popover,
  Select,
  SelectValue,
} from 'react-aria-components';
import { Link, NavLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import type { MeResponse } from '../../../shared/api.js';
import { ROLE_LABELS, type Permission, type StaffRole } from '../../../shared/roles.js';
import { isApiError } from '../../api/client.js';
import { ConnectionIndicator } from '../../components/ConnectionIndicator.js';
import { QueryState } from '../../components/QueryState.js';
import { IdleWatcher } from '../../session/IdleWatcher.js';
import { heartbeat, signOut, staff } from '../../session/staff.js';
import { useMe } from '../../session/useMe.js';
import { EnrolmentPage, useSwitchRole } from '../../features/account/index.js';
import { StaffIncomingCall } from '../../features/calls/index.js';
import { StatusBanner } from '../../features/status/index.js';
import { InboxNavLink } from '../../features/today/index.js';

/**
 * The main navigation. Each entry shows only to a role that can use it (the server enforces the
 * same permissions; this keeps a billing clerk from a menu of pages that would refuse them).
 * Billing shows to the roles that read invoices; the public status page is in the account menu,
 * since it leaves the signed-in app.
 */
const NAV: { to: string; label: string; need?: Permission; inbox?: true }[] = [
  { to: '/today', label: 'Today' },
  { to: '/inbox', label: 'Inbox', need: 'messages.read', inbox: true },
  { to: '/clients', label: 'Clients', need: 'clients.read' },
  { to: '/appointments', label: 'Appointments', need: 'appointments.read' },
  { to: '/calendar', label: 'Calendar', need: 'appointments.read' },
  { to: '/appointment-requests', label: 'Requests', need: 'appointments.write' },
  { to: '/availability', label: 'Availability', need: 'appointments.write' },
  { to: '/calls', label: 'Calls', need: 'calls.start' },
  { to: '/billing', label: 'Billing', need: 'invoices.read' },
  { to: '/notes/missing', label: 'Notes', need: 'records.write' },
];

export function RequireSession() {
  const me = useMe();
  const location = useLocation();

  useEffect(() => {
    if (!me.isSuccess) return;
    heartbeat.start();
    return () => heartbeat.stop();
  }, [me.isSuccess]);

  if (me.isError && isApiError(me.error) && me.error.status === 401) {
    return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  }
  if (me.isError && isApiError(me.error) && me.error.code === 'mfa_enrollment_required') {
    return <EnrolmentFrame me={undefined} />;
  }
  if (!me.isSuccess) {
    return (
      <main id="main" className="page narrow">
        <h1>Hearth</h1>
        <QueryState query={me} what="your account">
          {() => null}
        </QueryState>
      </main>
    );
  }
  if (me.data.session.mfaEnrollmentRequired) return <EnrolmentFrame me={me.data} />;
  return <AppFrame me={me.data} />;
}

function EnrolmentFrame({ me }: { me: MeResponse | undefined }) {
  return (
    <>
      <header className="topbar">
        <span className="brand">Hearth</span>
        <ConnectionIndicator />
        <Button className="btn" onPress={signOut}>
          Sign out
        </Button>
      </header>
      <main id="main" className="page narrow" data-ready="true">
        <EnrolmentPage me={me} />
      </main>
      <IdleWatcher principal={staff} />
    </>
  );
}

function RoleSwitcher({ me }: { me: MeResponse }) {
  const m = useSwitchRole();
  if (me.user.roles.length < 2) return null;
  return (
    <Select
      className="role-switcher"
      selectedKey={me.activeRole}
      onSelectionChange={(k: Key | null) => {
        if (k && k !== me.activeRole) m.mutate(k as StaffRole);
      }}
      isDisabled={m.isPending}
      data-testid="role-switcher"
    >
      <Label>Working as</Label>
      <Button className="btn select-btn">
        <SelectValue />
        <span aria-hidden="true"> ▾</span>
      </Button>
      <Popover className="popover">
        <ListBox className="listbox">
          {me.user.roles.map((r) => (
            <ListBoxItem key={r} id={r} className="listbox-item">
              {ROLE_LABELS[r]}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}

function UserMenu({ me }: { me: MeResponse }) {
  const navigate = useNavigate();
  return (
    <MenuTrigger>
      <Button className="btn user-btn" data-testid="user-menu" aria-label={`Account menu for ${me.user.name}`}>
        <span aria-hidden="true">{me.user.name}</span> <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover">
        <Menu
          className="menu"
          onAction={(key) => {
            if (key === 'security') void navigate('/account/security');
            else if (key === 'practice') void navigate('/practice');
            else if (key === 'device-check') void navigate('/device-check');
            else if (key === 'status') void navigate('/status');
            else if (key === 'logout') signOut();
          }}
        >
          <MenuItem id="security" className="menu-item">
            Account security
          </MenuItem>
          <MenuItem id="device-check" className="menu-item" data-testid="menu-device-check">
            Test camera &amp; microphone
          </MenuItem>
          {me.permissions.includes('practice.settings.read') ? (
            <MenuItem id="practice" className="menu-item">
              Practice settings
            </MenuItem>
          ) : null}
          <MenuItem id="status" className="menu-item">
            Hearth service status
          </MenuItem>
          <MenuItem id="logout" className="menu-item" data-testid="sign-out">
            Sign out
          </MenuItem>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}

function AppFrame({ me }: { me: MeResponse }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Hearth</span>
        <span className="practice-name" data-testid="practice-name">
          {me.practice.name}
        </span>
        <ConnectionIndicator />
        <RoleSwitcher me={me} />
        <UserMenu me={me} />
      </header>
      <nav aria-label="Main" className="mainnav">
        <ul>
          {NAV.map((n) =>
            n.need && !me.permissions.includes(n.need) ? null : (
              <li key={n.to}>{n.inbox ? <InboxNavLink /> : <NavLink to={n.to}>{n.label}</NavLink>}</li>
            ),
          )}
          {me.permissions.includes('practice.settings.read') ? (
            <li>
              <NavLink to="/practice">Practice</NavLink>
            </li>
          ) : null}
          <li>
            <NavLink to="/account/security">Security</NavLink>
          </li>
        </ul>
      </nav>
      <StatusBanner audience="staff" />
      <main id="main" className="page" data-ready="true" data-testid="app-main" data-role={me.activeRole}>
        <Outlet />
      </main>
      <IdleWatcher principal={staff} />
      {me.permissions.includes('calls.start') ? <StaffIncomingCall userId={me.user.id} /> : null}
    </>
  );
}

/** An address the app does not know: say so and offer the way back. */
export function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/today">Go to Today</Link>
      </p>
    </>
  );
}
