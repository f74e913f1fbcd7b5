// Client records: create, read, change, list, search, import and export, with role-based field
// filtering and an audit record for every read, search and change.
import { randomUUID } from 'node:crypto';
import type { AppContext, RequestMeta } from '../../context.js';
import { normaliseEmail } from '../../crypto/envelope.js';
import type { DbOrTx, Tx } from '../../db/index.js';
import { AppError, invalid, notFound } from '../../errors.js';
import { iso } from '../../lib/clock.js';
import { CONSENT_WORDING, type Client, type ClientInput, type ClientList, type ClientPatch } from '../../../shared/clients.js';
import type { Locale } from '../../../shared/locale.js';
import type { PortalClient } from '../../../shared/portal.js';
import type { StaffRole } from '../../../shared/roles.js';
import type { AuditEvent } from '../audit/index.js';
import type { ResolvedSession } from '../auth/index.js';
import type { PracticeService } from '../practices/index.js';
import { ClientListIndex, pageOf, type IndexEntry, type SortKey } from './list-index.js';
import { queryWords } from './name-search.js';
import { normalisePhone, termSearch } from './normalise.js';
import { decryptRow, ENC_COLUMNS, encryptPlain, ExportSections, searchTerms, type Plain } from './record.js';
import * as repo from './repo.js';
import { ClientContacts } from './contacts.js';
import { decodeOffsetCursor, encodeOffsetCursor } from '../../lib/pagination.js';

/** Roles that may read (and write) private staff notes. */
const NOTE_READERS: ReadonlySet<StaffRole> = new Set(['owner', 'provider', 'compliance']);
const NOTE_WRITERS: ReadonlySet<StaffRole> = new Set(['owner', 'provider']);
/** Billing sees what invoices need, not the emergency contact. */
const EMERGENCY_READERS: ReadonlySet<StaffRole> = new Set(['owner', 'provider', 'front_desk', 'compliance']);

const DEFAULT_LIMIT = 25;
const IMPORT_CHUNK = 50; // clients an import writes per round of statements

export class ClientService extends ClientContacts {
  readonly index: ClientListIndex;
  readonly exportSections = new ExportSections();

  constructor(
    ctx: AppContext,
    private readonly practices: PracticeService,
    /** The clients of a practice with unread messages, for the list's marker (the messages module's). */
    private readonly unreadClientIds: (practiceId: string) => Promise<Set<string>>,
  ) {
    super(ctx);
    this.index = new ClientListIndex(ctx, (practiceId) => practices.clientsVersion(practiceId));
  }

  private role(s: ResolvedSession): StaffRole {
    return s.session.active_role as StaffRole;
  }

  private actor(s: ResolvedSession, meta: RequestMeta): Pick<AuditEvent, 'actor' | 'practiceId' | 'ip' | 'userAgent'> {
    return { actor: { type: 'user', id: s.user.id }, practiceId: s.user.practiceId, ip: meta.ip, userAgent: meta.userAgent };
  }

  /** Providers see their assigned clients only, unless the practice lets them see all. */
  async restrictedTo(s: ResolvedSession): Promise<string | null> {
    if (this.role(s) !== 'provider') return null;
    const flags = await this.practices.clientFlags(s.user.practiceId);
    return flags.providersSeeAll ? null : s.user.id;
  }

  /**
   * The client, if this caller may see it. Inside a transaction pass `only` (from restrictedTo,
   * looked up beforehand): on SQLite a query outside the open transaction would wait for it.
   */
  private async visibleRow(s: ResolvedSession, id: string, tx?: { db: DbOrTx; only: string | null }): Promise<repo.ClientRow> {
    const db = tx?.db ?? this.ctx.db;
    const row = await repo.findClient(db, s.user.practiceId, id);
    if (!row) throw notFound('Client');
    const only = tx ? tx.only : await this.restrictedTo(s);
    if (only && !(await repo.providersOf(db, id)).includes(only)) throw notFound('Client');
    return row;
  }

  /**
   * Display names and assignments of the practice's clients, from the list index (scheduling
   * shows names beside appointments). Not audited here: the caller audits its own read.
   */
  directory(practiceId: string): Promise<ReadonlyMap<string, IndexEntry>> {
    return this.index.byId(practiceId);
  }

