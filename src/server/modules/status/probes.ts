// The automatic probes: every STATUS_PROBE_INTERVAL_MS each web instance measures what the people
// using Hearth depend on. A probe failing STATUS_PROBE_FAILURES times in a row opens an incident
// marked as detected automatically and sets its components' state; when it passes again the
// incident goes to "monitoring" (components operational), and it resolves after STATUS_QUIET_MS
// without a failure. A probe that fails while monitoring sets the incident investigating again.
//
// Several instances probe side by side: one open incident per probe (UNIQUE open_probe) and
// conditional state changes make them agree. Backups and disk are internal: operators see those
// incidents, the public page does not.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../context.js';
import type { ProbeState } from '../../../shared/status.js';
import type { ComponentId, ComponentStatus } from '../../../shared/status.js';
import type { Bus } from '../calls/index.js';
import type { StatusService } from './service.js';
import { backupsProbe, databaseProbe, diskProbe, remindersProbe, ringsProbe, signalingProbe, smtpProbe, type ProbeEnv } from './probe-list.js';

export interface ProbeResult {
  ok: boolean;
  /** What was measured, in the probe's unit (null: could not measure). */
  value: number | null;
  detail?: string;
}

export interface Probe {
  name: string;
  unit: string;
  threshold: number;
  components: Partial<Record<ComponentId, ComponentStatus>>;
  internal: boolean;
  check(): Promise<ProbeResult>;
  /** Incident texts: no PHI, no practice names (nothing probed here is a practice's). */
  text(r: ProbeResult): { name: string; body: string; again: string; monitoring: string; resolved: string };
}

interface State {
  failures: number;
  last: ProbeResult | null;
  checkedAt: number | null;
  incidentId: string | null;
}

export interface ProbeDeps {
  bus?: Bus;
  /** How many call rings are still waiting that fell due before this time (the calls module's). */
  lateRings: (before: number) => Promise<number>;
  /** The earliest due time of reminders and notices not yet sent (null: none). */
  reminderOldestDue?: () => Promise<number | null>;
  notificationOldestDue?: () => Promise<number | null>;
  /** The newest backup's time (null: none yet); absent: backups are not this process's concern. */
  latestBackupAt?: () => Promise<number | null>;
}

export class Prober {
  readonly probes: Probe[];
  private readonly states = new Map<string, State>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly pings = new Map<string, () => void>();
  private readonly instance = randomUUID().slice(0, 8);

  constructor(
    private readonly ctx: AppContext,
    private readonly status: StatusService,
    deps: ProbeDeps,
  ) {
    deps.bus?.subscribe((e) => {
      if ('peer' in e.to) this.pings.get(e.to.peer)?.();
    });
    this.probes = this.build(deps);
    for (const p of this.probes) this.states.set(p.name, { failures: 0, last: null, checkedAt: null, incidentId: null });
  }

  private build(deps: ProbeDeps): Probe[] {
    const env: ProbeEnv = { ctx: this.ctx, deps, instance: this.instance, pings: this.pings, since: () => this.status.since() };
    return [databaseProbe, remindersProbe, signalingProbe, smtpProbe, ringsProbe, backupsProbe, diskProbe].map((probe) => probe(env));
  }

  private started = false;

  start(): void {
    const every = this.ctx.config.status.probeIntervalMs;
    if (this.started || every <= 0) return;
    this.started = true;
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  /** Whether this process runs the probes (a listening web server with a probe interval). */
  get active(): boolean {
    return this.started;
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round: every probe, maintenance windows, subscriber mail. Coalesced with a round in progress. */
  tick(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(): Promise<void> {
    await Promise.all(this.probes.map((p) => this.run(p)));
    await this.guard('maintenance', () => this.status.maintenancePass());
    await this.guard('deliveries', () => this.status.deliveriesPass());
  }

  private async guard(what: string, f: () => Promise<unknown>) {
    try {
      await f();
    } catch (err) {
      this.ctx.log.warn({ err: { type: (err as Error).name, message: (err as Error).message }, what }, 'status: pass failed');
    }
  }

  private async run(p: Probe): Promise<void> {
    const state = this.states.get(p.name)!;
    let r: ProbeResult;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<ProbeResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, value: null, detail: `no answer within ${this.ctx.config.status.probeTimeoutMs} ms` }), this.ctx.config.status.probeTimeoutMs);
      });
      r = await Promise.race([p.check(), timeout]);
    } catch (err) {
      r = { ok: false, value: null, detail: (err as Error).name };
    } finally {
      clearTimeout(timer);
    }
    state.last = r;
    state.checkedAt = this.ctx.clock.now();
    await this.guard(`probe ${p.name}`, async () => {
      if (r.ok) {
        state.failures = 0;
        state.incidentId = await this.status.probeHealthy(p.name, p.text(r));
      } else if (++state.failures >= this.ctx.config.status.probeFailures) {
        state.incidentId = await this.status.probeFailing(p.name, p.text(r), p.components, p.internal);
      }
    });
  }

  /** For operators and metrics: each probe's last result. */
  snapshot(): ProbeState[] {
    return this.probes.map((p) => {
      const s = this.states.get(p.name)!;
      return {
        name: p.name,
        ok: s.last ? s.last.ok : null,
        failures: s.failures,
        value: s.last?.value ?? null,
        threshold: p.threshold,
        unit: p.unit,
        detail: s.last?.detail ?? null,
        checkedAt: s.checkedAt == null ? null : new Date(s.checkedAt).toISOString(),
        incidentId: s.incidentId,
      };
    });
  }
}
