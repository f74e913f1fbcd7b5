// Server-side sessions of both principals. The cookie holds 256 random bits; the database holds
// only their hash. Idle time is enforced here, on the server, from last_activity_at, which only
// user actions move. Ending a session closes its sockets at once (AppContext.onSessionsEnded).
import { randomBytes, randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { iso } from '../../lib/clock.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { StaffRole } from '../../../shared/roles.js';
import type { ClientSessionsTable } from '../../db/schema.js';
import { PRINCIPALS, socketKey, type PrincipalKind } from './principal.js';
import * as repo from './repo.js';

export const MFA_PENDING_SECONDS = 5 * 60;

export type PortalSessionRow = ClientSessionsTable;

export interface ResolvedSession {
  session: repo.SessionRow;
  user: { id: string; practiceId: string; status: string; hasTotp: boolean; hasWebauthn: boolean };
  practice: { id: string; requireMfa: boolean; idleTimeoutMinutes: number };
  roles: StaffRole[];
  idleSeconds: number;
  idleExpiresAt: number;
}

export interface ResolvedPortalSession {
  session: PortalSessionRow;
  accountId: string;
  hasTotp: boolean;
  idleSeconds: number;
  idleExpiresAt: number;
}

/** What every resolved session has, whichever its principal. */
type AnyResolved = Pick<ResolvedSession, 'idleSeconds' | 'idleExpiresAt'> & { session: { id: string; last_activity_at: number; absolute_expires_at: number } };

/**
 * Why a cookie's session is not live. `superseded`: the second sign-in step replaced it with a new
 * session, whose cookie the same browser got (a request sent with the old one may still be in flight).
 */
type Failed<R extends string> = { ok: false; reason: 'missing' | 'revoked' | 'superseded' | 'idle' | 'expired' | R };

/** A revoked session's reason as its cookie's: one the second step replaced is `superseded`. */
const revokedAs = (row: { revoked_reason: string | null } | undefined) => (!row ? 'missing' : row.revoked_reason === 'mfa_completed' ? 'superseded' : 'revoked');
export type ResolveResult = { ok: true; value: ResolvedSession } | Failed<'disabled'>;
export type PortalResolveResult = { ok: true; value: ResolvedPortalSession } | Failed<never>;

export type RevokeReason = 'logout' | 'revoked' | 'password_changed' | 'mfa_changed' | 'mfa_completed' | 'password_reset' | 'user_disabled' | 'taken_over_by_invitation';

/** The columns a session list shows (staff sessions and portal sessions alike). */
export interface ListedSessionRow {
  id: string;
  created_at: number;
  last_activity_at: number;
  absolute_expires_at: number;
  ip: string;
  user_agent: string;
}

/** Live sessions as their owner sees them: the ones idle past the limit are left out (they are over). */
export function describeLiveSessions(rows: ListedSessionRow[], currentId: string | null, now: number, idleMs: number) {
  return rows
    .filter((r) => now - r.last_activity_at <= idleMs && now < r.absolute_expires_at)
    .map((r) => ({
      id: r.id,
      current: r.id === currentId,
      createdAt: iso(r.created_at),
      lastActivityAt: iso(r.last_activity_at),
      idleExpiresAt: iso(Math.min(r.last_activity_at + idleMs, r.absolute_expires_at)),
      absoluteExpiresAt: iso(r.absolute_expires_at),
      ip: r.ip,
      userAgent: r.user_agent,
    }));
}

export class SessionService {
  constructor(private readonly ctx: AppContext) {}

  idleSecondsFor(practiceIdleMinutes: number): number {
    return Math.min(this.ctx.config.session.idleSeconds, practiceIdleMinutes * 60);
  }

  /** The columns every new session has: a fresh token (only its hash stored), a CSRF token, its limits. */
  private fresh(state: 'mfa_pending' | 'active', meta: RequestMeta) {
    const now = this.ctx.clock.now();
    const token = newToken();
    return {
      token,
      row: {
        id: randomUUID(),
        token_hash: hashToken(token),
        state,
        csrf_token: randomBytes(32).toString('base64url'),
        created_at: now,
        last_activity_at: now,
        absolute_expires_at: now + (state === 'mfa_pending' ? MFA_PENDING_SECONDS : this.ctx.config.session.absoluteSeconds) * 1000,
        ip: meta.ip,
        user_agent: meta.userAgent.slice(0, 256),
        revoked_at: null,
        revoked_reason: null,
      },
    };
  }

  async create(
    tx: DbOrTx,
    input: { userId: string; practiceId: string; activeRole: string; state: 'mfa_pending' | 'active'; meta: RequestMeta },
  ): Promise<{ token: string; session: repo.SessionRow }> {
    const { token, row } = this.fresh(input.state, input.meta);
    const session: repo.SessionRow = { ...row, user_id: input.userId, practice_id: input.practiceId, active_role: input.activeRole, challenge: null, challenge_expires_at: null };
    await repo.insertSession(tx, 'sessions', session);
    // Remembered on the user: the next sign-in opens in the role they were last working in.
    if (input.state === 'active') await repo.updateUser(tx, input.userId, { last_active_role: input.activeRole });
    return { token, session };
  }

  async createForClient(tx: DbOrTx, accountId: string, state: 'mfa_pending' | 'active', meta: RequestMeta): Promise<{ token: string; session: PortalSessionRow }> {
    const { token, row } = this.fresh(state, meta);
    const session: PortalSessionRow = { ...row, account_id: accountId };
    await repo.insertSession(tx, 'client_sessions', session);
    return { token, session };
  }

  /** Why a session found by its cookie is over (absolute limit, idle limit), or null while it is live. */
  private over(row: { absolute_expires_at: number; last_activity_at: number }, idleSeconds: number): 'expired' | 'idle' | null {
    const now = this.ctx.clock.now();
    if (now >= row.absolute_expires_at) return 'expired';
    if (now - row.last_activity_at > idleSeconds * 1000) return 'idle';
    return null;
  }

  /** Looks the cookie up in one query and applies the idle and absolute limits. */
  async resolve(token: string): Promise<ResolveResult> {
    return this.resolveByHash(hashToken(token));
  }

  async resolveByHash(tokenHash: string): Promise<ResolveResult> {
    const row = await repo.findStaffSessionByHash(this.ctx.db, this.ctx.dialect, tokenHash);
    if (!row || row.revoked_at !== null) return { ok: false, reason: revokedAs(row) };
    const idleSeconds = this.idleSecondsFor(row.practice_idle_minutes);
    const over = this.over(row, idleSeconds);
    if (over || row.user_status !== 'active') {
      await this.expire('staff', row.id, over ?? 'revoked', { practiceId: row.practice_id, userId: row.user_id });
      return { ok: false, reason: over ?? 'disabled' };
    }
    const { user_status, user_totp, practice_require_mfa, practice_idle_minutes, has_webauthn, roles, ...session } = row;
    return {
      ok: true,
      value: {
        session,
        user: { id: row.user_id, practiceId: row.practice_id, status: user_status, hasTotp: user_totp !== null, hasWebauthn: Boolean(has_webauthn) },
        practice: { id: row.practice_id, requireMfa: practice_require_mfa === 1, idleTimeoutMinutes: practice_idle_minutes },
        roles: (roles ? String(roles).split(',') : []).sort() as StaffRole[],
        idleSeconds,
        idleExpiresAt: Math.min(row.last_activity_at + idleSeconds * 1000, row.absolute_expires_at),
      },
    };
  }

  /** The portal cookie: the same limits (the platform's idle limit: an account spans practices). */
  async resolveClient(token: string): Promise<PortalResolveResult> {
    return this.resolveClientByHash(hashToken(token));
  }

  async resolveClientByHash(tokenHash: string): Promise<PortalResolveResult> {
    const row = await repo.findClientSessionByHash(this.ctx.db, this.ctx.dialect, tokenHash);
    if (!row || row.revoked_at !== null) return { ok: false, reason: revokedAs(row) };
    const idleSeconds = this.ctx.config.session.idleSeconds;
    const reason = this.over(row, idleSeconds) ?? (row.account_status !== 'active' ? 'revoked' : null);
    if (reason) {
      await this.expire('client', row.id, reason);
      return { ok: false, reason };
    }
    const { account_status: _s, account_totp, ...session } = row;
    return {
      ok: true,
      value: { session, accountId: row.account_id, hasTotp: account_totp !== null, idleSeconds, idleExpiresAt: Math.min(row.last_activity_at + idleSeconds * 1000, row.absolute_expires_at) },
    };
  }

  /** Whether the session behind a socket key is still live (the socket sweep asks; see ws.ts). */
  async stillLive(kind: PrincipalKind, sessionId: string): Promise<{ ok: true } | { ok: false; reason: string }> {
    const hash = await repo.sessionTokenHash(this.ctx.db, PRINCIPALS[kind].sessions, sessionId);
    if (!hash) return { ok: false, reason: 'revoked' };
    return kind === 'staff' ? this.resolveByHash(hash) : this.resolveClientByHash(hash);
  }

  /** A user action: moves the idle deadline. Heartbeats and background polls never call this. */
  async touch(kind: PrincipalKind, s: AnyResolved): Promise<void> {
    const now = this.ctx.clock.now();
    // Writing at most once a second keeps bursts of requests from hammering the row.
    if (now - s.session.last_activity_at < 1000) return;
    await repo.updateSession(this.ctx.db, PRINCIPALS[kind].sessions, s.session.id, { last_activity_at: now });
    s.session.last_activity_at = now;
    s.idleExpiresAt = Math.min(now + s.idleSeconds * 1000, s.session.absolute_expires_at);
  }

  /**
   * A session found over its limits (or its account no longer active) ends here. A staff one is
   * audited (it belongs to a practice); a portal account spans practices, so its ending is not.
   */
  private async expire(kind: PrincipalKind, id: string, reason: 'idle' | 'expired' | 'revoked', staff?: { practiceId: string; userId: string }): Promise<void> {
    const ids = await repo.revokeSessions(this.ctx.db, PRINCIPALS[kind].sessions, { id }, this.ctx.clock.now(), reason);
    if (!ids.length) return;
    if (staff) {
      await this.ctx.audit.record({
        actor: { type: 'system', id: null },
        practiceId: staff.practiceId,
        action: 'session_expired',
        resource: { type: 'session', id },
        outcome: 'success',
        details: { reason, userId: staff.userId },
      });
    }
    this.ctx.onSessionsEnded(ids.map((i) => socketKey(kind, i)), reason);
  }

  /** Ends sessions (one, or all of an owner's but one) and closes their sockets; returns the ids it ended. */
  async revoke(tx: DbOrTx, where: { userId: string; exceptId?: string | undefined } | { id: string }, reason: RevokeReason, kind: PrincipalKind = 'staff'): Promise<string[]> {
    const w = 'userId' in where ? { ownerId: where.userId, exceptId: where.exceptId } : where;
    const ids = await repo.revokeSessions(tx, PRINCIPALS[kind].sessions, w, this.ctx.clock.now(), reason);
    this.ctx.onSessionsEnded(
      ids.map((i) => socketKey(kind, i)),
      reason === 'logout' ? 'logout' : 'revoked',
    );
    return ids;
  }

  /** An owner's live sessions as they see them (the current one marked). */
  async live(kind: PrincipalKind, ownerId: string, currentId: string | null, idleMs: number) {
    const now = this.ctx.clock.now();
    const rows = await repo.liveSessionsOf(this.ctx.db, PRINCIPALS[kind].sessions, ownerId, now);
    return describeLiveSessions(rows, currentId, now, idleMs);
  }
}
