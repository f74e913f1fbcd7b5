// Live call state shared by every instance: a message bus (fan-out of signaling, rings, presence
// changes) and the presence of peers in rooms. With REDIS_URL: Redis pub/sub and hashes, so two
// instances behind a load balancer serve one call; without: in this process (one instance).
//
// Every instance receives every envelope and delivers it to its own sockets that match the target
// (a room, a peer, a staff user, a client): one channel, no per-room subscriptions to keep in step.
import type * as IoRedis from 'ioredis';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CallServerMessage, MediaState, Peer } from '../../../shared/calls.js';
import { lazyRequire } from '../../lib/lazy.js';

export type Target = { room: string } | { peer: string } | { user: string } | { client: string };

/** Control messages between instances (not sent to browsers). */
export type Control = { type: 'admitted'; callId: string; peerId: string } | { type: 'replaced'; callId: string; peerId: string; by: string };

export interface Envelope {
  to: Target;
  msg?: CallServerMessage;
  control?: Control;
  /** Leave this peer out (a room message about the sender). */
  except?: string;
}

export interface Bus {
  publish(e: Envelope): Promise<void>;
  subscribe(handler: (e: Envelope) => void): void;
  close(): Promise<void>;
}

export class LocalBus implements Bus {
  private handlers: ((e: Envelope) => void)[] = [];
  async publish(e: Envelope): Promise<void> {
    // Asynchronous like Redis, so ordering assumptions hold in both.
    queueMicrotask(() => {
      for (const h of this.handlers) h(e);
    });
  }
  subscribe(handler: (e: Envelope) => void): void {
    this.handlers.push(handler);
  }
  async close(): Promise<void> {
    this.handlers = [];
  }
}

const CHANNEL = 'hearth:calls';

// ioredis is loaded only by a process that is given REDIS_URL (synchronously: it is CommonJS).
const ioredis = lazyRequire<typeof IoRedis>('ioredis');

export class RedisBus implements Bus {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private handlers: ((e: Envelope) => void)[] = [];

