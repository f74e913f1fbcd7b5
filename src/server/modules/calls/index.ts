// The calls module's public face: video calls (settings, ICE, who may enter, shared files, join
// links), the signaling hub and its bus (Redis across instances), and the ring scheduler.
import { callWorkers } from './workers.js';
import { defineModule } from '../contract.js';
import { LocalBus, LocalPresence, RedisBus, RedisPresence, type Bus, type Presence } from './bus.js';
import { lateRings } from './repo.js';
import { RingPlan, RingScheduler } from './rings.js';
import { CallService } from './service.js';
import { CallSignaling } from './signaling.js';

export { CallService, LINK_KIND, type CallAccess, type CallBillingFacts, type CallIdentity, type CallWiring } from './service.js';
export { CallSignaling } from './signaling.js';
export { RINGS_CONSUMER, RingPlan, RingScheduler } from './rings.js';
export { LocalBus, LocalPresence, RedisBus, RedisPresence, type Bus, type Envelope, type Presence } from './bus.js';
export { JoinLinks, type JoinLinkRequest } from './join-links.js';
export { turnCredentials, type TurnCredentials } from './turn.js';

export interface Calls {
  service: CallService;
  signaling: CallSignaling;
  /** The ring scheduler (started when the server listens). */
  rings: RingScheduler;
  /** Signaling fan-out: Redis when REDIS_URL is set, else this process only (the status probes watch it). */
  bus: Bus;
  /** How many call rings are still waiting that fell due before this time (the status probes watch it). */
  lateRings: (before: number) => Promise<number>;
}

declare module '../contract.js' {
  interface ServiceRegistry {
    /** Video calls: the service, the signaling hub, the ring scheduler (started when the server listens). */
    calls: Calls;
  }
}

export const callsModule = defineModule({
  name: 'calls',
  needs: ['clients', 'scheduling', 'notifications', 'messages', 'documents', 'availability', 'practices', 'smsChannel'],
  build: async (ctx, { clients, scheduling, notifications, messages, documents, availability, practices, smsChannel }): Promise<Calls> => {
    let bus: Bus;
    let presence: Presence;
    if (ctx.config.redisUrl) {
      const redis = new RedisBus(ctx.config.redisUrl, ctx.log);
      await redis.ready();
      bus = redis;
      presence = new RedisPresence(redis.client);
    } else {
      bus = new LocalBus();
      presence = new LocalPresence();
    }
    const service = new CallService(ctx, clients, scheduling, notifications, (practiceId) => messages.senderName(practiceId), {
      documents,
      smsOn: () => smsChannel.channel !== undefined,
      practiceZone: (practiceId, providerId) => availability.practiceZone(practiceId, providerId),
      restrictedProvider: async (practiceId) => !(await practices.clientFlags(practiceId)).providersSeeAll,
      publish: (e) => bus.publish(e),
    });
    const signaling = new CallSignaling(ctx, service, bus, presence);
    const rings = new RingScheduler(ctx, scheduling, service, notifications);
    return { service, signaling, rings, bus, lateRings: (before) => lateRings(ctx.db, before) };
  },
  // Rings go only where the scheduler runs (a listening web process): the dispatcher process never rings.
  consumers: ({ service, rings }, { scheduling }, ctx) => [new RingPlan(ctx, scheduling, service, () => rings.active && rings.kick()).consumer()],
  workers: (calls) => callWorkers(calls.signaling, calls.rings),
  routes: async (app, calls) => (await import('./routes.js')).callRoutes(app, calls.service),
});
