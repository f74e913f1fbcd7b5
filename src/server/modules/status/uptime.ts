// Uptime from incident history: each component's non-operational segments, and the weighted
// downtime and worst state within a day.
import type { ComponentId, ComponentStatus } from '../../../shared/status.js';
import type * as repo from './repo.js';
import { worst, type Affected } from './statuspage.js';

/** Uptime counts a major outage in full and a partial one at 30% (Statuspage's weighting). */
const DOWNTIME_WEIGHT: Record<ComponentStatus, number> = { operational: 0, under_maintenance: 0, degraded_performance: 0, partial_outage: 0.3, major_outage: 1 };

/** Per component, the states incidents gave it over time: [from, to, state] segments. */
export function timelines(rows: repo.IncidentRow[], updates: repo.UpdateRow[], now: number) {
  const out = new Map<ComponentId, { from: number; to: number; status: ComponentStatus }[]>();
  for (const r of rows) {
    if (r.kind === 'maintenance' && r.status === 'scheduled') continue;
    const changes = updates
      .filter((u) => u.incident_id === r.id)
      .sort((a, b) => Number(a.created_at) - Number(b.created_at))
      .flatMap((u) => (JSON.parse(u.affected) as Affected[]).map((a) => ({ at: Number(u.created_at), code: a.code, status: a.new_status })));
    const end = r.resolved_at != null ? Number(r.resolved_at) : now;
    const current = new Map<ComponentId, { from: number; status: ComponentStatus }>();
    const close = (code: ComponentId, to: number) => {
      const c = current.get(code);
      if (c && c.status !== 'operational' && to > c.from) {
        const list = out.get(code) ?? [];
        list.push({ from: c.from, to, status: c.status });
        out.set(code, list);
      }
    };
    for (const ch of changes) {
      close(ch.code, ch.at);
      current.set(ch.code, { from: ch.at, status: ch.status });
    }
    for (const code of current.keys()) close(code, end);
  }
  return out;
}

/** Downtime (weighted) within [start, end), and the worst state seen, across overlapping segments. */
export function overlap(segs: { from: number; to: number; status: ComponentStatus }[], start: number, end: number) {
  const inside = segs.filter((s) => s.to > start && s.from < end);
  let worstState: ComponentStatus = 'operational';
  if (!inside.length) return { downtime: 0, worstState };
  const points = [...new Set([start, end, ...inside.flatMap((s) => [Math.max(s.from, start), Math.min(s.to, end)])])].sort((a, b) => a - b);
  let downtime = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const here = inside.filter((s) => s.from <= a && s.to >= b).reduce<ComponentStatus>((w, s) => worst(w, s.status), 'operational');
    worstState = worst(worstState, here);
    downtime += (b - a) * DOWNTIME_WEIGHT[here];
  }
  return { downtime, worstState };
}

/**
 * Uptime in percent to two decimals, rounded down: a day with any downtime never reads 100% (five
 * seconds down in a 23-hour day is 99.994%, which rounding to the nearest made 100).
 */
export function uptimePercent(downMs: number, totalMs: number): number {
  return Math.floor((1 - downMs / totalMs) * 10000) / 100;
}
