// The words on billing PDFs, one table per locale. Whole labels and whole sentences only: a sentence
// with a value in it is a function of that value per locale, never English pieces glued together,
// so a translator sees every sentence as the reader will.
import type { BillingLocale } from '../../../shared/money.js';

export type PdfMethod = 'cash' | 'check' | 'card_terminal' | 'bank_transfer' | 'other' | 'stripe';
export type StatementEntryKind = 'invoice' | 'credit_note' | 'void' | 'payment' | 'refund' | 'dispute';
export type PdfInvoiceStatus = 'draft' | 'issued' | 'partly_paid' | 'paid' | 'void';

export interface PdfLabels {
  pageOf: (page: number, pages: number) => string;
  confidential: string;
  generated: (when: string) => string;
  // invoice
  invoice: string;
  creditNote: string;
  draft: string;
  number: string;
  issued: string;
  due: string;
  billTo: string;
  from: string;
  statusLabel: string;
  status: Record<PdfInvoiceStatus, string>;
  description: string;
  serviceDate: string;
  cpt: string;
  units: string;
  rate: string;
  reduction: string;
  tax: string;
  total: string;
  subtotal: string;
  discounts: string;
  taxNamed: (label: string) => string;
  credited: string;
  refunded: string;
  paid: string;
  balanceDue: string;
  memo: string;
  // receipt
  receipt: string;
  paymentReceived: string;
  amount: string;
  method: string;
  methods: Record<PdfMethod, string>;
  received: string;
  reference: string;
  receivedFrom: string;
  appliedTo: string;
  appliedAmount: string;
  unapplied: string;
  remainingBalance: string;
  creditBalance: string;
  refundedOfPayment: string;
  noInvoicesPaid: string;
  // statement
  statement: string;
  statementFor: (month: string) => string;
  monthLabel: string;
  openingBalance: string;
  closingBalance: string;
  date: string;
  activity: string;
  charges: string;
  payments: string;
  balance: string;
  entryKinds: Record<StatementEntryKind, string>;
  noActivity: string;
  // superbill
  superbill: string;
  period: (from: string, to: string) => string;
  practice: string;
  provider: string;
  providers: string;
  client: string;
  name: string;
  address: string;
  taxId: string;
  npi: string;
  credentials: string;
  licence: string;
  phone: string;
  dateOfBirth: string;
  diagnoses: string;
  code: string;
  noDiagnoses: string;
  visits: string;
  modifiers: string;
  pos: string;
  fee: string;
  amountPaid: string;
  totals: string;
  noVisits: string;
  superbillNote: string;
  signature: string;
}

const EN: PdfLabels = {
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
  confidential: 'Confidential health information',
  generated: (when) => `Generated ${when}`,
  invoice: 'Invoice',
  creditNote: 'Credit note',
  draft: 'Draft',
  number: 'Number',
  issued: 'Issued',
  due: 'Due',
  billTo: 'Bill to',
  from: 'From',
  statusLabel: 'Status',
  status: { draft: 'Draft', issued: 'Issued', partly_paid: 'Partly paid', paid: 'Paid', void: 'Void' },
  description: 'Description',
  serviceDate: 'Date',
  cpt: 'CPT',
  units: 'Units',
  rate: 'Rate',
  reduction: 'Reduction',
  tax: 'Tax',
  total: 'Total',
  subtotal: 'Subtotal',
  discounts: 'Discounts and sliding scale',
  taxNamed: (label) => `Tax (${label})`,
  credited: 'Credited',
  refunded: 'Refunded',
  paid: 'Paid',
  balanceDue: 'Balance due',
  memo: 'Note',
  receipt: 'Receipt',
  paymentReceived: 'Payment received',
  amount: 'Amount',
  method: 'Method',
  methods: { cash: 'Cash', check: 'Check', card_terminal: 'Card (terminal)', bank_transfer: 'Bank transfer', other: 'Other', stripe: 'Card (online)' },
  received: 'Received',
  reference: 'Reference',
  receivedFrom: 'Received from',
  appliedTo: 'Applied to invoice',
  appliedAmount: 'Applied',
  unapplied: 'Kept as credit',
  remainingBalance: 'Remaining balance',
  creditBalance: 'Credit on account',
  refundedOfPayment: 'Refunded from this payment',
  noInvoicesPaid: 'This payment was not applied to an invoice.',
  statement: 'Statement',
  statementFor: (month) => `Statement for ${month}`,
  monthLabel: 'Month',
  openingBalance: 'Opening balance',
  closingBalance: 'Closing balance',
  date: 'Date',
  activity: 'Activity',
  charges: 'Charges',
  payments: 'Payments and credits',
  balance: 'Balance',
  entryKinds: { invoice: 'Invoice', credit_note: 'Credit note', void: 'Invoice voided', payment: 'Payment', refund: 'Refund', dispute: 'Card dispute' },
  noActivity: 'No activity this month.',
  superbill: 'Superbill',
  period: (from, to) => `Services from ${from} to ${to}`,
  practice: 'Practice',
  provider: 'Rendering provider',
  providers: 'Rendering providers',
  client: 'Client',
  name: 'Name',
  address: 'Address',
  taxId: 'Tax ID',
  npi: 'NPI',
  credentials: 'Credentials',
  licence: 'License',
  phone: 'Phone',
  dateOfBirth: 'Date of birth',
  diagnoses: 'Diagnoses (ICD-10-CM)',
  code: 'Code',
  noDiagnoses: 'No diagnosis codes on file.',
  visits: 'Services',
  modifiers: 'Modifiers',
  pos: 'POS',
  fee: 'Fee',
  amountPaid: 'Paid',
  totals: 'Totals',
  noVisits: 'No billed services in this period.',
  superbillNote: 'Submit this superbill to your insurer for reimbursement of out-of-network services.',
  signature: 'Provider signature',
};

