// Today: the signed-in colleague's day, a read model composed from other modules' services
// (scheduling, reminders, calls, messages, booking, notifications, clients) — never their tables.
// What each role sees is decided here:
//   provider             their own appointments (whatever the practice's "see all clients" flag);
//   owner, front desk,   the practice's, optionally one provider's;
//   compliance
//   billing              the practice's appointments without clinical or messaging detail: no
//                        staff note, no reminders, no lobby, no message or request counts.
// Only roles that may start calls get a Start / join button (`joinable`); others see the lobby.
// The staff note shows to owners and providers only. Reading Today is audited (resource `today`).
import { DateTime } from 'luxon';
import type { AppContext, RequestMeta } from '../../context.js';
import { AppError, badRequest } from '../../errors.js';
import { roleCan, type StaffRole } from '../../../shared/roles.js';
import type { Today, TodayAppointment, TodayQuery } from '../../../shared/today.js';
import { byStaff } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { BookingService } from '../booking/index.js';
import type { CallService } from '../calls/index.js';
import type { ClientService } from '../clients/index.js';
import type { FormsService } from '../forms/index.js';
import type { MessagingService } from '../messages/index.js';
import type { NotificationService } from '../notifications/index.js';
import type { ReminderService } from '../reminders/index.js';
import type { SchedulingService } from '../scheduling/index.js';

/** Roles that see the staff note on an appointment. */
const NOTE_ROLES: ReadonlySet<StaffRole> = new Set(['owner', 'provider']);
/** More appointments than anyone has in one day; the list is never cut short below this. */
const DAY_LIMIT = 1000;

export interface TodayDeps {
  scheduling: SchedulingService;
  reminders: ReminderService;
  calls: CallService;
  messages: MessagingService;
  booking: BookingService;
  notifications: NotificationService;
  clients: ClientService;
  /** Per appointment: its forms' status (every role; status only). */
  forms: Pick<FormsService, 'statusFor'>;
}

export class TodayService {
  constructor(
    private readonly ctx: AppContext,
    private readonly deps: TodayDeps,
  ) {}

  async day(s: ResolvedSession, q: TodayQuery, meta: RequestMeta): Promise<Today> {
    const role = s.session.active_role as StaffRole;
    const pid = s.user.practiceId;
    const zone = q.timeZone ?? 'UTC';
    const start = q.date ? DateTime.fromISO(q.date, { zone }) : DateTime.fromMillis(this.ctx.clock.now(), { zone }).startOf('day');
    if (!start.isValid) throw badRequest('date', 'is not a day in that time zone');
    const end = start.plus({ days: 1 });

    const own = role === 'provider';
    if (own && q.providerId && q.providerId !== s.user.id) throw new AppError('forbidden', 403, 'providerId: a provider sees only their own day', 'providerId');
    const providers = own ? [] : await this.deps.clients.providers(s);
    if (!own && q.providerId && !providers.some((p) => p.id === q.providerId)) throw badRequest('providerId', 'is not a provider of this practice');
    const providerId = own ? s.user.id : (q.providerId ?? null);

    const list = await this.deps.scheduling.list(s, { from: start.toUTC().toISO()!, to: end.toUTC().toISO()!, ...(providerId ? { providerId } : {}), limit: DAY_LIMIT }, meta);
    const appts = list.items;
    const billing = role === 'billing';
    const mayCall = roleCan(role, 'calls.start');
    const remote = appts.filter((a) => a.type !== 'in_person');
    const [reminders, rooms, forms] = await Promise.all([
      billing ? Promise.resolve(null) : this.deps.reminders.summaries(pid, appts.map((a) => ({ id: a.id, start: Date.parse(a.start) }))),
      // Who waits in a lobby matters to the front desk too (the provider may be late); billing never sees it.
      billing ? Promise.resolve(null) : this.deps.calls.openRooms(pid, remote.map((a) => a.id)),
      this.deps.forms.statusFor(pid, appts.map((a) => a.id)),
    ]);

    const appointments: TodayAppointment[] = appts.map((a) => {
      const live = a.status !== 'cancelled' && a.status !== 'no_show' && a.status !== 'completed';
      return {
        id: a.id,
        start: a.start,
        end: a.end,
        durationMinutes: a.durationMinutes,
        timeZone: a.timeZone,
        providerId: a.providerId,
        providerName: a.providerName,
        clients: a.clients.map((c) => ({ id: c.id, name: c.name })),
        type: a.type,
        format: a.format,
        serviceName: a.serviceName,
        status: a.status,
        note: NOTE_ROLES.has(role) ? a.note : null,
        reminders: reminders?.get(a.id) ?? null,
        call: rooms?.get(a.id) ?? null,
        joinable: mayCall && a.type !== 'in_person' && live,
        forms: forms.get(a.id) ?? null,
      };
    });

    const writesAppointments = roleCan(role, 'appointments.write');
    const [unreadMessages, requestsWaiting, attentionReminders, notificationProblems] = await Promise.all([
      billing ? Promise.resolve(null) : this.deps.messages.unreadCount(s),
      writesAppointments ? this.deps.booking.list(s, { status: 'pending', limit: 1 }, meta).then((r) => r.total) : Promise.resolve(null),
      billing ? Promise.resolve(null) : this.deps.reminders.attentionCount(s),
      roleCan(role, 'practice.settings.read') ? this.deps.notifications.problemCount(pid) : Promise.resolve(null),
    ]);

    await this.ctx.audit.record({
      ...byStaff(s, meta),
      action: 'read',
      resource: { type: 'today', id: pid },
      outcome: 'success',
      details: { date: start.toISODate(), timeZone: zone, scope: own ? 'own' : 'practice', providerId, returned: appointments.length },
    });

    return {
      date: start.toISODate()!,
      timeZone: zone,
      from: start.toUTC().toISO()!,
      to: end.toUTC().toISO()!,
      scope: own ? 'own' : 'practice',
      providerId,
      appointments,
      unreadMessages,
      requestsWaiting,
      attention: { reminders: attentionReminders, notifications: notificationProblems },
      providers,
    };
  }
}