  constructor(url: string, log: Logger) {
    const RedisClient = ioredis().Redis;
    this.pub = new RedisClient(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.sub = new RedisClient(url, { lazyConnect: false });
    for (const c of [this.pub, this.sub]) c.on('error', (err: Error) => log.warn({ err: { type: err.name, message: err.message } }, 'calls: redis'));
    this.sub.subscribe(CHANNEL).catch((err: Error) => log.warn({ err: { type: err.name, message: err.message } }, 'calls: redis subscribe failed'));
    this.sub.on('message', (_channel: string, raw: string) => {
      let e: Envelope;
      try {
        e = JSON.parse(raw) as Envelope;
      } catch {
        return;
      }
      for (const h of this.handlers) h(e);
    });
  }
  async ready(): Promise<void> {
    const wait = (c: Redis) => (c.status === 'ready' ? Promise.resolve() : new Promise<void>((res, rej) => { c.once('ready', () => res()); c.once('end', () => rej(new Error('redis connection ended'))); }));
    await Promise.all([wait(this.pub), wait(this.sub)]);
  }
  get client(): Redis {
    return this.pub;
  }
  async publish(e: Envelope): Promise<void> {
    await this.pub.publish(CHANNEL, JSON.stringify(e));
  }
  subscribe(handler: (e: Envelope) => void): void {
    this.handlers.push(handler);
  }
  /** Lets commands already sent finish (a last publish while sockets close), then disconnects. */
  async close(): Promise<void> {
    this.handlers = [];
    await Promise.all(
      [this.sub, this.pub].map((c) =>
        c.status === 'ready'
          ? c.quit().then(
              () => undefined,
              () => c.disconnect(),
            )
          : c.disconnect(),
      ),
    );
  }
}

// ---- presence ----

export interface PresenceEntry {
  peer: Peer;
  /** false: in the waiting room. */
  admitted: boolean;
  expiresAt: number;
}

export interface Presence {
  put(callId: string, e: PresenceEntry): Promise<void>;
  /** Removes the peer; true only for the caller that removed it (so one instance announces it). */
  remove(callId: string, peerId: string): Promise<boolean>;
  list(callId: string): Promise<PresenceEntry[]>;
  get(callId: string, peerId: string): Promise<PresenceEntry | undefined>;
  setState(callId: string, peerId: string, state: MediaState): Promise<void>;
  /**
   * Media liveness: an admitted peer another peer receives media from stays listed until
   * `expiresAt` (never shortened), however long its own socket is away. False when not listed.
   */
  touch(callId: string, peerId: string, expiresAt: number): Promise<boolean>;
  /** Entries past their expiry, removed (each by exactly one sweeper). */
  sweep(now: number): Promise<{ callId: string; entry: PresenceEntry }[]>;
}

export class LocalPresence implements Presence {
  private readonly rooms = new Map<string, Map<string, PresenceEntry>>();
  async put(callId: string, e: PresenceEntry) {
    const room = this.rooms.get(callId) ?? new Map<string, PresenceEntry>();
    room.set(e.peer.peerId, e);
    this.rooms.set(callId, room);
  }
  async remove(callId: string, peerId: string) {
    const room = this.rooms.get(callId);
    const had = room?.delete(peerId) ?? false;
    if (room && !room.size) this.rooms.delete(callId);
    return had;
  }
  async list(callId: string) {
    return [...(this.rooms.get(callId)?.values() ?? [])];
  }
  async get(callId: string, peerId: string) {
    return this.rooms.get(callId)?.get(peerId);
  }
  async setState(callId: string, peerId: string, state: MediaState) {
    const e = this.rooms.get(callId)?.get(peerId);
    if (e) e.peer = { ...e.peer, state };
  }
  async touch(callId: string, peerId: string, expiresAt: number) {
    const e = this.rooms.get(callId)?.get(peerId);
    if (!e?.admitted) return false;
    e.expiresAt = Math.max(e.expiresAt, expiresAt);
    return true;
  }
  async sweep(now: number) {
    const out: { callId: string; entry: PresenceEntry }[] = [];
    for (const [callId, room] of this.rooms) {
      for (const [peerId, e] of room) {
        if (e.expiresAt <= now) {
          room.delete(peerId);
          out.push({ callId, entry: e });
        }
      }
      if (!room.size) this.rooms.delete(callId);
    }
    return out;
  }
}

const ROOMS = 'hearth:call-rooms';
// Read, check and write in one step (a script runs atomically), so a touch from one instance and
// a sweep on another cannot cross: a peer whose media was just vouched for is never swept.
const TOUCH = `local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return 0 end
local e = cjson.decode(v)
if not e.admitted then return 0 end
if tonumber(e.expiresAt) >= tonumber(ARGV[2]) then return 1 end
e.expiresAt = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(e))
return 1`;
const SWEEP_ONE = `local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return false end
if tonumber(cjson.decode(v).expiresAt) > tonumber(ARGV[2]) then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
return v`;
const roomKey = (callId: string) => `hearth:call-room:${callId}`;

export class RedisPresence implements Presence {
  constructor(private readonly redis: Redis) {}
  async put(callId: string, e: PresenceEntry) {
    await this.redis.multi().hset(roomKey(callId), e.peer.peerId, JSON.stringify(e)).sadd(ROOMS, callId).exec();
  }
  async remove(callId: string, peerId: string) {
    return (await this.redis.hdel(roomKey(callId), peerId)) === 1;
  }
  async list(callId: string) {
    const all = await this.redis.hgetall(roomKey(callId));
    return Object.values(all).map((v) => JSON.parse(v) as PresenceEntry);
  }
  async get(callId: string, peerId: string) {
    const v = await this.redis.hget(roomKey(callId), peerId);
    return v ? (JSON.parse(v) as PresenceEntry) : undefined;
  }
  async setState(callId: string, peerId: string, state: MediaState) {
    const e = await this.get(callId, peerId);
    if (e) await this.redis.hset(roomKey(callId), peerId, JSON.stringify({ ...e, peer: { ...e.peer, state } }));
  }
  async touch(callId: string, peerId: string, expiresAt: number) {
    return (await this.redis.eval(TOUCH, 1, roomKey(callId), peerId, String(expiresAt))) === 1;
  }
  async sweep(now: number) {
    const out: { callId: string; entry: PresenceEntry }[] = [];
    for (const callId of await this.redis.smembers(ROOMS)) {
      const all = await this.redis.hgetall(roomKey(callId));
      const entries = Object.values(all).map((v) => JSON.parse(v) as PresenceEntry);
      if (!entries.length) {
        await this.redis.srem(ROOMS, callId);
        continue;
      }
      for (const e of entries) {
        if (e.expiresAt > now) continue;
        // Checked again and removed in one step: one sweeper only gets the entry and announces the
        // departure, and not if a touch extended it meanwhile.
        const removed = (await this.redis.eval(SWEEP_ONE, 1, roomKey(callId), e.peer.peerId, String(now))) as string | null;
        if (removed) out.push({ callId, entry: JSON.parse(removed) as PresenceEntry });
      }
    }
    return out;
  }
}
