// The two kinds of principal that sign in to Hearth: staff (users, one practice each) and clients
// (portal accounts, one per e-mail, linked to client records at any number of practices). Their
// rows live in parallel tables of the same shape; everything else in this module (passwords,
// second factors, recovery codes, sessions, throttling, closing sockets) is written once and
// takes one of these.
import type { MessageId } from '../../i18n/index.js';
import type { FactorTable } from './repo.js';

export type PrincipalKind = 'staff' | 'client';

export interface PrincipalSpec {
  /** The account rows (and the rows whose second factors are checked). */
  accounts: FactorTable;
  sessions: 'sessions' | 'client_sessions';
  /** The session column naming the account. */
  owner: 'user_id' | 'account_id';
  /** The blind index of the e-mail address. */
  emailIndex: string;
  /** Audit vocabulary: the actor type and the resource types of the account and its sessions. */
  actor: 'user' | 'client';
  accountResource: 'user' | 'client_account';
  sessionResource: 'session' | 'client_session';
  /** Throttle key prefixes: password sign-in, second-factor codes. */
  signInPrefix: string;
  mfaPrefix: string;
  /**
   * Re-entering the password inside a session (change it, new recovery codes, remove the app):
   * counted like sign-in attempts under this prefix, or not counted (null).
   */
  reauthPrefix: string | null;
  /** What the product calls the second step, in messages. */
  mfaWords: string;
  /** What enrolment refuses when an app is already set up, and what recovery codes need first (the server's catalog ids). */
  totpAlreadySet: MessageId;
  noFactorYet: MessageId;
}

export const PRINCIPALS: Record<PrincipalKind, PrincipalSpec> = {
  staff: {
    accounts: 'users',
    sessions: 'sessions',
    owner: 'user_id',
    emailIndex: 'email',
    actor: 'user',
    accountResource: 'user',
    sessionResource: 'session',
    signInPrefix: 'login',
    mfaPrefix: 'mfa',
    reauthPrefix: null,
    mfaWords: 'two-factor sign-in',
    totpAlreadySet: 'errors.mfa.alreadySetRemoveFirst',
    noFactorYet: 'errors.mfa.secondFactorFirst',
  },
  client: {
    accounts: 'client_accounts',
    sessions: 'client_sessions',
    owner: 'account_id',
    emailIndex: 'client-account-email',
    actor: 'client',
    accountResource: 'client_account',
    sessionResource: 'client_session',
    signInPrefix: 'portal-login',
    mfaPrefix: 'portal-mfa',
    reauthPrefix: 'portal-reauth',
    mfaWords: 'two-step sign-in',
    totpAlreadySet: 'errors.mfa.alreadySet',
    noFactorYet: 'errors.mfa.noAppYet',
  },
};

/**
 * The socket registry's key for a session's sockets: staff sessions use their bare id, portal
 * sessions `portal:<id>` (the two tables' ids could otherwise meet).
 */
export function socketKey(kind: PrincipalKind, sessionId: string): string {
  return kind === 'staff' ? sessionId : `portal:${sessionId}`;
}

/** The reverse: which kind of session a socket key names (null for other keys, e.g. call guests). */
export function sessionOfSocketKey(key: string): { kind: PrincipalKind; id: string } | null {
  if (key.startsWith('portal:')) return { kind: 'client', id: key.slice('portal:'.length) };
  if (key.includes(':')) return null;
  return { kind: 'staff', id: key };
}