  /** Throws not_found unless this caller may see the client (for modules acting on a client's behalf). */
  async assertVisible(s: ResolvedSession, id: string): Promise<void> {
    await this.visibleRow(s, id);
  }

  /** The providers assigned to a client of this practice; not_found if there is no such client (messaging alerts). */
  async assignedProviders(practiceId: string, id: string): Promise<string[]> {
    if (!(await repo.findClient(this.ctx.db, practiceId, id))) throw notFound('Client');
    return repo.providersOf(this.ctx.db, id);
  }

  private async assertProviders(practiceId: string, ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const providers = new Set((await repo.practiceProviders(this.ctx.db, practiceId)).map((p) => p.id));
    const bad = unique.find((id) => !providers.has(id));
    if (bad) throw invalid('providerIds', 'each must be an active provider of this practice');
    return unique;
  }

  /** The fields every reader of a record gets, staff or the client themselves. */
  private demographics(id: string, row: repo.ClientRow, p: Plain) {
    return {
      id,
      firstName: p.firstName,
      lastName: p.lastName,
      preferredName: p.preferredName,
      pronouns: p.pronouns,
      dateOfBirth: p.dateOfBirth,
      email: p.email,
      phone: p.phone,
      address: p.address,
      status: row.status,
    };
  }

  private output(s: ResolvedSession, id: string, row: repo.ClientRow, p: Plain, providerIds: string[]): Client {
    const role = this.role(s);
    return {
      ...this.demographics(id, row, p),
      emergencyContact: EMERGENCY_READERS.has(role) ? p.emergencyContact : null,
      providerIds,
      consents: {
        email: row.consent_email === 1,
        sms: row.consent_sms === 1,
        details: row.consent_details === 1,
        version: row.consent_version,
        recordedAt: row.consent_at === null ? null : iso(row.consent_at),
      },
      ...(NOTE_READERS.has(role) ? { staffNotes: p.staffNotes } : {}),
      timeZone: row.time_zone,
      locale: row.locale,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      hiddenFields: [...(EMERGENCY_READERS.has(role) ? [] : ['emergencyContact' as const]), ...(NOTE_READERS.has(role) ? [] : ['staffNotes' as const])],
    };
  }

  private plainFromInput(input: ClientInput): Plain {
    return {
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      preferredName: input.preferredName?.trim() || null,
      pronouns: input.pronouns?.trim() || null,
      dateOfBirth: input.dateOfBirth,
      email: input.email?.trim() || null,
      phone: input.phone ? normalisePhone(input.phone, 'phone') : null,
      address: input.address ?? null,
      emergencyContact: input.emergencyContact ? { ...input.emergencyContact, phone: normalisePhone(input.emergencyContact.phone, 'emergencyContact.phone') } : null,
      staffNotes: input.staffNotes ?? null,
    };
  }

  // ---- create ----

  /** Provider ids a new client gets: as given (checked), or the provider creating it. Outside any transaction. */
  private newClientProviders(s: ResolvedSession, providerIds: string[] | undefined): Promise<string[]> {
    return this.assertProviders(s.user.practiceId, providerIds ?? (this.role(s) === 'provider' ? [s.user.id] : []));
  }

  /** New clients, written together: a few multi-row statements per call, not seven round trips per client. */
  private async insertMany(tx: Tx, s: ResolvedSession, inputs: readonly ClientInput[], providerIds: string[], meta: RequestMeta, via: string): Promise<IndexEntry[]> {
    const pid = s.user.practiceId;
    const now = this.ctx.clock.now();
    const made: (repo.NewClient & { plain: Plain; input: ClientInput })[] = [];
    for (const input of inputs) {
      const id = randomUUID();
      const plain = this.plainFromInput(input);
      const row = {
        id,
        practice_id: pid,
        ...(await encryptPlain(this.ctx.crypto, pid, id, plain, tx)),
        status: input.status ?? 'active',
        consent_email: input.consents?.email ? 1 : 0,
        consent_sms: input.consents?.sms ? 1 : 0,
        consent_details: input.consents?.details ? 1 : 0,
        consent_version: input.consents ? CONSENT_WORDING.version : null,
        consent_at: input.consents ? now : null,
        time_zone: input.timeZone ?? null,
        locale: input.locale ?? 'en',
        created_by: s.user.id,
        created_at: now,
        updated_at: now,
      };
      made.push({ row, providerIds, terms: await searchTerms(this.ctx.crypto, pid, plain, tx), plain, input });
    }
    await repo.insertNewClients(tx, pid, made);
    await this.ctx.audit.recordMany(made.map(({ row }) => ({ ...this.actor(s, meta), action: 'create', resource: { type: 'client', id: row.id }, outcome: 'success', details: { via } })), tx);
    return made.map(({ row, plain, input }) => ({ id: row.id, firstName: plain.firstName, lastName: plain.lastName, dateOfBirth: plain.dateOfBirth, preferredName: plain.preferredName, pronouns: plain.pronouns, status: input.status ?? 'active', updatedAt: now, providerIds }));
  }

