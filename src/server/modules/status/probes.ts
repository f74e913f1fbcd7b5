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
import { statfs } from 'node:fs/promises';
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { ProbeState } from '../../../shared/status.js';
import type { ComponentId, ComponentStatus } from '../../../shared/status.js';
import type { Bus } from '../calls/index.js';
import type { StatusService } from './service.js';

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

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

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
    const c = this.ctx.config.status;
    const db = this.ctx.db;
    const now = () => this.ctx.clock.now();
    const probes: Probe[] = [
      {
        name: 'database',
        unit: 'ms',
        threshold: c.dbLatencyMs,
        components: { 'web-app': 'degraded_performance' },
        internal: false,
        check: async () => {
          const t = performance.now();
          await sql`select 1`.execute(db);
          const ms = Math.round(performance.now() - t);
          return { ok: ms <= c.dbLatencyMs, value: ms };
        },
        text: (r) => ({
          name: 'Slow responses across Hearth',
          body: `Detected automatically: the database took ${r.value ?? 'too long'} ms to answer (limit ${c.dbLatencyMs} ms), ${c.probeFailures} checks in a row. Pages and lists may load slowly. We are investigating.`,
          again: `Detected automatically: database responses are slow again (${r.value ?? '?'} ms). We are investigating.`,
          monitoring: `Database responses are back to normal (${r.value} ms). We are monitoring.`,
          resolved: 'Database responses have stayed normal. This incident is resolved.',
        }),
      },
      {
        name: 'reminders',
        unit: 'ms',
        threshold: c.reminderLagMs,
        components: { reminders: 'degraded_performance' },
        internal: false,
        check: async () => {
          const t = now();
          const dues = (await Promise.all([deps.reminderOldestDue?.(), deps.notificationOldestDue?.()])).filter((v): v is number => v != null);
          // The earliest row still waiting to go (due in the past: late by that much).
          const lag = Math.max(0, t - Math.min(t, ...dues));
          return { ok: lag <= c.reminderLagMs, value: lag };
        },
        text: (r) => ({
          name: 'Reminders delayed',
          body: `Detected automatically: reminders due ${seconds(r.value ?? 0)} ago have not gone out yet (limit ${seconds(c.reminderLagMs)}). They will be sent once, late; none is lost. We are investigating.`,
          again: 'Detected automatically: reminders are delayed again. We are investigating.',
          monitoring: 'Delayed reminders have gone out. We are monitoring.',
          resolved: 'Reminders have kept going out on time. This incident is resolved.',
        }),
      },
      {
        name: 'signaling',
        unit: 'ms',
        threshold: c.signalingRttMs,
        components: { 'video-calls': 'degraded_performance' },
        internal: false,
        check: async () => {
          if (!deps.bus) return { ok: true, value: null, detail: 'no signaling bus in this process' };
          const bus = deps.bus;
          const id = `status-probe:${this.instance}:${randomUUID()}`;
          const t = performance.now();
          const back = new Promise<void>((resolve) => this.pings.set(id, resolve));
          try {
            await bus.publish({ to: { peer: id } });
            await back;
          } finally {
            this.pings.delete(id);
          }
          const ms = Math.round(performance.now() - t);
          return { ok: ms <= c.signalingRttMs, value: ms };
        },
        text: (r) => ({
          name: 'Video calls slow to connect',
          body: `Detected automatically: call signaling took ${r.value ?? 'too long'} ms to go round (limit ${c.signalingRttMs} ms). Calls may take longer to connect; calls already connected are not affected. We are investigating.`,
          again: 'Detected automatically: call signaling is slow again. We are investigating.',
          monitoring: `Call signaling is back to normal (${r.value} ms). We are monitoring.`,
          resolved: 'Call signaling has stayed normal. This incident is resolved.',
        }),
      },
      {
        name: 'smtp',
        unit: 'ms',
        threshold: c.probeTimeoutMs,
        components: { reminders: 'degraded_performance', messaging: 'degraded_performance' },
        internal: false,
        check: async () => {
          if (!this.ctx.mailer.verify) return { ok: true, value: null, detail: 'no SMTP relay configured' };
          const t = performance.now();
          await this.ctx.mailer.verify();
          return { ok: true, value: Math.round(performance.now() - t) };
        },
        text: () => ({
          name: 'Email delayed',
          body: 'Detected automatically: our mail relay is not answering. Mailed reminders and message notices are waiting and will go out once it answers. We are investigating.',
          again: 'Detected automatically: the mail relay is not answering again. We are investigating.',
          monitoring: 'The mail relay answers again and waiting mail is going out. We are monitoring.',
          resolved: 'Mail has kept flowing. This incident is resolved.',
        }),
      },
      {
        name: 'rings',
        unit: 'calls',
        threshold: 0,
        components: { 'scheduled-calls': 'partial_outage' },
        internal: false,
        check: async () => {
          const late = await deps.lateRings(now() - c.lateRingMs);
          return { ok: late === 0, value: late };
        },
        text: (r) => ({
          name: 'Some scheduled calls are not starting',
          body: `Detected automatically: ${r.value ?? 'some'} scheduled call${r.value === 1 ? '' : 's'} did not ring on time. Please use the Call Now feature to call clients. We are investigating.`,
          again: 'Detected automatically: scheduled calls are not ringing on time again. Please use Call Now. We are investigating.',
          monitoring: 'Scheduled calls are ringing on time again. We are monitoring.',
          resolved: 'Scheduled calls have kept ringing on time. This incident is resolved.',
        }),
      },
      {
        name: 'backups',
        unit: 'minutes',
        threshold: Math.round(c.backupMaxAgeMs / 60_000),
        components: {},
        internal: true,
        check: async () => {
          if (!deps.latestBackupAt) return { ok: true, value: null, detail: 'backups are not run by this process' };
          const at = await deps.latestBackupAt();
          // A new installation has had no time to make one yet: not overdue until it is as old as the limit.
          if (at == null) return now() - (await this.status.since()) < c.backupMaxAgeMs ? { ok: true, value: null, detail: 'no backup yet (new installation)' } : { ok: false, value: null, detail: 'no backup yet' };
          const age = Math.round((now() - at) / 60_000);
          return { ok: age <= Math.round(c.backupMaxAgeMs / 60_000), value: age };
        },
        text: (r) => ({
          name: 'Backups overdue',
          body: r.value == null ? 'Detected automatically: there is no backup yet.' : `Detected automatically: the newest backup is ${r.value} minutes old (limit ${Math.round(c.backupMaxAgeMs / 60_000)}).`,
          again: 'Detected automatically: backups are overdue again.',
          monitoring: 'A fresh backup was made. Monitoring.',
          resolved: 'Backups have stayed fresh. Resolved.',
        }),
      },
      {
        name: 'disk',
        unit: '% free',
        threshold: c.diskMinFreePercent,
        components: {},
        internal: true,
        check: async () => {
          const s = await statfs(this.ctx.config.dataDir);
          const free = Math.round((Number(s.bavail) / Number(s.blocks)) * 1000) / 10;
          return { ok: free >= c.diskMinFreePercent, value: free };
        },
        text: (r) => ({
          name: 'Low disk space',
          body: `Detected automatically: ${r.value}% of the data disk is free (limit ${c.diskMinFreePercent}%).`,
          again: 'Detected automatically: disk space is low again.',
          monitoring: 'Disk space is back above the limit. Monitoring.',
          resolved: 'Disk space has stayed above the limit. Resolved.',
        }),
      },
    ];
    return probes;
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
