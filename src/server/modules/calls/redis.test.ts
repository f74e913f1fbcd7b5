// Two instances behind one load balancer: the same PostgreSQL database, the same Redis. The
// provider's socket is on instance A, the client's on instance B: the ring, the room, signals,
// chat and presence cross through Redis; a ring claimed on one instance is not rung again by the
// other. PostgreSQL only (SQLite is one process's database); with CI=true a missing Redis fails.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createPractice, type Colleague, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { callParties, type PortalClientFixture } from '../../testing/portal.js';
import { Redis } from 'ioredis';
import { requireRedis, redisDatabase, TEST_REDIS_URL } from '../../testing/redis.js';
import { RedisPresence } from './bus.js';
import { TestSocket } from '../../testing/sockets.js';

const REDIS_URL = TEST_REDIS_URL;

const onPostgres = testDialects().includes('postgres');

describe.runIf(onPostgres)('calls across two instances through Redis', () => {
  let h: Harness;
  let b: FastifyInstance;
  let baseA: string;
  let baseB: string;
  let p: PracticeFixture & { totpSecret?: string };
  let provider: Colleague;
  let client: PortalClientFixture;
  const open: TestSocket[] = [];

  beforeAll(async () => {
    if (!(await requireRedis())) return;
    h = await createHarness('postgres', { smtp: true, env: { REDIS_URL, CALL_RING_POLL_MS: '0' } });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    baseA = `127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    // Instance B: the same configuration, database and key.
    b = await buildApp(h.config, { database: h.database, masterKey: h.masterKey });
    await b.listen({ host: '127.0.0.1', port: 0 });
    baseB = `127.0.0.1:${(b.server.address() as AddressInfo).port}`;
    p = await createPractice(h);
    ({ provider, client } = await callParties(h, p.owner));
  });
  afterAll(async () => {
    for (const s of open) s.terminate();
    await b?.close();
    await h?.close();
  });

  it('ring, waiting room, signals and chat cross instances; a dropped peer is swept by either', async (ctx) => {
    if (!h) return ctx.skip();
    const origin = h.config.publicUrl;
    const ps = await TestSocket.open(`ws://${baseA}/ws`, { cookie: provider.actor.cookie!, origin });
    const cs = await TestSocket.open(`ws://${baseB}/portal/ws`, { cookie: client.portal.cookie!, origin });
    open.push(ps, cs);

    // Call Now on A rings the client's socket on B.
    const call = (await provider.actor.post('/api/calls', { clientId: client.id })).json() as { id: string };
    await cs.type('call.ring', (m) => m.callId === call.id);

    ps.send({ type: 'call.join', callId: call.id });
    const pj = await ps.type('call.joined');
    cs.send({ type: 'call.join', callId: call.id });
    const cj = await cs.type('call.joined');
    // B sees A's peer in the room (presence in Redis), A is told of B's.
    expect((cj.peers as { peerId: string }[]).map((x) => x.peerId)).toEqual([(pj.self as { peerId: string }).peerId]);
    await ps.type('call.peer_joined', (m) => (m.peer as { peerId: string }).peerId === (cj.self as { peerId: string }).peerId);

    cs.send({ type: 'call.signal', callId: call.id, to: (pj.self as { peerId: string }).peerId, description: { type: 'offer', sdp: 'v=0' } });
    expect(await ps.type('call.signal')).toMatchObject({ from: (cj.self as { peerId: string }).peerId });
    ps.send({ type: 'call.chat', callId: call.id, text: 'hello from A' });
    expect(await cs.type('call.chat')).toMatchObject({ text: 'hello from A', name: 'Priya Provider' });

    // The client leaves on B: A hears it once.
    cs.send({ type: 'call.leave', callId: call.id });
    expect(await ps.type('call.peer_left')).toMatchObject({ reason: 'left' });
    await provider.actor.post(`/api/calls/${call.id}/end`);
  });
});

describe('presence in Redis: media liveness', () => {
  it('a touched peer outlives its TTL; an expired one is swept by exactly one sweeper; a waiting one is never kept', async (ctx) => {
    const url = redisDatabase(12);
    if (!(await requireRedis(url))) return ctx.skip();
    const redis = new Redis(url);
    try {
      await redis.flushdb();
      const a = new RedisPresence(redis);
      const b = new RedisPresence(redis);
      const peer = (peerId: string) => ({ peerId, role: 'client' as const, id: 'c1', name: 'Ada Ñúñez', state: null });
      await a.put('call1', { peer: peer('paway-peer'), admitted: true, expiresAt: 1000 });
      await a.put('call1', { peer: peer('pwaiting-peer'), admitted: false, expiresAt: 1000 });
      expect(await b.touch('call1', 'paway-peer', 5000)).toBe(true);
      expect(await b.touch('call1', 'pwaiting-peer', 5000)).toBe(false);
      expect(await b.touch('call1', 'pnobody-here', 5000)).toBe(false);
      // Never shortened.
      expect(await a.touch('call1', 'paway-peer', 2000)).toBe(true);
      const kept = await a.get('call1', 'paway-peer');
      expect(kept).toMatchObject({ expiresAt: 5000, admitted: true, peer: { name: 'Ada Ñúñez', state: null } });
      const early = await Promise.all([a.sweep(3000), b.sweep(3000)]);
      expect(early.flat().map((x) => x.entry.peer.peerId)).toEqual(['pwaiting-peer']);
      const late = await Promise.all([a.sweep(6000), b.sweep(6000)]);
      expect(late.flat().map((x) => x.entry.peer.peerId)).toEqual(['paway-peer']);
      expect(await a.list('call1')).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