  private assertMayWriteNotes(s: ResolvedSession, staffNotes: unknown) {
    if (staffNotes !== undefined && !NOTE_WRITERS.has(this.role(s))) {
      throw new AppError('forbidden', 403, 'staffNotes: your role cannot write staff notes', 'staffNotes');
    }
  }

  async create(s: ResolvedSession, input: ClientInput, meta: RequestMeta): Promise<{ id: string }> {
    await this.practices.assertBaaAccepted(s.user.practiceId);
    this.assertMayWriteNotes(s, input.staffNotes);
    const providerIds = await this.newClientProviders(s, input.providerIds);
    const { entry, version } = await this.ctx.db.transaction().execute(async (tx) => {
      const [entry] = await this.insertMany(tx, s, [input], providerIds, meta, 'api');
      return { entry: entry!, version: await this.practices.bumpClientsVersion(tx, s.user.practiceId) };
    });
    this.index.applied(s.user.practiceId, version, [entry]);
    return { id: entry.id };
  }

  /** All rows or none: the caller has validated every row already. */
  async importMany(s: ResolvedSession, inputs: ClientInput[], meta: RequestMeta): Promise<number> {
    await this.practices.assertBaaAccepted(s.user.practiceId);
    // CSV rows name no providers: a provider importing is assigned to what they import.
    const providers = await this.newClientProviders(s, undefined);
    const { entries, version } = await this.ctx.db.transaction().execute(async (tx) => {
      const entries: IndexEntry[] = [];
      for (let i = 0; i < inputs.length; i += IMPORT_CHUNK) {
        entries.push(...(await this.insertMany(tx, s, inputs.slice(i, i + IMPORT_CHUNK), providers, meta, 'csv_import')));
        // SQLite work is synchronous: give the event loop a turn between chunks, so a large import
        // does not stall health checks and sockets (other queries wait for this transaction).
        await new Promise<void>((r) => setImmediate(r));
      }
      return { entries, version: await this.practices.bumpClientsVersion(tx, s.user.practiceId) };
    });
    this.index.applied(s.user.practiceId, version, entries);
    return entries.length;
  }

  // ---- read ----

  async get(s: ResolvedSession, id: string, meta: RequestMeta): Promise<Client> {
    const row = await this.visibleRow(s, id);
    const client = this.output(s, id, row, await decryptRow(this.ctx.crypto, row), await repo.providersOf(this.ctx.db, id));
    await this.ctx.audit.record({ ...this.actor(s, meta), action: 'read', resource: { type: 'client', id }, outcome: 'success' });
    return client;
  }

  async export(s: ResolvedSession, id: string, format: 'json' | 'pdf', meta: RequestMeta): Promise<Client> {
    const row = await this.visibleRow(s, id);
    const client = this.output(s, id, row, await decryptRow(this.ctx.crypto, row), await repo.providersOf(this.ctx.db, id));
    await this.ctx.audit.record({ ...this.actor(s, meta), action: 'export', resource: { type: 'client', id }, outcome: 'success', details: { format } });
    return client;
  }

  // ---- change ----

