import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { AppointmentReminderList, AttentionReminderList, ReminderActionToken, ReminderActionView, ReminderSettings, ReminderSettingsPatch } from '../../../shared/reminders.js';
import { sessionOf } from '../../plugins/auth.js';
import type { ReminderService } from './service.js';
import type { ReminderSettingsService } from './settings.js';

const tags = ['reminders'];

/** The public link routes: per IP, far below the global limit (a token is 256 random bits; this just stops hammering). */
const LINK_RATE = { max: 30, timeWindow: '1 minute' };

export function reminderRoutes(app: FastifyInstance, settings: ReminderSettingsService, reminders: ReminderService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/practice/reminder-settings',
    { config: { permission: 'appointments.read' }, schema: { tags, summary: "The practice's reminder rules (channel, minutes before) and quiet hours", response: { 200: ReminderSettings } } },
    async (req) => settings.get(sessionOf(req).user.practiceId),
  );
  r.patch(
    '/api/practice/reminder-settings',
    {
      config: { permission: 'practice.settings.write' },
      schema: { tags, summary: 'Replace the reminder rules and/or set quiet hours (reminders already made keep their rule)', body: ReminderSettingsPatch, response: { 200: ReminderSettings } },
    },
    async (req) => settings.update(sessionOf(req), req.body, req.meta),
  );
  r.get(
    '/api/appointments/:id/reminders',
    {
      config: { permission: 'appointments.read' },
      schema: { tags, summary: "An appointment's reminders: scheduled, sent, delivered, failed, cancelled, uncertain or skipped (audited)", params: IdParams, response: { 200: AppointmentReminderList } },
    },
    async (req) => reminders.listForAppointment(sessionOf(req), req.params.id, req.meta),
  );

  r.get(
    '/api/reminders/attention',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags,
        summary: 'Reminders that need staff: uncertain (may or may not have gone) or failed, for visits still to come, not marked handled; soonest first, at most 200 (audited)',
        response: { 200: AttentionReminderList },
      },
    },
    async (req) => reminders.attention(sessionOf(req), req.meta),
  );
  r.post(
    '/api/reminders/:id/acknowledge',
    {
      config: { permission: 'appointments.write' },
      schema: { tags, summary: 'Mark an uncertain or failed reminder handled (it leaves the attention list); 409 otherwise (audited)', params: IdParams, body: z.strictObject({}).optional() },
    },
    async (req, reply) => {
      await reminders.acknowledge(sessionOf(req), req.params.id, req.meta);
      return reply.code(204).send();
    },
  );

  // The link a reminder carries: no session; the token is the only credential, and only ever in the body.
  r.post(
    '/api/reminder-actions/view',
    {
      config: { public: true, rateLimit: LINK_RATE },
      schema: { tags, summary: "What a reminder's link is about (404 unknown, 410 expired, 409 the appointment changed)", body: ReminderActionToken, response: { 200: ReminderActionView } },
    },
    async (req) => reminders.view(req.body.token, req.meta),
  );
  r.post(
    '/api/reminder-actions/confirm',
    {
      config: { public: true, rateLimit: LINK_RATE },
      schema: { tags, summary: "Confirm the appointment from a reminder's link (single use: a replay is 409)", body: ReminderActionToken, response: { 200: ReminderActionView } },
    },
    async (req) => reminders.confirm(req.body.token, req.meta),
  );
  r.post(
    '/api/reminder-actions/cancel',
    {
      config: { public: true, rateLimit: LINK_RATE },
      schema: { tags, summary: "Cancel the appointment from a reminder's link, by the client (late inside the practice's window; single use)", body: ReminderActionToken, response: { 200: ReminderActionView } },
    },
    async (req) => reminders.cancel(req.body.token, req.meta),
  );
}
