// The Stripe part's routes (Billing.stripe): the owner connects or disconnects the practice's own
// account; the portal opens a card checkout for the client's own invoice; Stripe posts its signed
// events. Validate, call the service, nothing else.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { BillingSettings, PortalCheckout, PortalCheckoutAnswer, ReconciliationList, StripeConnect } from '../../../shared/billing.js';
import { id } from '../../../shared/strings.js';
import { routesOf } from '../../http/route.js';
import { portalSessionOf, sessionOf } from '../../plugins/auth.js';
import type { StripeBilling } from './stripe-service.js';

const JSON_TYPE = 'application/json';
/** Stripe's events are small; anything larger is not one. */
const WEBHOOK_LIMIT = 512 * 1024;

export function stripeRoutes(app: FastifyInstance, stripe: StripeBilling) {
  const route = routesOf(app, ['billing']);

  route.put('/api/billing/stripe', { access: 'practice.settings.write', summary: "Connect the practice's own Stripe account: the key is checked with Stripe, then key and webhook secret are stored encrypted and never shown again (owner; audited)", body: StripeConnect, response: BillingSettings }, async (req) =>
    stripe.connect(sessionOf(req), req.body, req.meta),
  );
  route.delete('/api/billing/stripe', { access: 'practice.settings.write', summary: "Disconnect the practice's Stripe account: key and secret are erased; card payment stops (owner; audited)", response: BillingSettings }, async (req) =>
    stripe.disconnect(sessionOf(req), req.meta),
  );
  route.get('/api/billing/reconciliation', { access: 'billing.read', summary: "The nightly comparison of Stripe's payments with the ledger, newest day first, with every difference (ids and amounts only; audited)", response: ReconciliationList }, async (req) =>
    stripe.reconciliation.list(sessionOf(req), req.meta),
  );

  route.post(
    '/api/portal/invoices/:id/checkout',
    { access: { portal: true }, summary: "Pay my issued invoice by card: the URL of Stripe's hosted page (an open one reused, so a double click never charges twice); saveCardForAutopay records my consent", params: IdParams, body: PortalCheckout, response: PortalCheckoutAnswer },
    async (req) => stripe.checkout(portalSessionOf(req), req.params.id, req.body.saveCardForAutopay === true, req.meta),
  );

  // Encapsulated, so Stripe's JSON arrives as the raw bytes it signed.
  void app.register(async (scope) => {
    if (scope.hasContentTypeParser(JSON_TYPE)) scope.removeContentTypeParser(JSON_TYPE);
    scope.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer', bodyLimit: WEBHOOK_LIMIT }, (_req, body: Buffer, done) => done(null, body));
    routesOf(scope, ['billing']).post(
      '/api/billing/stripe/webhook/:practiceId',
      {
        access: { public: true },
        summary: "Stripe's events for one practice, signed with its webhook secret (Stripe-Signature); each event applied once. A bad signature or an old timestamp: 400, nothing stored",
        consumes: [JSON_TYPE],
        params: z.strictObject({ practiceId: id }),
        headers: z.object({ 'stripe-signature': z.string().optional() }),
        bodyLimit: WEBHOOK_LIMIT,
        response: z.object({ received: z.literal(true), outcome: z.string() }),
      },
      async (req) => stripe.webhooks.receive(req.params.practiceId, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), req.headers['stripe-signature']),
    );
  });
}