  async update(s: ResolvedSession, id: string, patch: ClientPatch, meta: RequestMeta): Promise<Client> {
    await this.practices.assertBaaAccepted(s.user.practiceId);
    this.assertMayWriteNotes(s, patch.staffNotes);
    const pid = s.user.practiceId;
    const now = this.ctx.clock.now();
    const fields = Object.keys(patch);
    const providerIds = patch.providerIds ? await this.assertProviders(pid, patch.providerIds) : undefined;
    const only = await this.restrictedTo(s);
    const { version, entry } = await this.ctx.db.transaction().execute(async (tx) => {
      const row = await this.visibleRow(s, id, { db: tx, only });
      const cur = await decryptRow(this.ctx.crypto, row);
      const next: Plain = {
        firstName: patch.firstName?.trim() ?? cur.firstName,
        lastName: patch.lastName?.trim() ?? cur.lastName,
        preferredName: patch.preferredName === undefined ? cur.preferredName : patch.preferredName?.trim() || null,
        pronouns: patch.pronouns === undefined ? cur.pronouns : patch.pronouns?.trim() || null,
        dateOfBirth: patch.dateOfBirth ?? cur.dateOfBirth,
        email: patch.email === undefined ? cur.email : patch.email?.trim() || null,
        phone: patch.phone === undefined ? cur.phone : patch.phone === null ? null : normalisePhone(patch.phone, 'phone'),
        address: patch.address === undefined ? cur.address : patch.address,
        emergencyContact:
          patch.emergencyContact === undefined
            ? cur.emergencyContact
            : patch.emergencyContact === null
              ? null
              : { ...patch.emergencyContact, phone: normalisePhone(patch.emergencyContact.phone, 'emergencyContact.phone') },
        // A role that cannot read notes never overwrites them (assertMayWriteNotes refused it above).
        staffNotes: patch.staffNotes === undefined ? cur.staffNotes : patch.staffNotes,
      };
      await repo.updateClient(tx, id, {
        ...(await encryptPlain(this.ctx.crypto, pid, id, next, tx)),
        ...(patch.status ? { status: patch.status } : {}),
        ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
        ...(patch.locale ? { locale: patch.locale } : {}),
        ...(patch.consents
          ? {
              consent_email: patch.consents.email ? 1 : 0,
              consent_sms: patch.consents.sms ? 1 : 0,
              consent_details: patch.consents.details ? 1 : 0,
              consent_version: CONSENT_WORDING.version,
              consent_at: now,
            }
          : {}),
        updated_at: now,
      });
      if (providerIds) await repo.setProviders(tx, id, providerIds);
      await repo.setSearchTerms(tx, pid, id, await searchTerms(this.ctx.crypto, pid, next, tx));
      await this.ctx.audit.record({ ...this.actor(s, meta), action: 'update', resource: { type: 'client', id }, outcome: 'success', details: { fields } }, tx);
      const version = await this.practices.bumpClientsVersion(tx, pid);
      const entry: IndexEntry = {
        id,
        firstName: next.firstName,
        lastName: next.lastName,
        dateOfBirth: next.dateOfBirth,
        preferredName: next.preferredName,
        pronouns: next.pronouns,
        status: patch.status ?? row.status,
        updatedAt: now,
        providerIds: providerIds ?? (await repo.providersOf(tx, id)),
      };
      return { version, entry };
    });
    this.index.applied(pid, version, [entry]);
    const row = await this.visibleRow(s, id);
    return this.output(s, id, row, await decryptRow(this.ctx.crypto, row), entry.providerIds);
  }

  // ---- list and search ----

  async list(
    s: ResolvedSession,
    query: { q?: string | undefined; status?: IndexEntry['status'] | undefined; providerId?: string | undefined; sort?: string | undefined; limit?: number | undefined; cursor?: string | undefined },
    meta: RequestMeta,
  ): Promise<ClientList> {
    const pid = s.user.practiceId;
    const sort = query.sort ?? 'lastName';
    const desc = sort.startsWith('-');
    const key = (desc ? sort.slice(1) : sort) as SortKey;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = decodeOffsetCursor(query.cursor, 10_000_000);
    const only = await this.restrictedTo(s);
    const q = query.q?.trim() ?? '';
    // The unread markers are looked up beside the page (on PostgreSQL, one round trip fewer in
    // line) and before the answer: a failure of either fails the request, never a page without markers.
    const [{ total, page }, unread] = await Promise.all([this.listPage(pid, only, q, query, key, desc, offset, limit), this.unreadClientIds(pid)]);
    await this.ctx.audit.record({
      ...this.actor(s, meta),
      action: q ? 'search' : 'read',
      resource: { type: 'client_list', id: pid },
      outcome: 'success',
      // Which filters were used, never what was searched for.
      details: { returned: page.length, total, searched: Boolean(q), status: query.status ?? null, sort },
    });
    return {
      items: page.map((e) => ({
        id: e.id,
        firstName: e.firstName,
        lastName: e.lastName,
        dateOfBirth: e.dateOfBirth,
        preferredName: e.preferredName,
        pronouns: e.pronouns,
        status: e.status,
        providerIds: e.providerIds,
        unread: unread.has(e.id),
      })),
      total,
      nextCursor: offset + limit < total ? encodeOffsetCursor(offset + limit) : null,
    };
  }

