// One client record's invoices in the portal (GET /api/portal/invoices?clientId=), where its PDFs
// (invoice, and each payment's receipt; lane pdf's routes) download from, and the start of a card payment (POST …/checkout answers the Stripe page to go to).
import { useQuery } from '@tanstack/react-query';
// Types only: the portal's menu badge reads this list on the client entry's first screen, which must
// not download zod (issue 19's budget); the server's contract tests hold the answers to the schemas.
import type { PortalCheckoutAnswer, PortalInvoiceList } from '../../../../shared/billing.js';
import type { BillingLocale } from '../../../../shared/money.js';
import { portalApi } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { portalQueryClient } from '../../../session/portal.js';

export const invoiceKeys = {
  list: (clientId: string) => ['portal', 'client', clientId, 'invoices'] as const,
};

/** How often the list is asked again while a payment is awaited. */
export const POLL_MS = 3000;

const listPath = (clientId: string) => `/api/portal/invoices?clientId=${encodeURIComponent(clientId)}`;

/**
 * The list: the Billing page asks on each visit (staleTime 0), the menu's badge reuses an answer up
 * to a minute old. While `pollWhile` holds (back from Stripe, until the payment shows) it asks
 * again every POLL_MS. Retries and polls are background requests (the app's doing, not the person's:
 * they must not keep an idle session alive), as ./read.ts does.
 */
export function portalInvoicesQuery(clientId: string, opts: { staleTime?: number; pollWhile?: (list: PortalInvoiceList | undefined) => boolean } = {}) {
  const key = invoiceKeys.list(clientId);
  return {
    queryKey: key,
    staleTime: opts.staleTime ?? 0,
    refetchInterval: (query: { state: { data: PortalInvoiceList | undefined } }) => (opts.pollWhile?.(query.state.data) ? POLL_MS : false),
    queryFn: ({ signal }: { signal: AbortSignal }) => {
      const state = portalQueryClient.getQueryState(key);
      const background = (state?.fetchFailureCount ?? 0) > 0 || (opts.pollWhile !== undefined && state?.data !== undefined);
      return portalApi.get<PortalInvoiceList>(listPath(clientId), undefined, { signal, background });
    },
    retry: (_count: number, err: unknown) => transient(err),
    retryDelay: backoff,
  };
}

export const usePortalInvoices = (clientId: string, opts: Parameters<typeof portalInvoicesQuery>[1] = {}) => useQuery(portalInvoicesQuery(clientId, opts));

const invoicePath = (invoiceId: string) => `/api/portal/invoices/${encodeURIComponent(invoiceId)}`;
/** The PDFs' language: English unless the client asks for Spanish (the PDFs are written in both). */
const lang = (locale: BillingLocale) => (locale === 'en-US' ? '' : `?locale=${locale}`);
export const invoicePdfHref = (invoiceId: string, locale: BillingLocale) => `${invoicePath(invoiceId)}/pdf${lang(locale)}`;
export const receiptPdfHref = (paymentId: string, locale: BillingLocale) => `/api/portal/payments/${encodeURIComponent(paymentId)}/receipt${lang(locale)}`;

/** Opens (or reuses: the server keys it on the invoice and attempt) a Stripe Checkout page for the invoice's balance. */
export const startCheckout = (invoiceId: string, saveCardForAutopay: boolean) =>
  portalApi.post<PortalCheckoutAnswer>(`${invoicePath(invoiceId)}/checkout`, saveCardForAutopay ? { saveCardForAutopay: true } : {});
