// The billing area's views: invoices, reports (lane reports' page), the practice's billing settings
// (owner) and a provider's own details on superbills.
import { Link } from 'react-router';

export function BillingTabs({ current, settings, profile = false }: { current: 'invoices' | 'reports' | 'profile'; settings: boolean; profile?: boolean }) {
  return (
    <nav aria-label="Billing" className="page-tabs">
      <Link to="/billing" aria-current={current === 'invoices' ? 'page' : undefined}>
        Invoices
      </Link>
      <Link to="/billing/reports" aria-current={current === 'reports' ? 'page' : undefined}>
        Reports
      </Link>
      {settings ? <Link to="/practice#billing-h">Billing settings</Link> : null}
      {profile ? (
        <Link to="/billing/profile" aria-current={current === 'profile' ? 'page' : undefined}>
          My superbill details
        </Link>
      ) : null}
    </nav>
  );
}
