import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { FieldCrypto, PLATFORM } from '../src/server/crypto/envelope.js';
import { fingerprint, LocalKeyProvider } from '../src/server/crypto/keys.js';
import { systemClock } from '../src/server/lib/clock.js';
import { Actor, createPractice, signIn } from '../src/server/testing/actors.js';
import { testDialects } from '../src/server/testing/dialects.js';
import { createHarness, type Harness } from '../src/server/testing/harness.js';
import { ENCRYPTED_COLUMNS } from './lib/encrypted-columns.js';
import { envFor, recorder } from './lib/test-support.js';
import { previousMasterKeys, rotateMasterKey, rotatePracticeKeys, runRotateKeys } from './rotate-keys.js';
import { runVerifyAudit } from './verify-audit.js';

interface Stored {
  table: string;
  column: string;
  rowId: string;
  practiceId: string;
  value: string;
}

/** Every encrypted value in the database with the practice that owns it. */
async function storedValues(h: Harness): Promise<Stored[]> {
  const out: Stored[] = [];
  for (const c of ENCRYPTED_COLUMNS) {
    const p = c.practiceId;
    // Platform-key columns belong to no practice and are not part of a practice rotation.
    if (p.kind === 'platform') continue;
    const owner = p.kind === 'column' ? sql.ref(`t.${p.column}`) : sql.ref(`p.${p.column}`);
    const join = p.kind === 'column' ? sql`` : sql`inner join ${sql.table(p.table)} as p on p.id = ${sql.ref(`t.${p.foreignKey}`)}`;
    const { rows } = await sql<{ id: string; pid: string; value: string | null }>`select ${sql.ref(`t.${c.idColumn ?? 'id'}`)} as id, ${owner} as pid, ${sql.ref(`t.${c.column}`)} as value
      from ${sql.table(c.table)} as t ${join}`.execute(h.database.db);
    for (const r of rows) if (r.value !== null) out.push({ table: c.table, column: c.column, rowId: r.id, practiceId: r.pid, value: r.value });
  }
  return out;
}

const plain = (crypto: FieldCrypto, s: Stored) => crypto.decrypt({ table: s.table, column: s.column, rowId: s.rowId }, s.value);

