// Appointments as the API shows them (names of the clients the viewer may see, the provider, the
// service), and the PHI-free facts calendar files are made from. The SchedulingService facade
// delegates here.
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/index.js';
import { iso } from '../../lib/clock.js';
import type { Appointment, AppointmentCell, AppointmentFormat, AppointmentType, PlaceOfService } from '../../../shared/scheduling.js';
import type { ResolvedSession } from '../auth/index.js';
import type { ClientService } from '../clients/index.js';
import * as repo from './repo.js';
import { CALENDAR_LIMIT, MIN, stateOf, type AppointmentState, type CalendarEntry } from './rules.js';

/** Who is looking: a staff session, or a client in the portal. */
type Viewer = { staff: ResolvedSession } | { clientId: string };
type AppointmentClient = Appointment['clients'][number];

export class AppointmentReader {
  constructor(
    private readonly ctx: AppContext,
    private readonly clients: ClientService,
  ) {}

  /**
   * Rows as the API shows them. Staff see the names of clients they may see; a client (portal)
   * sees their own name only (never other members of a group) and no staff note.
   */
  async present(pid: string, rows: repo.AppointmentRow[], viewer: Viewer): Promise<Appointment[]> {
    if (!rows.length) return [];
    const clientsOf = await this.namedClients(pid, rows, viewer);
    const self = 'clientId' in viewer ? viewer.clientId : null;
    const providerIds = [...new Set(rows.map((r) => r.provider_id))];
    const names = new Map<string, string>();
    for (const u of await repo.userNames(this.ctx.db, pid, providerIds)) {
      names.set(u.id, await this.ctx.crypto.decrypt({ table: 'users', column: 'name_enc', rowId: u.id }, u.name_enc));
    }
    const services = new Map((await repo.services(this.ctx.db, pid)).map((r) => [r.id, r.name]));
    const out: Appointment[] = [];
    for (const r of rows) {
      const clients = clientsOf.get(r.id) ?? [];
      out.push({
        id: r.id,
        seriesId: r.series_id,
        providerId: r.provider_id,
        providerName: names.get(r.provider_id) ?? '',
        clients,
        start: iso(Number(r.start_at)),
        end: iso(Number(r.end_at)),
        durationMinutes: Math.round((Number(r.end_at) - Number(r.start_at)) / MIN),
        timeZone: r.time_zone,
        type: r.type as AppointmentType,
        format: r.format as AppointmentFormat,
        serviceId: r.service_id,
        serviceName: r.service_id ? (services.get(r.service_id) ?? null) : null,
        placeOfService: r.place_of_service as PlaceOfService,
        status: r.status as Appointment['status'],
        cancellation:
          r.status === 'cancelled' && r.cancelled_at !== null
            ? {
                by: r.cancelled_by as 'practice' | 'client',
                at: iso(Number(r.cancelled_at)),
                late: r.late_cancel === 1,
                reason: self ? null : await this.ctx.crypto.decryptNullable({ table: 'appointments', column: 'cancel_reason_enc', rowId: r.id }, r.cancel_reason_enc),
              }
            : null,
        bookedInPast: r.booked_in_past === 1,
        note: self ? null : await this.ctx.crypto.decryptNullable({ table: 'appointments', column: 'note_enc', rowId: r.id }, r.note_enc),
        version: r.version,
        createdAt: iso(Number(r.created_at)),
        updatedAt: iso(Number(r.updated_at)),
      });
    }
    return out;
  }

  /**
   * Rows as a calendar cell draws them (view=calendar): each field is what present() gives for the
   * same row, the clients' names through the same rule (namedClients). No provider or service
   * names, notes or cancellation reasons are decrypted: the cell does not show them.
   */
  async cells(pid: string, rows: repo.CellRow[], staff: ResolvedSession): Promise<AppointmentCell[]> {
    if (!rows.length) return [];
    const clientsOf = await this.namedClients(pid, rows, { staff });
    return rows.map((r) => {
      const clients = clientsOf.get(r.id) ?? [];
      return {
        id: r.id,
        start: iso(Number(r.start_at)),
        end: iso(Number(r.end_at)),
        status: r.status as AppointmentCell['status'],
        type: r.type as AppointmentType,
        providerId: r.provider_id,
        timeZone: r.time_zone,
        clientNames: clients.map((c) => c.name),
        clientZones: clients.map((c) => c.timeZone),
      };
    });
  }

