// Billing in the portal's menus: the top bar's "Billing" entry with a badge counting invoices left
// to pay (its accessible name says it in words: "Billing, 2 to pay"), the record's section link with
// the same badge, and /portal/billing, which opens the one record's Billing page or, for an account
// linked to several practices, lists them.
import { useQueries } from '@tanstack/react-query';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { Link, Navigate, NavLink, useLocation } from 'react-router';
import { portalBillingPath } from '../../../../shared/portal-paths.js';
import { usePortalMe } from '../../../session/portal.js';
import { portalInvoicesQuery, usePortalInvoices } from '../api/portalInvoices.js';
import { isDue } from './billingParts.js';

/** Marks between words and facts (not words themselves). */
const SPACE = ' ';

/** The badge reuses a list up to a minute old; the Billing page itself always asks again. */
const BADGE_STALE_MS = 60_000;

function Badge({ n, testId }: { n: number; testId: string }) {
  if (n <= 0) return null;
  return (
    <span className="nav-badge" aria-hidden="true" data-testid={testId}>
      {n > 99 ? <FormattedMessage id="portal.nav.badgeMax" defaultMessage="{max}+" values={{ max: 99 }} /> : n}
    </span>
  );
}

const label = (intl: IntlShape, n: number) => intl.formatMessage({ id: 'portal.billing.navLabel', defaultMessage: '{n, plural, =0 {Billing} other {Billing, # to pay}}' }, { n: Math.max(0, n) });
const BILLING = { id: 'portal.section.billing', defaultMessage: 'Billing' };

/** How many invoices are left to pay on each of the account's records (undefined while unknown). */
function useDueCounts(clientIds: string[]) {
  const results = useQueries({ queries: clientIds.map((id) => portalInvoicesQuery(id, { staleTime: BADGE_STALE_MS })) });
  return results.map((r) => (r.data ? r.data.items.filter(isDue).length : undefined));
}

export function PortalBillingNavLink() {
  const intl = useIntl();
  const me = usePortalMe();
  const links = me.data?.links ?? [];
  const counts = useDueCounts(links.map((l) => l.clientId));
  if (!links.length) return null;
  const due = counts.reduce<number>((sum, n) => sum + (n ?? 0), 0);
  const to = links.length === 1 ? portalBillingPath(links[0]!.clientId) : '/portal/billing';
  return (
    <NavLink to={to} aria-label={label(intl, due)} data-testid="portal-billing-link" data-due={counts.every((n) => n !== undefined) ? due : undefined}>
      {intl.formatMessage(BILLING)}
      <Badge n={due} testId="portal-billing-badge" />
    </NavLink>
  );
}

/** The record's "Billing" section link, badged like the top bar's. */
export function BillingSectionLink({ clientId, to }: { clientId: string; to: string }) {
  const intl = useIntl();
  const list = usePortalInvoices(clientId, { staleTime: BADGE_STALE_MS });
  const due = list.data?.items.filter(isDue).length ?? 0;
  return (
    <NavLink to={to} aria-label={label(intl, due)}>
      {intl.formatMessage(BILLING)}
      <Badge n={due} testId="portal-section-billing-badge" />
    </NavLink>
  );
}

/** /portal/billing: the one record's Billing page, or a choice between the practices. */
export function PortalBillingChooser() {
  const intl = useIntl();
  const me = usePortalMe();
  const { search } = useLocation();
  const links = me.data?.links ?? [];
  const counts = useDueCounts(links.map((l) => l.clientId));
  if (links.length === 1) return <Navigate to={`${portalBillingPath(links[0]!.clientId)}${search}`} replace />;
  return (
    <div data-testid="portal-billing-chooser" data-ready={me.isSuccess ? 'true' : 'false'}>
      <p className="breadcrumb">
        <Link to="/portal">
          <FormattedMessage id="portal.breadcrumb.home" defaultMessage="← Your portal" />
        </Link>
      </p>
      <h1>{intl.formatMessage(BILLING)}</h1>
      {links.length === 0 ? (
        <p>
          <FormattedMessage id="portal.billing.noPractice" defaultMessage="Your account is not connected to a practice yet, so there is nothing to pay." />
        </p>
      ) : (
        <ul className="portal-links" aria-label={intl.formatMessage({ id: 'portal.home.practices', defaultMessage: 'Your practices' })}>
          {links.map((l, i) => (
            <li key={l.clientId} className="card">
              <h2>{l.practiceName}</h2>
              <p>
                {counts[i] === undefined ? (
                  <FormattedMessage id="portal.billing.checking" defaultMessage="Checking your invoices…" />
                ) : (
                  <FormattedMessage id="portal.billing.toPay" defaultMessage="{n, plural, =0 {Nothing to pay} one {# invoice to pay} other {# invoices to pay}}" values={{ n: counts[i] }} />
                )}
              </p>
              <Link className="btn primary" to={portalBillingPath(l.clientId)}>
                {intl.formatMessage(BILLING)}{SPACE}
                <span className="visually-hidden">{intl.formatMessage({ id: 'portal.section.at', defaultMessage: 'at {practice}' }, { practice: l.practiceName })}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
