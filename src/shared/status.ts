// The public status page's contracts, shared by the server and the SPA. The JSON under /api/v2 is
// the Statuspage format (the field names status aggregators and tools already read); the page
// itself (/status) reads /api/status/page, which adds uptime bars and dates already written in the
// page's zone. Nothing here ever carries PHI or a practice's name: components are the platform's.
import { Locale } from './locale.js';
import { z } from 'zod';
import { email, text } from './strings.js';
import { COMPONENTS, type ComponentId } from './status-components.js';

export { CLIENT_COMPONENTS, COMPONENTS, type ComponentId } from './status-components.js';
export const COMPONENT_IDS = COMPONENTS.map((c) => c.id) as [ComponentId, ...ComponentId[]];
export const ComponentIdSchema = z.enum(COMPONENT_IDS);

export const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
export const ComponentStatus = z.enum(COMPONENT_STATUSES);
export type ComponentStatus = z.infer<typeof ComponentStatus>;
export const COMPONENT_STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};
/** Worse is higher (maintenance ranks below an outage: an outage during maintenance still shows). */
export const STATUS_RANK: Record<ComponentStatus, number> = { operational: 0, under_maintenance: 1, degraded_performance: 2, partial_outage: 3, major_outage: 4 };

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const IncidentStatus = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatus>;
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export const MaintenanceStatus = z.enum(MAINTENANCE_STATUSES);
export type MaintenanceStatus = z.infer<typeof MaintenanceStatus>;
export type AnyIncidentStatus = IncidentStatus | MaintenanceStatus;
export const STATUS_UPDATE_LABELS: Record<AnyIncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

export const IMPACTS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export type Impact = (typeof IMPACTS)[number];

/** The page's overall line (Statuspage `status.indicator` / `description`). */
export const INDICATORS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export type Indicator = (typeof INDICATORS)[number];

// ---- operator requests (platform operators: a bearer token, no PHI access) ----

const incidentText = text({ min: 1, max: 200 });
const updateBody = text({ min: 1, max: 5000, multiline: true });
/** Affected components and the state each is in now (an empty object: none). */
const ComponentStates = z.partialRecord(ComponentIdSchema, ComponentStatus);

export const CreateIncident = z.strictObject({
  name: incidentText,
  status: IncidentStatus.exclude(['resolved']),
  body: updateBody,
  components: ComponentStates.default({}),
  /** Shown only to operators (e.g. a backup or disk alert), never on the public page. */
  internal: z.boolean().default(false),
  /** Mail subscribers (default true). */
  notify: z.boolean().default(true),
});
export type CreateIncident = z.infer<typeof CreateIncident>;

export const CreateMaintenance = z
  .strictObject({
    name: incidentText,
    body: updateBody,
    scheduledFor: z.iso.datetime({ offset: true }),
    scheduledUntil: z.iso.datetime({ offset: true }),
    components: z.array(ComponentIdSchema).min(1).max(COMPONENTS.length),
    notify: z.boolean().default(true),
  })
  .refine((m) => Date.parse(m.scheduledUntil) > Date.parse(m.scheduledFor), { path: ['scheduledUntil'], message: 'must be after scheduledFor' });
export type CreateMaintenance = z.infer<typeof CreateMaintenance>;

export const PostUpdate = z.strictObject({
  status: z.union([IncidentStatus, MaintenanceStatus]),
  body: updateBody,
  /** Components whose state changes with this update; omitted: unchanged (resolved: all operational). */
  components: ComponentStates.optional(),
  notify: z.boolean().default(true),
});
export type PostUpdate = z.infer<typeof PostUpdate>;

/** `locale`: the language of the subscriber's mail (the subscribe page's). */
export const Subscribe = z.strictObject({ email, locale: Locale.optional() });
export const SubscriberToken = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the token from your mail') });

// ---- the Statuspage format (/api/v2/*.json) ----