  /** The page of the list (or of a search) and the exact total, from one snapshot of the index. */
  private async listPage(pid: string, only: string | null, q: string, query: { status?: IndexEntry['status'] | undefined; providerId?: string | undefined }, key: SortKey, desc: boolean, offset: number, limit: number): Promise<{ total: number; page: IndexEntry[] }> {
    const providerId = query.providerId;
    const keep = (e: IndexEntry) => (!providerId || e.providerIds.includes(providerId)) && (!only || e.providerIds.includes(only));
    if (q && termSearch(q) === null) {
      // Names: the index's prefix structures give the page and the exact total (name-search.ts).
      const words = queryWords(q);
      return words.length ? this.index.searchNames(pid, query.status ?? null, { words, keep: providerId || only ? keep : null, key, desc, offset, limit }) : { total: 0, page: [] };
    }
    const matches = q ? await this.termMatches(pid, q) : null;
    const { entries } = await this.index.sorted(pid, key);
    const status = query.status;
    const filter = status || providerId || only || matches ? (e: IndexEntry) => (!status || e.status === status) && keep(e) && (!matches || matches.has(e.id)) : null;
    return pageOf(entries, desc, filter, offset, limit);
  }

  /** Ids matching an e-mail or phone query through its blind index (an unusable phone number matches nobody). */
  private async termMatches(practiceId: string, q: string): Promise<Set<string>> {
    const { crypto, db } = this.ctx;
    const term = termSearch(q);
    if (term === 'email') return repo.clientsWithAllTerms(db, practiceId, [await crypto.blindIndex(practiceId, 'client:email', normaliseEmail(q))]);
    let phone: string;
    try {
      phone = normalisePhone(q, 'q');
    } catch {
      return new Set();
    }
    return repo.clientsWithAllTerms(db, practiceId, [await crypto.blindIndex(practiceId, 'client:phone', phone)]);
  }

  // ---- for the client portal (the caller has checked the portal account's link) ----

  /** Where a portal invitation may go: the record's e-mail, if the client agreed to e-mail. */
  async invitationTarget(s: ResolvedSession, id: string): Promise<{ email: string | null; emailConsent: boolean; locale: Locale }> {
    const row = await this.visibleRow(s, id);
    const email = await this.ctx.crypto.decryptNullable({ table: 'clients', column: ENC_COLUMNS.email, rowId: id }, row.email_enc);
    return { email, emailConsent: row.consent_email === 1, locale: row.locale };
  }

  /** A client's own view of their record: no staff notes, assignments or emergency contact. */
  async ownRecord(practiceId: string, id: string): Promise<PortalClient> {
    const row = await repo.findClient(this.ctx.db, practiceId, id);
    if (!row) throw notFound('Client');
    return {
      ...this.demographics(id, row, await decryptRow(this.ctx.crypto, row)),
      consents: { email: row.consent_email === 1, sms: row.consent_sms === 1, details: row.consent_details === 1 },
    };
  }

  /** Ids (of those given) that are clients of the practice, with their status. */
  statuses(practiceId: string, ids: readonly string[]): Promise<{ id: string; status: repo.ClientRow['status'] }[]> {
    return repo.statusesOf(this.ctx.db, practiceId, ids);
  }

  /** Whether the client belongs to the practice, for id-based entry points with no staff session (only ids are read). */
  inPractice(practiceId: string, id: string): Promise<boolean> {
    return repo.inPractice(this.ctx.db, practiceId, id);
  }

  async providers(s: ResolvedSession): Promise<{ id: string; name: string }[]> {
    const rows = await repo.practiceProviders(this.ctx.db, s.user.practiceId);
    return Promise.all(
      rows.map(async (r) => ({ id: r.id, name: await this.ctx.crypto.decrypt({ table: 'users', column: 'name_enc', rowId: r.id }, r.name_enc) })),
    );
  }
}

/** What reminders may know of a client without decrypting anything. */
export type { ReminderContact } from './record.js';
