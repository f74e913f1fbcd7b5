import type { FastifyInstance, FastifyReply } from 'fastify';
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
import { routesOf } from '../../http/route.js';
import { sessionOf, setSessionCookie } from '../../plugins/auth.js';
import type { AuthService } from '../auth/index.js';
import { currentBaa } from './baa.js';
import type { PracticeService } from './service.js';

export function practiceRoutes(app: FastifyInstance, ctx: AppContext, practices: PracticeService, auth: AuthService) {
  const route = routesOf(app, ['practices']);
  /** A new owner or an invited colleague, signed in at once: the session cookie, and no second step. */
  const signedIn = (reply: FastifyReply, out: { token: string; session: { csrf_token: string }; mfaEnrollmentRequired: boolean }) => {
    setSessionCookie(reply, ctx.config, out.token);
    return { mfaRequired: false as const, csrfToken: out.session.csrf_token, mfaEnrollmentRequired: out.mfaEnrollmentRequired };
  };

  route.get('/api/legal/baa', { access: { public: true }, summary: 'The current Business Associate Agreement', response: BaaDocument }, async () =>
    currentBaa(),
  );

  route.post(
    '/api/practices',
    {
      access: { public: true },
      summary: 'Ask to sign up a practice and its owner, accepting the BAA: 202 whether or not the address has an account; the mailed link finishes it',
      body: SignupRequest,
      status: 202,
      response: SignupAccepted,
    },
    async (req) => {
      await practices.requestSignup(req.body, req.meta);
      return { checkMail: true as const };
    },
  );

  route.post('/api/practices/verify', { access: { public: true }, summary: 'Finish a sign-up from its mailed link: creates the practice and signs the owner in', body: SignupVerifyRequest, status: 201, response: LoginResponse }, async (req, reply) =>
    signedIn(reply, await practices.verifySignup(req.body.token, req.meta)),
  );

  route.post('/api/practice/baa', { access: 'practice.settings.write', summary: 'Accept the BAA (practices created without one)', body: BaaAcceptance, status: 204 }, async (req) =>
    practices.acceptBaa(sessionOf(req), req.body, req.meta),
  );

  route.get('/api/practice', { access: 'practice.settings.read', summary: 'Practice settings', response: PracticeSettings }, async (req) =>
    practices.settingsFor(sessionOf(req), req.meta),
  );

  route.patch('/api/practice', { access: 'practice.settings.write', summary: 'Change practice settings', body: UpdatePracticeRequest, response: PracticeSettings }, async (req) =>
    practices.updateSettings(sessionOf(req), req.body, req.meta),
  );

  route.get('/api/practice/users', { access: 'practice.users.read', summary: 'Colleagues and their roles', response: z.object({ users: z.array(PracticeUser) }) }, async (req) => ({
    users: await practices.users(sessionOf(req), req.meta),
  }));

  route.patch('/api/practice/users/:id', { access: 'practice.users.write', summary: "Change a colleague's roles or status", params: IdParams, body: UpdateUserRequest, response: PracticeUser }, async (req) =>
    practices.updateUser(sessionOf(req), req.params.id, req.body, req.meta),
  );

  route.get('/api/practice/users/:id/sessions', { access: 'practice.sessions.revoke', summary: "A colleague's live sessions", params: IdParams, response: z.object({ sessions: z.array(SessionInfo) }) }, async (req) => ({
    sessions: await practices.userSessions(sessionOf(req), req.params.id, req.meta),
  }));

  route.delete('/api/practice/users/:userId/sessions/:sessionId', { access: 'practice.sessions.revoke', summary: "Revoke a colleague's session", params: UserSessionParams, status: 204 }, async (req) =>
    auth.revokeSession(sessionOf(req), req.params.userId, req.params.sessionId, req.meta),
  );

  route.get('/api/practice/invitations', { access: 'practice.users.read', summary: 'Invitations sent', response: z.object({ invitations: z.array(InvitationInfo) }) }, async (req) => ({
    invitations: await practices.invitations(sessionOf(req), req.meta),
  }));

  route.post('/api/practice/invitations', { access: 'practice.users.write', summary: 'Invite a colleague by email', body: InviteRequest, status: 201, response: InvitationInfo }, async (req) =>
    practices.invite(sessionOf(req), req.body, req.meta),
  );

  route.delete('/api/practice/invitations/:id', { access: 'practice.users.write', summary: 'Revoke a pending invitation', params: IdParams, status: 204 }, async (req) =>
    practices.revokeInvitation(sessionOf(req), req.params.id, req.meta),
  );

  route.post('/api/invitations/inspect', { access: { public: true }, summary: 'What an invitation link is for', body: InvitationTokenRequest, response: InvitationPreview }, async (req) =>
    practices.previewInvitation(req.body.token),
  );

  route.post('/api/invitations/accept', { access: { public: true }, summary: 'Accept an invitation: choose a password, get a session', body: AcceptInvitationRequest, status: 201, response: LoginResponse }, async (req, reply) =>
    signedIn(reply, await practices.acceptInvitation(req.body.token, req.body.name, req.body.password, req.meta)),
  );
}
