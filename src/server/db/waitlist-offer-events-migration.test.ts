// Migration 1460 on every test database, over a database holding an offer made before it: the offer
// and its recipient survive (SQLite rebuilds the table), foreign keys still hold, an appointment
// may now be the source of several offers, and one event the source of one only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, testDialects } from '../testing/dialects.js';
import { openDatabase, type DatabaseHandle } from './index.js';
import { migrations } from './migrations/index.js';

describe.each(testDialects())('migration 1460 (waitlist offers by event) on %s', (dialect) => {
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  const offer = (id: string, eventId: string | null) => ({
    id,
    practice_id: 'p1',
    provider_id: 'u1',
    service_id: null,
    source_appointment_id: 'a1',
    ...(eventId === null ? {} : { source_event_id: eventId }),
    start_at: 1_900_000_000_000,
    end_at: 1_900_003_000_000,
    time_zone: 'America/New_York',
    type: 'video',
    status: 'open',
    expires_at: 1_900_000_000_000,
    appointment_id: null,
    taken_by_client_id: null,
    created_at: 1,
    decided_at: null,
  });

  beforeAll(async () => {
    if (dialect === 'postgres') {
      const fresh = await freshPostgresDatabase();
      handle = openDatabase({ dialect: 'postgres', url: fresh.url, ssl: false });
      cleanup = async () => {
        await handle.destroy();
        await fresh.drop();
      };
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), 'hearth-migration-'));
      handle = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'hearth.db') });
      cleanup = async () => {
        await handle.destroy();
        rmSync(dir, { recursive: true, force: true });
      };
    }
    const all = migrations(dialect);
    const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < '2026-11-28T1460'));
    const migrate = (set: typeof all) => new Migrator({ db: handle.db, provider: { getMigrations: async () => set }, migrationTableName: 'kysely_migration', migrationLockTableName: 'kysely_migration_lock' }).migrateToLatest();
    expect((await migrate(before)).error).toBeUndefined();

    // What an installation holds before the change: an offer made by the in-process hook.
    const db = handle.db;
    await db.insertInto('practices').values({ id: 'p1', name: 'x', require_mfa: 0, idle_timeout_minutes: 30, created_at: 1, updated_at: 1 } as never).execute();
    await db
      .insertInto('users')
      .values({ id: 'u1', practice_id: 'p1', name_enc: 'x', email_enc: 'x', email_idx: 'x', password_hash: 'x', password_single_factor_ok: 1, status: 'active', created_at: 1, updated_at: 1, password_changed_at: 1 } as never)
      .execute();
    await db
      .insertInto('clients')
      .values({ id: 'c1', practice_id: 'p1', first_name_enc: 'x', last_name_enc: 'x', dob_enc: 'x', status: 'active', consent_email: 0, consent_sms: 0, consent_details: 0, created_at: 1, updated_at: 1 } as never)
      .execute();
    await db
      .insertInto('appointments')
      .values({ id: 'a1', practice_id: 'p1', provider_id: 'u1', start_at: 1_900_000_000_000, end_at: 1_900_003_000_000, time_zone: 'America/New_York', type: 'video', format: 'individual', place_of_service: 'telehealth_home', status: 'cancelled', created_at: 1, updated_at: 1 } as never)
      .execute();
    await db.insertInto('waitlist_entries').values({ id: 'e1', practice_id: 'p1', client_id: 'c1', provider_id: 'u1', service_id: null, status: 'waiting', created_by: 'x', created_at: 1, updated_at: 1 }).execute();
    await db.insertInto('waitlist_offers').values(offer('o1', null)).execute();
    await db.insertInto('waitlist_offer_recipients').values({ offer_id: 'o1', client_id: 'c1', entry_id: 'e1', practice_id: 'p1', mailed_at: 5 }).execute();

    expect((await migrate(all)).error).toBeUndefined();
  });
  afterAll(async () => cleanup?.());

  it('keeps the offers made before it, with their recipients', async () => {
    const rows = await handle.db.selectFrom('waitlist_offers').selectAll().execute();
    expect(rows).toEqual([expect.objectContaining({ ...offer('o1', null), source_event_id: null })]);
    expect(await handle.db.selectFrom('waitlist_offer_recipients').selectAll().execute()).toEqual([{ offer_id: 'o1', client_id: 'c1', entry_id: 'e1', practice_id: 'p1', mailed_at: 5 }]);
  });

  it('one appointment may free several slots; one event makes one offer; foreign keys still hold', async () => {
    const db = handle.db;
    await db.insertInto('waitlist_offers').values(offer('o2', 'ev-2')).execute();
    await db.insertInto('waitlist_offers').values(offer('o3', 'ev-3')).execute();
    await expect(db.insertInto('waitlist_offers').values(offer('o4', 'ev-3')).execute()).rejects.toThrow();
    await expect(db.insertInto('waitlist_offer_recipients').values({ offer_id: 'missing', client_id: 'c1', entry_id: 'e1', practice_id: 'p1', mailed_at: null }).execute()).rejects.toThrow();
    await expect(db.insertInto('waitlist_offers').values({ ...offer('o5', 'ev-5'), source_appointment_id: 'missing' }).execute()).rejects.toThrow();
    expect((await db.selectFrom('waitlist_offers').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['o1', 'o2', 'o3']);
    if (dialect === 'sqlite') expect((await sql`pragma foreign_keys`.execute(db)).rows).toEqual([{ foreign_keys: 1 }]);
  });
});
