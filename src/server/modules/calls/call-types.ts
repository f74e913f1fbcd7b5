// Calls: who is on a socket, a person's access to a call, what the call service is wired with, and
// the error its parts share.
import type { StaffRole } from '../../../shared/roles.js';
import type { ParticipantRole } from '../../../shared/calls.js';
import type { AuditEvent } from '../audit/index.js';
import type { DocumentService } from '../documents/index.js';
import type { Envelope } from './bus.js';
import type { CallRow } from './repo.js';
import { ClientError } from '../../i18n/errors.js';

export const LINK_KIND = 'call_link';

/** The call has ended: nothing more can be done in it (said in the client's language). */
export const callOver = () => new ClientError('call_over', 409, 'errors.calls.ended');
/** How long a guest session opened by a join link lasts. */
export const GUEST_SESSION_MS = 4 * 3600_000;

/** Who is on a signaling socket. */
export type CallIdentity =
  | { kind: 'staff'; userId: string; practiceId: string; role: StaffRole; sessionId: string }
  | { kind: 'client'; accountId: string; sessionId: string; clients: { clientId: string; practiceId: string }[] }
  | { kind: 'guest'; guestSessionId: string; callId: string; clientId: string; practiceId: string };

/** A person's access to one call. */
export interface CallAccess {
  call: CallRow;
  role: ParticipantRole;
  /** The staff user's id or the client's id. */
  id: string;
  name: string;
}

export type Actor = Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'>;

/** What the call service needs from the rest of the app besides its main collaborators (calls/index.ts wires it). */
export interface CallWiring {
  /** Where files shared in a call are kept (the documents module). */
  documents: DocumentService;
  /** Whether texts can be sent (join links go by text when they can). */
  smsOn: () => boolean;
  /** The practice's zone for mail times when neither the client nor a visit names one (its provider's working hours). */
  practiceZone: (practiceId: string, providerId: string) => Promise<string | null>;
  /** Whether a provider sees only assigned clients (the practices module). */
  restrictedProvider: (practiceId: string, userId: string) => Promise<boolean>;
  /** Fan-out to sockets on every instance (the signaling bus). */
  publish: (e: Envelope) => Promise<void>;
}

/** How an appointment's call went, for billing's telehealth coding (CallService.billingFacts). */
export interface CallBillingFacts {
  billedMode: 'video' | 'audio';
  /** The client said at the start of the session they were at home; null when not recorded. */
  clientAtHome: boolean | null;
  startedAt: number;
  endedAt: number | null;
}
