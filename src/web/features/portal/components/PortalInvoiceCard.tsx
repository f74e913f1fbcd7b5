// One invoice or credit note on the portal's Billing page: its number and status in words, date,
// total and what is left, the Pay button (or why there is none), and its PDFs: the invoice, and a
// receipt for each payment applied to it, in the language chosen on the page.
import { Button } from 'react-aria-components';
import type { PortalInvoice } from '../../../../shared/billing.js';
import type { BillingLocale } from '../../../../shared/money.js';
import { LiveRowError } from '../../../components/LiveNotice.js';
import { invoicePdfHref, receiptPdfHref } from '../api/portalInvoices.js';
import { dateLabel, isDue, kindLabel, money, statusWords } from './billingParts.js';

export interface InvoiceCardProps {
  invoice: PortalInvoice;
  /** When the list was loaded ("overdue" is as of then). */
  now: number;
  locale: BillingLocale;
  practiceName: string;
  /** Some invoice on the page can be paid online (else the page says once how to pay). */
  payable: boolean;
  /** Paid at Stripe, not yet shown paid: no Pay button meanwhile. */
  processing: boolean;
  /** The invoice whose payment page is opening, if any: every Pay button waits meanwhile. */
  paying: string | null;
  onPay: () => void;
  error: string | null;
}

export function InvoiceCard({ invoice: i, now, locale, practiceName, payable, processing, paying, onPay, error }: InvoiceCardProps) {
  const status = processing ? { text: 'Payment received, processing', tone: 'due' as const } : statusWords(i, now);
  const headingId = `invoice-${i.id}`;
  const name = `${kindLabel(i)} ${i.number}`;
  const opening = paying === i.id;
  return (
    <li className={`card invoice tone-${status.tone}`} aria-labelledby={headingId} data-testid="portal-invoice" data-invoice-id={i.id} data-status={i.status} data-can-pay={i.canPay ? 'true' : 'false'}>
      <div className="invoice-top">
        <h3 id={headingId} className="invoice-number">
          {name}
        </h3>
        <span className={`invoice-status ${status.tone}`} data-testid="portal-invoice-status">
          {status.text}
        </span>
      </div>
      <dl className="card-facts">
        <dt>Date</dt>
        <dd>{dateLabel(i.issuedAt)}</dd>
        <dt>{i.kind === 'credit_note' ? 'Credit' : 'Total'}</dt>
        <dd>{money(i, i.kind === 'credit_note' ? Math.abs(i.totalCents) : i.totalCents)}</dd>
        {isDue(i) ? (
          <>
            <dt>Left to pay</dt>
            <dd data-testid="portal-invoice-balance">
              <strong>{money(i, i.balanceCents)}</strong>
            </dd>
          </>
        ) : null}
      </dl>
      {processing ? (
        <p className="field-description" data-testid="portal-invoice-processing">
          Your payment is on its way. You do not need to pay again.
        </p>
      ) : i.canPay ? (
        <Button className="btn primary pay-button" isDisabled={paying !== null} onPress={onPay} data-testid="portal-pay" data-state={opening ? 'opening' : 'idle'}>
          {opening ? 'Opening the secure payment page…' : `Pay ${money(i, i.balanceCents)}`}
          <span className="visually-hidden">{` for ${name}`}</span>
        </Button>
      ) : isDue(i) && payable ? (
        <p className="field-description">This invoice cannot be paid online. To pay it, contact {practiceName}.</p>
      ) : null}
      <ul className="invoice-docs">
        <li>
          <a href={invoicePdfHref(i.id, locale)} download data-testid="portal-invoice-pdf">
            Download {kindLabel(i).toLowerCase()}
            <span className="visually-hidden">{` ${i.number}`}</span> (PDF)
          </a>
        </li>
        {i.receipts.map((r) => (
          <li key={r.paymentId}>
            <a href={receiptPdfHref(r.paymentId, locale)} download data-testid="portal-receipt-pdf" data-payment-id={r.paymentId}>
              {i.receipts.length === 1 ? 'Download receipt' : `Receipt for ${money(i, r.amountCents)} paid ${dateLabel(r.receivedAt)}`}
              <span className="visually-hidden">{` for ${name}`}</span> (PDF)
            </a>
          </li>
        ))}
      </ul>
      <LiveRowError testId="portal-pay-error" error={error} />
    </li>
  );
}
