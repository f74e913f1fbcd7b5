// The signaling hub: relays offers, answers and ICE candidates between the peers of a call room,
// keeps the waiting room, presence (heartbeats; a peer silent past CALL_PRESENCE_TTL_MS is gone,
// unless another peer's heartbeat says its media still arrives: then it stays, away) and rings. Each instance delivers the bus's envelopes to its own sockets; with Redis, rooms span
// instances.
//
// Rules a message cannot get around:
//  - every sender is named by the server from the socket's identity (`from` is never read from a
//    browser); a signal goes only between two admitted peers of the same room;
//  - a client waits until staff admit them (or was admitted earlier in this call), except for a
//    Call Now, where the provider called them;
//  - a peer id is issued on join and can be resumed after a reconnect only by the same person in
//    the same call (it is stored with their participant row), so media keeps flowing through a
//    signaling outage and nobody can take over another's peer;
//  - a socket that floods is told, then closed; an unknown, malformed or out-of-order message gets
//    an error naming the problem and changes nothing.
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { AppContext, RequestMeta } from '../../context.js';
import { CallClientMessage, MAX_PARTICIPANTS, type CallClientMessage as CallClientMessageT, type CallServerMessage, type MediaState, type Peer } from '../../../shared/calls.js';
import type { Bus, Envelope, Presence } from './bus.js';
import type { CallAccess, CallIdentity, CallService } from './service.js';

/** Token bucket per socket: a burst of ICE candidates fits, a flood does not. */
const RATE_PER_SECOND = 40;
const BURST = 120;
/** Refusals in a row after which the socket is closed (policy violation). */
const MAX_STRIKES = 50;

interface Conn {
  ws: WebSocket;
  who: CallIdentity;
  meta: RequestMeta;
  tokens: number;
  refilledAt: number;
  strikes: number;
  room: { callId: string; peer: Peer; access: CallAccess; admitted: boolean; lastConnection: MediaState['connection'] | null } | null;
  closed: boolean;
  /** One socket's messages are handled in arrival order (a signal never overtakes its join). */
  queue: Promise<void>;
  pending: number;
}

/** Messages of one socket waiting to be handled beyond which more are refused. */
const MAX_PENDING = 64;

