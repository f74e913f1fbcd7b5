// The portal's Billing page for one client record: what is left to pay, each issued invoice and
// credit note (number, date, total, what is left, its status in words) with its PDFs, and a Pay
// button on each one payable online, which opens Stripe's hosted page (card details never reach
// Hearth). Returning from Stripe the page says so and watches the invoice until it shows paid.
import { useEffect, useState } from 'react';
import { Checkbox } from 'react-aria-components';
import { FormattedMessage, useIntl } from 'react-intl';
import { useSearchParams } from 'react-router';
import type { PortalInvoice, PortalInvoiceList } from '../../../../shared/billing.js';
import type { BillingLocale } from '../../../../shared/money.js';
import { startCheckout, usePortalInvoices } from '../api/portalInvoices.js';
import { errorText, useClient } from './appointmentParts.js';
import { isDue, money } from './billingParts.js';
import { InvoiceCard } from './PortalInvoiceCard.js';
import { LoadBlock } from './LoadBlock.js';
import { PaymentReturn, usePaymentWatch } from './PortalPaymentReturn.js';

/** Marks between words and facts (not words themselves). */
const SPACE = ' ';

export function PortalBillingPage() {
  const intl = useIntl();
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
      <h2 id="portal-billing-h">
        <FormattedMessage id="portal.section.billing" defaultMessage="Billing" />
      </h2>
      <PaymentReturn watch={watch} cancelledId={cancelledId} items={list} />
      <LoadBlock query={invoices} what={intl.formatMessage({ id: 'portal.billing.what', defaultMessage: 'your invoices' })} testId="portal-invoices" extra={{ 'data-count': list.length, 'data-due': list.filter(isDue).length }}>
        {(d) => <InvoicesView list={d} practiceName={practiceName} now={invoices.dataUpdatedAt} processing={watch.state === 'waiting' || watch.state === 'slow' ? watch.invoiceId : null} />}
      </LoadBlock>
    </section>
  );
}

/** `processing`: the invoice just paid at Stripe whose payment has not shown yet (no Pay on it: nobody pays twice). */
function InvoicesView({ list, practiceName, now, processing }: { list: PortalInvoiceList; practiceName: string; now: number; processing: string | null }) {
  const intl = useIntl();
  const [saveCard, setSaveCard] = useState(false);
  // The PDFs' language: the page's own to begin with.
  const [locale, setLocale] = useState<BillingLocale>(() => (intl.locale.toLowerCase().startsWith('es') ? 'es-US' : 'en-US'));
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
      setErrors((all) => ({ ...all, [invoice.id]: errorText(intl, e, { id: 'portal.billing.payFailed', defaultMessage: 'The payment page could not be opened. Nothing was charged; please try again.' }) }));
      setPaying(null);
    }
  };

  if (!list.items.length) {
    return (
      <p className="muted">
        <FormattedMessage id="portal.billing.none" defaultMessage="No invoices yet. When {practice} sends you an invoice, it appears here." values={{ practice: practiceName }} />
      </p>
    );
  }
  const due = list.items.filter((i) => isDue(i) && i.id !== processing);
  const payable = list.items.some((i) => i.canPay);
  const first = list.items[0]!;
  const owed = due.reduce((sum, i) => sum + i.balanceCents, 0);
  return (
    <>
      <p className="billing-summary" data-testid="portal-billing-due" data-cents={owed}>
        {owed > 0 ? (
          <FormattedMessage
            id="portal.billing.owed"
            defaultMessage="You have <b>{amount}</b> to pay on {count, plural, one {# invoice} other {# invoices}}."
            values={{ b: (c) => <strong>{c}</strong>, amount: money(intl, first, owed), count: due.length }}
          />
        ) : (
          <FormattedMessage id="portal.billing.nothing" defaultMessage="You have nothing to pay. Thank you." />
        )}
      </p>
      {owed > 0 && !payable ? (
        <p className="notice" data-testid="portal-pay-offline">
          <FormattedMessage id="portal.billing.payOffline" defaultMessage="Online card payment is not available yet. To pay, contact {practice}." values={{ practice: practiceName }} />
        </p>
      ) : null}
      {list.autopay && list.cardOnFile ? (
        <p className="notice" data-testid="portal-autopay-on">
          <FormattedMessage
            id="portal.billing.autopayOn"
            defaultMessage="Automatic payments are on: new invoices from {practice} are paid with the card you saved at Stripe. To turn this off, send {practice} a message."
            values={{ practice: practiceName }}
          />
        </p>
      ) : payable ? (
        <Checkbox className="checkbox autopay-consent" isSelected={saveCard} onChange={setSaveCard} isDisabled={paying !== null} data-testid="portal-save-card">
          <span className="box" aria-hidden="true" />
          <span>
            <strong>
              <FormattedMessage id="portal.billing.saveCard" defaultMessage="Save my card for automatic payments" />
            </strong>{SPACE}
            <span className="field-description consent-text">
              <FormattedMessage
                id="portal.billing.saveCardConsent"
                defaultMessage="I agree that {practice} may charge this card through Stripe for my future invoices when they are issued. I can stop this at any time by sending {practice} a message."
                values={{ practice: practiceName }}
              />
            </span>
          </span>
        </Checkbox>
      ) : null}
      <ul className="invoice-list" data-testid="portal-invoice-list">
        {list.items.map((i) => (
          <InvoiceCard key={i.id} invoice={i} now={now} locale={locale} practiceName={practiceName} payable={payable} processing={i.id === processing} paying={paying} onPay={() => void pay(i)} error={errors[i.id] ?? null} />
        ))}
      </ul>
      <PdfLanguage locale={locale} onChange={setLocale} />
      {payable ? (
        <p className="field-description">
          <FormattedMessage
            id="portal.billing.stripe"
            defaultMessage="Card payments are made on Stripe’s secure page. Your card details are kept by Stripe: Hearth and {practice} never see your card number."
            values={{ practice: practiceName }}
          />
        </p>
      ) : null}
    </>
  );
}

/** English or Spanish PDFs (whatever the page's language: the documents are written in both). */
function PdfLanguage({ locale, onChange }: { locale: BillingLocale; onChange: (l: BillingLocale) => void }) {
  const choices: { value: BillingLocale; label: string; lang: string }[] = [
    { value: 'en-US', label: 'English', lang: 'en' },
    { value: 'es-US', label: 'Español', lang: 'es' },
  ];
  return (
    <div role="radiogroup" aria-labelledby="pdf-language-label" className="pdf-language" data-testid="portal-pdf-language">
      <span id="pdf-language-label">
        <FormattedMessage id="portal.billing.pdfLanguage" defaultMessage="PDF language:" />
      </span>
      {choices.map((c) => (
        <label key={c.value} lang={c.lang}>
          <input type="radio" name="pdf-language" value={c.value} checked={locale === c.value} onChange={() => onChange(c.value)} />
          {c.label}
        </label>
      ))}
    </div>
  );
}