export const SpPage = z.object({ id: z.string(), name: z.string(), url: z.string(), time_zone: z.string(), updated_at: z.string() });
export const SpStatus = z.object({ indicator: z.enum(INDICATORS), description: z.string() });
export const SpComponent = z.object({
  id: z.string(),
  name: z.string(),
  status: ComponentStatus,
  created_at: z.string(),
  updated_at: z.string(),
  position: z.number(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.string().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
});
export const SpAffectedComponent = z.object({ code: z.string(), name: z.string(), old_status: ComponentStatus, new_status: ComponentStatus });
export const SpIncidentUpdate = z.object({
  id: z.string(),
  status: z.string(),
  body: z.string(),
  incident_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  display_at: z.string(),
  affected_components: z.array(SpAffectedComponent).nullable(),
  deliver_notifications: z.boolean(),
  custom_tweet: z.string().nullable(),
  tweet_id: z.string().nullable(),
});
export const SpIncident = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  created_at: z.string(),
  updated_at: z.string().nullable(),
  monitoring_at: z.string().nullable(),
  resolved_at: z.string().nullable(),
  impact: z.enum(IMPACTS),
  shortlink: z.string(),
  started_at: z.string(),
  page_id: z.string(),
  incident_updates: z.array(SpIncidentUpdate),
  components: z.array(SpComponent),
});
export const SpMaintenance = SpIncident.extend({ scheduled_for: z.string().nullable(), scheduled_until: z.string().nullable() });

export const SpSummary = z.object({ page: SpPage, components: z.array(SpComponent), incidents: z.array(SpIncident), scheduled_maintenances: z.array(SpMaintenance), status: SpStatus });
export const SpStatusResponse = z.object({ page: SpPage, status: SpStatus });
export const SpComponentsResponse = z.object({ page: SpPage, components: z.array(SpComponent) });
export const SpIncidentsResponse = z.object({ page: SpPage, incidents: z.array(SpIncident) });
export const SpMaintenancesResponse = z.object({ page: SpPage, scheduled_maintenances: z.array(SpMaintenance) });
export type SpComponent = z.infer<typeof SpComponent>;
export type SpIncident = z.infer<typeof SpIncident>;
export type SpIncidentUpdate = z.infer<typeof SpIncidentUpdate>;
export type SpMaintenance = z.infer<typeof SpMaintenance>;
export type SpSummary = z.infer<typeof SpSummary>;
export type SpStatus = z.infer<typeof SpStatus>;

// ---- the page (/api/status/page) and the in-app banner (/api/status/active) ----

export const UptimeDay = z.object({
  /** YYYY-MM-DD in the page's zone. */
  date: z.string(),
  /** 0..100, or null for days before the component existed. */
  uptime: z.number().nullable(),
  worst: ComponentStatus,
  /** "Saturday 5/16" */
  label: z.string(),
});
export const PageComponent = z.object({ id: ComponentIdSchema, name: z.string(), description: z.string(), status: ComponentStatus, uptime90: z.number(), days: z.array(UptimeDay) });
export const PageUpdate = z.object({ id: z.string(), status: z.string(), statusLabel: z.string(), body: z.string(), at: z.string(), when: z.string() });
export const PageIncident = z.object({
  id: z.string(),
  kind: z.enum(['incident', 'maintenance']),
  name: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  impact: z.enum(IMPACTS),
  automatic: z.boolean(),
  components: z.array(z.object({ id: ComponentIdSchema, name: z.string() })),
  /** "Saturday 5/16 8am PST" for each update, newest first. */
  updates: z.array(PageUpdate),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  scheduledFor: z.string().nullable(),
  scheduledUntil: z.string().nullable(),
  /** "Saturday 5/16 8am PST – 10am PST", maintenance only */
  window: z.string().nullable(),
});
export const StatusPage = z.object({
  status: SpStatus,
  timeZone: z.string(),
  updatedAt: z.string(),
  components: z.array(PageComponent),
  active: z.array(PageIncident),
  upcoming: z.array(PageIncident),
  /** Resolved incidents and completed maintenance, newest first (90 days). */
  history: z.array(PageIncident),
});
export type StatusPage = z.infer<typeof StatusPage>;
export type PageIncident = z.infer<typeof PageIncident>;
export type PageComponent = z.infer<typeof PageComponent>;

export const ActiveIncidents = z.object({
  incidents: z.array(z.object({ id: z.string(), name: z.string(), status: z.string(), statusLabel: z.string(), impact: z.enum(IMPACTS), components: z.array(ComponentIdSchema) })),
});
export type ActiveIncidents = z.infer<typeof ActiveIncidents>;

// ---- operator views ----
export const ProbeState = z.object({
  name: z.string(),
  ok: z.boolean().nullable(),
  failures: z.number(),
  value: z.number().nullable(),
  threshold: z.number(),
  unit: z.string(),
  detail: z.string().nullable(),
  checkedAt: z.string().nullable(),
  incidentId: z.string().nullable(),
});
export const ProbeStates = z.object({ probes: z.array(ProbeState) });
export type ProbeState = z.infer<typeof ProbeState>;
