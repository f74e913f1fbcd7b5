// The worker registry: workers start by process role (the listening ones only once the server
// listens), in registration order, once; everything registered stops, last registered first, even
// when one stop fails; and in a real app the web role starts on ready and on listen, the dispatcher
// role only with DISPATCHER=inline (or in the dispatcher process), and close stops it all.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testDialects } from '../testing/dialects.js';
import { createHarness, type Harness } from '../testing/harness.js';
import { LAYER, processRoles, WorkerRegistry, type ProcessRole, type Worker } from './registry.js';

function recorder() {
  const log: string[] = [];
  const make = (name: string, roles: ProcessRole[], opts: { listening?: boolean; failStop?: boolean; layer?: number } = {}): Worker => ({
    name,
    roles,
    ...(opts.listening ? { listening: true } : {}),
    ...(opts.layer !== undefined ? { layer: opts.layer } : {}),
    start: () => void log.push(`start ${name}`),
    stop: async () => {
      log.push(`stop ${name}`);
      if (opts.failStop) throw new Error(`${name} would not stop`);
    },
  });
  return { log, make };
}

describe('the worker registry', () => {
  it('starts the workers of the given roles in registration order, once; the listening ones only when listening', async () => {
    const { log, make } = recorder();
    const r = new WorkerRegistry();
    r.register(make('pump', ['web', 'dispatcher']), make('reminders', ['dispatcher']), make('rings', ['web'], { listening: true }), make('history', ['web']));
    expect(await r.start(['web'])).toEqual(['pump', 'history']);
    expect(await r.start(['web'])).toEqual([]);
    expect(await r.start(['web'], { listening: true })).toEqual(['rings']);
    expect(r.running()).toEqual(['pump', 'rings', 'history']);
    expect(await r.start(['dispatcher'])).toEqual(['reminders']);
    expect(log).toEqual(['start pump', 'start history', 'start rings', 'start reminders']);
    expect(r.names('dispatcher')).toEqual(['pump', 'reminders']);
  });

  it('stops every registered worker (started or not), last registered first, even past a failing stop; nothing starts afterwards', async () => {
    const { log, make } = recorder();
    const r = new WorkerRegistry();
    r.register(make('checkpoints', ['dispatcher']), make('pump', ['web', 'dispatcher']), make('reminders', ['dispatcher'], { failStop: true }), make('probes', ['web'], { listening: true }));
    await r.start(['web']);
    log.length = 0;
    await expect(r.stop()).rejects.toThrow('reminders would not stop');
    expect(log).toEqual(['stop probes', 'stop reminders', 'stop pump', 'stop checkpoints']);
    expect(r.running()).toEqual([]);
    expect(await r.start(['web', 'dispatcher'], { listening: true })).toEqual([]);
  });

  it('a lower layer starts before the others and stops after them, whatever the registration order', async () => {
    const { log, make } = recorder();
    const r = new WorkerRegistry();
    r.register(make('reminders', ['dispatcher']), make('rings', ['web'], { listening: true }), make('pump', ['web', 'dispatcher'], { layer: LAYER.FEED }), make('checkpoints', ['dispatcher'], { layer: LAYER.RECORD }), make('backups', ['dispatcher']));
    await r.start(['web', 'dispatcher']);
    await r.start(['web'], { listening: true });
    expect(log.splice(0)).toEqual(['start checkpoints', 'start pump', 'start reminders', 'start backups', 'start rings']);
    await r.stop();
    expect(log).toEqual(['stop rings', 'stop backups', 'stop reminders', 'stop pump', 'stop checkpoints']);
  });

  it('refuses a name registered twice and a worker of no role', () => {
    const { make } = recorder();
    const r = new WorkerRegistry();
    r.register(make('pump', ['web']));
    expect(() => r.register(make('pump', ['dispatcher']))).toThrow(/registered twice/);
    expect(() => r.register(make('nowhere', []))).toThrow(/no process role/);
  });

  it('a web process runs the deliveries too only with DISPATCHER=inline; the dispatcher process runs only them', () => {
    expect(processRoles('web', { reminders: { dispatcher: 'inline' } } as never)).toEqual(['web', 'dispatcher']);
    expect(processRoles('web', { reminders: { dispatcher: 'external' } } as never)).toEqual(['web']);
    expect(processRoles('dispatcher', { reminders: { dispatcher: 'inline' } } as never)).toEqual(['dispatcher']);
  });
});

describe.each(testDialects())('the workers of a real app on %s', (dialect) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('every module registers its background work; a web app that is only ready runs the web role, listening adds the rest', async () => {
    h = await createHarness(dialect, { notifications: false });
    const { workers } = h.app.services;
    expect(workers.names().sort()).toEqual(['audit-checkpoints', 'backups', 'billing-mail', 'billing-monthly-invoices', 'call-rings', 'call-signaling', 'measures-sweep', 'notifications', 'outbox-pump', 'process-liveness', 'reminders', 'status-history', 'status-probes', 'stripe-autopay', 'stripe-reconciliation']);
    expect(workers.names('dispatcher').sort()).toEqual(['audit-checkpoints', 'backups', 'billing-mail', 'billing-monthly-invoices', 'measures-sweep', 'notifications', 'outbox-pump', 'reminders', 'status-history', 'stripe-autopay', 'stripe-reconciliation']);
    // DISPATCHER=external (the harness's default): no deliveries here, nothing that needs the sockets.
    expect(workers.running().sort()).toEqual(['outbox-pump', 'status-history']);
    expect(h.app.services.reminders.dispatcher.active).toBe(false);
    expect(h.app.services.calls.rings.active).toBe(false);
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    expect(workers.running().sort()).toEqual(['call-rings', 'call-signaling', 'outbox-pump', 'process-liveness', 'status-history', 'status-probes']);
    expect(h.app.services.calls.rings.active).toBe(true);
    // listen() does not wait for its hooks: the start is recorded soon after.
    const instance = h.app.services.status.liveness.instance;
    await vi.waitFor(async () => expect(await h!.database.db.selectFrom('status_process_runs').selectAll().where('id', '=', instance).execute()).toHaveLength(1));
    await h.close();
    h = undefined;
    expect(workers.running()).toEqual([]);
  });

  it('with DISPATCHER=inline the web app runs the deliveries, and close stops them', async () => {
    h = await createHarness(dialect, { notifications: false, env: { DISPATCHER: 'inline' } });
    const { workers, reminders, notifications } = h.app.services;
    expect(workers.running().sort()).toEqual(['audit-checkpoints', 'backups', 'billing-mail', 'billing-monthly-invoices', 'measures-sweep', 'notifications', 'outbox-pump', 'reminders', 'status-history', 'stripe-autopay', 'stripe-reconciliation']);
    expect(reminders.dispatcher.active && notifications.dispatcher.active).toBe(true);
    await h.close();
    h = undefined;
    expect(reminders.dispatcher.active || notifications.dispatcher.active).toBe(false);
    expect(workers.running()).toEqual([]);
  });
});
