import type { FastifyInstance } from 'fastify';
import { IdParams } from '../../../shared/api.js';
import {
  ClientMessage,
  ClientThread,
  ContactAccepted,
  ContactHandled,
  ContactInput,
  ContactRequestList,
  MessageBody,
  MessageService,
  MessageServiceInput,
  MessageServiceList,
  MessageServiceNames,
  MessageServicePatch,
  PracticeProfile,
  PracticeProfileInput,
  PublicPractice,
  RequestIdParams,
  ServiceIdParams,
  SlugParams,
  ThreadState,
} from '../../../shared/messages.js';
import { Inbox, InboxCount, InboxQuery } from '../../../shared/today.js';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { MessagingService } from './service.js';

export function messageRoutes(app: FastifyInstance, messages: MessagingService) {
  const route = routesOf(app, ['messages']);

  // ---- a client's thread (staff) ----

  route.get('/api/clients/:id/messages', { access: 'clients.read', summary: "A client's message thread (audited; reading leaves it unread)", params: IdParams, response: ClientThread }, async (req) =>
    messages.thread(sessionOf(req), req.params.id, req.meta),
  );

  route.post('/api/clients/:id/messages', { access: 'clients.write', summary: "Reply to a client, optionally with up to 5 of the client's documents (clears the unread marker)", params: IdParams, body: MessageBody, status: 201, response: ClientMessage }, async (req) =>
    messages.reply(sessionOf(req), req.params.id, req.body, req.meta),
  );

  route.post('/api/clients/:id/messages/close', { access: 'clients.write', summary: 'Close the message without replying (clears the unread marker)', params: IdParams, response: ThreadState }, async (req) =>
    messages.close(sessionOf(req), req.params.id, req.meta),
  );

  // ---- the inbox (threads across clients) ----

  route.get('/api/inbox', { access: 'clients.read', summary: 'Message threads across clients, newest first, with unread state and the unread total; cursor paging (audited)', querystring: InboxQuery, response: Inbox }, async (req) =>
    messages.inbox(sessionOf(req), req.query, req.meta),
  );

  route.get('/api/inbox/count', { access: 'clients.read', summary: 'How many threads wait for an answer (the navigation badge; a count only)', response: InboxCount }, async (req) => ({
    unread: await messages.unreadCount(sessionOf(req)),
  }));

  // ---- message services ----

  route.get('/api/practice/message-service-names', { access: 'clients.read', summary: 'Every message service by id and name (active or not), for anyone who reads threads', response: MessageServiceNames }, async (req) => ({
    services: await messages.serviceNames(sessionOf(req)),
  }));

  route.get('/api/practice/message-services', { access: 'practice.settings.write', summary: 'Message services and the colleagues each reaches', response: MessageServiceList }, async (req) => ({
    services: await messages.listServices(sessionOf(req)),
  }));

  route.post('/api/practice/message-services', { access: 'practice.settings.write', summary: 'Add a message service', body: MessageServiceInput, status: 201, response: MessageService }, async (req) =>
    messages.createService(sessionOf(req), req.body, req.meta),
  );

  route.patch('/api/practice/message-services/:serviceId', { access: 'practice.settings.write', summary: 'Rename, re-staff or (de)activate a message service', params: ServiceIdParams, body: MessageServicePatch, response: MessageService }, async (req) =>
    messages.updateService(sessionOf(req), req.params.serviceId, req.body, req.meta),
  );

  route.delete('/api/practice/message-services/:serviceId', { access: 'practice.settings.write', summary: 'Remove a message service (its messages stay in their threads)', params: ServiceIdParams, status: 204 }, async (req) =>
    messages.deleteService(sessionOf(req), req.params.serviceId, req.meta),
  );

  // ---- the public profile (admin) ----

  route.get('/api/practice/profile', { access: 'practice.settings.write', summary: "The practice's public profile and Contact Us settings", response: PracticeProfile }, async (req) =>
    messages.profile(sessionOf(req)),
  );

  route.put('/api/practice/profile', { access: 'practice.settings.write', summary: "Save the practice's public profile and Contact Us settings", body: PracticeProfileInput, response: PracticeProfile }, async (req) =>
    messages.saveProfile(sessionOf(req), req.body, req.meta),
  );

  // ---- Contact Us ----

  route.get('/api/public/practices/:slug', { access: { public: true }, summary: "A practice's public page: its display name and whether Contact Us is open", params: SlugParams, response: PublicPractice }, async (req) =>
    messages.publicProfile(req.params.slug),
  );

  route.post(
    '/api/public/practices/:slug/contact',
    { access: { public: true }, summary: 'Send the practice a Contact Us message (rate-limited; 429 with Retry-After)', params: SlugParams, body: ContactInput, status: 202, response: ContactAccepted },
    async (req) => {
      await messages.submitContact(req.params.slug, req.body, req.meta);
      return { status: 'received' as const };
    },
  );

  route.get('/api/practice/contact-requests', { access: 'clients.read', summary: 'Contact Us messages, newest first (audited)', response: ContactRequestList }, async (req) => ({
    requests: await messages.contactRequests(sessionOf(req), req.meta),
  }));

  route.post('/api/practice/contact-requests/:requestId/handled', { access: 'clients.write', summary: 'Mark a Contact Us message handled', params: RequestIdParams, response: ContactHandled }, async (req) =>
    messages.markHandled(sessionOf(req), req.params.requestId, req.meta),
  );

}
