// Invoices over the API: the list (cursor pages, "Load more"), one invoice, and what changes one
// (create, edit a draft, issue, void, credit note, refund, delete a draft). Every change refreshes
// the invoice, the lists and the client's balance (all under the billing root).
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { Invoice, InvoiceList, Refund, type CreditNoteCreate, type InvoiceCreate, type InvoicePatch, type InvoiceVoid, type RefundCreate } from '../../../../shared/billing.js';
import { api } from '../../../api/client.js';
import { backoff, transient } from '../../../api/retry.js';
import { useStaffRead } from '../../../lib/retry.js';
import { billingKeys, type InvoiceFilters } from './keys.js';

export const INVOICE_PAGE = 25;

export function invoiceListPath(f: InvoiceFilters, cursor: string | null): string {
  const qs = new URLSearchParams();
  if (f.status) qs.set('status', f.status);
  if (f.clientId) qs.set('clientId', f.clientId);
  qs.set('limit', String(INVOICE_PAGE));
  if (cursor) qs.set('cursor', cursor);
  return `/api/invoices?${qs.toString()}`;
}

export function useInvoiceList(f: InvoiceFilters) {
  return useInfiniteQuery({
    queryKey: billingKeys.invoiceList(f),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => api.get(invoiceListPath(f, pageParam), InvoiceList, { signal }),
    getNextPageParam: (last) => last.nextCursor,
    retry: (_n, err) => transient(err),
    retryDelay: backoff,
  });
}

const invoicePath = (id: string) => `/api/invoices/${encodeURIComponent(id)}`;

export function useInvoice(id: string) {
  return useStaffRead(billingKeys.invoice(id), invoicePath(id), Invoice);
}

/** Where the invoice's PDF is served (lane pdf): a plain link, so the browser downloads it. */
export const invoicePdfHref = (id: string) => `${invoicePath(id)}/pdf`;

const Created = z.object({ id: z.string() }).passthrough();

export function useInvoiceActions() {
  const qc = useQueryClient();
  const refresh = async (inv?: Invoice) => {
    if (inv) qc.setQueryData(billingKeys.invoice(inv.id), inv);
    await qc.invalidateQueries({ queryKey: billingKeys.all });
  };
  return {
    create: async (body: InvoiceCreate) => {
      const inv = await api.post(`/api/invoices`, body, Created);
      await refresh();
      return inv.id;
    },
    edit: async (id: string, body: InvoicePatch) => {
      const inv = await api.patch(invoicePath(id), body, Invoice);
      await refresh(inv);
      return inv;
    },
    issue: async (id: string) => {
      const inv = await api.post(`${invoicePath(id)}/issue`, {}, Invoice);
      await refresh(inv);
      return inv;
    },
    /** Voids; with `replace`, answers the replacement draft's id (the client's newest draft that replaces it). */
    void: async (id: string, body: z.infer<typeof InvoiceVoid>): Promise<{ voided: Invoice; replacementId: string | null }> => {
      const voided = await api.post(`${invoicePath(id)}/void`, body, Invoice);
      await refresh(voided);
      if (!body.replace) return { voided, replacementId: null };
      const drafts = await api.get(invoiceListPath({ status: 'draft', clientId: voided.clientId }, null), InvoiceList);
      for (const d of drafts.items) {
        const full = await api.get(invoicePath(d.id), Invoice);
        if (full.replacesInvoiceId === id) return { voided, replacementId: full.id };
      }
      return { voided, replacementId: null };
    },
    creditNote: async (id: string, body: z.infer<typeof CreditNoteCreate>) => {
      const cn = await api.post(`${invoicePath(id)}/credit-notes`, body, Created);
      await refresh();
      return cn.id;
    },
    refund: async (id: string, body: z.infer<typeof RefundCreate>) => {
      const r = await api.post(`${invoicePath(id)}/refunds`, body, Refund);
      await refresh();
      return r;
    },
    remove: async (id: string) => {
      await api.del(invoicePath(id));
      qc.removeQueries({ queryKey: billingKeys.invoice(id) });
      await refresh();
    },
  };
}
