import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/api.js';
import {
  Appointment,
  AppointmentCancel,
  AppointmentCreate,
  AppointmentCreated,
  AppointmentList,
  AppointmentPatch,
  AppointmentQuery,
  AppointmentService,
  AppointmentServiceInput,
  AppointmentServiceList,
  AppointmentServicePatch,
  SchedulingSettings,
  SchedulingSettingsPatch,
} from '../../../shared/scheduling.js';
import { sessionOf } from '../../plugins/auth.js';
import type { SchedulingService } from './service.js';

const tags = ['scheduling'];

export function schedulingRoutes(app: FastifyInstance, scheduling: SchedulingService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/appointments',
    {
      config: { permission: 'appointments.write' },
      schema: {
        tags,
        summary: 'Book an appointment, or a recurring series (RFC 5545 rule); 409 when the provider is already booked',
        body: AppointmentCreate,
        response: { 201: AppointmentCreated },
      },
    },
    async (req, reply) => reply.code(201).send(await scheduling.create(sessionOf(req), req.body, req.meta)),
  );
  r.get(
    '/api/appointments',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags,
        summary: 'Appointments overlapping [from, to), exact total: the one query behind both the list and the calendar',
        querystring: AppointmentQuery,
        response: { 200: AppointmentList },
      },
    },
    async (req) => scheduling.list(sessionOf(req), req.query, req.meta),
  );
  r.get(
    '/api/appointments/:id',
    { config: { permission: 'appointments.read' }, schema: { tags, summary: 'One appointment', params: IdParams, response: { 200: Appointment } } },
    async (req) => scheduling.get(sessionOf(req), req.params.id, req.meta),
  );
  r.patch(
    '/api/appointments/:id',
    {
      config: { permission: 'appointments.write' },
      schema: { tags, summary: 'Reschedule or change an appointment (scope: this, following or all of a series), or set its status', params: IdParams, body: AppointmentPatch, response: { 200: Appointment } },
    },
    async (req) => scheduling.update(sessionOf(req), req.params.id, req.body, req.meta),
  );
  r.post(
    '/api/appointments/:id/cancel',
    {
      config: { permission: 'appointments.write' },
      schema: { tags, summary: 'Cancel an appointment (or following/all of its series); late when inside the cancellation window', params: IdParams, body: AppointmentCancel, response: { 200: Appointment } },
    },
    async (req) => scheduling.cancel(sessionOf(req), req.params.id, req.body, req.meta),
  );

  r.get(
    '/api/practice/appointment-services',
    { config: { permission: 'appointments.read' }, schema: { tags, summary: "The practice's appointment services (name, CPT code, duration, rate)", response: { 200: AppointmentServiceList } } },
    async (req) => ({ items: await scheduling.listServices(sessionOf(req).user.practiceId) }),
  );
  r.post(
    '/api/practice/appointment-services',
    { config: { permission: 'practice.settings.write' }, schema: { tags, summary: 'Add an appointment service', body: AppointmentServiceInput, response: { 201: AppointmentService } } },
    async (req, reply) => reply.code(201).send(await scheduling.createService(sessionOf(req), req.body, req.meta)),
  );
  r.patch(
    '/api/practice/appointment-services/:id',
    { config: { permission: 'practice.settings.write' }, schema: { tags, summary: 'Change an appointment service', params: IdParams, body: AppointmentServicePatch, response: { 200: AppointmentService } } },
    async (req) => scheduling.updateService(sessionOf(req), req.params.id, req.body, req.meta),
  );
  r.get(
    '/api/practice/scheduling-settings',
    { config: { permission: 'appointments.read' }, schema: { tags, summary: 'Cancellation window, series maximum and client notice', response: { 200: SchedulingSettings } } },
    async (req) => scheduling.settings(sessionOf(req).user.practiceId),
  );
  r.patch(
    '/api/practice/scheduling-settings',
    { config: { permission: 'practice.settings.write' }, schema: { tags, summary: 'Change scheduling settings', body: SchedulingSettingsPatch, response: { 200: SchedulingSettings } } },
    async (req) => scheduling.updateSettings(sessionOf(req), req.body, req.meta),
  );
}
