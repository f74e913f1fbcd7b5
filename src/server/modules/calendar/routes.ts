import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/api.js';
import { CalendarFeedCreate, CalendarFeedCreated, CalendarFeedList } from '../../../shared/calendar-feeds.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { CalendarFeedService } from './feeds.js';

export function calendarRoutes(app: FastifyInstance, feeds: CalendarFeedService) {
  const route = routesOf(app, ['scheduling']);

  route.post(
    '/api/calendar-feeds',
    {
      access: 'appointments.read',
      summary: 'Create a private calendar feed (ICS subscription URL) of your own appointments; the URL is shown this once',
      body: CalendarFeedCreate,
      status: 201,
      response: CalendarFeedCreated,
    },
    async (req) => feeds.create(sessionOf(req), req.meta),
  );
  route.get('/api/calendar-feeds', { access: 'appointments.read', summary: 'Your calendar feeds (never their URLs)', response: CalendarFeedList }, async (req) => ({
    items: await feeds.list(sessionOf(req)),
  }));
  route.delete('/api/calendar-feeds/:id', { access: 'appointments.read', summary: 'Revoke one of your calendar feeds: its URL stops working at once', params: IdParams, status: 204 }, async (req) =>
    feeds.revoke(sessionOf(req), req.params.id, req.meta),
  );

  // The subscription itself: public (a calendar app has no session), the secret is in the path.
  // Left out of the API document (no tags, no summary), so declared in full.
  app.withTypeProvider<ZodTypeProvider>().get(
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
