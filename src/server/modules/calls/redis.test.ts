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
import { requireRedis, TEST_REDIS_URL } from '../../testing/redis.js';
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
