// Request and response contracts shared by the server (validation + OpenAPI) and the SPA client.
// Objects are strict: an unknown field is a 400 naming that field, never silently dropped.
import { z } from 'zod';
import { STAFF_ROLES } from './roles.js';
import { email, id, password, text } from './strings.js';

export const Role = z.enum(STAFF_ROLES);

/** Something listed by its id and display name (a provider, a client, a message service). */
export const Named = z.object({ id: z.string(), name: z.string() });

/** A whole list, never cut into pages: its items. */
export function ItemList<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

/** One page of a list: its items, how many there are in all, and the next page's cursor (null on the last). */
export function Page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number(), nextCursor: z.string().nullable() });
}

/** A span of time (an open slot, a blocked range, an appointment's or an offer's time): its start and end instants. */
export const TimeRange = z.object({ start: z.string(), end: z.string() });

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    /**
     * A form answer's refusal as data (AnswerProblem in shared/fields.ts: its code, and `min`,
     * `max` or `value` where it has them), so a page can word it beside the field in its language.
     */
    problem: z.object({ code: z.string() }).catchall(z.union([z.string(), z.number()])).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

const code = z
  .string()
  .min(6, { message: 'must be a 6-digit code or a recovery code' })
  .max(32, { message: 'must be a 6-digit code or a recovery code' });

// ---- legal ----
export const BaaDocument = z.object({ version: z.string(), title: z.string(), text: z.string() });

export const BaaAcceptance = z.strictObject({
  accepted: z.literal(true, { message: 'must be true: the BAA has to be accepted' }),
  version: z.string().max(32),
  signerName: text({ min: 1, max: 200 }),
  signerTitle: text({ min: 1, max: 200 }),
});

// ---- sign-up / login ----
export const SignupRequest = z.strictObject({
  practiceName: text({ min: 2, max: 200 }),
  ownerName: text({ min: 1, max: 200 }),
  email,
  password,
  baa: BaaAcceptance,
});

export const LoginRequest = z.strictObject({ email, password });
export const MfaRequest = z.strictObject({ code });

export const MfaMethod = z.enum(['totp', 'webauthn', 'recovery']);
/** Sign-up answers this whether or not the address has an account; the mailed link finishes it. */
export const SignupAccepted = z.object({ checkMail: z.literal(true) });
export const SignupVerifyRequest = z.strictObject({ token: z.string().min(20).max(200) });

export const LoginResponse = z.union([
  z.object({ mfaRequired: z.literal(true), methods: z.array(MfaMethod), csrfToken: z.string() }),
  z.object({ mfaRequired: z.literal(false), csrfToken: z.string(), mfaEnrollmentRequired: z.boolean() }),
]);

// ---- me ----
export const SessionInfo = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.string(),
  lastActivityAt: z.string(),
  idleExpiresAt: z.string(),
  absoluteExpiresAt: z.string(),
  ip: z.string(),
  userAgent: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const WebauthnCredentialInfo = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

export const MeResponse = z.object({
  user: z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    roles: z.array(Role),
    mfa: z.object({
      totp: z.boolean(),
      webauthn: z.array(WebauthnCredentialInfo),
      recoveryCodesLeft: z.number(),
    }),
  }),
  activeRole: Role,
  permissions: z.array(z.string()),
  practice: z.object({
    id: z.string(),
    name: z.string(),
    requireMfa: z.boolean(),
    idleTimeoutMinutes: z.number(),
    demo: z.boolean(),
    baaAccepted: z.boolean(),
  }),
  session: z.object({
    id: z.string(),
    /** The effective idle limit: the practice's setting, capped by the platform's. */
    idleSeconds: z.number(),
    idleExpiresAt: z.string(),
    absoluteExpiresAt: z.string(),
    mfaEnrollmentRequired: z.boolean(),
  }),
  csrfToken: z.string(),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const ActiveRoleRequest = z.strictObject({ role: Role });
