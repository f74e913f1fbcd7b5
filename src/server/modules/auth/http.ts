// What other modules' routes share with the identity routes: answering a portal sign-in (the portal
// cookie, and whether a code is still needed). Kept out of the routes files, which only the HTTP
// app loads.
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../context.js';
import { setSessionCookie } from '../../plugins/auth.js';
import type { PortalLoginOutcome } from './client.js';

/** Sets the portal cookie of a sign-in and answers whether a code is still needed. */
export function portalSignedIn(reply: FastifyReply, ctx: AppContext, out: PortalLoginOutcome) {
  setSessionCookie(reply, ctx.config, out.token, 'portal');
  return { mfaRequired: out.kind === 'mfa', csrfToken: out.csrfToken };
}
