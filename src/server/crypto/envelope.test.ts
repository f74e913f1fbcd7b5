import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPractice } from '../testing/actors.js';
import { testDialects } from '../testing/dialects.js';
import { FieldCrypto, IntegrityError } from './envelope.js';
import { LocalKeyProvider } from './keys.js';
import { practiceSuite } from '../testing/suite.js';

describe.each(testDialects())('envelope encryption on %s', (dialect) => {
  const { h, p } = practiceSuite(dialect, {}, { enrolTotp: false });
  let other: string;
  beforeAll(async () => {
    other = (await createPractice(h, { enrolTotp: false })).practiceId;
  });

  const ref = { table: 'users', column: 'name_enc', rowId: 'row-1' };

  it('round-trips Unicode, and each value records key id, nonce, ciphertext and tag', async () => {
    const { crypto } = h.app.services.ctx;
    const env = await crypto.encrypt(p.practiceId, ref, 'Zoë Ñúñez 👩‍⚕️');
    const parts = env.split('.');
    expect(parts).toHaveLength(5);
    expect(parts[0]).toBe('v1');
    expect(Buffer.from(parts[2]!, 'base64url')).toHaveLength(12);
    expect(Buffer.from(parts[4]!, 'base64url')).toHaveLength(16);
    expect(await crypto.decrypt(ref, env)).toBe('Zoë Ñúñez 👩‍⚕️');
    // Fresh nonce every time.
    expect(await crypto.encrypt(p.practiceId, ref, 'same')).not.toBe(await crypto.encrypt(p.practiceId, ref, 'same'));
  });

  it('a value copied onto another row, column or table fails to decrypt', async () => {
    const { crypto } = h.app.services.ctx;
    const env = await crypto.encrypt(p.practiceId, ref, 'bound to row-1');
    await expect(crypto.decrypt({ ...ref, rowId: 'row-2' }, env)).rejects.toBeInstanceOf(IntegrityError);
    await expect(crypto.decrypt({ ...ref, column: 'email_enc' }, env)).rejects.toBeInstanceOf(IntegrityError);
    await expect(crypto.decrypt({ ...ref, table: 'invitations' }, env)).rejects.toBeInstanceOf(IntegrityError);
  });

  it('tampered ciphertext is an integrity error and a security audit event, never garbled text', async () => {
    const { crypto } = h.app.services.ctx;
    const env = await crypto.encrypt(p.practiceId, ref, 'do not alter');
    const parts = env.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 0x01;
    const tampered = [...parts.slice(0, 3), ct.toString('base64url'), parts[4]].join('.');
    await expect(crypto.decrypt(ref, tampered)).rejects.toBeInstanceOf(IntegrityError);
    await expect(crypto.decrypt(ref, env.slice(0, -3) + 'AAA')).rejects.toBeInstanceOf(IntegrityError);
    await expect(crypto.decrypt(ref, 'garbage')).rejects.toBeInstanceOf(IntegrityError);
    await expect.poll(async () =>
      (await h.database.db.selectFrom('audit_log').select('details').where('action', '=', 'integrity_failure').where('resource_id', '=', 'row-1').execute()).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('a tampered stored field answers 500 integrity_error through the API, with the event audited', async () => {
    const p = await createPractice(h, { enrolTotp: true });
    const row = await h.database.db.selectFrom('users').select(['name_enc']).where('id', '=', p.userId).executeTakeFirstOrThrow();
    const parts = row.name_enc.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[1] = ct[1]! ^ 0xff;
    await h.database.db.updateTable('users').set({ name_enc: [...parts.slice(0, 3), ct.toString('base64url'), parts[4]].join('.') }).where('id', '=', p.userId).execute();
    const res = await p.owner.get('/api/me');
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('integrity_error');
    expect(res.body).not.toContain('Olive');
    await expect
      .poll(async () => (await h.database.db.selectFrom('audit_log').select('id').where('action', '=', 'integrity_failure').where('resource_id', '=', p.userId).execute()).length)
      .toBe(1);
  });

  it('each practice has its own data key; another practice key cannot read it', async () => {
    const { crypto } = h.app.services.ctx;
    const env = await crypto.encrypt(p.practiceId, ref, 'practice one');
    expect(FieldCrypto.keyIdOf(env)).toBe(await crypto.activeKeyId(p.practiceId));
    expect(await crypto.activeKeyId(other)).not.toBe(await crypto.activeKeyId(p.practiceId));
  });

  it('blind indexes are deterministic per practice, differ across practices, and support prefixes', async () => {
    const { crypto } = h.app.services.ctx;
    const a1 = await crypto.blindIndex(p.practiceId, 'name', 'garcia');
    expect(await crypto.blindIndex(p.practiceId, 'name', 'garcia')).toBe(a1);
    expect(await crypto.blindIndex(other, 'name', 'garcia')).not.toBe(a1);
    expect(await crypto.blindIndex(p.practiceId, 'email', 'garcia')).not.toBe(a1);
    const prefixes = await crypto.blindPrefixes(p.practiceId, 'name', 'garcia');
    expect(prefixes).toHaveLength(5);
    expect(prefixes).toContain(await crypto.blindIndex(p.practiceId, 'name:prefix', 'gar'));
    expect(a1).not.toContain('garcia');
  });

  it('rotating a data key keeps old values readable and writes new ones under the new key', async () => {
    const { crypto } = h.app.services.ctx;
    const old = await crypto.encrypt(p.practiceId, ref, 'before rotation');
    const newId = await crypto.rotateDataKey(p.practiceId);
    const fresh = await crypto.encrypt(p.practiceId, ref, 'after rotation');
    expect(FieldCrypto.keyIdOf(fresh)).toBe(newId);
    expect(FieldCrypto.keyIdOf(old)).not.toBe(newId);
    expect(await crypto.decrypt(ref, old)).toBe('before rotation');
    expect(await crypto.decrypt(ref, fresh)).toBe('after rotation');
  });

  it('data keys are stored wrapped: a different master key cannot unwrap them', async () => {
    const wrongMaster = new FieldCrypto(h.database.db, new LocalKeyProvider(randomBytes(32)), h.app.services.ctx.clock);
    const env = await h.app.services.ctx.crypto.encrypt(p.practiceId, ref, 'needs the right master');
    await expect(wrongMaster.decrypt(ref, env)).rejects.toBeInstanceOf(IntegrityError);
    const keys = await h.database.db.selectFrom('data_keys').select(['wrapped_key', 'master_key_id']).execute();
    expect(keys.every((k) => k.master_key_id === new LocalKeyProvider(h.masterKey).id)).toBe(true);
  });
});
