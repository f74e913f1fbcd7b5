import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import {
  AcceptInvitationRequest,
  BaaAcceptance,
  BaaDocument,
  IdParams,
  InvitationInfo,
  InvitationPreview,
  InvitationTokenRequest,
  InviteRequest,
  LoginResponse,
  PracticeSettings,
  PracticeUser,
  SessionInfo,
  SignupAccepted,
  SignupRequest,
  SignupVerifyRequest,
  UpdatePracticeRequest,
  UpdateUserRequest,
  UserSessionParams,
} from '../../../shared/api.js';
import { sessionOf, setSessionCookie } from '../../plugins/auth.js';
import type { AuthService } from '../auth/index.js';
import { currentBaa } from './baa.js';
import type { PracticeService } from './service.js';

const tags = ['practices'];

export function practiceRoutes(app: FastifyInstance, ctx: AppContext, practices: PracticeService, auth: AuthService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/legal/baa', { config: { public: true }, schema: { tags, summary: 'The current Business Associate Agreement', response: { 200: BaaDocument } } }, async () =>
    currentBaa(),
  );

  r.post(
    '/api/practices',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Ask to sign up a practice and its owner, accepting the BAA: 202 whether or not the address has an account; the mailed link finishes it',
        body: SignupRequest,
        response: { 202: SignupAccepted },
      },
    },
    async (req, reply) => {
      await practices.requestSignup(req.body, req.meta);
      return reply.code(202).send({ checkMail: true as const });
    },
  );

  r.post(
    '/api/practices/verify',
    { config: { public: true }, schema: { tags, summary: 'Finish a sign-up from its mailed link: creates the practice and signs the owner in', body: SignupVerifyRequest, response: { 201: LoginResponse } } },
    async (req, reply) => {
      const out = await practices.verifySignup(req.body.token, req.meta);
      setSessionCookie(reply, ctx.config, out.token);
      return reply.code(201).send({ mfaRequired: false as const, csrfToken: out.session.csrf_token, mfaEnrollmentRequired: out.mfaEnrollmentRequired });
    },
  );

  r.post(
    '/api/practice/baa',
    { schema: { tags, summary: 'Accept the BAA (practices created without one)', body: BaaAcceptance }, config: { permission: 'practice.settings.write' } },
    async (req, reply) => {
      await practices.acceptBaa(sessionOf(req), req.body, req.meta);
      return reply.code(204).send();
    },
  );

  r.get('/api/practice', { config: { permission: 'practice.settings.read' }, schema: { tags, summary: 'Practice settings', response: { 200: PracticeSettings } } }, async (req) =>
    practices.settingsFor(sessionOf(req), req.meta),
  );

  r.patch(
    '/api/practice',
    { config: { permission: 'practice.settings.write' }, schema: { tags, summary: 'Change practice settings', body: UpdatePracticeRequest, response: { 200: PracticeSettings } } },
    async (req) => practices.updateSettings(sessionOf(req), req.body, req.meta),
  );

  r.get(
    '/api/practice/users',
    { config: { permission: 'practice.users.read' }, schema: { tags, summary: 'Colleagues and their roles', response: { 200: z.object({ users: z.array(PracticeUser) }) } } },
    async (req) => ({ users: await practices.users(sessionOf(req), req.meta) }),
  );

  r.patch(
    '/api/practice/users/:id',
    { config: { permission: 'practice.users.write' }, schema: { tags, summary: "Change a colleague's roles or status", params: IdParams, body: UpdateUserRequest, response: { 200: PracticeUser } } },
    async (req) => practices.updateUser(sessionOf(req), req.params.id, req.body, req.meta),
  );

  r.get(
    '/api/practice/users/:id/sessions',
    { config: { permission: 'practice.sessions.revoke' }, schema: { tags, summary: "A colleague's live sessions", params: IdParams, response: { 200: z.object({ sessions: z.array(SessionInfo) }) } } },
    async (req) => ({ sessions: await practices.userSessions(sessionOf(req), req.params.id, req.meta) }),
  );

  r.delete(
    '/api/practice/users/:userId/sessions/:sessionId',
    { config: { permission: 'practice.sessions.revoke' }, schema: { tags, summary: "Revoke a colleague's session", params: UserSessionParams } },
    async (req, reply) => {
      await auth.revokeSession(sessionOf(req), req.params.userId, req.params.sessionId, req.meta);
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/practice/invitations',
    { config: { permission: 'practice.users.read' }, schema: { tags, summary: 'Invitations sent', response: { 200: z.object({ invitations: z.array(InvitationInfo) }) } } },
    async (req) => ({ invitations: await practices.invitations(sessionOf(req), req.meta) }),
  );

  r.post(
    '/api/practice/invitations',
    { config: { permission: 'practice.users.write' }, schema: { tags, summary: 'Invite a colleague by email', body: InviteRequest, response: { 201: InvitationInfo } } },
    async (req, reply) => reply.code(201).send(await practices.invite(sessionOf(req), req.body, req.meta)),
  );

  r.delete(
    '/api/practice/invitations/:id',
    { config: { permission: 'practice.users.write' }, schema: { tags, summary: 'Revoke a pending invitation', params: IdParams } },
    async (req, reply) => {
      await practices.revokeInvitation(sessionOf(req), req.params.id, req.meta);
      return reply.code(204).send();
    },
  );

  r.post(
    '/api/invitations/inspect',
    { config: { public: true }, schema: { tags, summary: 'What an invitation link is for', body: InvitationTokenRequest, response: { 200: InvitationPreview } } },
    async (req) => practices.previewInvitation(req.body.token),
  );

  r.post(
    '/api/invitations/accept',
    { config: { public: true }, schema: { tags, summary: 'Accept an invitation: choose a password, get a session', body: AcceptInvitationRequest, response: { 201: LoginResponse } } },
    async (req, reply) => {
      const out = await practices.acceptInvitation(req.body.token, req.body.name, req.body.password, req.meta);
      setSessionCookie(reply, ctx.config, out.token);
      return reply.code(201).send({ mfaRequired: false as const, csrfToken: out.session.csrf_token, mfaEnrollmentRequired: out.mfaEnrollmentRequired });
    },
  );
}
