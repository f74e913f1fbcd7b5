import type { FastifyInstance } from 'fastify';
import { NotificationQuery, PracticeNotificationList } from '../../../shared/notifications.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { NotificationService } from './service.js';

export function notificationRoutes(app: FastifyInstance, notifications: NotificationService) {
  const route = routesOf(app, ['notifications']);
  route.get(
    '/api/practice/notifications',
    {
      // Owners and compliance officers: the practice's outgoing messages, e.g. those left uncertain.
      access: 'practice.settings.read',
      summary: "The practice's notification ledger, newest first (alerts, waitlist offers, invitations): status, attempts, PHI-free failure code; ?status=uncertain for those that may or may not have gone (audited)",
      querystring: NotificationQuery,
      response: PracticeNotificationList,
    },
    async (req) => notifications.list(sessionOf(req), req.query, req.meta),
  );
}
