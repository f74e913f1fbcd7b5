import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { sessionOf } from '../../plugins/auth.js';
import type { MessagingService } from './service.js';

const tags = ['messages'];

export function messageRoutes(app: FastifyInstance, messages: MessagingService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ---- a client's thread (staff) ----

  r.get(
    '/api/clients/:id/messages',
    { config: { permission: 'clients.read' }, schema: { tags, summary: "A client's message thread (audited; reading leaves it unread)", params: IdParams, response: { 200: ClientThread } } },
    async (req) => messages.thread(sessionOf(req), req.params.id, req.meta),
  );

  r.post(
    '/api/clients/:id/messages',
    { config: { permission: 'clients.write' }, schema: { tags, summary: "Reply to a client, optionally with up to 5 of the client's documents (clears the unread marker)", params: IdParams, body: MessageBody, response: { 201: ClientMessage } } },
    async (req, reply) => reply.code(201).send(await messages.reply(sessionOf(req), req.params.id, req.body, req.meta)),
  );

  r.post(
    '/api/clients/:id/messages/close',
    { config: { permission: 'clients.write' }, schema: { tags, summary: 'Close the message without replying (clears the unread marker)', params: IdParams, response: { 200: ThreadState } } },
    async (req) => messages.close(sessionOf(req), req.params.id, req.meta),
  );

  // ---- the inbox (threads across clients) ----

  r.get(
    '/api/inbox',
    { config: { permission: 'clients.read' }, schema: { tags, summary: 'Message threads across clients, newest first, with unread state and the unread total; cursor paging (audited)', querystring: InboxQuery, response: { 200: Inbox } } },
    async (req) => messages.inbox(sessionOf(req), req.query, req.meta),
  );

  r.get(
    '/api/inbox/count',
    { config: { permission: 'clients.read' }, schema: { tags, summary: 'How many threads wait for an answer (the navigation badge; a count only)', response: { 200: InboxCount } } },
    async (req) => ({ unread: await messages.unreadCount(sessionOf(req)) }),
  );

  // ---- message services ----

  r.get(
    '/api/practice/message-service-names',
    { config: { permission: 'clients.read' }, schema: { tags, summary: 'Every message service by id and name (active or not), for anyone who reads threads', response: { 200: MessageServiceNames } } },
    async (req) => ({ services: await messages.serviceNames(sessionOf(req)) }),
  );

  r.get(
    '/api/practice/message-services',
    { config: { permission: 'practice.settings.write' }, schema: { tags, summary: 'Message services and the colleagues each reaches', response: { 200: MessageServiceList } } },
    async (req) => ({ services: await messages.listServices(sessionOf(req)) }),
  );

  r.post(
    '/api/practice/message-services',
    { config: { permission: 'practice.settings.write' }, schema: { tags, summary: 'Add a message service', body: MessageServiceInput, response: { 201: MessageService } } },
    async (req, reply) => reply.code(201).send(await messages.createService(sessionOf(req), req.body, req.meta)),
  );

  r.patch(
    '/api/practice/message-services/:serviceId',
    { config: { permission: 'practice.settings.write' }, schema: { tags, summary: 'Rename, re-staff or (de)activate a message service', params: ServiceIdParams, body: MessageServicePatch, response: { 200: MessageService } } },
    async (req) => messages.updateService(sessionOf(req), req.params.serviceId, req.body, req.meta),
  );

  r.delete(
    '/api/practice/message-services/:serviceId',
    { config: { permission: 'practice.settings.write' }, schema: { tags, summary: 'Remove a message service (its messages stay in their threads)', params: ServiceIdParams } },
    async (req, reply) => {
      await messages.deleteService(sessionOf(req), req.params.serviceId, req.meta);
      return reply.code(204).send();
    },
  );

  // ---- the public profile (admin) ----

  r.get(
    '/api/practice/profile',
    { config: { permission: 'practice.settings.write' }, schema: { tags, summary: "The practice's public profile and Contact Us settings", response: { 200: PracticeProfile } } },
    async (req) => messages.profile(sessionOf(req)),
  );

  r.put(
    '/api/practice/profile',
    { config: { permission: 'practice.settings.write' }, schema: { tags, summary: "Save the practice's public profile and Contact Us settings", body: PracticeProfileInput, response: { 200: PracticeProfile } } },
    async (req) => messages.saveProfile(sessionOf(req), req.body, req.meta),
  );

  // ---- Contact Us ----

  r.get(
    '/api/public/practices/:slug',
    { config: { public: true }, schema: { tags, summary: "A practice's public page: its display name and whether Contact Us is open", params: SlugParams, response: { 200: PublicPractice } } },
    async (req) => messages.publicProfile(req.params.slug),
  );

  r.post(
    '/api/public/practices/:slug/contact',
    {
      config: { public: true },
      schema: { tags, summary: 'Send the practice a Contact Us message (rate-limited; 429 with Retry-After)', params: SlugParams, body: ContactInput, response: { 202: ContactAccepted } },
    },
    async (req, reply) => {
      await messages.submitContact(req.params.slug, req.body, req.meta);
      return reply.code(202).send({ status: 'received' as const });
    },
  );

  r.get(
    '/api/practice/contact-requests',
    { config: { permission: 'clients.read' }, schema: { tags, summary: 'Contact Us messages, newest first (audited)', response: { 200: ContactRequestList } } },
    async (req) => ({ requests: await messages.contactRequests(sessionOf(req), req.meta) }),
  );

  r.post(
    '/api/practice/contact-requests/:requestId/handled',
    { config: { permission: 'clients.write' }, schema: { tags, summary: 'Mark a Contact Us message handled', params: RequestIdParams, response: { 200: ContactHandled } } },
    async (req) => messages.markHandled(sessionOf(req), req.params.requestId, req.meta),
  );

}
