// /billing/invoices/:id: one invoice or credit note — its header (number, status, client, dates),
// its lines with their codes, the totals, the payments, and what the active role may do in its
// state: issue, edit or delete a draft; void (and replace), credit, record a payment or refund an
// issued one; download its PDF. Acts that cannot be undone ask first.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useNavigate, useParams } from 'react-router';
import type { Invoice } from '../../../../shared/billing.js';
import { formatMoney } from '../../../../shared/money.js';
import { Fact } from '../../../components/facts.js';
import { QueryState } from '../../../components/QueryState.js';
import { useMe } from '../../../session/useMe.js';
import { invoicePdfHref, useInvoice, useInvoiceActions } from '../api/invoices.js';
import { billingAccess, type BillingAccess } from '../model/access.js';
import { invoiceTitle, METHOD_LABELS, shortDate } from '../model/labels.js';
import { ConfirmDialog, CreditNoteDialog, RefundDialog, VoidDialog } from './InvoiceDialogs.js';
import { LinesTable, TotalsFacts } from './InvoiceLines.js';
import { PaymentDialog } from './PaymentDialog.js';
import { isOverdue, StatusBadge } from './StatusBadge.js';
import './billing.css';

type Open = null | 'issue' | 'delete' | 'void' | 'credit' | 'payment' | 'refund';

export function InvoicePage() {
  const { id = '' } = useParams();
  const invoice = useInvoice(id);
  const me = useMe();
  const access = billingAccess(me.data?.permissions);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div data-testid="invoice-page">
      <p className="breadcrumb">
        <Link to="/billing">Billing</Link>
      </p>
      <QueryState query={invoice} what="the invoice" testId="invoice">
        {(inv) => <InvoiceView inv={inv} access={access} notice={notice} setNotice={setNotice} />}
      </QueryState>
    </div>
  );
}

function InvoiceView({ inv, access, notice, setNotice }: { inv: Invoice; access: BillingAccess; notice: string | null; setNotice: (s: string | null) => void }) {
  const navigate = useNavigate();
  const actions = useInvoiceActions();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const done = (message: string, goTo?: string) => {
    setOpen(null);
    setNotice(message);
    if (goTo) void navigate(goTo);
  };
  const m = (n: number) => formatMoney(n, inv.currency);
  const title = invoiceTitle(inv);
  return (
    <article aria-labelledby="invoice-h" data-invoice-id={inv.id} data-status={inv.status} data-balance-cents={inv.balanceCents}>
      <div className="page-head">
        <h1 id="invoice-h">
          {inv.kind === 'credit_note' && inv.number ? `Credit note ${title}` : title} <StatusBadge status={inv.status} overdue={isOverdue(inv)} />
        </h1>
      </div>
      <p role="status" className={notice ? 'notice' : undefined} data-testid="invoice-notice">
        {notice}
      </p>
      <InvoiceActions inv={inv} access={access} onOpen={(o) => { setNotice(null); setOpen(o); }} />
      <dl className="facts invoice-facts">
        <Fact label="Client">{inv.clientName ? <Link to={`/clients/${inv.clientId}`}>{inv.clientName}</Link> : 'Not visible to you'}</Fact>
        <Fact label="Issued">{inv.issuedAt ? shortDate(inv.issuedAt) : 'Not yet (draft)'}</Fact>
        <Fact label="Due">{inv.dueAt ? shortDate(inv.dueAt) : null}</Fact>
        <Fact label="Balance" testId="invoice-balance">
          <strong>{m(inv.balanceCents)}</strong>
        </Fact>
        {inv.paidAt ? <Fact label="Paid in full">{shortDate(inv.paidAt)}</Fact> : null}
        {inv.voidedAt ? <Fact label="Voided">{`${shortDate(inv.voidedAt)}${inv.voidReason ? ` — ${inv.voidReason}` : ''}`}</Fact> : null}
        {inv.replacesInvoiceId ? <Fact label="Replaces"><Link to={`/billing/invoices/${inv.replacesInvoiceId}`}>the voided invoice</Link></Fact> : null}
        {inv.originalInvoiceId ? <Fact label="Credits"><Link to={`/billing/invoices/${inv.originalInvoiceId}`}>the original invoice</Link></Fact> : null}
        {inv.creditNoteIds.length ? (
          <Fact label="Credit notes">
            {inv.creditNoteIds.map((c, i) => (
              <span key={c}>
                {i ? ', ' : ''}
                <Link to={`/billing/invoices/${c}`}>credit note {i + 1}</Link>
              </span>
            ))}
          </Fact>
        ) : null}
      </dl>
      {inv.memo ? <p className="notes">{inv.memo}</p> : null}
      <section aria-labelledby="lines-h">
        <h2 id="lines-h">Lines</h2>
        <LinesTable inv={inv} />
        <TotalsFacts inv={inv} />
      </section>
      <section aria-labelledby="payments-h">
        <h2 id="payments-h">Payments and refunds</h2>
        {inv.payments.length ? (
          <ul className="rows" data-testid="invoice-payments">
            {inv.payments.map((p) => (
              <li key={`${p.paymentId}-${p.receivedAt}`} data-testid="invoice-payment">
                <span>
                  {shortDate(p.receivedAt)} · {METHOD_LABELS[p.method as keyof typeof METHOD_LABELS] ?? p.method}
                </span>
                <span className="num">{m(p.amountCents)}</span>
              </li>
            ))}
            {inv.refundedCents ? (
              <li>
                <span>Refunded</span>
                <span className="num">−{m(inv.refundedCents)}</span>
              </li>
            ) : null}
          </ul>
        ) : (
          <p className="muted">No payments yet.</p>
        )}
      </section>
      {open === 'issue' ? <ConfirmDialog title={`Issue this invoice for ${m(inv.totalCents)}?`} body="Once issued it gets its number and can no longer be edited; the client is told there is a new invoice in the portal." confirm="Issue invoice" onConfirm={async () => { await actions.issue(inv.id); done('Invoice issued. The client has been told there is a new invoice.'); }} onClose={close} testId="issue-dialog" /> : null}
      {open === 'delete' ? <ConfirmDialog title="Delete this draft?" body="The draft and its lines are removed; its sessions can be billed again." confirm="Delete draft" danger onConfirm={async () => { await actions.remove(inv.id); void navigate('/billing'); }} onClose={close} testId="delete-dialog" /> : null}
      {open === 'void' ? <VoidDialog inv={inv} onClose={close} onDone={done} /> : null}
      {open === 'credit' ? <CreditNoteDialog inv={inv} onClose={close} onDone={done} /> : null}
      {open === 'refund' ? <RefundDialog inv={inv} onClose={close} onDone={done} /> : null}
      {open === 'payment' ? <PaymentDialog clientId={inv.clientId} currency={inv.currency} invoiceIds={[inv.id]} suggestedCents={inv.balanceCents} onClose={close} onDone={done} /> : null}
    </article>
  );
}

