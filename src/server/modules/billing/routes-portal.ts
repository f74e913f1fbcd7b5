// The client portal's billing routes: the signed-in client's invoices. The record is resolved by
// the portal module (a record not linked to this account answers 404, as every portal route).
// Checkout (POST /api/portal/invoices/:id/checkout) is the Stripe part's (routes-stripe.ts).
import type { FastifyInstance } from 'fastify';
import { PortalInvoiceList, PortalInvoiceQuery } from '../../../shared/billing.js';
import { routesOf } from '../../http/route.js';
import { portalSessionOf } from '../../plugins/auth.js';
import type { PortalService } from '../portal/index.js';
import type { BillingPortal } from './portal.js';

export function billingPortalRoutes(app: FastifyInstance, part: BillingPortal, portal: PortalService) {
  const route = routesOf(app, ['portal', 'billing']);
  route.get(
    '/api/portal/invoices',
    { access: { portal: true }, summary: 'My issued invoices and credit notes at one practice, newest first, with what is left to pay and whether I can pay by card', querystring: PortalInvoiceQuery, response: PortalInvoiceList },
    async (req) => {
      const s = portalSessionOf(req);
      const { practiceId, clientId } = await portal.record(s, req.query.clientId);
      return part.invoices(practiceId, clientId, { accountId: s.accountId, meta: req.meta });
    },
  );
}
