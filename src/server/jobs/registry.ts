// The worker registry: every piece of background work of a process, tagged by the process roles
// it runs in, with one start path and one stop path.
//
//   web         a process serving HTTP (main.ts). Its 'listening' workers (call rings, signaling,
//               status probes, process liveness) start only once it listens: they need the sockets
//               it holds, and a test app that is only injected into never starts them.
//   dispatcher  the deliveries (reminders, notifications), backups and audit checkpoints: in the
//               `npm run dispatcher` process, and in web processes too with DISPATCHER=inline
//               (processRoles below).
//
// Each module registers its workers from its own workers.ts, in any order. Start runs them by
// layer (lower first), then in registration order; stop runs every registered worker's stop (also
// those a test or tool started by hand) one after the other in the reverse order, the listening
// ones first: what other work relies on (a lower layer: the outbox pump, the audit checkpoints
// whose shutdown checkpoint covers every record the others wrote) stops after it.
import type { Config } from '../config.js';

export type ProcessRole = 'web' | 'dispatcher';

/** Layers: records that must cover everything else's work, what feeds the others, the work itself. */
export const LAYER = { RECORD: 0, FEED: 1, WORK: 2 } as const;

export interface Worker {
  /** Unique within the registry (logs, tests). */
  name: string;
  /** The roles of the processes it runs in. */
  roles: readonly ProcessRole[];
  /** Starts only once the HTTP server listens (web processes). */
  listening?: boolean;
  /** What others rely on has a lower layer: it starts before them and stops after them (default WORK). */
  layer?: number;
  /** Idempotent. */
  start(): void | Promise<void>;
  /** Idempotent; safe when never started; lets work in hand finish. */
  stop(): Promise<void>;
}

/** The roles a process of this kind runs: a web process takes the deliveries too with DISPATCHER=inline. */
export function processRoles(kind: ProcessRole, config: Pick<Config, 'reminders'>): ProcessRole[] {
  if (kind === 'dispatcher') return ['dispatcher'];
  return config.reminders.dispatcher === 'inline' ? ['web', 'dispatcher'] : ['web'];
}

export class WorkerRegistry {
  private readonly workers: Worker[] = [];
  private readonly started = new Set<string>();
  private stopping: Promise<void> | null = null;

  register(...workers: Worker[]): void {
    for (const w of workers) {
      if (this.workers.some((x) => x.name === w.name)) throw new Error(`worker "${w.name}" is registered twice`);
      if (!w.roles.length) throw new Error(`worker "${w.name}" runs in no process role`);
      this.workers.push(w);
    }
  }

  /** The registered workers' names, in registration order (optionally those of one role). */
  names(role?: ProcessRole): string[] {
    return this.workers.filter((w) => !role || w.roles.includes(role)).map((w) => w.name);
  }

  /** The names of the workers started through the registry and not stopped since. */
  running(): string[] {
    return this.workers.filter((w) => this.started.has(w.name)).map((w) => w.name);
  }

  /**
   * Starts, in registration order, every worker of any of these roles not started yet; with
   * `{ listening: true }` (the HTTP server listens) also those that need it. Nothing starts once
   * stop() was called.
   */
  async start(roles: readonly ProcessRole[], opts: { listening?: boolean } = {}): Promise<string[]> {
    const now: string[] = [];
    for (const w of this.inStartOrder()) {
      if (this.stopping) break;
      if (this.started.has(w.name) || !w.roles.some((r) => roles.includes(r))) continue;
      if (w.listening && !opts.listening) continue;
      this.started.add(w.name);
      await w.start();
      now.push(w.name);
    }
    return now;
  }

  /** By layer, then registration order; the listening ones after all others (they start last). */
  private inStartOrder(): Worker[] {
    const rank = (w: Worker) => (w.listening ? 1 : 0);
    return [...this.workers].sort((a, b) => rank(a) - rank(b) || (a.layer ?? LAYER.WORK) - (b.layer ?? LAYER.WORK) || this.workers.indexOf(a) - this.workers.indexOf(b));
  }

  /**
   * Stops every registered worker in the reverse of the start order (listening ones first, the
   * lowest layer last), each after the one before has stopped.
   * A stop that fails does not keep the others running: the first error is thrown at the end.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const errors: unknown[] = [];
      for (const w of this.inStartOrder().reverse()) {
        try {
          await w.stop();
        } catch (err) {
          errors.push(err);
        }
        this.started.delete(w.name);
      }
      if (errors.length) throw errors[0];
    })();
    return this.stopping;
  }
}

/** A worker over an object that starts and stops itself (a loop, a schedule, a prober). */
export function worker(
  name: string,
  roles: readonly ProcessRole[],
  target: { start(): void | Promise<void>; stop(): Promise<void> },
  opts: { listening?: boolean; layer?: number } = {},
): Worker {
  return { name, roles, ...(opts.listening ? { listening: true } : {}), ...(opts.layer !== undefined ? { layer: opts.layer } : {}), start: () => target.start(), stop: () => target.stop() };
}
