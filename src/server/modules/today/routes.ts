// Today: validate, call the service, nothing else.
import type { FastifyInstance } from 'fastify';
import { Today, TodayQuery } from '../../../shared/today.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { TodayService } from './service.js';

export function todayRoutes(app: FastifyInstance, today: TodayService) {
  const route = routesOf(app, ['today']);
  route.get(
    '/api/today',
    {
      access: 'appointments.read',
      summary: "The signed-in colleague's day: appointments with reminder and lobby state, unread messages, requests waiting, what needs attention (filtered by role; audited)",
      querystring: TodayQuery,
      response: Today,
    },
    async (req) => today.day(sessionOf(req), req.query, req.meta),
  );
}
