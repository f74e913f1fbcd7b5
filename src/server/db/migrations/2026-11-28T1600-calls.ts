// Video calls (issue 5). Frozen once landed.
//  - call_settings: a practice's ring lead time, escalation delay and relay-only choice.
//  - calls: one room per appointment occurrence (UNIQUE appointment + occurrence start) or per
//    Call Now; status ringing → active → ended; the start-of-session safety check, encrypted.
//  - call_clients: who the call is with (ids only).
//  - call_participants: one row per person per call: admitted (the waiting room), joined, left,
//    and the signaling peer id the server issued them (a reconnect may resume it).
//  - call_events: what happened, in order (rung, link sent, waiting, admitted, joined, ...).
//  - call_rings: the ring schedule of scheduled calls, built from the appointment outbox. A row is
//    claimed once (conditional update), so a call rings once across instances and restarts.
//  - call_join_tokens: single-use, expiring join links (hash only); call_guest_sessions: the
//    session a redeemed link opens, good for that call only.
import { sql, type Kysely } from 'kysely';
import { bigintType, type Dialect } from '../index.js';

export function up(dialect: Dialect) {
  const ts = bigintType(dialect);
  return async (db: Kysely<unknown>): Promise<void> => {
    await db.schema
      .createTable('call_settings')
      .addColumn('practice_id', 'text', (c) => c.primaryKey().references('practices.id'))
      .addColumn('ring_lead_minutes', 'integer', (c) => c.notNull())
      .addColumn('escalate_after_seconds', 'integer', (c) => c.notNull())
      .addColumn('force_relay', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.references('users.id'))
      .addColumn('updated_at', ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('calls')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('mode', 'text', (c) => c.notNull())
      // audio once anyone switched to audio only (billing: audio-only telehealth is coded apart)
      .addColumn('billed_mode', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('appointment_id', 'text', (c) => c.references('appointments.id'))
      .addColumn('occurrence_start', ts)
      .addColumn('provider_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_by', 'text')
      .addColumn('ring_at', ts)
      .addColumn('started_at', ts)
      .addColumn('ended_at', ts)
      .addColumn('safety_enc', 'text')
      .addColumn('safety_at', ts)
      .addColumn('safety_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addCheckConstraint('calls_kind', sql`kind in ('scheduled', 'call_now')`)
      .addCheckConstraint('calls_mode', sql`mode in ('video', 'audio') and billed_mode in ('video', 'audio')`)
      .addCheckConstraint('calls_status', sql`status in ('ringing', 'active', 'ended')`)
      .addUniqueConstraint('calls_occurrence', ['appointment_id', 'occurrence_start'])
      .execute();
    await db.schema.createIndex('calls_practice_status').on('calls').columns(['practice_id', 'status', 'created_at']).execute();

    await db.schema
      .createTable('call_clients')
      .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addPrimaryKeyConstraint('call_clients_pk', ['call_id', 'client_id'])
      .execute();
    await db.schema.createIndex('call_clients_client').on('call_clients').columns(['client_id']).execute();

    await db.schema
      .createTable('call_participants')
      .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id'))
      .addColumn('participant_type', 'text', (c) => c.notNull())
      .addColumn('participant_id', 'text', (c) => c.notNull())
      .addColumn('peer_id', 'text')
      .addColumn('admitted_at', ts)
      .addColumn('first_joined_at', ts)
      .addColumn('last_joined_at', ts)
      .addColumn('left_at', ts)
      .addPrimaryKeyConstraint('call_participants_pk', ['call_id', 'participant_type', 'participant_id'])
      .addCheckConstraint('call_participants_type', sql`participant_type in ('staff', 'client')`)
      .execute();

    await db.schema
      .createTable('call_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('at', ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('call_events_call').on('call_events').columns(['call_id', 'at']).execute();

    await db.schema
      .createTable('call_rings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
      .addColumn('occurrence_start', ts, (c) => c.notNull())
      .addColumn('due_at', ts, (c) => c.notNull())
      // scheduled → claimed → rung | missed | cancelled
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_at', ts)
      .addColumn('call_id', 'text', (c) => c.references('calls.id'))
      .addColumn('rung_at', ts)
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addCheckConstraint('call_rings_status', sql`status in ('scheduled', 'claimed', 'rung', 'missed', 'cancelled')`)
      .addUniqueConstraint('call_rings_occurrence', ['appointment_id', 'occurrence_start'])
      .execute();
    await db.schema.createIndex('call_rings_due').on('call_rings').columns(['status', 'due_at']).execute();

    await db.schema
      .createTable('call_join_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('expires_at', ts, (c) => c.notNull())
      .addColumn('used_at', ts)
      .execute();

    await db.schema
      .createTable('call_guest_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id'))
      .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('expires_at', ts, (c) => c.notNull())
      .addColumn('revoked_at', ts)
      .execute();
  };
}
