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
import * as repo from './repo.js';

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
    await repo.insertAppointmentJoinToken(db, { id: randomUUID(), token_hash: hashToken(token), practice_id: r.practiceId, appointment_id: r.appointmentId, occurrence_start: r.start, client_id: r.clientId, opens_at: w.opensAt, expires_at: w.closesAt, created_at: this.ctx.clock.now() });
    return `${this.ctx.config.publicUrl}/join#${token}`;
  }

  find(tokenHash: string) {
    return repo.findAppointmentJoinToken(this.ctx.db, tokenHash);
  }

  /** Single use: true for exactly one caller, inside the window. */
  use(db: DbOrTx, id: string, now: number): Promise<boolean> {
    return repo.useAppointmentJoinToken(db, id, now);
  }
}
