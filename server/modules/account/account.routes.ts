import { ChangePasswordBody, DisableMfaBody, EnableMfaBody, Me, MfaSetup, MfaStatus, RecoveryCodes, UpdateProfileBody } from '../../../contract/account.js';
import { SessionList } from '../../../contract/auth.js';
import { IdParam } from '../../../contract/common.js';
import { z } from 'zod';
import { memberOf, type Runtime } from '../../context.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { removeMember } from '../members/members.service.js';
import {
  beginMfaSetup,
  changePassword,
  disableMfa,
  enableMfa,
  getMe,
  getMfaStatus,
  listOwnSessions,
  regenerateRecoveryCodes,
  revokeOwnSession,
  updateProfile,
} from './account.service.js';

/** The signed-in person's own account: profile (P27), password, sessions, MFA (P44). */
export function accountRoutes(app: AppInstance, _rt: Runtime): void {
  const tags = ['account'];
  app.get('/api/v1/me', { schema: { tags, summary: 'Who am I, where, and what may I do', response: responses({ 200: Me }) } }, async (req) => getMe(ctxOf(req)));

  app.patch(
    '/api/v1/me',
    { schema: { tags, summary: 'Edit my name or email (email needs the current password)', body: UpdateProfileBody, response: responses({ 200: Me }) }, config: { auth: 'session' } },
    async (req) => {
      await updateProfile(ctxOf(req), req.body);
      return getMe(ctxOf(req));
    },
  );

  app.put(
    '/api/v1/me/password',
    {
      schema: { tags, summary: 'Change my password', body: ChangePasswordBody, response: responses({ 200: z.object({ sessionsEnded: z.number().int() }) }) },
      config: { auth: 'session', rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (req) => changePassword(ctxOf(req), req.body),
  );

  app.delete(
    '/api/v1/me/membership',
    { schema: { tags, summary: 'Leave this workspace', response: responses({ 204: NoContent }) }, config: { auth: 'session' } },
    async (req, reply) => {
      const ctx = ctxOf(req);
      await removeMember(ctx, memberOf(ctx).membershipId);
      return reply.code(204).send(null);
    },
  );

  app.get('/api/v1/me/sessions', { schema: { tags, summary: 'My sessions and remembered devices', response: responses({ 200: SessionList }) } }, async (req) => ({
    items: await listOwnSessions(ctxOf(req)),
  }));

  app.delete(
    '/api/v1/me/sessions/:id',
    { schema: { tags, summary: 'End one of my sessions, or forget a remembered device', params: IdParam, response: responses({ 204: NoContent }) }, config: { auth: 'session' } },
    async (req, reply) => {
      await revokeOwnSession(ctxOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get('/api/v1/me/mfa', { schema: { tags, summary: 'Is two-factor sign-in on', response: responses({ 200: MfaStatus }) } }, async (req) => getMfaStatus(ctxOf(req)));

  app.post(
    '/api/v1/me/mfa/setup',
    { schema: { tags, summary: 'Start setting up an authenticator app', response: responses({ 200: MfaSetup }) }, config: { auth: 'session' } },
    async (req) => beginMfaSetup(ctxOf(req)),
  );

  app.post(
    '/api/v1/me/mfa/enable',
    {
      schema: { tags, summary: 'Confirm the app with a code; returns recovery codes once', body: EnableMfaBody, response: responses({ 200: RecoveryCodes }) },
      config: { auth: 'session', rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (req) => ({ recoveryCodes: await enableMfa(ctxOf(req), req.body) }),
  );

  app.post(
    '/api/v1/me/mfa/disable',
    { schema: { tags, summary: 'Turn two-factor sign-in off', body: DisableMfaBody, response: responses({ 204: NoContent }) }, config: { auth: 'session', rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req, reply) => {
      await disableMfa(ctxOf(req), req.body.currentPassword);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/mfa/recovery-codes',
    { schema: { tags, summary: 'Replace my recovery codes', body: DisableMfaBody, response: responses({ 200: RecoveryCodes }) }, config: { auth: 'session', rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req) => ({ recoveryCodes: await regenerateRecoveryCodes(ctxOf(req), req.body.currentPassword) }),
  );
}
