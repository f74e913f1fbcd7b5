// Today: validate, call the service, nothing else.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Today, TodayQuery } from '../../../shared/today.js';
import { sessionOf } from '../../plugins/auth.js';
import type { TodayService } from './service.js';

const tags = ['today'];

export function todayRoutes(app: FastifyInstance, today: TodayService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/today',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags,
        summary: "The signed-in colleague's day: appointments with reminder and lobby state, unread messages, requests waiting, what needs attention (filtered by role; audited)",
        querystring: TodayQuery,
        response: { 200: Today },
      },
    },
    async (req) => today.day(sessionOf(req), req.query, req.meta),
  );
}
