// Join links in reminders and invitations of video and audio visits (`<publicUrl>/join#<token>`):
// one per recipient and send, for one occurrence, redeemable once inside that occurrence's join
// window (src/shared/join-window.ts), its token opaque (no PHI) and stored as a hash only.
//
// A send that is retried (the ledger tries a row again after a transient failure) must carry the
// same link: the token is derived from the send's durable ledger key with the practice's keyed
// index HMAC, so the same key always gives the same token, and its row is inserted once (ON
// CONFLICT DO NOTHING on the hash). The token is never logged, never in a payload or audit record.
//
// The call room is made when the link is redeemed (CallService.redeemLink), not when the mail
// goes: a visit moved or cancelled after the mail makes the link refuse, never a stale room.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { DbOrTx } from '../../db/index.js';
import { hashToken } from '../../lib/tokens.js';
import { joinWindow } from '../../../shared/join-window.js';

export interface JoinLinkRequest {
  practiceId: string;
  appointmentId: string;
  /** The occurrence's start and end (ms). */
  start: number;
  end: number;
  clientId: string;
  /** The send's durable key in its ledger (a reminder row's id, a notification row's id). */
  sendKey: string;
}

export class JoinLinks {
  constructor(private readonly ctx: AppContext) {}

  /** The link for this send: the same request gives the same link (and one token row). */
  async link(r: JoinLinkRequest, db: DbOrTx = this.ctx.db): Promise<string> {
    const token = await this.ctx.crypto.blindIndex(r.practiceId, 'join_link', [r.sendKey, r.appointmentId, String(r.start), r.clientId].join('\u0000'));
    const w = joinWindow(r.start, r.end);
    await db
      .insertInto('appointment_join_tokens')
      .values({ id: randomUUID(), token_hash: hashToken(token), practice_id: r.practiceId, appointment_id: r.appointmentId, occurrence_start: r.start, client_id: r.clientId, opens_at: w.opensAt, expires_at: w.closesAt, created_at: this.ctx.clock.now(), used_at: null })
      .onConflict((oc) => oc.column('token_hash').doNothing())
      .execute();
    return `${this.ctx.config.publicUrl}/join#${token}`;
  }

  async find(tokenHash: string) {
    const r = await this.ctx.db.selectFrom('appointment_join_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return r ? { ...r, occurrence_start: Number(r.occurrence_start), opens_at: Number(r.opens_at), expires_at: Number(r.expires_at), used_at: r.used_at === null ? null : Number(r.used_at) } : undefined;
  }

  /** Single use: true for exactly one caller, inside the window. */
  async use(db: DbOrTx, id: string, now: number): Promise<boolean> {
    const r = await db.updateTable('appointment_join_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).where('opens_at', '<=', now).where('expires_at', '>', now).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
