// Two instances that share nothing but PostgreSQL, Redis and object storage: each has its own
// DATA_DIR (no common directory) and its own database pool, as two machines behind a load
// balancer would. A document uploaded through one downloads byte for byte through the other (and
// the other way round), and the rate limits — the global one and a route's own — count across
// both. PostgreSQL only (SQLite is one process's database); with CI=true a missing Redis fails.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/index.js';
import { Actor, createPractice, type PracticeFixture } from './testing/actors.js';
import { testDialects } from './testing/dialects.js';
import { createHarness, type Harness } from './testing/harness.js';
import { redisDatabase, requireRedis } from './testing/redis.js';
import { startS3Server, type S3TestServer } from './testing/s3.js';

// A database of its own on the Redis server: this suite's counters never meet another suite's.
const REDIS_URL = redisDatabase(11);

const onPostgres = testDialects().includes('postgres');
const LIMIT = 30;

describe.runIf(onPostgres)('two instances sharing only PostgreSQL, Redis and object storage', () => {
  let s3: S3TestServer;
  let h: Harness;
  let b: FastifyInstance;
  let bDatabase: DatabaseHandle;
  let bDir: string;
  let p: PracticeFixture;
  let clientId: string;

  /** The same signed-in person, their requests sent to instance B. */
  const onB = (a: Actor): Actor => Object.assign(new Actor({ ...h, app: b }, `${a.label}@B`), { cookie: a.cookie, csrf: a.csrf, ip: a.ip });
  const upload = (actor: Actor, name: string, bytes: Buffer) =>
    actor.request('POST', `/api/clients/${clientId}/documents`, bytes, { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(name) });
  const freshIp = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

  beforeAll(async () => {
    if (!(await requireRedis(REDIS_URL))) return;
    s3 = await startS3Server();
    const env = { ...s3.env, REDIS_URL, RATE_LIMIT_PER_MINUTE: String(LIMIT) };
    // Instance A: the harness (its own DATA_DIR, a fresh PostgreSQL database).
    h = await createHarness('postgres', { env });
    // Instance B: another DATA_DIR, its own pool on the same database, the same master key.
    bDir = mkdtempSync(path.join(tmpdir(), 'hearth-test-b-'));
    const bConfig = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: bDir,
      DATABASE_URL: h.config.database.dialect === 'postgres' ? h.config.database.url : '',
      PUBLIC_URL: h.config.publicUrl,
      LOG_LEVEL: 'silent',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      DISPATCHER: 'external',
      WEB_DIST_DIR: path.join(bDir, 'no-web'),
      ...env,
    });
    expect(bConfig.dataDir).not.toBe(h.config.dataDir);
    bDatabase = openDatabase(bConfig.database);
    b = await buildApp(bConfig, { database: bDatabase, masterKey: h.masterKey, mailer: { send: async () => undefined, close() {} } });
    await b.ready();

    p = await createPractice(h);
    p.owner.ip = freshIp();
    const res = await p.owner.post('/api/clients', { firstName: 'Sam', lastName: 'Shared', dateOfBirth: '1979-09-09' });
    expect(res.statusCode, res.body).toBe(201);
    clientId = res.json().id;
  });
  afterAll(async () => {
    await b?.close();
    await bDatabase?.destroy();
    if (bDir) rmSync(bDir, { recursive: true, force: true });
    await h?.close();
    await s3?.close();
  });

  it('a document uploaded through one instance downloads byte for byte through the other, and neither keeps it on its disk', async (ctx) => {
    if (!h) return ctx.skip();
    const ownerB = onB(p.owner);
    const first = Buffer.from(`%PDF-1.4\n% ${randomBytes(24).toString('hex')}\n${randomBytes(64 * 1024).toString('base64')}\n%%EOF\n`, 'latin1');
    const up = await upload(p.owner, 'Sam – intake.pdf', first);
    expect(up.statusCode, up.body).toBe(201);
    const doc = up.json() as { id: string; sha256: string };

    const viaB = await ownerB.get(`/api/clients/${clientId}/documents/${doc.id}`);
    expect(viaB.statusCode, viaB.body).toBe(200);
    expect(viaB.rawPayload.equals(first)).toBe(true);
    expect((await ownerB.get(`/api/clients/${clientId}/documents`)).json().items.map((d: { id: string }) => d.id)).toContain(doc.id);

    // The other way round: uploaded through B, read through A.
    const second = Buffer.from(`%PDF-1.4\n% ${randomBytes(24).toString('hex')}\n%%EOF\n`, 'latin1');
    const upB = await upload(ownerB, 'Sam – letter.pdf', second);
    expect(upB.statusCode, upB.body).toBe(201);
    const viaA = await p.owner.get(`/api/clients/${clientId}/documents/${upB.json().id}`);
    expect(viaA.statusCode, viaA.body).toBe(200);
    expect(viaA.rawPayload.equals(second)).toBe(true);

    // Deleted through B: gone through A too.
    expect((await ownerB.del(`/api/clients/${clientId}/documents/${doc.id}`)).statusCode).toBe(204);
    expect((await p.owner.get(`/api/clients/${clientId}/documents/${doc.id}`)).statusCode).toBe(404);

    // No documents directory on either instance: the bytes went only to the bucket.
    expect(existsSync(path.join(h.config.dataDir, 'documents'))).toBe(false);
    expect(existsSync(path.join(bDir, 'documents'))).toBe(false);
  });

  it('the global rate limit counts one client across both instances', async (ctx) => {
    if (!h) return ctx.skip();
    const ip = freshIp();
    const get = (app: FastifyInstance) => app.inject({ method: 'GET', url: '/api/legal/baa', remoteAddress: ip });
    for (let i = 1; i <= LIMIT; i++) {
      const res = await get(i % 2 ? h.app : b);
      expect(res.statusCode, `request ${i}`).toBe(200);
      // Each instance sees what both have counted.
      expect(res.headers['x-ratelimit-remaining'], `request ${i}`).toBe(String(LIMIT - i));
    }
    for (const app of [h.app, b]) {
      const res = await get(app);
      expect(res.statusCode).toBe(429);
      expect(res.json().error.code).toBe('too_many_requests');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Another client is not affected.
    expect((await b.inject({ method: 'GET', url: '/api/legal/baa', remoteAddress: freshIp() })).statusCode).toBe(200);
  });

  it("a route's own limit (join links: 20 a minute) counts across both instances too", async (ctx) => {
    if (!h) return ctx.skip();
    const ip = freshIp();
    const redeem = (app: FastifyInstance) =>
      app.inject({ method: 'POST', url: '/api/calls/join-link', remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ token: 'not-a-link' }) });
    for (let i = 1; i <= 20; i++) {
      const res = await redeem(i % 2 ? b : h.app);
      expect(res.statusCode, `request ${i}: ${res.body}`).not.toBe(429);
      expect(res.headers['x-ratelimit-limit']).toBe('20');
    }
    for (const app of [h.app, b]) expect((await redeem(app)).statusCode).toBe(429);
  });
});
