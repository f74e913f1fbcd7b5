import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotificationQuery, PracticeNotificationList } from '../../../shared/notifications.js';
import { sessionOf } from '../../plugins/auth.js';
import type { NotificationService } from './service.js';

const tags = ['notifications'];

export function notificationRoutes(app: FastifyInstance, notifications: NotificationService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/practice/notifications',
    {
      // Owners and compliance officers: the practice's outgoing messages, e.g. those left uncertain.
      config: { permission: 'practice.settings.read' },
      schema: {
        tags,
        summary: "The practice's notification ledger, newest first (alerts, waitlist offers, invitations): status, attempts, PHI-free failure code; ?status=uncertain for those that may or may not have gone (audited)",
        querystring: NotificationQuery,
        response: { 200: PracticeNotificationList },
      },
    },
    async (req) => notifications.list(sessionOf(req), req.query, req.meta),
  );
}
