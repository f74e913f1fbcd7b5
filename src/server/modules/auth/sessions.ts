// Server-side sessions. The cookie holds 256 random bits; the database holds only their hash.
// Idle time is enforced here, on the server, from last_activity_at, which only user actions move.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import { rolesCsv, type DbOrTx } from '../../db/index.js';
import { iso } from '../../lib/clock.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import type { StaffRole } from '../../../shared/roles.js';
import * as repo from './repo.js';

export const MFA_PENDING_SECONDS = 5 * 60;

export interface ResolvedSession {
  session: repo.SessionRow;
  user: { id: string; practiceId: string; status: string; hasTotp: boolean; hasWebauthn: boolean };
  practice: { id: string; requireMfa: boolean; idleTimeoutMinutes: number };
  roles: StaffRole[];
  idleSeconds: number;
  idleExpiresAt: number;
}

export type ResolveResult =
  | { ok: true; value: ResolvedSession }
  | { ok: false; reason: 'missing' | 'revoked' | 'idle' | 'expired' | 'disabled' };

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

  async create(
    tx: DbOrTx,
    input: { userId: string; practiceId: string; activeRole: string; state: 'mfa_pending' | 'active'; meta: RequestMeta },
  ): Promise<{ token: string; session: repo.SessionRow }> {
    const now = this.ctx.clock.now();
    const token = newToken();
    const session: repo.SessionRow = {
      id: randomUUID(),
      token_hash: hashToken(token),
      user_id: input.userId,
      practice_id: input.practiceId,
      active_role: input.activeRole,
      state: input.state,
      csrf_token: randomBytes(32).toString('base64url'),
      challenge: null,
      challenge_expires_at: null,
      created_at: now,
      last_activity_at: now,
      absolute_expires_at: now + (input.state === 'mfa_pending' ? MFA_PENDING_SECONDS : this.ctx.config.session.absoluteSeconds) * 1000,
      ip: input.meta.ip,
      user_agent: input.meta.userAgent.slice(0, 256),
      revoked_at: null,
      revoked_reason: null,
    };
    await repo.insertSession(tx, session);
    // Remembered on the user: the next sign-in opens in the role they were last working in.
    if (input.state === 'active') await repo.updateUser(tx, input.userId, { last_active_role: input.activeRole });
    return { token, session };
  }

  /** Looks the cookie up in one query and applies the idle and absolute limits. */
  async resolve(token: string): Promise<ResolveResult> {
    return this.resolveByHash(hashToken(token));
  }

  async resolveByHash(tokenHash: string): Promise<ResolveResult> {
    const now = this.ctx.clock.now();
    const row = await this.ctx.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('practices', 'practices.id', 'sessions.practice_id')
      .selectAll('sessions')
      .select([
        'users.status as user_status',
        'users.totp_secret_enc as user_totp',
        'practices.require_mfa as practice_require_mfa',
        'practices.idle_timeout_minutes as practice_idle_minutes',
      ])
      .select((eb) =>
        eb
          .exists(eb.selectFrom('webauthn_credentials').select('webauthn_credentials.id').whereRef('webauthn_credentials.user_id', '=', 'users.id'))
          .as('has_webauthn'),
      )
      .select(rolesCsv(this.ctx.dialect, 'users.id').as('roles'))
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return { ok: false, reason: 'missing' };
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
    const idleSeconds = this.idleSecondsFor(row.practice_idle_minutes);
    if (now >= row.absolute_expires_at) {
      await this.end(row.id, row.user_id, row.practice_id, 'expired');
      return { ok: false, reason: 'expired' };
    }
    if (now - row.last_activity_at > idleSeconds * 1000) {
      await this.end(row.id, row.user_id, row.practice_id, 'idle');
      return { ok: false, reason: 'idle' };
    }
    if (row.user_status !== 'active') {
      await this.end(row.id, row.user_id, row.practice_id, 'revoked');
      return { ok: false, reason: 'disabled' };
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

  /** A user action: moves the idle deadline. Heartbeats and background polls never call this. */
  async touch(s: ResolvedSession): Promise<void> {
    const now = this.ctx.clock.now();
    // Writing at most once a second keeps bursts of requests from hammering the row.
    if (now - s.session.last_activity_at < 1000) return;
    await repo.updateSession(this.ctx.db, s.session.id, { last_activity_at: now });
    s.session.last_activity_at = now;
    s.idleExpiresAt = Math.min(now + s.idleSeconds * 1000, s.session.absolute_expires_at);
  }

  private async end(id: string, userId: string, practiceId: string, reason: 'idle' | 'expired' | 'revoked'): Promise<void> {
    const ids = await repo.revokeSessions(this.ctx.db, { id }, this.ctx.clock.now(), reason);
    if (!ids.length) return;
    await this.ctx.audit.record({
      actor: { type: 'system', id: null },
      practiceId,
      action: 'session_expired',
      resource: { type: 'session', id },
      outcome: 'success',
      details: { reason, userId },
    });
    this.ctx.onSessionsEnded(ids, reason === 'revoked' ? 'revoked' : reason);
  }

  async revoke(
    tx: DbOrTx,
    where: { userId: string; exceptId?: string | undefined } | { id: string },
    reason: 'logout' | 'revoked' | 'password_changed' | 'mfa_changed' | 'mfa_completed' | 'password_reset' | 'user_disabled',
  ): Promise<string[]> {
    const ids = await repo.revokeSessions(tx, where, this.ctx.clock.now(), reason);
    this.ctx.onSessionsEnded(ids, reason === 'logout' ? 'logout' : 'revoked');
    return ids;
  }
}