export class CallSignaling {
  private readonly conns = new Set<Conn>();
  private readonly byWs = new WeakMap<WebSocket, Conn>();
  private readonly byPeer = new Map<string, Conn>();
  private readonly byRoom = new Map<string, Set<Conn>>();
  private readonly byUser = new Map<string, Set<Conn>>();
  private readonly byClient = new Map<string, Set<Conn>>();
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly calls: CallService,
    private readonly bus: Bus,
    private readonly presence: Presence,
  ) {
    bus.subscribe((e) => this.deliver(e));
  }

  start(): void {
    if (this.sweepTimer) return;
    const every = Math.max(250, Math.floor(this.ctx.config.calls.presenceTtlMs / 3));
    this.sweepTimer = setInterval(() => void this.sweep().catch((err: Error) => this.ctx.log.warn({ err: { type: err.name, message: err.message } }, 'calls: presence sweep failed')), every);
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await this.bus.close();
  }

  get size(): number {
    return this.conns.size;
  }

  /** A socket authenticated as `who` (the caller has checked its session or guest cookie). */
  attach(ws: WebSocket, who: CallIdentity, meta: RequestMeta): void {
    const conn: Conn = { ws, who, meta, tokens: BURST, refilledAt: Date.now(), strikes: 0, room: null, closed: false, queue: Promise.resolve(), pending: 0 };
    this.conns.add(conn);
    this.byWs.set(ws, conn);
    if (who.kind === 'staff') index(this.byUser, who.userId, conn);
    else if (who.kind === 'client') for (const c of who.clients) index(this.byClient, c.clientId, conn);
    else index(this.byClient, who.clientId, conn);
    ws.on('close', () => void this.detach(conn).catch((err: Error) => this.ctx.log.warn({ err: { type: err.name, message: err.message } }, 'calls: detach failed')));
  }

  /**
   * Takes one call.* message from a socket attached before: rate-limited and validated at once,
   * then handled after the socket's earlier messages. Resolves when it has been handled.
   */
  handle(ws: WebSocket, parsed: unknown): Promise<void> {
    const conn = this.byWs.get(ws);
    if (!conn) return Promise.resolve();
    if (!this.take(conn) || conn.pending >= MAX_PENDING) {
      this.send(conn, { type: 'call.error', callId: null, code: 'rate_limited', message: 'Too many messages; slow down' });
      if (++conn.strikes >= MAX_STRIKES) conn.ws.close(1008, 'rate limit');
      return Promise.resolve();
    }
    const r = CallClientMessage.safeParse(parsed);
    if (!r.success) {
      const issue = r.error.issues[0];
      const field = issue?.path.join('.') || 'type';
      this.send(conn, { type: 'call.error', callId: null, code: 'invalid_message', message: `${field}: ${issue?.message ?? 'invalid'}` });
      return Promise.resolve();
    }
    conn.strikes = 0;
    conn.pending++;
    conn.queue = conn.queue.then(() => this.process(conn, r.data)).finally(() => {
      conn.pending--;
    });
    return conn.queue;
  }

  private async process(conn: Conn, m: CallClientMessageT): Promise<void> {
    if (conn.closed) return;
    try {
      switch (m.type) {
        case 'call.join':
          return await this.join(conn, m.callId, m.resume);
        case 'call.leave':
          return await this.leave(conn, m.callId, 'left');
        case 'call.admit':
          return await this.admit(conn, m.callId, m.peerId);
        case 'call.signal': {
          const room = this.inRoom(conn, m.callId, true);
          if (!room) return;
          const target = await this.presence.get(m.callId, m.to);
          if (!target || !target.admitted || m.to === room.peer.peerId) {
            return this.send(conn, { type: 'call.error', callId: m.callId, code: 'unknown_peer', message: 'to: no such peer in this call' });
          }
          const msg: CallServerMessage = { type: 'call.signal', callId: m.callId, from: room.peer.peerId, ...(m.description ? { description: m.description } : {}), ...(m.candidate !== undefined ? { candidate: m.candidate } : {}) };
          return await this.bus.publish({ to: { peer: m.to }, msg });
        }
        case 'call.state': {
          const room = this.inRoom(conn, m.callId, false);
          if (!room) return;
          room.peer = { ...room.peer, state: m.state };
          await this.presence.setState(m.callId, room.peer.peerId, m.state);
          await this.bus.publish({ to: { room: m.callId }, msg: { type: 'call.peer_state', callId: m.callId, peerId: room.peer.peerId, state: m.state }, except: room.peer.peerId });
          const prev = room.lastConnection;
          room.lastConnection = m.state.connection;
          const actor = `${room.access.role}:${room.access.id}`;
          if ((m.state.connection === 'disconnected' || m.state.connection === 'failed') && prev === 'connected') await this.calls.event(room.access.call, 'reconnecting', actor, m.state.connection);
          if (m.state.connection === 'connected' && (prev === 'disconnected' || prev === 'failed')) await this.calls.event(room.access.call, 'media_restarted', actor, null);
          if (m.state.audioOnly) await this.calls.switchedToAudio(room.access.call, actor);
          return;
        }
        case 'call.chat': {
          const room = this.inRoom(conn, m.callId, true);
          if (!room) return;
          // Kept only for the call: relayed, never stored or logged.
          return await this.bus.publish({ to: { room: m.callId }, msg: { type: 'call.chat', callId: m.callId, from: room.peer.peerId, name: room.peer.name, text: m.text, at: new Date(this.ctx.clock.now()).toISOString() } });
        }
        case 'call.heartbeat': {
          const room = this.inRoom(conn, m.callId, false);
          if (!room) return;
          const ttl = this.ctx.config.calls.presenceTtlMs;
          const until = this.ctx.clock.now() + ttl;
          await this.presence.put(m.callId, { peer: room.peer, admitted: room.admitted, expiresAt: until });
          // Media liveness: the peers this page still receives media from stay in the call
          // (shown as away) however long their own sockets are gone.
          if (room.admitted) for (const id of new Set(m.mediaFrom ?? [])) if (id !== room.peer.peerId) await this.presence.touch(m.callId, id, until);
          return this.send(conn, { type: 'call.alive', callId: m.callId, expiresInMs: ttl });
        }
        default: {
          const never: never = m;
          return never;
        }
      }
    } catch (err) {
      this.ctx.log.warn({ err: { type: (err as Error).name, message: (err as Error).message }, msg: m.type }, 'calls: signaling message failed');
      this.send(conn, { type: 'call.error', callId: 'callId' in m ? m.callId : null, code: 'failed', message: 'That did not work; try again' });
    }
  }

  private take(conn: Conn): boolean {
    const now = Date.now();
    conn.tokens = Math.min(BURST, conn.tokens + ((now - conn.refilledAt) / 1000) * RATE_PER_SECOND);
    conn.refilledAt = now;
    if (conn.tokens < 1) return false;
    conn.tokens -= 1;
    return true;
  }

  private inRoom(conn: Conn, callId: string, mustBeAdmitted: boolean) {
    const room = conn.room;
    if (!room || room.callId !== callId) {
      this.send(conn, { type: 'call.error', callId, code: 'not_joined', message: 'callId: join this call first' });
      return null;
    }
    if (mustBeAdmitted && !room.admitted) {
      this.send(conn, { type: 'call.error', callId, code: 'waiting', message: 'You are in the waiting room until the provider admits you' });
      return null;
    }
    return room;
  }

  private async join(conn: Conn, callId: string, resume: string | undefined): Promise<void> {
    const access = await this.calls.access(conn.who, callId);
    if (!access) return this.send(conn, { type: 'call.error', callId, code: 'not_found', message: 'callId: no such call for you' });
    if (access.call.status === 'ended') return this.send(conn, { type: 'call.error', callId, code: 'call_over', message: 'This call has ended' });
    // One room per socket: joining another leaves the one it was in.
    if (conn.room && conn.room.callId !== callId) await this.leave(conn, conn.room.callId, 'left');
    const part = await this.calls.participantPeer(callId, access.role, access.id);
    const resumed = !!resume && part?.peer_id === resume;
    const peerId = resumed ? resume : `p${randomBytes(12).toString('base64url')}`;
    const present = await this.presence.list(callId);
    const others = present.filter((e) => e.peer.peerId !== peerId && !(e.peer.role === access.role && e.peer.id === access.id));
    if (others.filter((e) => e.admitted).length >= MAX_PARTICIPANTS) return this.send(conn, { type: 'call.error', callId, code: 'room_full', message: `This call already has ${MAX_PARTICIPANTS} people` });
    // One peer per person per call: an older connection of the same person (another tab, a socket
    // not yet noticed dead) is replaced.
    for (const e of present) {
      if (e.peer.role === access.role && e.peer.id === access.id && e.peer.peerId !== peerId) {
        await this.presence.remove(callId, e.peer.peerId);
        await this.bus.publish({ to: { peer: e.peer.peerId }, control: { type: 'replaced', callId, peerId: e.peer.peerId, by: peerId } });
        await this.bus.publish({ to: { room: callId }, msg: { type: 'call.peer_left', callId, peerId: e.peer.peerId, reason: 'left' }, except: e.peer.peerId });
      }
    }
    const old = this.byPeer.get(peerId);
    if (old && old !== conn) this.unroom(old);
    const admitted = access.role === 'staff' || part?.admitted_at != null || access.call.kind === 'call_now';
    const existing = present.find((e) => e.peer.peerId === peerId);
    const peer: Peer = { peerId, role: access.role, id: access.id, name: access.name, state: existing?.peer.state ?? null };
    conn.room = { callId, peer, access, admitted, lastConnection: null };
    this.byPeer.set(peerId, conn);
    index(this.byRoom, callId, conn);
    await this.presence.put(callId, { peer, admitted, expiresAt: this.ctx.clock.now() + this.ctx.config.calls.presenceTtlMs });
    if (!admitted) {
      await this.calls.waiting(access, conn.who, peerId);
      this.send(conn, { type: 'call.waiting', callId, peerId });
      await this.publishLobby(callId);
      return;
    }
    await this.enter(conn);
  }

  /** An admitted peer takes its place: the peer list, ICE servers; the others are told. */
  private async enter(conn: Conn): Promise<void> {
    const room = conn.room!;
    const { callId, peer, access } = room;
    const first = (await this.calls.participantPeer(callId, access.role, access.id))?.first_joined_at == null;
    await this.calls.joined(access, conn.who, peer.peerId, conn.meta, first);
    const present = await this.presence.list(callId);
    const peers = present.filter((e) => e.admitted && e.peer.peerId !== peer.peerId).map((e) => e.peer);
    const ice = await this.calls.ice(access.call.practice_id, `${callId}:${access.role}:${access.id}`);
    this.send(conn, { type: 'call.joined', callId, self: peer, peers, ice, mode: access.call.mode });
    // Also after a resume: the others learn the peer is back (they keep its connection).
    await this.bus.publish({ to: { room: callId }, msg: { type: 'call.peer_joined', callId, peer }, except: peer.peerId });
    if (access.role === 'staff') await this.publishLobby(callId);
  }

  private async admit(conn: Conn, callId: string, peerId: string): Promise<void> {
    const room = this.inRoom(conn, callId, true);
    if (!room) return;
    if (room.access.role !== 'staff') return this.send(conn, { type: 'call.error', callId, code: 'forbidden', message: 'Only staff admit people from the waiting room' });
    const e = await this.presence.get(callId, peerId);
    if (!e || e.admitted) return this.send(conn, { type: 'call.error', callId, code: 'unknown_peer', message: 'peerId: nobody with this id is waiting' });
    await this.presence.put(callId, { ...e, admitted: true });
    await this.calls.admitted(room.access.call, e.peer.id, room.access.id);
    await this.bus.publish({ to: { peer: peerId }, control: { type: 'admitted', callId, peerId } });
    await this.publishLobby(callId);
  }

  private async publishLobby(callId: string): Promise<void> {
    const waiting = (await this.presence.list(callId)).filter((e) => !e.admitted).map((e) => e.peer);
    await this.bus.publish({ to: { room: callId }, msg: { type: 'call.lobby', callId, waiting } });
  }

  private async leave(conn: Conn, callId: string, reason: 'left' | 'gone'): Promise<void> {
    const room = conn.room;
    if (!room || room.callId !== callId) return;
    this.unroom(conn);
    if (await this.presence.remove(callId, room.peer.peerId)) {
      await this.calls.left(room.access.call, room.access.role, room.access.id, reason, this.calls.auditActor(conn.who, room.access.call.practice_id, conn.meta));
      await this.bus.publish({ to: { room: callId }, msg: { type: 'call.peer_left', callId, peerId: room.peer.peerId, reason } });
      if (!room.admitted) await this.publishLobby(callId);
    }
  }

  private unroom(conn: Conn) {
    const room = conn.room;
    if (!room) return;
    conn.room = null;
    if (this.byPeer.get(room.peer.peerId) === conn) this.byPeer.delete(room.peer.peerId);
    unindex(this.byRoom, room.callId, conn);
  }

  private async detach(conn: Conn): Promise<void> {
    conn.closed = true;
    this.conns.delete(conn);
    if (conn.who.kind === 'staff') unindex(this.byUser, conn.who.userId, conn);
    else if (conn.who.kind === 'client') for (const c of conn.who.clients) unindex(this.byClient, c.clientId, conn);
    else unindex(this.byClient, conn.who.clientId, conn);
    // A dropped socket is not a departure: the peer stays listed (its media may well still flow)
    // while the others' heartbeats report its media (mediaFrom), else until CALL_PRESENCE_TTL_MS
    // after its last heartbeat; a reconnect resumes it. The others are told it is away meanwhile.
    const room = conn.room;
    this.unroom(conn);
    if (room?.admitted && this.byPeer.get(room.peer.peerId) === undefined) {
      await this.bus.publish({ to: { room: room.callId }, msg: { type: 'call.peer_away', callId: room.callId, peerId: room.peer.peerId }, except: room.peer.peerId });
    }
  }

  /** Peers whose heartbeats stopped: gone, once, whichever instance sweeps first. */
  async sweep(): Promise<void> {
    for (const { callId, entry } of await this.presence.sweep(this.ctx.clock.now())) {
      const local = this.byPeer.get(entry.peer.peerId);
      if (local) this.unroom(local);
      const call = await this.calls.findCall(callId);
      if (call) await this.calls.left(call, entry.peer.role, entry.peer.id, 'gone', { actor: { type: 'system', id: null }, practiceId: call.practice_id, ip: null, userAgent: null });
      await this.bus.publish({ to: { room: callId }, msg: { type: 'call.peer_left', callId, peerId: entry.peer.peerId, reason: 'gone' } });
      if (!entry.admitted) await this.publishLobby(callId);
    }
  }

  private deliver(e: Envelope): void {
    const to = e.to;
    let targets: Iterable<Conn>;
    if ('room' in to) targets = this.byRoom.get(to.room) ?? [];
    else if ('peer' in to) {
      const c = this.byPeer.get(to.peer);
      targets = c ? [c] : [];
    } else if ('user' in to) targets = this.byUser.get(to.user) ?? [];
    else targets = this.byClient.get(to.client) ?? [];
    for (const c of [...targets]) {
      if (e.except && c.room?.peer.peerId === e.except) continue;
      // Room messages reach admitted peers only; staff also get the lobby; the waiting get nothing but their own.
      if ('room' in to && e.msg && c.room && !c.room.admitted) continue;
      if ('room' in to && e.msg?.type === 'call.lobby' && c.room?.access.role !== 'staff') continue;
      if (e.control) void this.control(c, e.control);
      else if (e.msg) this.send(c, e.msg);
    }
  }

  private async control(c: Conn, ctl: NonNullable<Envelope['control']>): Promise<void> {
    const room = c.room;
    if (!room || room.callId !== ctl.callId || room.peer.peerId !== ctl.peerId) return;
    if (ctl.type === 'admitted') {
      room.admitted = true;
      await this.enter(c).catch((err: Error) => this.ctx.log.warn({ err: { type: err.name } }, 'calls: admit failed'));
    } else {
      this.unroom(c);
      this.send(c, { type: 'call.error', callId: ctl.callId, code: 'replaced', message: 'You joined this call from another window' });
    }
  }

  private send(c: Conn, msg: CallServerMessage) {
    if (!c.closed && c.ws.readyState === c.ws.OPEN) c.ws.send(JSON.stringify(msg));
  }
}

function index<K>(map: Map<K, Set<Conn>>, key: K, c: Conn) {
  const s = map.get(key) ?? new Set<Conn>();
  s.add(c);
  map.set(key, s);
}
function unindex<K>(map: Map<K, Set<Conn>>, key: K, c: Conn) {
  const s = map.get(key);
  if (!s) return;
  s.delete(c);
  if (!s.size) map.delete(key);
}
