// The nightly comparison of Stripe's card payments with Hearth's ledger, where the owner and
// billing staff see it: the latest days, and every difference (Stripe's id, the payment, both
// amounts) to look into. Ids and amounts only: no client is named here.
import type { ReconciliationRun } from '../../../../shared/billing.js';
import { formatMoney, type CurrencyCode } from '../../../../shared/money.js';
import { Card } from '../../../components/Card.js';
import { QueryState } from '../../../components/QueryState.js';
import { useReconciliation } from '../api/settings.js';

const KIND: Record<ReconciliationRun['differences'][number]['kind'], string> = {
  missing_in_ledger: 'Paid at Stripe, not in Hearth',
  missing_at_stripe: 'In Hearth, not found at Stripe',
  amount_mismatch: 'Amounts differ',
  refund_mismatch: 'Refunds differ',
};

const STATUS: Record<ReconciliationRun['status'], string> = { matched: 'Everything matched', differences: 'Differences found', failed: 'Could not reach Stripe' };

export function ReconciliationCard({ currency }: { currency: CurrencyCode }) {
  const runs = useReconciliation();
  const m = (n: number) => formatMoney(n, currency);
  return (
    <Card id="reconciliation-h" title="Card payments checked against Stripe" testId="reconciliation-card">
      <p>Each night Hearth compares the day’s card payments at Stripe with its own records. Anything that does not match is listed here.</p>
      <QueryState query={runs} what="the reconciliation" testId="reconciliation-state">
        {(r) =>
          r.items.length === 0 ? (
            <p className="muted">No check has run yet. The first runs the night after Stripe is connected.</p>
          ) : (
            <ul className="rows" data-testid="reconciliation-runs">
              {r.items.slice(0, 7).map((run) => (
                <li key={run.day} data-status={run.status}>
                  <strong>{run.day}</strong> · {STATUS[run.status]} · {run.checked} {run.checked === 1 ? 'payment' : 'payments'} checked
                  {run.differences.length ? (
                    <ul>
                      {run.differences.map((d, i) => (
                        <li key={i}>
                          {KIND[d.kind]}: Stripe {d.stripeId ?? '—'} ({m(d.stripeCents)}), Hearth {d.paymentId ?? '—'} ({m(d.ledgerCents)})
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </Card>
  );
}
