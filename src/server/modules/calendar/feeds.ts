// A provider's private calendar feeds: ICS subscription URLs for their own calendar app. The URL's
// secret (256 random bits) is shown once and stored only as a hash; a feed is revocable, lists
// the provider's own appointments only, and says nothing about them but "Hearth appointment", the
// time and a link into Hearth (the appointment id is opaque). Fetches of tokens that never
// existed are counted per IP, and past the limit that IP gets 429 for every feed until the window
// ends; a revoked feed still polled by a calendar app is a plain 404 and counts for nothing (the
// big calendar services fetch many feeds from one address). Fetches are audited as reads by the
// feed's user and touch no session.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { DAY, iso } from '../../lib/clock.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { MAX_FEEDS_PER_USER, type CalendarFeed, type CalendarFeedCreated } from '../../../shared/calendar-feeds.js';
import { Throttle, type ResolvedSession } from '../auth/index.js';
import type { CalendarEntry, SchedulingService } from '../scheduling/index.js';
import { buildIcsInSlices, type IcsEvent } from './ics.js';
import * as repo from './repo.js';

/** The feed shows appointments overlapping [now - 30 days, now + 365 days). */
export const FEED_WINDOW = { pastDays: 30, futureDays: 365 };
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class CalendarFeedService {
  private readonly throttle: Throttle;

  constructor(
    private readonly ctx: AppContext,
    private readonly scheduling: SchedulingService,
  ) {
    this.throttle = new Throttle(ctx);
  }

  private who(s: ResolvedSession, meta: RequestMeta) {
    return { actor: { type: 'user' as const, id: s.user.id }, practiceId: s.user.practiceId, ip: meta.ip, userAgent: meta.userAgent };
  }

  async create(s: ResolvedSession, meta: RequestMeta): Promise<CalendarFeedCreated> {
    if (!s.roles.includes('provider')) throw forbidden('Calendar feeds list a provider’s own appointments; your account is not a provider');
    const pid = s.user.practiceId;
    const id = randomUUID();
    const token = newToken();
    await this.ctx.db.transaction().execute(async (tx) => {
      if ((await repo.liveFeeds(tx, pid, s.user.id)).length >= MAX_FEEDS_PER_USER) {
        throw conflict(`You have ${MAX_FEEDS_PER_USER} calendar feeds already; revoke one first`);
      }
      await repo.insertFeed(tx, { id, practice_id: pid, user_id: s.user.id, token_hash: hashToken(token), created_at: this.ctx.clock.now() });
      await this.ctx.audit.record({ ...this.who(s, meta), action: 'create', resource: { type: 'calendar_feed', id }, outcome: 'success' }, tx);
    });
    return { id, url: feedUrl(this.ctx.config.publicUrl, token) };
  }

  async list(s: ResolvedSession): Promise<CalendarFeed[]> {
    const rows = await repo.liveFeeds(this.ctx.db, s.user.practiceId, s.user.id);
    return rows.map((r) => ({ id: r.id, createdAt: iso(Number(r.created_at)), lastUsedAt: r.last_used_at === null ? null : iso(Number(r.last_used_at)) }));
  }

  /** Revokes one of the caller's own feeds; anyone else's (or an unknown id) is a 404. */
  async revoke(s: ResolvedSession, id: string, meta: RequestMeta): Promise<void> {
    await this.ctx.db.transaction().execute(async (tx) => {
      if (!(await repo.revokeFeed(tx, s.user.practiceId, s.user.id, id, this.ctx.clock.now()))) throw notFound('Calendar feed');
      await this.ctx.audit.record({ ...this.who(s, meta), action: 'delete', resource: { type: 'calendar_feed', id }, outcome: 'success' }, tx);
    });
  }

  /**
   * The ICS text of the feed with this token. An IP that has guessed too often is refused (429)
   * before the token is even looked up, so guessing gets no answer at all past the limit.
   */
  async serve(token: string, meta: RequestMeta): Promise<string> {
    const ipKey = { key: `feed:ip:${meta.ip}`, limit: this.ctx.config.login.maxFailuresPerIp };
    await this.throttle.check([ipKey]);
    const feed = TOKEN.test(token) ? await repo.feedByTokenHash(this.ctx.db, hashToken(token)) : undefined;
    if (!feed) {
      await this.throttle.take([ipKey]);
      throw notFound('Calendar feed');
    }
    // Revoked, or its user left the practice: gone, like any revoked link.
    if (feed.revoked_at !== null || feed.user_status !== 'active') throw notFound('Calendar feed');
    const now = this.ctx.clock.now();
    const from = now - FEED_WINDOW.pastDays * DAY;
    const to = now + FEED_WINDOW.futureDays * DAY;
    const entries = await this.scheduling.calendarEntries(feed.practice_id, { providerId: feed.user_id, from, to });
    // Built a slice of events at a time: a feed of thousands must not hold up other requests.
    const text = await buildIcsInSlices({
      method: 'PUBLISH',
      name: 'Hearth',
      refreshMinutes: 30,
      stamp: now,
      events: entries.map((e) => feedEvent(this.ctx.config.publicUrl, e)),
    });
    await repo.touchFeed(this.ctx.db, feed.id, now);
    await this.ctx.audit.record({
      actor: { type: 'user', id: feed.user_id },
      practiceId: feed.practice_id,
      action: 'read',
      resource: { type: 'calendar_feed', id: feed.id },
      outcome: 'success',
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { via: 'calendar_feed', returned: entries.length, from: iso(from), to: iso(to) },
    });
    return text;
  }
}

export const feedUrl = (publicUrl: string, token: string) => `${publicUrl}/feeds/${token}.ics`;

/** A stable UID per appointment, shared by the provider's feed and the clients' invitations. */
export const appointmentUid = (publicUrl: string, id: string) => `${id}@${new URL(publicUrl).hostname}`;

/** SEQUENCE starts at 0 and grows with every change of the appointment (its version). */
export const sequenceOf = (e: Pick<CalendarEntry, 'version'>) => Math.max(0, e.version - 1);

/** One appointment as the provider's calendar shows it: time, status and a link; nothing else. */
function feedEvent(publicUrl: string, e: CalendarEntry): IcsEvent {
  const link = `${publicUrl}/appointments/${e.id}`;
  const cancelled = e.status === 'cancelled';
  return {
    uid: appointmentUid(publicUrl, e.id),
    start: e.start,
    end: e.end,
    zone: e.timeZone,
    sequence: sequenceOf(e),
    summary: 'Hearth appointment',
    description: `Hearth appointment. Open it in Hearth: ${link}`,
    url: link,
    // Cancelled ones stay, marked cancelled and free, so a calendar that had them shows the change.
    status: cancelled ? 'cancelled' : 'confirmed',
    transparent: cancelled,
    created: e.createdAt,
    lastModified: e.updatedAt,
  };
}
