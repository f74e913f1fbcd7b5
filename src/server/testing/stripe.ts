// Scenario helpers of the Stripe suites: the local Stripe (fake-stripe.ts) wired to a harness (its
// events delivered to the app through app.inject, as Stripe would post them), a practice connected
// to its own account, and issued invoices for a client.
import { expect } from 'vitest';
import type { Actor } from './actors.js';
import type { FakeAccount, FakeStripe } from './fake-stripe.js';
import type { Harness } from './harness.js';

export const webhookPath = (practiceId: string) => `/api/billing/stripe/webhook/${practiceId}`;

/** Connects the practice (as its owner) to a new account of the fake, its events posted to the practice's webhook. */
export async function connectStripe(h: Harness, fake: FakeStripe, owner: Actor, practiceId: string, opts: { autoDeliver?: boolean } = {}): Promise<FakeAccount> {
  const acct = fake.addAccount();
  const res = await owner.request('PUT', '/api/billing/stripe', { secretKey: acct.secretKey, webhookSecret: acct.webhookSecret });
  expect(res.statusCode, res.body).toBe(200);
  fake.setWebhook(
    acct.id,
    async (body, headers) => {
      const r = await h.app.inject({ method: 'POST', url: webhookPath(practiceId), payload: body, headers });
      return { status: r.statusCode, body: r.body };
    },
    opts,
  );
  return acct;
}

/** A draft of manual lines for the client, issued; its id. */
export async function issuedInvoice(staff: Actor, clientId: string, rateCents: number): Promise<string> {
  const draft = await staff.post('/api/invoices', { clientId, lines: [{ description: 'Session', units: 1, rateCents }] });
  expect(draft.statusCode, draft.body).toBe(201);
  const id = (draft.json() as { id: string }).id;
  const issued = await staff.post(`/api/invoices/${id}/issue`);
  expect(issued.statusCode, issued.body).toBe(200);
  return id;
}

export async function invoiceOf(staff: Actor, id: string): Promise<{ status: string; totalCents: number; paidCents: number; balanceCents: number; refundedCents: number; payments: { paymentId: string; amountCents: number; method: string }[] }> {
  const res = await staff.get(`/api/invoices/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Opens the portal checkout of an invoice; the session id from the hosted page URL. */
export async function openCheckout(portal: Actor, invoiceId: string, saveCardForAutopay?: boolean): Promise<{ url: string; sessionId: string }> {
  const res = await portal.post(`/api/portal/invoices/${invoiceId}/checkout`, saveCardForAutopay === undefined ? {} : { saveCardForAutopay });
  expect(res.statusCode, res.body).toBe(200);
  const url = (res.json() as { url: string }).url;
  return { url, sessionId: url.split('/').pop()! };
}