const ES: PdfLabels = {
  pageOf: (page, pages) => `Página ${page} de ${pages}`,
  confidential: 'Información de salud confidencial',
  generated: (when) => `Generado el ${when}`,
  invoice: 'Factura',
  creditNote: 'Nota de crédito',
  draft: 'Borrador',
  number: 'Número',
  issued: 'Emitida',
  due: 'Vence',
  billTo: 'Facturar a',
  from: 'De',
  statusLabel: 'Estado',
  status: { draft: 'Borrador', issued: 'Emitida', partly_paid: 'Pagada en parte', paid: 'Pagada', void: 'Anulada' },
  description: 'Descripción',
  serviceDate: 'Fecha',
  cpt: 'CPT',
  units: 'Unidades',
  rate: 'Tarifa',
  reduction: 'Reducción',
  tax: 'Impuesto',
  total: 'Total',
  subtotal: 'Subtotal',
  discounts: 'Descuentos y escala móvil',
  taxNamed: (label) => `Impuesto (${label})`,
  credited: 'Acreditado',
  refunded: 'Reembolsado',
  paid: 'Pagado',
  balanceDue: 'Saldo pendiente',
  memo: 'Nota',
  receipt: 'Recibo',
  paymentReceived: 'Pago recibido',
  amount: 'Importe',
  method: 'Forma de pago',
  methods: { cash: 'Efectivo', check: 'Cheque', card_terminal: 'Tarjeta (terminal)', bank_transfer: 'Transferencia bancaria', other: 'Otro', stripe: 'Tarjeta (en línea)' },
  received: 'Recibido',
  reference: 'Referencia',
  receivedFrom: 'Recibido de',
  appliedTo: 'Aplicado a la factura',
  appliedAmount: 'Aplicado',
  unapplied: 'Queda como crédito',
  remainingBalance: 'Saldo restante',
  creditBalance: 'Crédito a su favor',
  refundedOfPayment: 'Reembolsado de este pago',
  noInvoicesPaid: 'Este pago no se aplicó a ninguna factura.',
  statement: 'Estado de cuenta',
  statementFor: (month) => `Estado de cuenta de ${month}`,
  monthLabel: 'Mes',
  openingBalance: 'Saldo inicial',
  closingBalance: 'Saldo final',
  date: 'Fecha',
  activity: 'Movimiento',
  charges: 'Cargos',
  payments: 'Pagos y créditos',
  balance: 'Saldo',
  entryKinds: { invoice: 'Factura', credit_note: 'Nota de crédito', void: 'Factura anulada', payment: 'Pago', refund: 'Reembolso', dispute: 'Disputa de tarjeta' },
  noActivity: 'Sin movimientos este mes.',
  superbill: 'Superbill (recibo detallado para el seguro)',
  period: (from, to) => `Servicios del ${from} al ${to}`,
  practice: 'Consulta',
  provider: 'Profesional que prestó el servicio',
  providers: 'Profesionales que prestaron el servicio',
  client: 'Cliente',
  name: 'Nombre',
  address: 'Dirección',
  taxId: 'Identificación fiscal',
  npi: 'NPI',
  credentials: 'Títulos',
  licence: 'Licencia',
  phone: 'Teléfono',
  dateOfBirth: 'Fecha de nacimiento',
  diagnoses: 'Diagnósticos (CIE-10-MC)',
  code: 'Código',
  noDiagnoses: 'No hay códigos de diagnóstico registrados.',
  visits: 'Servicios',
  modifiers: 'Modificadores',
  pos: 'Lugar',
  fee: 'Tarifa',
  amountPaid: 'Pagado',
  totals: 'Totales',
  noVisits: 'No hay servicios facturados en este período.',
  superbillNote: 'Presente este recibo a su aseguradora para el reembolso de servicios fuera de la red.',
  signature: 'Firma del profesional',
};

export const PDF_LABELS: Record<BillingLocale, PdfLabels> = { 'en-US': EN, 'es-US': ES };
