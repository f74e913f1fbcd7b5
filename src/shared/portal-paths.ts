// The portal's own paths that the server also writes (Stripe's return pages), apart from
// ./billing.ts's schemas: the portal's menu is on the client entry's first screen, which must not
// download zod (issue 19's budget); ./billing.ts re-exports them.
export const portalBillingPath = (clientId: string) => `/portal/clients/${encodeURIComponent(clientId)}/billing`;