  /**
   * Each appointment's clients in link order, named where this viewer may see them: staff see
   * the clients they may see (all, or a restricted provider's own clients and anyone on their own
   * appointments); a client (portal) sees their own name only.
   */
  private async namedClients(pid: string, rows: readonly Pick<repo.AppointmentRow, 'id' | 'provider_id'>[], viewer: Viewer): Promise<Map<string, AppointmentClient[]>> {
    const links = await this.clientLinksWithZones(rows.map((r) => r.id));
    const byAppointment = new Map<string, { id: string; timeZone: string | null }[]>();
    for (const l of links) {
      const list = byAppointment.get(l.appointment_id) ?? [];
      list.push({ id: l.client_id, timeZone: l.time_zone });
      byAppointment.set(l.appointment_id, list);
    }
    const directory = await this.clients.directory(pid);
    const only = 'staff' in viewer ? await this.clients.restrictedTo(viewer.staff) : null;
    const self = 'clientId' in viewer ? viewer.clientId : null;
    const out = new Map<string, AppointmentClient[]>();
    for (const r of rows) {
      out.set(
        r.id,
        (byAppointment.get(r.id) ?? []).map((c) => {
          const e = directory.get(c.id);
          const visible = e && (self ? c.id === self : !only || e.providerIds.includes(only) || r.provider_id === only);
          return { id: c.id, name: visible ? `${e.preferredName ?? e.firstName} ${e.lastName}` : null, timeZone: c.timeZone };
        }),
      );
    }
    return out;
  }

  /** The appointments' client links with each client's recorded zone (from the clients module). */
  async clientLinksWithZones(appointmentIds: string[]): Promise<{ appointment_id: string; client_id: string; time_zone: string | null }[]> {
    const links = await repo.clientsOf(this.ctx.db, appointmentIds);
    const zones = await this.clients.timeZones(links.map((l) => l.client_id));
    return links.filter((l) => zones.has(l.client_id)).map((l) => ({ ...l, time_zone: zones.get(l.client_id) ?? null }));
  }

  /**
   * PHI-free facts of appointments for calendar files: ids, instants, zone, status, version and
   * client ids (no names, notes or services). A provider's appointments overlapping [from, to),
   * the occurrences of a series, or the given ids. The caller checks access and audits.
   */
  async calendarEntries(practiceId: string, q: { providerId: string; from: number; to: number } | { seriesId: string } | { ids: string[] }): Promise<CalendarEntry[]> {
    let rows: repo.AppointmentRow[];
    if ('providerId' in q) rows = await repo.pageRange(this.ctx.db, { practiceId, from: q.from, to: q.to, providerId: q.providerId }, 0, CALENDAR_LIMIT);
    else if ('seriesId' in q) rows = await repo.seriesOccurrences(this.ctx.db, q.seriesId, 0);
    else rows = (await Promise.all(q.ids.map((id) => repo.findAppointment(this.ctx.db, practiceId, id)))).filter((r) => r !== undefined);
    rows = rows.filter((r) => r.practice_id === practiceId);
    const clientIds = new Map<string, string[]>();
    for (const l of await repo.clientsOf(this.ctx.db, rows.map((r) => r.id))) clientIds.set(l.appointment_id, [...(clientIds.get(l.appointment_id) ?? []), l.client_id]);
    return rows.map((r) => ({
      id: r.id,
      seriesId: r.series_id,
      providerId: r.provider_id,
      clientIds: clientIds.get(r.id) ?? [],
      start: Number(r.start_at),
      end: Number(r.end_at),
      timeZone: r.time_zone,
      type: r.type as AppointmentType,
      serviceId: r.service_id,
      status: r.status as Appointment['status'],
      version: r.version,
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
    }));
  }

  /** The provider's name and the service's name, for mail to a client who agreed to details. */
  async detailsFor(practiceId: string, providerId: string, serviceId: string | null): Promise<{ providerName: string | null; serviceName: string | null }> {
    const [user] = await repo.userNames(this.ctx.db, practiceId, [providerId]);
    const providerName = user ? await this.ctx.crypto.decrypt({ table: 'users', column: 'name_enc', rowId: user.id }, user.name_enc) : null;
    const service = serviceId ? await repo.findService(this.ctx.db, practiceId, serviceId) : undefined;
    return { providerName, serviceName: service?.name ?? null };
  }

  /**
   * The current state of appointments by id, in one query (reminders: whether a visit is still at
   * the time a reminder was made for). Ids, instants, zone and status only. The caller checks access.
   */
  async states(ids: readonly string[]): Promise<Map<string, AppointmentState>> {
    const out = new Map<string, AppointmentState>();
    for (const r of await repo.states(this.ctx.db, ids)) out.set(r.id, stateOf(r));
    return out;
  }

  /**
   * Inside the caller's transaction: locks one appointment against changes until it commits (a row
   * lock on PostgreSQL; SQLite has one writer) and returns its state. Lets a consumer act on the
   * state it read without a change slipping in between.
   */
  async lockState(tx: Tx, id: string): Promise<AppointmentState | undefined> {
    const row = await repo.lockedState(tx, this.ctx.dialect, id);
    return row ? stateOf(row) : undefined;
  }
}
