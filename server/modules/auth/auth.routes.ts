import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Accepted, MfaBody, PasswordResetCompleteBody, PasswordResetRequestBody, SignInBody, SignInResult, SwitchWorkspaceBody } from '../../../contract/auth.js';
import type { Runtime } from '../../context.js';
import { clearCookie, cookieNames, setMfaCookie, setRememberCookie, setSessionCookie } from '../../http/cookies.js';
import { publicCtx } from '../../http/request-info.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { memberOf } from '../../context.js';
import { switchWorkspace } from '../account/account.service.js';
import { completeMfa, completePasswordReset, requestPasswordReset, signIn, signOut, type SignInOutcome } from './auth.service.js';

/** Per-IP limits on the credential endpoints, on top of the per-email lockout. */
const AUTH_RATE_LIMIT = { max: 20, timeWindow: '1 minute' } as const;

/** Sets the cookies an outcome calls for and answers with its status. */
export function replyWithOutcome(rt: Runtime, reply: FastifyReply, outcome: SignInOutcome): { status: 'signed_in' | 'mfa_required' } {
  if (outcome.status === 'mfa_required') {
    setMfaCookie(reply, rt.config, outcome.challengeToken);
    return { status: 'mfa_required' };
  }
  setSessionCookie(reply, rt.config, outcome.session.token);
  if (outcome.device) setRememberCookie(reply, rt.config, outcome.device.cookie);
  return { status: 'signed_in' };
}

/** Signing in and resetting a password: reachable without a session. */
export function authPublicRoutes(app: AppInstance, rt: Runtime): void {
  const names = cookieNames(rt.config);

  app.post(
    '/api/v1/session',
    {
      schema: { tags: ['auth'], summary: 'Sign in with email and password', body: SignInBody, response: responses({ 200: SignInResult }) },
      config: { rateLimit: AUTH_RATE_LIMIT },
    },
    async (req, reply) => replyWithOutcome(rt, reply, await signIn(publicCtx(rt, req), req.body, req.cookies[names.session])),
  );

  app.post(
    '/api/v1/session/mfa',
    {
      schema: { tags: ['auth'], summary: 'Finish sign-in with a TOTP or recovery code', body: MfaBody, response: responses({ 200: SignInResult }) },
      config: { rateLimit: AUTH_RATE_LIMIT },
    },
    async (req, reply) => {
      const outcome = await completeMfa(publicCtx(rt, req), req.cookies[names.mfa], req.body);
      clearCookie(reply, rt.config, 'mfa');
      return replyWithOutcome(rt, reply, { status: 'signed_in', ...outcome });
    },
  );

  app.post(
    '/api/v1/password-resets',
    {
      schema: { tags: ['auth'], summary: 'Mail a password-reset link (same answer whether or not the email has an account)', body: PasswordResetRequestBody, response: responses({ 202: Accepted }) },
      config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      // The answer goes out before the lookup: how long it takes must not tell whether the email
      // has an account (rt.background).
      const ctx = publicCtx(rt, req);
      const answered = new Promise((resolve) => reply.raw.once('close', resolve));
      rt.background.run('password_reset.request', () => requestPasswordReset(ctx, req.body.email), answered);
      return reply.code(202).send({ message: 'If an account uses this email, a reset link is on its way. It works once, for one hour.' });
    },
  );

  app.post(
    '/api/v1/password-resets/complete',
    {
      schema: { tags: ['auth'], summary: 'Set a new password with a reset link; signs in (or asks for MFA)', body: PasswordResetCompleteBody, response: responses({ 200: SignInResult }) },
      config: { rateLimit: AUTH_RATE_LIMIT },
    },
    async (req, reply) => replyWithOutcome(rt, reply, await completePasswordReset(publicCtx(rt, req), req.body)),
  );
}

/** Signing out and switching workspace: need a browser session. */
export function authAppRoutes(app: AppInstance, rt: Runtime): void {
  app.delete(
    '/api/v1/session',
    { schema: { tags: ['auth'], summary: 'Sign out: ends this session and forgets this device', response: responses({ 204: NoContent }) }, config: { auth: 'session' } },
    async (req, reply) => {
      const member = memberOf(ctxOf(req));
      if (member.sessionId) await signOut(publicCtx(rt, req), member.sessionId);
      clearCookie(reply, rt.config, 'session');
      clearCookie(reply, rt.config, 'remember');
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/v1/session/workspace',
    {
      schema: { tags: ['auth'], summary: 'Switch this session to another of your workspaces', body: SwitchWorkspaceBody, response: responses({ 200: z.object({ workspaceId: z.string() }) }) },
      config: { auth: 'session' },
    },
    async (req) => {
      await switchWorkspace(ctxOf(req), req.body.workspaceId);
      return { workspaceId: req.body.workspaceId };
    },
  );
}