function InvoiceActions({ inv, access, onOpen }: { inv: Invoice; access: BillingAccess; onOpen: (o: Open) => void }) {
  const draft = inv.status === 'draft';
  const open = inv.status === 'issued' || inv.status === 'partly_paid';
  const live = open || inv.status === 'paid';
  const isInvoice = inv.kind === 'invoice';
  return (
    <div className="actions invoice-actions" data-testid="invoice-actions">
      {draft && access.writeInvoices ? (
        <>
          <Button className="btn primary" onPress={() => onOpen('issue')} data-testid="invoice-issue">
            Issue
          </Button>
          <Link className="btn" to={`/billing/invoices/${inv.id}/edit`} data-testid="invoice-edit">
            Edit
          </Link>
          <Button className="btn danger" onPress={() => onOpen('delete')} data-testid="invoice-delete">
            Delete draft
          </Button>
        </>
      ) : null}
      {open && isInvoice && inv.balanceCents > 0 && access.recordPayments ? (
        <Button className="btn primary" onPress={() => onOpen('payment')} data-testid="invoice-record-payment">
          Record payment
        </Button>
      ) : null}
      {live && isInvoice && inv.paidCents > 0 && access.billingWrite ? (
        <Button className="btn" onPress={() => onOpen('refund')} data-testid="invoice-refund">
          Refund
        </Button>
      ) : null}
      {live && isInvoice && access.billingWrite ? (
        <Button className="btn" onPress={() => onOpen('credit')} data-testid="invoice-credit">
          Credit note
        </Button>
      ) : null}
      {live && isInvoice && access.writeInvoices ? (
        <Button className="btn danger" onPress={() => onOpen('void')} data-testid="invoice-void">
          Void
        </Button>
      ) : null}
      {!draft ? (
        <a className="btn" href={invoicePdfHref(inv.id)} download data-testid="invoice-pdf">
          Download PDF
        </a>
      ) : null}
    </div>
  );
}
