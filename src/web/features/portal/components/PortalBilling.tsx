// The portal's Billing page for one client record: what is left to pay, each issued invoice and
// credit note (number, date, total, what is left, its status in words) with its PDFs, and a Pay
// button on each one payable online, which opens Stripe's hosted page (card details never reach
// Hearth). Returning from Stripe the page says so and watches the invoice until it shows paid.
import { useEffect, useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import type { PortalInvoice, PortalInvoiceList } from '../../../../shared/billing.js';
import { LiveRowError } from '../../../components/LiveNotice.js';
import { invoicePdfHref, receiptPdfHref, startCheckout, usePortalInvoices } from '../api/portalInvoices.js';
import { errorText, useClient } from './appointmentParts.js';
import { dateLabel, hasReceipt, isDue, kindLabel, money, statusWords } from './billingParts.js';
import { LoadBlock } from './PortalPages.js';
import { PaymentReturn, usePaymentWatch } from './PortalPaymentReturn.js';

export function PortalBillingPage() {
  const { clientId, practiceName } = useClient();
  const [params] = useSearchParams();
  const paidId = params.get('paid');
  const cancelledId = params.get('cancelled');
  const payment = usePaymentWatch(paidId);
  const invoices = usePortalInvoices(clientId, { pollWhile: payment.pollWhile });
  const list = invoices.data?.items ?? [];
  const watch = payment.watch(invoices.data?.items);
  return (
    <section aria-labelledby="portal-billing-h" data-testid="portal-billing-page">
      <h2 id="portal-billing-h">Billing</h2>
      <PaymentReturn watch={watch} cancelledId={cancelledId} items={list} />
      <LoadBlock query={invoices} what="your invoices" testId="portal-invoices" extra={{ 'data-count': list.length, 'data-due': list.filter(isDue).length }}>
        {(d) => <InvoicesView list={d} practiceName={practiceName} now={invoices.dataUpdatedAt} />}
      </LoadBlock>
    </section>
  );
}

function InvoicesView({ list, practiceName, now }: { list: PortalInvoiceList; practiceName: string; now: number }) {
  const [saveCard, setSaveCard] = useState(false);
  // One payment page at a time: every Pay button waits while one is opening.
  const [paying, setPaying] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Back from Stripe's page with the browser's Back button: the page may come back from the
  // back-forward cache as it was left, with its Pay button still "opening".
  useEffect(() => {
    const onShow = (e: PageTransitionEvent) => e.persisted && setPaying(null);
    window.addEventListener('pageshow', onShow);
    return () => window.removeEventListener('pageshow', onShow);
  }, []);

  const pay = async (invoice: PortalInvoice) => {
    if (paying) return;
    setPaying(invoice.id);
    setErrors(({ [invoice.id]: _gone, ...rest }) => rest);
    try {
      const { url } = await startCheckout(invoice.id, saveCard);
      window.location.assign(url);
    } catch (e) {
      setErrors((all) => ({ ...all, [invoice.id]: errorText(e, 'The payment page could not be opened. Nothing was charged; please try again.') }));
      setPaying(null);
    }
  };

  if (!list.items.length) {
    return <p className="muted">No invoices yet. When {practiceName} sends you an invoice, it appears here.</p>;
  }
  const due = list.items.filter(isDue);
  const payable = list.items.some((i) => i.canPay);
  const first = list.items[0]!;
  const owed = due.reduce((sum, i) => sum + i.balanceCents, 0);
  return (
    <>
      <p className="billing-summary" data-testid="portal-billing-due" data-cents={owed}>
        {owed > 0 ? (
          <>
            You have <strong>{money(first, owed)}</strong> to pay on {due.length === 1 ? '1 invoice' : `${due.length} invoices`}.
          </>
        ) : (
          'You have nothing to pay. Thank you.'
        )}
      </p>
      {owed > 0 && !payable ? (
        <p className="notice" data-testid="portal-pay-offline">
          Online card payment is not available yet. To pay, contact {practiceName}.
        </p>
      ) : null}
      {list.autopay && list.cardOnFile ? (
        <p className="notice" data-testid="portal-autopay-on">
          Automatic payments are on: new invoices from {practiceName} are paid with the card you saved at Stripe. To turn this off, send {practiceName} a message.
        </p>
      ) : payable ? (
        <Checkbox className="checkbox autopay-consent" isSelected={saveCard} onChange={setSaveCard} isDisabled={paying !== null} data-testid="portal-save-card">
          <span className="box" aria-hidden="true" />
          <span>
            <strong>Save my card for automatic payments</strong>
            <span className="field-description consent-text">
              {` I agree that ${practiceName} may charge this card through Stripe for my future invoices when they are issued. My card details are kept by Stripe, not by ${practiceName} or Hearth. I can stop this at any time by sending ${practiceName} a message.`}
            </span>
          </span>
        </Checkbox>
      ) : null}
      <ul className="invoice-list" data-testid="portal-invoice-list">
        {list.items.map((i) => (
          <InvoiceCard key={i.id} invoice={i} now={now} practiceName={practiceName} payable={payable} paying={paying} onPay={() => void pay(i)} error={errors[i.id] ?? null} />
        ))}
      </ul>
      {payable ? <p className="field-description">Card payments are made on Stripe&rsquo;s secure page. Hearth never sees your card number.</p> : null}
    </>
  );
}

function InvoiceCard({ invoice: i, now, practiceName, payable, paying, onPay, error }: { invoice: PortalInvoice; now: number; practiceName: string; payable: boolean; paying: string | null; onPay: () => void; error: string | null }) {
  const status = statusWords(i, now);
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
      {i.canPay ? (
        <Button className="btn primary pay-button" isDisabled={paying !== null} onPress={onPay} data-testid="portal-pay" data-state={opening ? 'opening' : 'idle'}>
          {opening ? 'Opening the secure payment page…' : `Pay ${money(i, i.balanceCents)}`}
          <span className="visually-hidden">{` for ${name}`}</span>
        </Button>
      ) : isDue(i) && payable ? (
        <p className="field-description">This invoice cannot be paid online. To pay it, contact {practiceName}.</p>
      ) : null}
      <p className="invoice-docs">
        <a href={invoicePdfHref(i.id)} download data-testid="portal-invoice-pdf">
          Download {kindLabel(i).toLowerCase()}
          <span className="visually-hidden">{` ${i.number}`}</span> (PDF)
        </a>
        {hasReceipt(i) ? (
          <a href={receiptPdfHref(i.id)} download data-testid="portal-receipt-pdf">
            Download receipt<span className="visually-hidden">{` for ${name}`}</span> (PDF)
          </a>
        ) : null}
      </p>
      <LiveRowError testId="portal-pay-error" error={error} />
    </li>
  );
}

