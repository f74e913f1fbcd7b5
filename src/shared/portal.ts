// Client portal contracts: accounts are people (one per e-mail, platform-wide), linked to client
// records in the practices that invited them.
import { z } from 'zod';
import { MfaRequest, Named, SessionInfo } from './api.js';
import { clientIdentityFields, ClientStatus, ConsentChoices } from './clients.js';
import { Locale } from './locale.js';
import { email, password } from './strings.js';

/** `locale`: the language of the page the person signs up on (their mail is written in it). */
export const PortalRegisterRequest = z.strictObject({ email, password, locale: Locale.optional() });
/** A portal reset link by mail, in the language of the page that asked (else the account's). */
export const PortalPasswordResetRequest = z.strictObject({ email, locale: Locale.optional() });
/** The client's own choice of language (PUT /api/portal/me/locale). */
export const PortalLocaleRequest = z.strictObject({ locale: Locale });
export const PortalVerifyRequest = z.strictObject({ token: z.string().min(20).max(200) });
export const PortalInvitationPreview = z.object({ email: z.string(), accountExists: z.boolean() });
export const PortalAcceptRequest = z.strictObject({ token: z.string().min(20).max(200), password });

export const PortalLink = z.object({
  practiceId: z.string(),
  practiceName: z.string(),
  clientId: z.string(),
  firstName: z.string(),
  preferredName: z.string().nullable(),
});

export const PortalMe = z.object({
  account: z.object({ id: z.string(), email: z.string(), mfa: z.object({ totp: z.boolean(), recoveryCodesLeft: z.number() }) }),
  links: z.array(PortalLink),
  session: z.object({ id: z.string(), idleSeconds: z.number(), idleExpiresAt: z.string() }),
  csrfToken: z.string(),
  /** The account's language (the portal shows itself in it; mail to the account is written in it). */
  locale: Locale,
});
export type PortalMe = z.infer<typeof PortalMe>;

/** What a client sees of their own record: no staff notes, no internal assignments. */
export const PortalClient = z.object({
  ...clientIdentityFields,
  status: ClientStatus,
  consents: ConsentChoices,
});
export type PortalClient = z.infer<typeof PortalClient>;

export const PortalInviteResponse = z.object({ id: z.string(), expiresAt: z.string() });

/**
 * Staff side: whether a client already reaches the portal (an account linked to the record, since
 * when, last sign-in) or has an invitation still unused (the newest one; `expired` by the server's clock).
 */
export const PortalAccess = z.object({
  account: z.object({ linkedAt: z.string(), lastSignInAt: z.string().nullable() }).nullable(),
  invitation: z.object({ sentAt: z.string(), expiresAt: z.string(), expired: z.boolean() }).nullable(),
});
export type PortalAccess = z.infer<typeof PortalAccess>;

/** Answer of every portal sign-in step (login, code, invitation, verification). */
export const PortalLoginResponse = z.object({ mfaRequired: z.boolean(), csrfToken: z.string() });

// ---- account security ----
// Reset, password change and recovery codes use the staff contracts of ./api.ts as they are.
/** Removing the authenticator app: the password and a current code (from the app, or a recovery code). */
export const PortalRemoveTotpRequest = z.strictObject({ password, code: MfaRequest.shape.code });

/** One of the account's live portal sessions (no IP addresses: the person knows their devices by browser). */
export const PortalSessionInfo = SessionInfo.omit({ ip: true });
export type PortalSessionInfo = z.infer<typeof PortalSessionInfo>;
export const PortalSessions = z.object({ sessions: z.array(PortalSessionInfo) });

/** The background session check (GET /api/portal/session): not activity; 401 once the session is over. */
export const PortalSessionStatus = z.object({ idleExpiresAt: z.string(), absoluteExpiresAt: z.string() });
export type PortalSessionStatus = z.infer<typeof PortalSessionStatus>;

/** A practice's message buttons as a client sees them. */
export const PortalMessageServices = z.object({ services: z.array(Named) });
