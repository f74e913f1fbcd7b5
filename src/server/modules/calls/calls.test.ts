// Calls on every test database, through real sockets on a listening server: Call Now rings the
// client's portal and mails a join link (no PHI); join links are single use; the waiting room; a
// scheduled call rings once across two schedulers and escalates to a link when the client does
// not answer; signals are relayed with a server-named sender only between admitted peers of one
// room; presence removes ghosts, and a reconnect resumes its peer; the safety check is encrypted;
// ending closes the room; other practices, bad tokens and bad messages are refused.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import { Actor, createPractice, joinColleague, type Colleague, type PracticeFixture } from '../../testing/actors.js';
import { testDialects } from '../../testing/dialects.js';
import { createHarness, type Harness } from '../../testing/harness.js';
import { callParties, portalClient, type PortalClientFixture } from '../../testing/portal.js';
import { TestSocket } from '../../testing/sockets.js';
import { RingScheduler } from './rings.js';

const TTL = 5000;

describe.each(testDialects())('calls on %s', (dialect) => {
  let h: Harness;
  let base: string;
  let origin: string;
  let p: PracticeFixture & { totpSecret?: string };
  let other: PracticeFixture & { totpSecret?: string };
  let provider: Colleague;
  let client: PortalClientFixture;
  const clock = new ManualClock(Date.now());
  const open: TestSocket[] = [];

  const staffSocket = async (a: Actor) => {
    const s = await TestSocket.open(`ws://${base}/ws`, { cookie: a.cookie!, origin });
    open.push(s);
    return s;
  };
  const portalSocket = async (cookie: string) => {
    const s = await TestSocket.open(`ws://${base}/portal/ws`, { cookie, origin });
    open.push(s);
    return s;
  };
  const joined = (s: TestSocket, callId: string, resume?: string) => {
    s.send({ type: 'call.join', callId, ...(resume ? { resume } : {}) });
    return s.next((m) => (m.type === 'call.joined' || m.type === 'call.waiting' || m.type === 'call.error') && m.callId === callId);
  };
  const linkOf = (text: string) => /\/join#([A-Za-z0-9_-]+)/.exec(text)?.[1];
  const guestCookie = (setCookie: string | string[] | undefined) => {
    const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
    const m = all.map((c) => /^((?:__Host-)?hearth_call_sid)=([^;]+)/.exec(c)).find(Boolean);
    return m ? `${m[1]}=${m[2]}` : undefined;
  };

  beforeAll(async () => {
    h = await createHarness(dialect, { smtp: true, clock, env: { CALL_PRESENCE_TTL_MS: String(TTL), CALL_RING_POLL_MS: '0', SOCKET_SWEEP_MS: '200' } });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    base = `127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
    origin = h.config.publicUrl;
    p = await createPractice(h);
    other = await createPractice(h);
    ({ provider, client } = await callParties(h, p.owner));
  });
  afterAll(async () => {
    for (const s of open) s.terminate();
    await h?.close();
  });

  it('Call Now rings the client in the portal and mails a join link without PHI; the link is single use', async () => {
    const ps = await staffSocket(provider.actor);
    const cs = await portalSocket(client.portal.cookie!);
    const res = await provider.actor.post('/api/calls', { clientId: client.id });
    expect(res.statusCode, res.body).toBe(201);
    const call = res.json() as { id: string; status: string; kind: string };
    expect(call).toMatchObject({ status: 'ringing', kind: 'call_now' });

    const ring = await cs.type('call.ring', (m) => m.callId === call.id);
    expect(ring.title).toBe('Priya Provider is calling');
    expect(JSON.stringify(ring)).not.toContain('Marigold');

    const mail = await h.smtp!.waitFor((m) => m.to.includes(client.email) && /ready to join/i.test(m.subject));
    expect(mail.text).not.toMatch(/Marigold|Quince|Priya/);
    const token = linkOf(mail.text);
    expect(token).toBeTruthy();
    // The provider sees the link go.
    await ps.type('call.progress', (m) => m.callId === call.id && (m.event as { type: string }).type === 'link_sent');

    const guest = new Actor(h, 'guest');
    const redeemed = await guest.post('/api/calls/join-link', { token });
    expect(redeemed.statusCode, redeemed.body).toBe(200);
    expect(redeemed.json()).toMatchObject({ callId: call.id, mode: 'video' });
    const cookie = guestCookie(redeemed.headers['set-cookie']);
    expect(cookie).toBeTruthy();
    const again = await new Actor(h, 'guest2').post('/api/calls/join-link', { token });
    expect(again.statusCode).toBe(410);
    expect(again.json().error).toMatchObject({ code: 'link_used', field: 'token' });
    const bogus = await new Actor(h).post('/api/calls/join-link', { token: 'x'.repeat(43) });
    expect(bogus.statusCode).toBe(404);
    expect(bogus.json().error.field).toBe('token');
    const short = await new Actor(h).post('/api/calls/join-link', { token: 'abc' });
    expect(short.statusCode).toBe(400);
    expect(JSON.stringify(short.json())).toContain('token');

    // The guest joins that call (a Call Now: admitted at once) and sees the provider after they join.
    const gs = await portalSocket(cookie!);
    const pj = await joined(ps, call.id);
    expect(pj.type).toBe('call.joined');
    expect((pj.ice as { iceTransportPolicy: string }).iceTransportPolicy).toBe('all');
    const gj = await joined(gs, call.id);
    expect(gj.type, JSON.stringify(gj)).toBe('call.joined');
    const providerPeer = (pj.self as { peerId: string }).peerId;
    const guestPeer = (gj.self as { peerId: string }).peerId;
    expect((gj.peers as { peerId: string }[]).map((x) => x.peerId)).toEqual([providerPeer]);
    await ps.type('call.peer_joined', (m) => (m.peer as { peerId: string }).peerId === guestPeer);
    // Both sides in: the ring stops and the call is active.
    await cs.type('call.ring_stopped', (m) => m.callId === call.id);

    // Relay with the server naming the sender; a forged sender is refused; unknown peers too.
    gs.send({ type: 'call.signal', callId: call.id, to: providerPeer, description: { type: 'offer', sdp: 'v=0' } });
    const sig = await ps.type('call.signal');
    expect(sig).toMatchObject({ from: guestPeer, description: { type: 'offer', sdp: 'v=0' } });
    gs.send({ type: 'call.signal', callId: call.id, to: providerPeer, from: providerPeer, candidate: null });
    expect(await gs.type('call.error')).toMatchObject({ code: 'invalid_message' });
    gs.send({ type: 'call.signal', callId: call.id, to: 'pnobody-at-all', candidate: null });
    expect(await gs.type('call.error')).toMatchObject({ code: 'unknown_peer' });
    // A guest is good for this one call only.
    const another = (await provider.actor.post('/api/calls', { clientId: client.id })).json() as { id: string };
    expect(await joined(gs, another.id)).toMatchObject({ type: 'call.error', code: 'not_found' });

    const record = await provider.actor.get(`/api/calls/${call.id}`);
    expect(record.statusCode).toBe(200);
    const r = record.json() as { status: string; events: { type: string }[]; participants: { role: string }[] };
    expect(r.status).toBe('active');
    expect(r.events.map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'rung', 'link_sent', 'joined']));
    expect(r.participants.map((x) => x.role).sort()).toEqual(['client', 'staff']);

    // Ending: the room is told, the guest session ends, joining again is refused.
    const ended = await provider.actor.post(`/api/calls/${call.id}/end`);
    expect(ended.statusCode).toBe(200);
    await gs.type('call.ended', (m) => m.callId === call.id);
    expect(ended.json().durationSeconds).toBeGreaterThanOrEqual(0);
    expect(await joined(ps, call.id)).toMatchObject({ type: 'call.error', code: 'call_over' });
    await expect(TestSocket.open(`ws://${base}/portal/ws`, { cookie: cookie!, origin })).rejects.toMatchObject({ status: 401 });
    await provider.actor.post(`/api/calls/${another.id}/end`);
  });

  it('scheduled calls ring once across two schedulers; the client waits until admitted; the link follows when nobody answers', async () => {
    await p.owner.request('PUT', '/api/practice/call-settings', { ringLeadMinutes: 5, escalateAfterSeconds: 30, forceRelay: false });
    const ps = await staffSocket(provider.actor);
    const cs = await portalSocket(client.portal.cookie!);
    const start = new Date(clock.now() + 3 * 60_000).toISOString();
    const booked = await provider.actor.post('/api/appointments', { clientIds: [client.id], providerId: provider.id, start, durationMinutes: 50, timeZone: 'UTC', type: 'video' });
    expect(booked.statusCode, booked.body).toBe(201);
    const apptId = (booked.json() as { id?: string; appointments?: { id: string }[] }).id ?? (booked.json() as { appointments: { id: string }[] }).appointments[0]!.id;
    await h.app.services.pump.drain();

    const { ctx, scheduling, notifications } = h.app.services;
    const a = h.app.services.calls.rings;
    const b = new RingScheduler(ctx, scheduling, h.app.services.calls.service, notifications);
    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
    expect(a.counts.rung + b.counts.rung).toBe(1);
    const pr = await ps.type('call.ring');
    expect(pr.title).toBe('Session with Marigold Q.');
    const cr = await cs.type('call.ring', (m) => m.callId === pr.callId);
    const callId = String(cr.callId);
    const rung = await h.database.db.selectFrom('call_events').select('id').where('call_id', '=', callId).where('type', '=', 'rung').execute();
    expect(rung).toHaveLength(1);
    // The room of the appointment is that call.
    expect((await provider.actor.post(`/api/appointments/${apptId}/call`)).json().id).toBe(callId);

    // Nobody answered: after 30 s the link goes by mail.
    clock.advance(31_000);
    await notifications.dispatcher.drain();
    const mail = await h.smtp!.waitFor((m) => m.to.includes(client.email) && /ready to join/i.test(m.subject) && !!linkOf(m.text));
    expect(linkOf(mail.text)).toBeTruthy();
    await ps.type('call.progress', (m) => m.callId === callId && (m.event as { type: string }).type === 'link_sent');

    // The client waits; the provider sees them in the lobby and admits them.
    const pj = await joined(ps, callId);
    expect(pj.type).toBe('call.joined');
    const cw = await joined(cs, callId);
    expect(cw.type).toBe('call.waiting');
    const lobby = await ps.type('call.lobby', (m) => (m.waiting as unknown[]).length === 1);
    const waitingPeer = (lobby.waiting as { peerId: string; name: string }[])[0]!;
    expect(waitingPeer.name).toBe('Marigold Q.');
    // Waiting clients cannot signal or chat.
    cs.send({ type: 'call.chat', callId, text: 'hello?' });
    expect(await cs.type('call.error')).toMatchObject({ code: 'waiting' });
    // A client cannot admit.
    ps.send({ type: 'call.admit', callId, peerId: waitingPeer.peerId });
    const cj = await cs.type('call.joined', (m) => m.callId === callId);
    expect((cj.self as { peerId: string }).peerId).toBe(waitingPeer.peerId);
    await ps.type('call.peer_joined', (m) => (m.peer as { peerId: string }).peerId === waitingPeer.peerId);

    // Chat reaches the room, named by the server; it is not stored.
    cs.send({ type: 'call.chat', callId, text: 'can you hear me' });
    expect(await ps.type('call.chat')).toMatchObject({ from: waitingPeer.peerId, name: 'Marigold Q.', text: 'can you hear me' });

    // Safety check: validated, encrypted at rest, on the record.
    const bad = await provider.actor.post(`/api/calls/${callId}/safety-check`, { location: '12 Elm St', emergencyContactName: 'Sam', emergencyContactPhone: '+15550100' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('confirmed');
    const ok = await provider.actor.post(`/api/calls/${callId}/safety-check`, { location: '12 Elm Street, Bramble', emergencyContactName: 'Sam Quince', emergencyContactPhone: '+15550100', clientAtHome: false, confirmed: true });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().safetyCheck).toMatchObject({ location: '12 Elm Street, Bramble', clientAtHome: false, confirmedBy: provider.id });
    const row = await h.database.db.selectFrom('calls').select('safety_enc').where('id', '=', callId).executeTakeFirstOrThrow();
    expect(row.safety_enc).not.toContain('Elm');

    // Audio only is recorded for billing.
    cs.send({ type: 'call.state', callId, state: { connection: 'connected', audioOnly: true, muted: false, cameraOff: true, sharingScreen: false } });
    const st = await ps.type('call.peer_state');
    expect(st).toMatchObject({ peerId: waitingPeer.peerId, state: { audioOnly: true } });
    await expect.poll(async () => (await provider.actor.get(`/api/calls/${callId}`)).json().billedMode).toBe('audio');

    // A second escalation for a client who has joined is skipped, not sent.
    const links = await h.database.db.selectFrom('notifications').select(['status', 'failure']).where('kind', '=', 'call_link').where('payload', 'like', `%${callId}%`).execute();
    expect(links.map((l) => l.status)).toEqual(['sent']);
  });

  it('billing reads how a visit went from its call record: at home as answered in the safety check (null when not asked), audio once switched', async () => {
    const book = async (hoursAhead: number) => {
      const start = new Date(clock.now() + hoursAhead * 3_600_000).toISOString();
      const res = await provider.actor.post('/api/appointments', { clientIds: [client.id], providerId: provider.id, start, durationMinutes: 50, timeZone: 'UTC', type: 'video' });
      expect(res.statusCode, res.body).toBe(201);
      return ((res.json() as { id?: string; appointments?: { id: string }[] }).id ?? (res.json() as { appointments: { id: string }[] }).appointments[0]!.id) as string;
    };
    // Provider and client both in (the client admitted from the waiting room): the call is held.
    const hold = async (apptId: string) => {
      const callId = String((await provider.actor.post(`/api/appointments/${apptId}/call`)).json().id);
      const ps = await staffSocket(provider.actor);
      const cs = await portalSocket(client.portal.cookie!);
      await joined(ps, callId);
      expect((await joined(cs, callId)).type).toBe('call.waiting');
      const lobby = await ps.type('call.lobby', (m) => m.callId === callId && (m.waiting as unknown[]).length === 1);
      ps.send({ type: 'call.admit', callId, peerId: (lobby.waiting as { peerId: string }[])[0]!.peerId });
      await cs.type('call.joined', (m) => m.callId === callId);
      await expect.poll(async () => (await provider.actor.get(`/api/calls/${callId}`)).json().status).toBe('active');
      return { callId, cs };
    };
    const facts = (ids: string[]) => h.app.services.calls.service.billingFacts(p.practiceId, ids);
    const [unasked, atHome, neverHeld] = [await book(30), await book(32), await book(34)];

    const a = await hold(unasked);
    await provider.actor.post(`/api/calls/${a.callId}/end`);
    const b = await hold(atHome);
    // The answer is required: refused naming clientAtHome, nothing stored.
    const safety = { location: 'Kitchen table at home', emergencyContactName: 'Sam Quince', emergencyContactPhone: '+15550100', confirmed: true };
    const missing = await provider.actor.post(`/api/calls/${b.callId}/safety-check`, safety);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.issues.map((i: { field: string }) => i.field)).toEqual(['clientAtHome']);
    expect(await h.database.db.selectFrom('calls').select(['client_at_home', 'safety_enc']).where('id', '=', b.callId).executeTakeFirstOrThrow()).toEqual({ client_at_home: null, safety_enc: null });
    expect((await provider.actor.post(`/api/calls/${b.callId}/safety-check`, { ...safety, clientAtHome: 'yes' })).json().error.issues[0].field).toBe('clientAtHome');
    const saved = await provider.actor.post(`/api/calls/${b.callId}/safety-check`, { ...safety, clientAtHome: true });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().safetyCheck).toMatchObject({ clientAtHome: true, location: 'Kitchen table at home' });

    let f = await facts([unasked, atHome, neverHeld]);
    expect(f.get(unasked)).toMatchObject({ billedMode: 'video', clientAtHome: null });
    expect(f.get(unasked)!.endedAt).not.toBeNull();
    expect(f.get(atHome)).toMatchObject({ billedMode: 'video', clientAtHome: true, endedAt: null });
    expect(f.has(neverHeld)).toBe(false);

    // The client switches to audio only mid-visit: billed as audio from then on.
    b.cs.send({ type: 'call.state', callId: b.callId, state: { connection: 'connected', audioOnly: true, muted: false, cameraOff: true, sharingScreen: false } });
    await expect.poll(async () => (await facts([atHome])).get(atHome)?.billedMode).toBe('audio');
    await provider.actor.post(`/api/calls/${b.callId}/end`);
    f = await facts([unasked, atHome]);
    expect(f.get(atHome)).toMatchObject({ billedMode: 'audio', clientAtHome: true });
    expect(f.get(unasked)!.billedMode).toBe('video');
  });

  it('a dropped socket resumes its peer; a silent one is removed as a ghost', async () => {
    const call = (await provider.actor.post('/api/calls', { clientId: client.id })).json() as { id: string };
    const ps = await staffSocket(provider.actor);
    const cs = await portalSocket(client.portal.cookie!);
    await joined(ps, call.id);
    const cj = await joined(cs, call.id);
    const peerId = (cj.self as { peerId: string }).peerId;
    await ps.type('call.peer_joined');

    // The socket drops (no leave): the peer stays listed, and a new socket resumes it.
    cs.terminate();
    // The provider sees the client away (the server noticed the drop) before they come back.
    await ps.type('call.peer_away', (m) => m.peerId === peerId);
    const cs2 = await portalSocket(client.portal.cookie!);
    const again = await joined(cs2, call.id, peerId);
    expect((again.self as { peerId: string }).peerId).toBe(peerId);
    // ... then back; never gone.
    await ps.type('call.peer_joined', (m) => (m.peer as { peerId: string }).peerId === peerId);
    expect(ps.has((m) => m.type === 'call.peer_left')).toBe(false);
    // Someone else cannot resume that peer.
    const owner = await staffSocket(p.owner);
    const ownerIn = await joined(owner, call.id, peerId);
    expect(ownerIn.type, JSON.stringify(ownerIn)).toBe('call.joined');
    expect((ownerIn.self as { peerId: string }).peerId).not.toBe(peerId);
    await owner.close();
    // An administrator who is not a provider is named as themselves to the client, not "Staff".
    const admin = await joinColleague(h, p.owner, 'owner', 'Ada Admin');
    const adminSocket = await staffSocket(admin.actor);
    expect((await joined(adminSocket, call.id)).self).toMatchObject({ name: 'Ada Admin' });
    await cs2.type('call.peer_joined', (m) => (m.peer as { name: string }).name === 'Ada Admin');
    await adminSocket.close();

    // Heartbeats stop: after the TTL the sweep removes it, once, and the room is told.
    cs2.terminate();
    clock.advance(TTL - 1000);
    ps.send({ type: 'call.heartbeat', callId: call.id });
    await ps.type('call.alive');
    clock.advance(1001);
    await h.app.services.calls.signaling.sweep();
    const left = await ps.type('call.peer_left', (m) => m.peerId === peerId, 5000);
    expect(left.reason).toBe('gone');
    await provider.actor.post(`/api/calls/${call.id}/end`);
  });

  it('a peer whose media still arrives stays in the call (away) however long its socket is gone; it resumes and reports back', async () => {
    const call = (await provider.actor.post('/api/calls', { clientId: client.id })).json() as { id: string };
    const ps = await staffSocket(provider.actor);
    const cs = await portalSocket(client.portal.cookie!);
    const pj = await joined(ps, call.id);
    const cj = await joined(cs, call.id);
    const providerPeer = (pj.self as { peerId: string }).peerId;
    const clientPeer = (cj.self as { peerId: string }).peerId;
    await ps.type('call.peer_joined');

    cs.terminate();
    await ps.type('call.peer_away', (m) => m.peerId === clientPeer);
    // Four TTLs without the client's socket: the provider's page keeps reporting its media.
    for (let i = 0; i < 4; i++) {
      clock.advance(TTL - 500);
      ps.send({ type: 'call.heartbeat', callId: call.id, mediaFrom: [clientPeer] });
      await ps.type('call.alive');
      clock.advance(1000);
      await h.app.services.calls.signaling.sweep();
    }
    expect(ps.has((m) => m.type === 'call.peer_left')).toBe(false);

    // Back: it resumes its peer and reports the provider's media in turn.
    const cs2 = await portalSocket(client.portal.cookie!);
    const again = await joined(cs2, call.id, clientPeer);
    expect((again.self as { peerId: string }).peerId).toBe(clientPeer);
    expect((again.peers as { peerId: string }[]).map((x) => x.peerId)).toEqual([providerPeer]);
    await ps.type('call.peer_joined', (m) => (m.peer as { peerId: string }).peerId === clientPeer);
    cs2.send({ type: 'call.heartbeat', callId: call.id, mediaFrom: [providerPeer] });
    await cs2.type('call.alive');

    // A malformed report is refused naming the field; vouching for a peer of no room changes nothing.
    cs2.send({ type: 'call.heartbeat', callId: call.id, mediaFrom: 'everyone' });
    expect(String((await cs2.type('call.error')).message)).toContain('mediaFrom');
    cs2.send({ type: 'call.heartbeat', callId: call.id, mediaFrom: ['pnobody-at-all'] });
    await cs2.type('call.alive');

    // Its socket goes again and now nobody receives its media: gone after the TTL, once.
    cs2.terminate();
    await ps.type('call.peer_away', (m) => m.peerId === clientPeer);
    clock.advance(TTL - 500);
    ps.send({ type: 'call.heartbeat', callId: call.id, mediaFrom: [] });
    await ps.type('call.alive');
    clock.advance(1000);
    await h.app.services.calls.signaling.sweep();
    expect((await ps.type('call.peer_left', (m) => m.peerId === clientPeer, 5000)).reason).toBe('gone');
    await provider.actor.post(`/api/calls/${call.id}/end`);
  });

  it('refuses other practices, sockets without a session, cross-site sockets and bad messages; a flood does not slow others', async () => {
    const call = (await provider.actor.post('/api/calls', { clientId: client.id })).json() as { id: string };
    const foreign = await staffSocket(other.owner);
    expect(await joined(foreign, call.id)).toMatchObject({ type: 'call.error', code: 'not_found' });
    expect((await other.owner.get(`/api/calls/${call.id}`)).statusCode).toBe(404);
    expect((await other.owner.post('/api/calls', { clientId: client.id })).statusCode).toBe(404);
    await expect(TestSocket.open(`ws://${base}/portal/ws`, { origin })).rejects.toMatchObject({ status: 401 });
    await expect(TestSocket.open(`ws://${base}/portal/ws`, { origin: 'https://evil.example', cookie: client.portal.cookie! })).rejects.toMatchObject({ status: 403 });
    expect((await provider.actor.post('/api/calls', { clientId: client.id, mode: 'hologram' })).json().error.issues[0].field).toBe('mode');
    const settings = await p.owner.request('PUT', '/api/practice/call-settings', { ringLeadMinutes: 5, escalateAfterSeconds: 30, forceRelay: true });
    expect(settings.statusCode).toBe(400);
    expect(settings.json().error.field).toBe('forceRelay');

    const s = await staffSocket(provider.actor);
    s.send('{not json');
    expect(await s.type('error')).toMatchObject({ code: 'invalid_json' });
    s.send({ type: 'call.teleport', callId: call.id });
    expect(await s.type('call.error')).toMatchObject({ code: 'invalid_message' });
    s.send({ type: 'call.signal', callId: call.id, to: 'psomeone-else', candidate: null });
    expect(await s.type('call.error')).toMatchObject({ code: 'not_joined' });
    s.send({ type: 'call.chat', callId: call.id, text: 'x'.repeat(3000) });
    expect(String((await s.type('call.error')).message)).toContain('text');

    // A flood from one socket: refused with rate_limited (or closed); another socket still answers within 1 s.
    const flooder = await staffSocket(provider.actor);
    for (let i = 0; i < 3000; i++) flooder.send({ type: 'call.heartbeat', callId: call.id });
    const other2 = await staffSocket(p.owner);
    const t0 = Date.now();
    other2.send({ type: 'ping', id: 1 });
    await other2.type('pong');
    expect(Date.now() - t0).toBeLessThan(1000);
    await flooder.type('call.error', (m) => m.code === 'rate_limited');
    // An oversized frame closes only that socket.
    const big = await staffSocket(provider.actor);
    big.send({ type: 'call.chat', callId: call.id, text: 'y'.repeat(20_000) });
    await expect.poll(() => big.closed?.code).toBe(1009);
    other2.send({ type: 'ping', id: 2 });
    await other2.type('pong');
    await provider.actor.post(`/api/calls/${call.id}/end`);
  });

  it('every call event is audited, and chat text is in no table', async () => {
    const rows = await h.database.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'in', ['call_started', 'call_joined', 'call_left', 'call_ended']).execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['call_started', 'call_joined', 'call_left', 'call_ended']) expect(actions.has(a)).toBe(true);
    const dump = JSON.stringify(await h.database.db.selectFrom('audit_log').selectAll().execute()) + JSON.stringify(await h.database.db.selectFrom('call_events').selectAll().execute());
    expect(dump).not.toContain('can you hear me');
    expect(dump).not.toContain('Elm Street');
  });

  it('the ICE configuration carries TURN credentials that expire, and relay-only when asked', async () => {
    const res = await provider.actor.get('/api/calls/ice');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ iceServers: [], iceTransportPolicy: 'all', expiresAt: null });
    const noPortal = await new Actor(h).get('/api/portal/calls/ice');
    expect(noPortal.statusCode).toBe(401);
    const mine = await client.portal.get('/api/portal/calls');
    expect(mine.statusCode).toBe(200);
    // Only this client's own calls, and no other client's name.
    for (const c of (mine.json() as { items: { clients: { id: string }[] }[] }).items) expect(c.clients.map((x) => x.id)).toEqual([client.id]);
  });

  it('a file shared in the call is saved to the client\'s documents and announced to the room', async () => {
    const call = (await provider.actor.post('/api/calls', { clientId: client.id })).json() as { id: string };
    const raw = (actor: Actor, url: string, body: Buffer, name: string) =>
      actor.request('POST', url, body, { 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(name) });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    // Not in the call yet: refused.
    expect((await raw(provider.actor, `/api/calls/${call.id}/files`, pdf, 'worksheet.pdf')).statusCode).toBe(409);
    const ps = await staffSocket(provider.actor);
    const cs = await portalSocket(client.portal.cookie!);
    await joined(ps, call.id);
    await joined(cs, call.id);
    const shared = await raw(provider.actor, `/api/calls/${call.id}/files`, pdf, 'worksheet.pdf');
    expect(shared.statusCode, shared.body).toBe(201);
    const docId = (shared.json() as { documentIds: string[] }).documentIds[0]!;
    expect(await cs.type('call.file')).toMatchObject({ name: 'Priya Provider', fileName: 'worksheet.pdf' });
    const docs = (await provider.actor.get(`/api/clients/${client.id}/documents`)).json() as { items: { id: string; name: string }[] };
    expect(docs.items.find((d) => d.id === docId)?.name).toBe('worksheet.pdf');
    const record = (await provider.actor.get(`/api/calls/${call.id}`)).json() as { events: { type: string; detail: string | null }[] };
    expect(record.events.find((e) => e.type === 'file_shared')?.detail).toBe(`document:${docId}`);
    // The client shares back: saved to their own documents.
    const back = await raw(client.portal, `/api/portal/calls/${call.id}/files`, pdf, 'journal.pdf');
    expect(back.statusCode, back.body).toBe(201);
    expect(await ps.type('call.file', (m) => m.fileName === 'journal.pdf')).toMatchObject({ name: 'Marigold Q.' });
    expect((await raw(client.portal, `/api/portal/calls/${call.id}/files`, Buffer.alloc(0), 'empty.pdf')).statusCode).toBe(400);
    expect((await raw(other.owner, `/api/calls/${call.id}/files`, pdf, 'x.pdf')).statusCode).toBe(404);
    await provider.actor.post(`/api/calls/${call.id}/end`);
  });

  // Last: it ends every session of the suite.
  it('signing out closes the portal socket; an idle session closes the sockets in a call', async () => {
    const second = await portalClient(h, p.owner, { firstName: 'Basil', lastName: 'Thorne', providerIds: [provider.id] });
    const portalWs = await portalSocket(second.portal.cookie!);
    expect((await second.portal.post('/api/portal/logout')).statusCode).toBeLessThan(300);
    expect(await portalWs.type('session_ended')).toMatchObject({ reason: 'logout' });
    await expect.poll(() => portalWs.closed?.code).toBe(4001);

    const call = (await provider.actor.post('/api/calls', { clientId: client.id })).json() as { id: string };
    const ps = await staffSocket(provider.actor);
    const cs = await portalSocket(client.portal.cookie!);
    expect((await joined(ps, call.id)).type).toBe('call.joined');
    expect((await joined(cs, call.id)).type).toBe('call.joined');
    clock.advance(31 * 60_000);
    expect(await ps.type('session_ended', () => true, 5000)).toMatchObject({ reason: 'idle' });
    expect(await cs.type('session_ended', () => true, 5000)).toMatchObject({ reason: 'idle' });
    await expect.poll(() => [ps.closed?.code, cs.closed?.code]).toEqual([4001, 4001]);
  });
});