describe.each(testDialects())('rotate-keys on %s', (dialect) => {
  let h: Harness;
  const dirs: string[] = [];
  afterEach(async () => {
    await h?.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /** A practice with a value in every encrypted column, and a second practice beside it. */
  async function twoPractices() {
    h = await createHarness(dialect, { smtp: true });
    const a = await createPractice(h, { ownerName: 'Avery Stone' });
    const b = await createPractice(h, { ownerName: 'Blake Rivers' });
    const invite = await a.owner.post('/api/practice/invitations', { email: `colleague-${randomUUID()}@example.test`, name: 'Casey Colleague', roles: ['provider'] });
    expect(invite.statusCode).toBe(201);
    const { ctx } = h.app.services;
    // Columns no API flow here can fill without a browser: a pending authenticator and a security key.
    await ctx.db
      .updateTable('users')
      .set({ totp_pending_secret_enc: await ctx.crypto.encrypt(a.practiceId, { table: 'users', column: 'totp_pending_secret_enc', rowId: a.userId }, 'JBSWY3DPEHPK3PXP') })
      .where('id', '=', a.userId)
      .execute();
    const credId = randomUUID();
    await ctx.db
      .insertInto('webauthn_credentials')
      .values({
        id: credId,
        user_id: a.userId,
        credential_id: randomBytes(16).toString('base64url'),
        public_key: randomBytes(32).toString('base64url'),
        counter: 0,
        transports: '[]',
        name_enc: await ctx.crypto.encrypt(a.practiceId, { table: 'webauthn_credentials', column: 'name_enc', rowId: credId }, 'Blue key'),
        created_at: Date.now(),
        last_used_at: null,
      })
      .execute();
    // Every other module's encrypted columns, filled through the API as staff and a client would.
    const client = await a.owner.post('/api/clients', {
      firstName: 'Riley',
      lastName: 'Moss',
      preferredName: 'Ri',
      pronouns: 'they/them',
      dateOfBirth: '1990-06-01',
      email: 'riley.moss@example.test',
      phone: '415-555-0142',
      address: { line1: '3 Elm St', city: 'Bend', state: 'OR', postalCode: '97701' },
      emergencyContact: { name: 'Jo Moss', phone: '415-555-0143' },
      staffNotes: 'Evenings only',
    });
    expect(client.statusCode, client.body).toBe(201);
    const clientId = client.json().id as string;
    const doc = await a.owner.request('POST', `/api/clients/${clientId}/documents`, Buffer.from('%PDF-1.4\n%%EOF\n'), {
      'content-type': 'application/octet-stream',
      'x-filename': 'consent.pdf',
    });
    expect(doc.statusCode, doc.body).toBe(201);
    await h.app.services.messages.postFromClient({ practiceId: a.practiceId, clientId, clientAccountId: 'portal-account', body: 'Hello' });
    const services = await a.owner.post('/api/practice/message-services', { name: 'Front office', memberIds: [a.userId] });
    expect(services.statusCode, services.body).toBe(201);
    const profile = await a.owner.request('PUT', '/api/practice/profile', {
      slug: `rotate-${randomUUID().slice(0, 8)}`,
      displayName: 'Rotation Practice',
      senderName: 'Hearth',
      contactEnabled: true,
      contactServiceId: services.json().id,
    });
    expect(profile.statusCode, profile.body).toBe(200);
    // An appointment with a note, cancelled with a reason (the owner is also a provider).
    const appt = await a.owner.post('/api/appointments', {
      clientIds: [clientId],
      providerId: a.userId,
      start: '2031-03-03T17:00:00Z',
      durationMinutes: 50,
      timeZone: 'UTC',
      type: 'video',
      note: 'Side entrance',
    });
    expect(appt.statusCode, appt.body).toBe(201);
    expect((await a.owner.post(`/api/appointments/${appt.json().id}/cancel`, { reason: 'Travelling' })).statusCode).toBe(200);
    // A signed progress note with an addendum, and a group visit's shared part (clinical notes).
    const visit = await a.owner.post('/api/appointments', { clientIds: [clientId], providerId: a.userId, start: '2031-03-04T17:00:00Z', durationMinutes: 50, timeZone: 'UTC', type: 'video' });
    expect((await a.owner.request('PUT', `/api/appointments/${visit.json().id}/group-note`, { version: 0, fields: { summary: 'Group met' } })).statusCode).toBe(200);
    const note = await a.owner.post('/api/notes', { appointmentId: visit.json().id, clientId, kind: 'progress', templateId: 'dap', fields: { data: 'D', assessment: 'A', plan: 'P' } });
    expect(note.statusCode, note.body).toBe(201);
    expect((await a.owner.post(`/api/notes/${note.json().id}/sign`, { version: 1 })).statusCode).toBe(200);
    expect((await a.owner.post(`/api/notes/${note.json().id}/addenda`, { text: 'Later call' })).statusCode).toBe(201);
    // Blocked time with a label; a client's request for an open slot, declined with a reason.
    const blocked = await a.owner.post(`/api/providers/${a.userId}/blocked-times`, { start: '2031-04-01T00:00:00Z', end: '2031-04-08T00:00:00Z', label: 'Vacation' });
    expect(blocked.statusCode, blocked.body).toBe(201);
    const hours = await a.owner.request('PUT', `/api/providers/${a.userId}/availability`, { timeZone: 'UTC', bufferMinutes: 0, hours: [{ weekday: 1, start: '09:00', end: '17:00' }] });
    expect(hours.statusCode, hours.body).toBe(200);
    const intake = await a.owner.post('/api/practice/appointment-services', { name: 'Intake', defaultMinutes: 50, rateCents: 0, requiresApproval: true });
    expect((await a.owner.patch(`/api/clients/${clientId}`, { providerIds: [a.userId] })).statusCode).toBe(200);
    const request = await h.app.services.booking.request(
      { practiceId: a.practiceId, clientId, accountId: 'portal-account', meta: { ip: '127.0.0.1', userAgent: 'test' } },
      { providerId: a.userId, serviceId: intake.json().id, start: '2031-03-10T09:00:00Z' },
    );
    expect((await a.owner.post(`/api/appointment-requests/${request.requestId}/decline`, { reason: 'Fully booked that week' })).statusCode).toBe(200);
    // A call with its start-of-session safety check.
    const call = await a.owner.post('/api/calls', { clientId });
    expect(call.statusCode, call.body).toBe(201);
    expect((await a.owner.post(`/api/calls/${call.json().id}/safety-check`, { location: '3 Birch Lane', emergencyContactName: 'Kim', emergencyContactPhone: '+15550101', confirmed: true, clientAtHome: true })).statusCode).toBe(200);
    // Billing: the practice's identity, a provider's profile, the client's diagnoses, an invoice with a
    // memo and a line, a payment with a reference refunded with a reason, and a voided invoice.
    const billingPatch = await a.owner.patch('/api/billing/settings', { identity: { legalName: 'Rotation Practice LLC', address: '1 Main St, Bend, OR', taxId: '12-3456789', npi: '1234567893' } });
    expect(billingPatch.statusCode, billingPatch.body).toBe(200);
    expect((await a.owner.request('PUT', `/api/billing/providers/${a.userId}`, { credentials: 'LCSW', licence: 'OR 1234', npi: '1987654321' })).statusCode).toBe(200);
    expect((await a.owner.patch(`/api/clients/${clientId}/billing`, { diagnoses: ['F41.1'] })).statusCode).toBe(200);
    const invoice = await a.owner.post('/api/invoices', { clientId, lines: [{ description: 'Session', units: 1, rateCents: 10000 }], memo: 'Thank you' });
    expect(invoice.statusCode, invoice.body).toBe(201);
    expect((await a.owner.post(`/api/invoices/${invoice.json().id}/issue`)).statusCode).toBe(200);
    const paid = await a.owner.post('/api/payments', { clientId, method: 'check', amountCents: 10000, reference: 'Check 1001', invoiceIds: [invoice.json().id] });
    expect(paid.statusCode, paid.body).toBe(201);
    const refund = await a.owner.post(`/api/invoices/${invoice.json().id}/refunds`, { amountCents: 500, reason: 'Overcharged' });
    expect(refund.statusCode, refund.body).toBe(201);
    const second = await a.owner.post('/api/invoices', { clientId, lines: [{ description: 'Letter', units: 1, rateCents: 2000 }] });
    expect((await a.owner.post(`/api/invoices/${second.json().id}/issue`)).statusCode).toBe(200);
    expect((await a.owner.post(`/api/invoices/${second.json().id}/void`, { reason: 'Issued in error' })).statusCode).toBe(200);
    // A treatment plan, signed by the provider and by the client (through the portal's service).
    const plan = await a.owner.post(`/api/clients/${clientId}/treatment-plans`, { problems: [{ text: 'Low mood', goals: [{ text: 'Feel better' }] }] });
    expect(plan.statusCode, plan.body).toBe(201);
    expect((await a.owner.post(`/api/treatment-plans/${plan.json().id}/sign`, { version: 1 })).statusCode).toBe(200);
    await h.app.services.plans.portal.sign({ practiceId: a.practiceId, clientId, accountId: 'portal-account', meta: { ip: '127.0.0.1', userAgent: 'test' } }, plan.json().id, { version: 1, typedName: 'Riley Moss' });
    // The Stripe key and webhook secret, which connecting checks with Stripe first (not reachable here).
    await ctx.db
      .updateTable('billing_settings')
      .set({
        stripe_key_enc: await ctx.crypto.encrypt(a.practiceId, { table: 'billing_settings', column: 'stripe_key_enc', rowId: a.practiceId }, 'rk_test_rotation0001'),
        stripe_webhook_secret_enc: await ctx.crypto.encrypt(a.practiceId, { table: 'billing_settings', column: 'stripe_webhook_secret_enc', rowId: a.practiceId }, 'whsec_rotation0001'),
      })
      .where('practice_id', '=', a.practiceId)
      .execute();
    // Forms: a form sent to the client and signed (the portal's submit needs a portal account: the
    // signed columns are written as it writes them).
    const formTemplate = ((await a.owner.get('/api/form-templates')).json() as { items: { id: string }[] }).items[0]!.id;
    const formRequest = ((await a.owner.post(`/api/clients/${clientId}/form-requests`, { templateIds: [formTemplate] })).json() as { items: { id: string }[] }).items[0]!.id;
    const formRef = (column: string) => ({ table: 'form_requests', column, rowId: formRequest });
    await ctx.db
      .updateTable('form_requests')
      .set({
        answers_enc: await ctx.crypto.encrypt(a.practiceId, formRef('answers_enc'), '{"agree":true}'),
        typed_name_enc: await ctx.crypto.encrypt(a.practiceId, formRef('typed_name_enc'), 'Riley Moss'),
        signature_image_enc: await ctx.crypto.encrypt(a.practiceId, formRef('signature_image_enc'), 'data:image/png;base64,AAAA'),
        signed_ip_enc: await ctx.crypto.encrypt(a.practiceId, formRef('signed_ip_enc'), '203.0.113.9'),
      })
      .where('id', '=', formRequest)
      .execute();
    // Measures: a PHQ-9 scheduled through the API, its answers stored as the portal's submit stores them.
    expect((await a.owner.post(`/api/clients/${clientId}/measure-schedules`, { instrument: 'phq9', cadence: 'once' })).statusCode).toBe(201);
    const measureRequest = await ctx.db.selectFrom('measure_requests').select('id').where('client_id', '=', clientId).executeTakeFirstOrThrow();
    const responseId = randomUUID();
    const enc = (column: string, v: string) => ctx.crypto.encrypt(a.practiceId, { table: 'measure_responses', column, rowId: responseId }, v);
    await ctx.db
      .insertInto('measure_responses')
      .values({ id: responseId, practice_id: a.practiceId, client_id: clientId, request_id: measureRequest.id, instrument: 'phq9', answers_enc: await enc('answers_enc', '{"answers":[0,0,0,0,0,0,0,0,0],"difficulty":null}'), score_enc: await enc('score_enc', '0'), risk_flag: 0, flag_reviewed_by: null, flag_reviewed_at: null, content_hash: 'x', completed_at: Date.now() })
      .execute();
    const contact = await new Actor(h).post(`/api/public/practices/${profile.json().slug}/contact`, { name: 'Pat Public', email: 'pat@example.test', phone: '415-555-0144', message: 'Do you take new clients?' });
    expect(contact.statusCode, contact.body).toBe(202);
    return { a, b };
  }

  it('re-encrypts every encrypted column of a practice under its new data key and leaves others alone', async () => {
    const { a, b } = await twoPractices();
    const before = await storedValues(h);
    const crypto = h.app.services.ctx.crypto;
    const plainBefore = new Map<string, string>(await Promise.all(before.map(async (s) => [`${s.table}.${s.column}:${s.rowId}`, await plain(crypto, s)] as [string, string])));
    const covered = new Set(before.filter((s) => s.practiceId === a.practiceId).map((s) => `${s.table}.${s.column}`));
    const practiceColumns = ENCRYPTED_COLUMNS.filter((c) => c.practiceId.kind !== 'platform');
    expect([...covered].sort()).toEqual(practiceColumns.map((c) => `${c.table}.${c.column}`).sort());

    const out = recorder();
    const [result] = await rotatePracticeKeys(envFor(h), a.practiceId, out);
    expect(result!.practiceId).toBe(a.practiceId);
    expect(result!.skipped).toBe(0);
    for (const c of practiceColumns) expect(result!.reencrypted[`${c.table}.${c.column}`], `${c.table}.${c.column}`).toBeGreaterThan(0);
    expect(out.lines[0]).toMatch(new RegExp(`^practice ${a.practiceId}: new data key ${result!.keyId}; re-encrypted \\d+ values`));

    // A fresh FieldCrypto (no caches) under the same master key reads everything back.
    const fresh = new FieldCrypto(h.database.db, new LocalKeyProvider(h.masterKey), systemClock);
    const after = await storedValues(h);
    expect(after).toHaveLength(before.length);
    for (const s of after) {
      const key = `${s.table}.${s.column}:${s.rowId}`;
      expect(await plain(fresh, s), key).toBe(plainBefore.get(key));
      if (s.practiceId === a.practiceId) expect(FieldCrypto.keyIdOf(s.value), key).toBe(result!.keyId);
      else expect(s.value, key).toBe(before.find((x) => `${x.table}.${x.column}:${x.rowId}` === key)!.value);
    }

    const keys = await h.database.db.selectFrom('data_keys').selectAll().where('practice_id', '=', a.practiceId).where('purpose', '=', 'enc').execute();
    expect(keys.filter((k) => k.status === 'active').map((k) => k.id)).toEqual([result!.keyId]);
    expect(keys.filter((k) => k.status === 'retired')).toHaveLength(1);
    const bKeys = await h.database.db.selectFrom('data_keys').select('status').where('practice_id', '=', b.practiceId).where('purpose', '=', 'enc').execute();
    expect(bKeys.map((k) => k.status)).toEqual(['active']);

    // The running app still signs the owner in with password and authenticator and reads their names.
    const owner = await signIn(h, a.email, a.password, a.totpSecret, 1);
    const me = await owner.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { name: 'Avery Stone', email: a.email, mfa: { totp: true, webauthn: [{ name: 'Blue key' }] } } });

    const last = await h.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'update').where('resource_type', '=', 'data_key').executeTakeFirstOrThrow();
    expect(last).toMatchObject({ practice_id: a.practiceId, resource_id: result!.keyId, actor_type: 'system', outcome: 'success' });
    expect((await runVerifyAudit(envFor(h), recorder())).exitCode).toBe(0);
  });

  it('"all" rotates every practice', async () => {
    const { a, b } = await twoPractices();
    const results = await rotatePracticeKeys(envFor(h), 'all', recorder());
    expect(results.map((r) => r.practiceId).sort()).toEqual([a.practiceId, b.practiceId].sort());
    const after = await storedValues(h);
    for (const s of after) expect(FieldCrypto.keyIdOf(s.value)).toBe(results.find((r) => r.practiceId === s.practiceId)!.keyId);
  });

  it('re-wraps every data key under a new master key given the old one; the old one alone then unwraps nothing', async () => {
    const { a } = await twoPractices();
    const oldMaster = h.masterKey;
    const newMaster = randomBytes(32);
    const db = h.database.db;
    // A checkpoint of the audit chain before the rotation (DATA_DIR/audit-checkpoints, read by verify-audit).
    const checkpoint = await h.app.services.auditCheckpoints.write();
    expect(checkpoint!.seq).toBeGreaterThan(0);
    const total = Number((await db.selectFrom('data_keys').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const snapshot = await db.selectFrom('data_keys').selectAll().orderBy('id').execute();

    // Without the old key nothing changes.
    await expect(rotateMasterKey(envFor(h, { MASTER_KEY: newMaster.toString('base64') }), recorder())).rejects.toThrow(/not supplied/);
    expect(await db.selectFrom('data_keys').selectAll().orderBy('id').execute()).toEqual(snapshot);

    const dir = mkdtempSync(path.join(tmpdir(), 'hearth-prev-'));
    dirs.push(dir);
    const prevFile = path.join(dir, 'previous.key');
    writeFileSync(prevFile, `# retired ${new Date().toISOString()}\n${oldMaster.toString('base64')}\n`, { mode: 0o600 });
    const env = envFor(h, { MASTER_KEY: newMaster.toString('base64'), PREVIOUS_MASTER_KEY_FILE: prevFile });
    const out = recorder();
    expect(await runRotateKeys(['--master'], env, out)).toBe(0);
    expect(out.lines[0]).toBe(`master key ${fingerprint(newMaster)}: re-wrapped ${total} of ${total} data keys; all ${total} unwrap under it alone`);

    const rows = await db.selectFrom('data_keys').selectAll().execute();
    const oldAlone = new LocalKeyProvider(oldMaster);
    const newAlone = new LocalKeyProvider(newMaster);
    for (const row of rows) {
      expect(row.master_key_id).toBe(fingerprint(newMaster));
      await expect(oldAlone.unwrap(row.wrapped_key, row.master_key_id)).rejects.toThrow();
      await expect(oldAlone.unwrap(row.wrapped_key, fingerprint(oldMaster))).rejects.toThrow();
      expect((await newAlone.unwrap(row.wrapped_key, row.master_key_id)).length).toBe(32);
    }
    const crypto = new FieldCrypto(db, newAlone, systemClock);
    const owner = await db.selectFrom('users').selectAll().where('id', '=', a.userId).executeTakeFirstOrThrow();
    expect(await crypto.decrypt({ table: 'users', column: 'name_enc', rowId: owner.id }, owner.name_enc)).toBe('Avery Stone');

    // Running again is a no-op; a practice rotation under the new master works too.
    const again = await rotateMasterKey(envFor(h, { MASTER_KEY: newMaster.toString('base64') }), recorder());
    expect(again.rewrapped).toBe(0);
    const [rotated] = await rotatePracticeKeys(envFor(h, { MASTER_KEY: newMaster.toString('base64') }), a.practiceId, recorder());
    expect(rotated!.skipped).toBe(0);
    // The audit key is a data key like the others: re-wrapped, the same key, so the keyed chain and
    // the checkpoint written before the rotation verify under the new master key; the old one
    // alone can no longer unwrap it.
    const verified = await runVerifyAudit(envFor(h, { MASTER_KEY: newMaster.toString('base64') }), recorder());
    expect(verified.result).toMatchObject({ ok: true, keyedFrom: 1, checkpoints: 1 });
    await expect(runVerifyAudit(envFor(h), recorder())).rejects.toThrow(/not available/);
  });

  it('lists every _enc column of the migrated schema in ENCRYPTED_COLUMNS', async () => {
    h = await createHarness(dialect);
    const { rows } =
      h.dialect === 'sqlite'
        ? await sql<{ tbl: string; col: string }>`select m.name as tbl, p.name as col from sqlite_master m join pragma_table_info(m.name) p
            where m.type = 'table' and p.name like '%\_enc' escape '\\'`.execute(h.database.db)
        : await sql<{ tbl: string; col: string }>`select table_name as tbl, column_name as col from information_schema.columns
            where table_schema = current_schema() and column_name like '%\\_enc'`.execute(h.database.db);
    const inSchema = rows.map((r) => `${r.tbl}.${r.col}`).sort();
    expect(inSchema.length).toBeGreaterThan(0);
    expect(ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`).sort()).toEqual(inSchema);
  });

  it('--platform re-encrypts the portal accounts under a new platform key and leaves practices alone', async () => {
    const { a } = await twoPractices();
    const email = `portal-${randomUUID()}@example.test`;
    expect((await new Actor(h).post('/api/portal/register', { email, password: 'harbor light morning 4' })).statusCode).toBe(202);
    const { ctx } = h.app.services;
    const account = await h.database.db.selectFrom('client_accounts').select(['id', 'email_enc']).executeTakeFirstOrThrow();
    const secretRef = { table: 'client_accounts', column: 'totp_secret_enc', rowId: account.id };
    await h.database.db.updateTable('client_accounts').set({ totp_secret_enc: await ctx.crypto.encrypt(PLATFORM, secretRef, 'JBSWY3DPEHPK3PXP') }).where('id', '=', account.id).execute();
    const practiceBefore = await storedValues(h);

    const out = recorder();
    expect(await runRotateKeys(['--platform'], envFor(h), out)).toBe(0);
    expect(out.lines[0]).toMatch(/^platform: new data key [0-9a-f-]+; re-encrypted 2 values \(client_accounts.email_enc=1, client_accounts.totp_secret_enc=1\)$/);
    const active = await h.database.db.selectFrom('data_keys').select('id').where('practice_id', 'is', null).where('purpose', '=', 'enc').where('status', '=', 'active').execute();
    expect(active).toHaveLength(1);
    const row = await h.database.db.selectFrom('client_accounts').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(FieldCrypto.keyIdOf(row.email_enc)).toBe(active[0]!.id);
    expect(FieldCrypto.keyIdOf(row.totp_secret_enc!)).toBe(active[0]!.id);
    expect(row.email_enc).not.toBe(account.email_enc);
    const fresh = new FieldCrypto(h.database.db, new LocalKeyProvider(h.masterKey), systemClock);
    expect(await fresh.decrypt({ table: 'client_accounts', column: 'email_enc', rowId: account.id }, row.email_enc)).toBe(email);
    expect(await fresh.decrypt(secretRef, row.totp_secret_enc!)).toBe('JBSWY3DPEHPK3PXP');
    // Practice-owned values are untouched, and the owner's practice still reads and signs in.
    expect(await storedValues(h)).toEqual(practiceBefore);
    expect((await (await signIn(h, a.email, a.password, a.totpSecret, 1)).get('/api/me')).statusCode).toBe(200);
    const audit = await h.database.db.selectFrom('audit_log').selectAll().where('resource_type', '=', 'data_key').where('resource_id', '=', active[0]!.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ practice_id: null, actor_type: 'system', action: 'update', outcome: 'success' });
    expect((await runVerifyAudit(envFor(h), recorder())).exitCode).toBe(0);
  });

  it('refuses bad arguments and unknown practices', async () => {
    h = await createHarness(dialect);
    expect(await runRotateKeys([], envFor(h), recorder())).toBe(2);
    expect(await runRotateKeys(['--bogus'], envFor(h), recorder())).toBe(2);
    await expect(rotatePracticeKeys(envFor(h), randomUUID(), recorder())).rejects.toThrow(/No practice/);
  });
});

describe('previousMasterKeys', () => {
  it('reads several comma-separated keys and rejects malformed ones', () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    expect(previousMasterKeys({ PREVIOUS_MASTER_KEY: `${k1.toString('base64')}, ${k2.toString('base64')}` })).toEqual([k1, k2]);
    expect(previousMasterKeys({})).toEqual([]);
    expect(() => previousMasterKeys({ PREVIOUS_MASTER_KEY: 'c2hvcnQ=' })).toThrow(/32-byte/);
  });
});
