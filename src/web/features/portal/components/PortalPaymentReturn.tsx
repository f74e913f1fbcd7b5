// Back from Stripe's hosted page: after paying, the Billing page says the payment was received and
// asks for the list every few seconds until the invoice shows paid (Stripe tells Hearth by webhook,
// which can take a moment), then thanks the client; after two minutes it stops asking and says the
// payment will still show, so nobody pays twice. After cancelling, it says nothing was charged.
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import type { PortalInvoice } from '../../../../shared/billing.js';
import { LiveNotice } from '../../../components/LiveNotice.js';
import { isDue } from './billingParts.js';

export const WATCH_POLL_MS = 3000;
const WATCH_FOR_MS = 120_000;

export type WatchState = 'none' | 'waiting' | 'paid' | 'slow';

export interface PaymentWatch {
  invoiceId: string | null;
  state: WatchState;
  invoice: PortalInvoice | undefined;
  checkAgain: () => void;
}

/** Whether this list still waits for the paid invoice to show as paid. */
const awaiting = (paidId: string, items: PortalInvoice[] | undefined) => {
  const invoice = items?.find((i) => i.id === paidId);
  return !invoice || isDue(invoice);
};

/**
 * Watching for a payment to show (back from Stripe with `paidId`): `pollWhile` tells the list's
 * query to ask again while it runs and the invoice is still due; `watch(items)` is what the page
 * says, from the list it shows.
 */
export function usePaymentWatch(paidId: string | null) {
  // Each watch (the invoice, and each "Check again") runs WATCH_FOR_MS; `expired` names the one that ran out.
  const [round, setRound] = useState(0);
  const [expired, setExpired] = useState<string | null>(null);
  const watchKey = paidId ? `${paidId}#${round}` : null;
  useEffect(() => {
    if (!watchKey) return;
    const t = setTimeout(() => setExpired(watchKey), WATCH_FOR_MS);
    return () => clearTimeout(t);
  }, [watchKey]);
  const running = watchKey !== null && expired !== watchKey;
  const checkAgain = () => setRound((r) => r + 1);
  return {
    pollWhile: (list: { items: PortalInvoice[] } | undefined) => running && paidId !== null && awaiting(paidId, list?.items),
    watch: (items: PortalInvoice[] | undefined): PaymentWatch => {
      const state: WatchState = !paidId ? 'none' : !awaiting(paidId, items) ? 'paid' : running ? 'waiting' : 'slow';
      return { invoiceId: paidId, state, invoice: paidId ? items?.find((i) => i.id === paidId) : undefined, checkAgain };
    },
  };
}

export function PaymentReturn({ watch, cancelledId, items }: { watch: PaymentWatch; cancelledId: string | null; items: PortalInvoice[] }) {
  const intl = useIntl();
  const cancelled = cancelledId ? items.find((i) => i.id === cancelledId) : undefined;
  // "invoice INV-000012", "credit note CN-000003", or "your invoice" when the list does not show it.
  const name = (i: PortalInvoice | undefined) =>
    intl.formatMessage(
      { id: 'portal.payment.name', defaultMessage: '{kind, select, credit_note {credit note {number}} invoice {invoice {number}} other {your invoice}}' },
      { kind: i?.kind ?? 'unknown', number: i?.number ?? '' },
    );
  let text: string | null = null;
  if (watch.state === 'waiting')
    text = intl.formatMessage({ id: 'portal.payment.waiting', defaultMessage: 'Payment received — it can take a minute to show. This page updates by itself when {name} shows as paid.' }, { name: name(watch.invoice) });
  else if (watch.state === 'paid') text = intl.formatMessage({ id: 'portal.payment.paid', defaultMessage: 'Thank you: {name} is paid. Your receipt is below.' }, { name: name(watch.invoice) });
  else if (watch.state === 'slow') text = intl.formatMessage({ id: 'portal.payment.slow', defaultMessage: 'Your payment has not shown here yet. It can take a few minutes; you do not need to pay again.' });
  else if (cancelledId)
    text = intl.formatMessage({ id: 'portal.payment.cancelled', defaultMessage: 'Payment cancelled: nothing was charged for {name}. You can pay whenever you are ready.' }, { name: name(cancelled) });
  return (
    <div className="payment-return" data-testid="portal-payment-return" data-state={watch.state !== 'none' ? watch.state : cancelledId ? 'cancelled' : 'none'}>
      <LiveNotice testId="portal-payment-notice">{text}</LiveNotice>
      {watch.state === 'slow' ? (
        <Button className="btn" onPress={watch.checkAgain} data-testid="portal-payment-check-again">
          <FormattedMessage id="portal.payment.checkAgain" defaultMessage="Check again" />
        </Button>
      ) : null}
    </div>
  );
}
