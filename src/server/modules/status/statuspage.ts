// The Statuspage-compatible shapes (the JSON at /api/v2/*.json): the page, the overall indicator,
// components and incidents with their updates. Pure functions of what the status service read.
import type { DbOrTx } from '../../db/index.js';
import { COMPONENTS, STATUS_RANK, type ComponentId, type ComponentStatus, type SpComponent, type SpMaintenance, type SpStatus } from '../../../shared/status.js';
import * as repo from './repo.js';

export interface Affected {
  code: ComponentId;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export const worst = (a: ComponentStatus, b: ComponentStatus) => (STATUS_RANK[b] > STATUS_RANK[a] ? b : a);
export const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export function indicator(states: ComponentStatus[], maintenanceNow: boolean): SpStatus {
  const w = states.reduce<ComponentStatus>(worst, 'operational');
  if (w === 'major_outage') return { indicator: 'critical', description: 'Major System Outage' };
  if (w === 'partial_outage') return { indicator: 'major', description: 'Partial System Outage' };
  if (w === 'degraded_performance') return { indicator: 'minor', description: 'Minor Service Outage' };
  if (w === 'under_maintenance' || maintenanceNow) return { indicator: 'maintenance', description: 'Service Under Maintenance' };
  return { indicator: 'none', description: 'All Systems Operational' };
}

export function pageInfo(publicUrl: string, zone: string, updatedAt: number) {
  return { id: 'hearth', name: 'Hearth', url: `${publicUrl}/status`, time_zone: zone, updated_at: new Date(updatedAt).toISOString() };
}

export function spComponents(states: Map<ComponentId, { status: ComponentStatus; updatedAt: number | null }>, since: number): SpComponent[] {
  const created = new Date(since).toISOString();
  return COMPONENTS.map((c, i) => {
    const s = states.get(c.id)!;
    return {
      id: c.id,
      name: c.name,
      status: s.status,
      created_at: created,
      updated_at: iso(s.updatedAt) ?? created,
      position: i + 1,
      description: c.description,
      showcase: true,
      start_date: created.slice(0, 10),
      group_id: null,
      page_id: 'hearth',
      group: false,
      only_show_if_degraded: false,
    };
  });
}

/** Incidents with their updates and components, in the Statuspage shape. */
export async function spIncidents(db: DbOrTx, publicUrl: string, rows: repo.IncidentRow[], components: SpComponent[]): Promise<SpMaintenance[]> {
  const ids = rows.map((r) => r.id);
  const [comps, updates] = await Promise.all([repo.componentsOf(db, ids), repo.updatesOf(db, ids)]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at),
    monitoring_at: iso(r.monitoring_at),
    resolved_at: iso(r.resolved_at),
    impact: r.impact,
    shortlink: `${publicUrl}/status#incident-${r.id}`,
    started_at: iso(r.scheduled_for ?? r.created_at)!,
    page_id: 'hearth',
    scheduled_for: iso(r.scheduled_for),
    scheduled_until: iso(r.scheduled_until),
    incident_updates: updates
      .filter((u) => u.incident_id === r.id)
      .map((u) => {
        const affected = JSON.parse(u.affected) as Affected[];
        return {
          id: u.id,
          status: u.status,
          body: u.body,
          incident_id: r.id,
          created_at: iso(u.created_at)!,
          updated_at: iso(u.created_at)!,
          display_at: iso(u.created_at)!,
          affected_components: affected.length ? affected : null,
          deliver_notifications: u.notify === 1,
          custom_tweet: null,
          tweet_id: null,
        };
      }),
    components: comps.filter((c) => c.incident_id === r.id).map((c) => components.find((x) => x.id === c.component_id)!).filter(Boolean),
  }));
}
