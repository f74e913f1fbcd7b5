import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { CalendarFeedCreate, CalendarFeedCreated, CalendarFeedList } from '../../../shared/calendar-feeds.js';
import { sessionOf } from '../../plugins/auth.js';
import type { CalendarFeedService } from './feeds.js';

const tags = ['scheduling'];

export function calendarRoutes(app: FastifyInstance, feeds: CalendarFeedService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/calendar-feeds',
    {
      config: { permission: 'appointments.read' },
      schema: {
        tags,
        summary: 'Create a private calendar feed (ICS subscription URL) of your own appointments; the URL is shown this once',
        body: CalendarFeedCreate,
        response: { 201: CalendarFeedCreated },
      },
    },
    async (req, reply) => reply.code(201).send(await feeds.create(sessionOf(req), req.meta)),
  );
  r.get(
    '/api/calendar-feeds',
    { config: { permission: 'appointments.read' }, schema: { tags, summary: 'Your calendar feeds (never their URLs)', response: { 200: CalendarFeedList } } },
    async (req) => ({ items: await feeds.list(sessionOf(req)) }),
  );
  r.delete(
    '/api/calendar-feeds/:id',
    { config: { permission: 'appointments.read' }, schema: { tags, summary: 'Revoke one of your calendar feeds: its URL stops working at once', params: IdParams } },
    async (req, reply) => {
      await feeds.revoke(sessionOf(req), req.params.id, req.meta);
      return reply.code(204).send();
    },
  );

  // The subscription itself: public (a calendar app has no session), the secret is in the path.
  r.get(
    '/feeds/:token.ics',
    {
      config: { public: true },
      schema: { hide: true, params: z.object({ token: z.string().max(200) }) },
    },
    async (req, reply) => {
      const text = await feeds.serve(req.params.token, req.meta);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', 'inline; filename="hearth.ics"')
        .send(text);
    },
  );
}
