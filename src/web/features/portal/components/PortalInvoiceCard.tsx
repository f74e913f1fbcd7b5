// One invoice or credit note on the portal's Billing page: its number and status in words, date,
// total and what is left, the Pay button (or why there is none), and its PDFs: the invoice, and a
// receipt for each payment applied to it, in the language chosen on the page.
import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import type { PortalInvoice } from '../../../../shared/billing.js';
import type { BillingLocale } from '../../../../shared/money.js';
import { LiveRowError } from '../../../components/LiveNotice.js';
import { invoicePdfHref, receiptPdfHref } from '../api/portalInvoices.js';
import { dateLabel, isDue, money, statusWords } from './billingParts.js';

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
  const intl = useIntl();
  const status = processing ? { text: intl.formatMessage({ id: 'portal.invoice.processing', defaultMessage: 'Payment received, processing' }), tone: 'due' as const } : statusWords(intl, i, now);
  const headingId = `invoice-${i.id}`;
  const kind = i.kind === 'credit_note' ? 'credit_note' : 'invoice';
  const name = intl.formatMessage({ id: 'portal.invoice.name', defaultMessage: '{kind, select, credit_note {Credit note} other {Invoice}} {number}' }, { kind, number: i.number });
  const hidden = (c: ReactNode[]) => <span className="visually-hidden">{c}</span>;
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
        <dt>
          <FormattedMessage id="portal.invoice.date" defaultMessage="Date" />
        </dt>
        <dd>{dateLabel(intl, i.issuedAt)}</dd>
        <dt>{i.kind === 'credit_note' ? <FormattedMessage id="portal.invoice.credit" defaultMessage="Credit" /> : <FormattedMessage id="portal.invoice.total" defaultMessage="Total" />}</dt>
        <dd>{money(intl, i, i.kind === 'credit_note' ? Math.abs(i.totalCents) : i.totalCents)}</dd>
        {isDue(i) ? (
          <>
            <dt>
              <FormattedMessage id="portal.invoice.left" defaultMessage="Left to pay" />
            </dt>
            <dd data-testid="portal-invoice-balance">
              <strong>{money(intl, i, i.balanceCents)}</strong>
            </dd>
          </>
        ) : null}
      </dl>
      {processing ? (
        <p className="field-description" data-testid="portal-invoice-processing">
          <FormattedMessage id="portal.invoice.onItsWay" defaultMessage="Your payment is on its way. You do not need to pay again." />
        </p>
      ) : i.canPay ? (
        <Button className="btn primary pay-button" isDisabled={paying !== null} onPress={onPay} data-testid="portal-pay" data-state={opening ? 'opening' : 'idle'}>
          {opening ? (
            <FormattedMessage id="portal.invoice.opening" defaultMessage="Opening the secure payment page…" />
          ) : (
            <FormattedMessage id="portal.invoice.pay" defaultMessage="Pay {amount}<h> for {name}</h>" values={{ amount: money(intl, i, i.balanceCents), name, h: hidden }} />
          )}
        </Button>
      ) : isDue(i) && payable ? (
        <p className="field-description">
          <FormattedMessage id="portal.invoice.offline" defaultMessage="This invoice cannot be paid online. To pay it, contact {practice}." values={{ practice: practiceName }} />
        </p>
      ) : null}
      <ul className="invoice-docs">
        <li>
          <a href={invoicePdfHref(i.id, locale)} download data-testid="portal-invoice-pdf">
            <FormattedMessage
              id="portal.invoice.download"
              defaultMessage="Download {kind, select, credit_note {credit note} other {invoice}}<h> {number}</h> (PDF)"
              values={{ kind, number: i.number, h: hidden }}
            />
          </a>
        </li>
        {i.receipts.map((r) => (
          <li key={r.paymentId}>
            <a href={receiptPdfHref(r.paymentId, locale)} download data-testid="portal-receipt-pdf" data-payment-id={r.paymentId}>
              {i.receipts.length === 1 ? (
                <FormattedMessage id="portal.invoice.receipt" defaultMessage="Download receipt<h> for {name}</h> (PDF)" values={{ name, h: hidden }} />
              ) : (
                <FormattedMessage
                  id="portal.invoice.receiptOf"
                  defaultMessage="Receipt for {amount} paid {date}<h> for {name}</h> (PDF)"
                  values={{ amount: money(intl, i, r.amountCents), date: dateLabel(intl, r.receivedAt), name, h: hidden }}
                />
              )}
            </a>
          </li>
        ))}
      </ul>
      <LiveRowError testId="portal-pay-error" error={error} />
    </li>
  );
}
