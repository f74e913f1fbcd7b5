// The demo practice's billing, so a newcomer's Billing page is not empty: settings (fees, due days,
// the practice as invoices name it) and one invoice in each state — paid by check, partly paid in
// cash, issued and open, a draft, and a voided one — made through the billing service as the owner,
// so every rule, number and audit record applies. The demo's appointments are all ahead, so these
// invoices bill earlier sessions as charges with their CPT codes.
import type { FastifyInstance } from 'fastify';
import type { RequestMeta } from './context.js';
import type { ResolvedSession } from './modules/auth/index.js';

export async function seedBilling(app: FastifyInstance, s: ResolvedSession, clientIds: readonly string[], meta: RequestMeta): Promise<void> {
  const billing = app.services.billing.invoices;
  await billing.updateSettings(
    s,
    {
      taxRate: '0',
      taxLabel: 'Sales tax',
      lateCancelFee: { policy: 'flat', amountCents: 75_00 },
      noShowFee: { policy: 'service_rate', amountCents: 0 },
      dueDays: 14,
      identity: { legalName: 'Hearth Demo Practice, PLLC', address: '100 Demo Street, Suite 2\nPortland, OR 97205', taxId: '12-3456789', npi: '1234567893' },
    },
    meta,
  );
  const session = (description: string, cptCode: string, rateCents: number) => ({ description, cptCode, units: 1, rateCents });
  const make = async (clientId: string, lines: ReturnType<typeof session>[], issue: boolean) => {
    const inv = await billing.create(s, { clientId, lines }, meta);
    return issue ? billing.issue(s, inv.id, meta) : inv;
  };
  const [avery, jordan, riley, casey, morgan] = clientIds;
  if (!avery || !jordan || !riley || !casey || !morgan) throw new Error('demo seed: billing needs five clients');

  const paid = await make(avery, [session('Individual psychotherapy, 53+ min (Nov 3)', '90837', 160_00), session('Individual psychotherapy, 53+ min (Nov 10)', '90837', 160_00)], true);
  await billing.recordPayment(s, { clientId: avery, method: 'check', amountCents: paid.totalCents, reference: 'Check 1042', invoiceIds: [paid.id] }, meta);
  const partly = await make(jordan, [session('Individual psychotherapy, 38–52 min (Nov 12)', '90834', 125_00)], true);
  await billing.recordPayment(s, { clientId: jordan, method: 'cash', amountCents: 50_00, invoiceIds: [partly.id] }, meta);
  await make(riley, [session('Intake assessment (Nov 20)', '90791', 190_00)], true);
  await make(casey, [session('Individual psychotherapy, 38–52 min (Nov 27)', '90834', 125_00)], false);
  const voided = await make(morgan, [session('Group psychotherapy (Nov 18)', '90853', 60_00)], true);
  await billing.void(s, voided.id, { reason: 'Billed to the wrong client' }, meta);
}
