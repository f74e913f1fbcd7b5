import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { AppointmentReminderList, AttentionReminderList, ReminderActionToken, ReminderActionView, ReminderSettings, ReminderSettingsPatch } from '../../../shared/reminders.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { ReminderService } from './service.js';
import type { ReminderSettingsService } from './settings.js';

/** The public link routes: per IP, far below the global limit (a token is 256 random bits; this just stops hammering). */
const LINK_RATE = { max: 30, timeWindow: '1 minute' };

export function reminderRoutes(app: FastifyInstance, settings: ReminderSettingsService, reminders: ReminderService) {
  const route = routesOf(app, ['reminders']);

  route.get('/api/practice/reminder-settings', { access: 'appointments.read', summary: "The practice's reminder rules (channel, minutes before) and quiet hours", response: ReminderSettings }, async (req) =>
    settings.get(sessionOf(req).user.practiceId),
  );
  route.patch('/api/practice/reminder-settings', { access: 'practice.settings.write', summary: 'Replace the reminder rules and/or set quiet hours (reminders already made keep their rule)', body: ReminderSettingsPatch, response: ReminderSettings }, async (req) =>
    settings.update(sessionOf(req), req.body, req.meta),
  );
  route.get('/api/appointments/:id/reminders', { access: 'appointments.read', summary: "An appointment's reminders: scheduled, sent, delivered, failed, cancelled, uncertain or skipped (audited)", params: IdParams, response: AppointmentReminderList }, async (req) =>
    reminders.listForAppointment(sessionOf(req), req.params.id, req.meta),
  );

  route.get(
    '/api/reminders/attention',
    {
      access: 'appointments.read',
      summary: 'Reminders that need staff: uncertain (may or may not have gone) or failed, for visits still to come, not marked handled; soonest first, at most 200 (audited)',
      response: AttentionReminderList,
    },
    async (req) => reminders.attention(sessionOf(req), req.meta),
  );
  route.post('/api/reminders/:id/acknowledge', { access: 'appointments.write', summary: 'Mark an uncertain or failed reminder handled (it leaves the attention list); 409 otherwise (audited)', params: IdParams, body: z.strictObject({}).optional(), status: 204 }, async (req) =>
    reminders.acknowledge(sessionOf(req), req.params.id, req.meta),
  );

  // The link a reminder carries: no session; the token is the only credential, and only ever in the body.
  const link = { access: { public: true, rateLimit: LINK_RATE }, body: ReminderActionToken, response: ReminderActionView };
  route.post('/api/reminder-actions/view', { ...link, summary: "What a reminder's link is about (404 unknown, 410 expired, 409 the appointment changed)" }, async (req) =>
    reminders.view(req.body.token, req.meta),
  );
  route.post('/api/reminder-actions/confirm', { ...link, summary: "Confirm the appointment from a reminder's link (single use: a replay is 409)" }, async (req) =>
    reminders.confirm(req.body.token, req.meta),
  );
  route.post('/api/reminder-actions/cancel', { ...link, summary: "Cancel the appointment from a reminder's link, by the client (late inside the practice's window; single use)" }, async (req) =>
    reminders.cancel(req.body.token, req.meta),
  );
}
