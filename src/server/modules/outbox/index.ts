// The outbox module's public face: domain events written in the emitting transaction, and the pump
// that hands them to each module's consumers (declared in their definitions, registered by
// buildServices) after the commit.
import { outboxWorkers } from './workers.js';
import { defineModule } from '../contract.js';
import { Outbox } from './outbox.js';
import { OutboxPump } from './pump.js';

export { DEFAULT_LEASE_MS, EVENT_TYPES, Outbox, type DomainEvent, type EventPayload, type EventType } from './outbox.js';
export { OutboxPump, type Consumer, type PumpOptions } from './pump.js';

declare module '../contract.js' {
  interface ServiceRegistry {
    outbox: Outbox;
    /** Runs the outbox consumers that module definitions declare. */
    pump: OutboxPump;
  }
}

export const outboxModule = defineModule({ name: 'outbox', needs: [], build: (ctx) => new Outbox(ctx) });

export const pumpModule = defineModule({
  name: 'pump',
  needs: ['outbox'],
  build: (ctx, { outbox }) => new OutboxPump(outbox, ctx.log, { intervalMs: ctx.config.outbox.pollMs }),
  workers: (pump) => outboxWorkers(pump),
});