export const ChangePasswordRequest = z.strictObject({ currentPassword: password, newPassword: password });

// ---- MFA enrolment ----
export const TotpEnrolResponse = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() });
export const TotpVerifyRequest = z.strictObject({ code });
export const RecoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()) });
export const PasswordConfirmRequest = z.strictObject({ password });
// WebAuthn JSON payloads are produced by @simplewebauthn/browser and checked by @simplewebauthn/server.
export const WebauthnRegisterRequest = z.strictObject({
  name: text({ min: 1, max: 64 }),
  response: z.record(z.string(), z.unknown()),
});
export const WebauthnAuthRequest = z.strictObject({ response: z.record(z.string(), z.unknown()) });

// ---- password reset ----
export const PasswordResetRequest = z.strictObject({ email });
export const PasswordResetComplete = z.strictObject({ token: z.string().min(20).max(200), password });

// ---- invitations ----
export const InviteRequest = z.strictObject({
  email,
  name: text({ min: 1, max: 200 }),
  roles: z.array(Role).min(1, { message: 'must name at least one role' }).max(STAFF_ROLES.length),
});
export const InvitationInfo = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roles: z.array(Role),
  createdAt: z.string(),
  expiresAt: z.string(),
  status: z.enum(['pending', 'accepted', 'expired', 'revoked']),
});
export const InvitationTokenRequest = z.strictObject({ token: z.string().min(20).max(200) });
export const InvitationPreview = z.object({
  practiceName: z.string(),
  name: z.string(),
  email: z.string(),
  roles: z.array(Role),
  requireMfa: z.boolean(),
});
export const AcceptInvitationRequest = z.strictObject({
  token: z.string().min(20).max(200),
  name: text({ min: 1, max: 200 }),
  password,
});

// ---- practice administration ----
export const PracticeSettings = z.object({
  id: z.string(),
  name: z.string(),
  requireMfa: z.boolean(),
  idleTimeoutMinutes: z.number(),
  demo: z.boolean(),
  /** Providers see every client of the practice, not only the ones assigned to them. */
  providersSeeAllClients: z.boolean(),
  /** Mail a client (PHI-free: only that a new message waits in the portal) when staff reply to them. */
  replyMailToClients: z.boolean(),
  baa: z
    .object({ version: z.string(), signerName: z.string(), signerTitle: z.string(), acceptedAt: z.string() })
    .nullable(),
});
export const UpdatePracticeRequest = z.strictObject({
  name: text({ min: 2, max: 200 }).optional(),
  requireMfa: z.boolean().optional(),
  providersSeeAllClients: z.boolean().optional(),
  replyMailToClients: z.boolean().optional(),
  idleTimeoutMinutes: z
    .number()
    .int({ message: 'must be a whole number of minutes' })
    .min(5, { message: 'must be at least 5 minutes' })
    .max(30, { message: 'must be at most 30 minutes' })
    .optional(),
});
export const PracticeUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  roles: z.array(Role),
  status: z.enum(['active', 'disabled']),
  mfaEnabled: z.boolean(),
  createdAt: z.string(),
});
export const UpdateUserRequest = z.strictObject({
  roles: z.array(Role).min(1, { message: 'must name at least one role' }).max(STAFF_ROLES.length).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const IdParams = z.strictObject({ id });
export const UserSessionParams = z.strictObject({ userId: id, sessionId: id });

// ---- heartbeat socket (the one WebSocket entry, /ws) ----
export const ClientSocketMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ping'), id: z.number().int().nonnegative() }),
]);
export type ClientSocketMessage = z.infer<typeof ClientSocketMessage>;
export type ServerSocketMessage =
  | { type: 'pong'; id: number; serverTime: string }
  | { type: 'session_ended'; reason: 'logout' | 'revoked' | 'idle' | 'expired' }
  | { type: 'error'; code: string };

export { BACKGROUND_HEADER, CSRF_HEADER, IDLE_EXPIRES_HEADER } from './headers.js';
