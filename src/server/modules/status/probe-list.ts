// The probes the Prober runs, one function each: what is measured, its limit, the components it
// marks and the (PHI-free) incident texts. Prober.build lists them.
import { randomUUID } from 'node:crypto';
import { statfs } from 'node:fs/promises';
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Probe, ProbeDeps, ProbeResult } from './probes.js';

/** What the probes need besides the app context. */
export interface ProbeEnv {
  ctx: AppContext;
  deps: ProbeDeps;
  /** This process's short id (signaling pings carry it). */
  instance: string;
  /** Signaling pings waiting for their echo, by peer id. */
  pings: Map<string, () => void>;
  /** When the status history starts (a new installation has had no time to back up). */
  since: () => Promise<number>;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** How long `run` takes, in whole milliseconds. */
async function elapsedMs(run: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await run();
  return Math.round(performance.now() - t);
}

/** Times `run`: ok when it took at most `limitMs`, with the milliseconds it took as the value. */
async function within(limitMs: number, run: () => Promise<unknown>): Promise<ProbeResult> {
  const ms = await elapsedMs(run);
  return { ok: ms <= limitMs, value: ms };
}

/** The database answers a trivial query within STATUS_DB_LATENCY_MS. */
export function databaseProbe(env: ProbeEnv): Probe {
  const { ctx } = env;
  const c = ctx.config.status;
  return {
    name: 'database',
    unit: 'ms',
    threshold: c.dbLatencyMs,
    components: { 'web-app': 'degraded_performance' },
    internal: false,
    check: () => within(c.dbLatencyMs, () => sql`select 1`.execute(ctx.db)),
    text: (r) => ({
      name: 'Slow responses across Hearth',
      body: `Detected automatically: the database took ${r.value ?? 'too long'} ms to answer (limit ${c.dbLatencyMs} ms), ${c.probeFailures} checks in a row. Pages and lists may load slowly. We are investigating.`,
      again: `Detected automatically: database responses are slow again (${r.value ?? '?'} ms). We are investigating.`,
      monitoring: `Database responses are back to normal (${r.value} ms). We are monitoring.`,
      resolved: 'Database responses have stayed normal. This incident is resolved.',
    }),
  };
}

/** Reminders and notices go out no later than STATUS_REMINDER_LAG_MS after they fall due. */
export function remindersProbe(env: ProbeEnv): Probe {
  const { ctx } = env;
  const c = ctx.config.status;
  return {
    name: 'reminders',
    unit: 'ms',
    threshold: c.reminderLagMs,
    components: { reminders: 'degraded_performance' },
    internal: false,
    check: async () => {
      const t = ctx.clock.now();
      const dues = (await Promise.all([env.deps.reminderOldestDue?.(), env.deps.notificationOldestDue?.()])).filter((v): v is number => v != null);
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
  };
}

/** A message sent on the signaling bus comes back within STATUS_SIGNALING_RTT_MS. */
export function signalingProbe(env: ProbeEnv): Probe {
  const { ctx } = env;
  const c = ctx.config.status;
  return {
    name: 'signaling',
    unit: 'ms',
    threshold: c.signalingRttMs,
    components: { 'video-calls': 'degraded_performance' },
    internal: false,
    check: async () => {
      if (!env.deps.bus) return { ok: true, value: null, detail: 'no signaling bus in this process' };
      const bus = env.deps.bus;
      const id = `status-probe:${env.instance}:${randomUUID()}`;
      return within(c.signalingRttMs, async () => {
        const back = new Promise<void>((resolve) => env.pings.set(id, resolve));
        try {
          await bus.publish({ to: { peer: id } });
          await back;
        } finally {
          env.pings.delete(id);
        }
      });
    },
    text: (r) => ({
      name: 'Video calls slow to connect',
      body: `Detected automatically: call signaling took ${r.value ?? 'too long'} ms to go round (limit ${c.signalingRttMs} ms). Calls may take longer to connect; calls already connected are not affected. We are investigating.`,
      again: 'Detected automatically: call signaling is slow again. We are investigating.',
      monitoring: `Call signaling is back to normal (${r.value} ms). We are monitoring.`,
      resolved: 'Call signaling has stayed normal. This incident is resolved.',
    }),
  };
}

/** The mail relay answers. */
export function smtpProbe(env: ProbeEnv): Probe {
  const { ctx } = env;
  const c = ctx.config.status;
  return {
    name: 'smtp',
    unit: 'ms',
    threshold: c.probeTimeoutMs,
    components: { reminders: 'degraded_performance', messaging: 'degraded_performance' },
    internal: false,
    check: async () => {
      if (!ctx.mailer.verify) return { ok: true, value: null, detail: 'no SMTP relay configured' };
      return { ok: true, value: await elapsedMs(() => ctx.mailer.verify!()) };
    },
    text: () => ({
      name: 'Email delayed',
      body: 'Detected automatically: our mail relay is not answering. Mailed reminders and message notices are waiting and will go out once it answers. We are investigating.',
      again: 'Detected automatically: the mail relay is not answering again. We are investigating.',
      monitoring: 'The mail relay answers again and waiting mail is going out. We are monitoring.',
      resolved: 'Mail has kept flowing. This incident is resolved.',
    }),
  };
}

/** No scheduled call is still waiting to ring long after its time. */
export function ringsProbe(env: ProbeEnv): Probe {
  const { ctx } = env;
  const c = ctx.config.status;
  return {
    name: 'rings',
    unit: 'calls',
    threshold: 0,
    components: { 'scheduled-calls': 'partial_outage' },
    internal: false,
    check: async () => {
      const late = await env.deps.lateRings(ctx.clock.now() - c.lateRingMs);
      return { ok: late === 0, value: late };
    },
    text: (r) => ({
      name: 'Some scheduled calls are not starting',
      body: `Detected automatically: ${r.value ?? 'some'} scheduled call${r.value === 1 ? '' : 's'} did not ring on time. Please use the Call Now feature to call clients. We are investigating.`,
      again: 'Detected automatically: scheduled calls are not ringing on time again. Please use Call Now. We are investigating.',
      monitoring: 'Scheduled calls are ringing on time again. We are monitoring.',
      resolved: 'Scheduled calls have kept ringing on time. This incident is resolved.',
    }),
  };
}

/** The newest backup is no older than the limit (internal). */
export function backupsProbe(env: ProbeEnv): Probe {
  const { ctx } = env;
  const c = ctx.config.status;
  return {
    name: 'backups',
    unit: 'minutes',
    threshold: Math.round(c.backupMaxAgeMs / 60_000),
    components: {},
    internal: true,
    check: async () => {
      if (!env.deps.latestBackupAt) return { ok: true, value: null, detail: 'backups are not run by this process' };
      const at = await env.deps.latestBackupAt();
      // A new installation has had no time to make one yet: not overdue until it is as old as the limit.
      if (at == null) return ctx.clock.now() - (await env.since()) < c.backupMaxAgeMs ? { ok: true, value: null, detail: 'no backup yet (new installation)' } : { ok: false, value: null, detail: 'no backup yet' };
      const age = Math.round((ctx.clock.now() - at) / 60_000);
      return { ok: age <= Math.round(c.backupMaxAgeMs / 60_000), value: age };
    },
    text: (r) => ({
      name: 'Backups overdue',
      body: r.value == null ? 'Detected automatically: there is no backup yet.' : `Detected automatically: the newest backup is ${r.value} minutes old (limit ${Math.round(c.backupMaxAgeMs / 60_000)}).`,
      again: 'Detected automatically: backups are overdue again.',
      monitoring: 'A fresh backup was made. Monitoring.',
      resolved: 'Backups have stayed fresh. Resolved.',
    }),
  };
}

/** The data disk keeps enough free space (internal). */
export function diskProbe(env: ProbeEnv): Probe {
  const { ctx } = env;
  const c = ctx.config.status;
  return {
    name: 'disk',
    unit: '% free',
    threshold: c.diskMinFreePercent,
    components: {},
    internal: true,
    check: async () => {
      const s = await statfs(ctx.config.dataDir);
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
  };
}
