// The billing area's views: invoices, reports (lane reports' page) and the practice's billing settings.
import { Link } from 'react-router';

export function BillingTabs({ current, settings }: { current: 'invoices' | 'reports'; settings: boolean }) {
  return (
    <nav aria-label="Billing" className="page-tabs">
      <Link to="/billing" aria-current={current === 'invoices' ? 'page' : undefined}>
        Invoices
      </Link>
      <Link to="/billing/reports" aria-current={current === 'reports' ? 'page' : undefined}>
        Reports
      </Link>
      {settings ? <Link to="/practice#billing-h">Billing settings</Link> : null}
    </nav>
  );
}
