import type { FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/api.js';
import { encodeCells } from '../../../shared/calendar-cells.js';
import {
  Appointment,
  AppointmentCancel,
  AppointmentCellPage,
  AppointmentCreate,
  AppointmentCreated,
  AppointmentPatch,
  AppointmentQuery,
  AppointmentRangeAnswer,
  AppointmentService,
  AppointmentServiceInput,
  AppointmentServiceList,
  AppointmentServicePatch,
  SchedulingSettings,
  SchedulingSettingsPatch,
} from '../../../shared/scheduling.js';
import { privateConditional } from '../../http/etag.js';
import { routesOf } from '../../http/route.js';
import { sendTagged } from '../../http/tagged-answer.js';
import { sessionOf } from '../../plugins/auth.js';
import type { SchedulingService } from './service.js';

export function schedulingRoutes(app: FastifyInstance, scheduling: SchedulingService) {
  const route = routesOf(app, ['scheduling']);

  route.post('/api/appointments', { access: 'appointments.write', summary: 'Book an appointment, or a recurring series (RFC 5545 rule); 409 when the provider is already booked', body: AppointmentCreate, status: 201, response: AppointmentCreated }, async (req) =>
    scheduling.create(sessionOf(req), req.body, req.meta),
  );
  // The calendar's cells go as rows with their repeated values written once (shared/calendar-cells.ts),
  // checked against their own schema, so the full answer's is not tried on them first.
  const cells = serializerCompiler({ schema: AppointmentCellPage, method: 'GET', url: '/api/appointments', httpStatus: '200' });
  route.get(
    '/api/appointments',
    {
      access: 'appointments.read',
      summary: 'Appointments overlapping [from, to), exact total: the one query behind both the list and the calendar (view=calendar: the same rows as calendar cells); ETag, 304 when unchanged',
      querystring: AppointmentQuery,
      response: AppointmentRangeAnswer,
      // The same month for the same person is a 304; the tag is per user and role.
      onSend: privateConditional((req) => (req.auth ? `${req.auth.user.id}:${req.auth.session.active_role}` : null)),
    },
    async (req, reply) => {
      if (req.query.view !== 'calendar') return scheduling.list(sessionOf(req), req.query, req.meta);
      // The calendar's answer comes rendered, tagged and (once asked for) compressed, kept until the
      // month changes (calendar-answers.ts), and leaves as it is (http/tagged-answer.ts: the same
      // tag and headers privateConditional gives the full answer, the encoding app.ts's would pick).
      const { tagged } = await scheduling.calendar(sessionOf(req), req.query, req.meta, (a) => cells(encodeCells(a)));
      return sendTagged(req, reply, tagged);
    },
  );
  route.get('/api/appointments/:id', { access: 'appointments.read', summary: 'One appointment', params: IdParams, response: Appointment }, async (req) =>
    scheduling.get(sessionOf(req), req.params.id, req.meta),
  );
  route.patch('/api/appointments/:id', { access: 'appointments.write', summary: 'Reschedule or change an appointment (scope: this, following or all of a series), or set its status', params: IdParams, body: AppointmentPatch, response: Appointment }, async (req) =>
    scheduling.update(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.post('/api/appointments/:id/cancel', { access: 'appointments.write', summary: 'Cancel an appointment (or following/all of its series); late when inside the cancellation window', params: IdParams, body: AppointmentCancel, response: Appointment }, async (req) =>
    scheduling.cancel(sessionOf(req), req.params.id, req.body, req.meta),
  );

  route.get('/api/practice/appointment-services', { access: 'appointments.read', summary: "The practice's appointment services (name, CPT code, duration, rate)", response: AppointmentServiceList }, async (req) =>
    ({ items: await scheduling.listServices(sessionOf(req).user.practiceId) }),
  );
  route.post('/api/practice/appointment-services', { access: 'practice.settings.write', summary: 'Add an appointment service', body: AppointmentServiceInput, status: 201, response: AppointmentService }, async (req) =>
    scheduling.createService(sessionOf(req), req.body, req.meta),
  );
  route.patch('/api/practice/appointment-services/:id', { access: 'practice.settings.write', summary: 'Change an appointment service', params: IdParams, body: AppointmentServicePatch, response: AppointmentService }, async (req) =>
    scheduling.updateService(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.get('/api/practice/scheduling-settings', { access: 'appointments.read', summary: 'Cancellation window, series maximum and client notice', response: SchedulingSettings }, async (req) =>
    scheduling.settings(sessionOf(req).user.practiceId),
  );
  route.patch('/api/practice/scheduling-settings', { access: 'practice.settings.write', summary: 'Change scheduling settings', body: SchedulingSettingsPatch, response: SchedulingSettings }, async (req) =>
    scheduling.updateSettings(sessionOf(req), req.body, req.meta),
  );
}
