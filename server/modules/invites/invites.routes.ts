import { IdParam } from '../../../contract/common.js';
import { SignInResult } from '../../../contract/auth.js';
import { AcceptInviteBody, CreateInviteBody, InviteList, InvitePreview, InviteTokenBody, InviteView } from '../../../contract/members.js';
import type { Runtime } from '../../context.js';
import { publicCtx } from '../../http/request-info.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { replyWithOutcome } from '../auth/auth.routes.js';
import { acceptInvite, createInvite, listWorkspaceInvites, previewInvite, revokeWorkspaceInvite } from './invites.service.js';

const tags = ['invites'];
const LINK_RATE_LIMIT = { max: 20, timeWindow: '1 minute' } as const;

/**
 * Opening and accepting an invite link. The token comes in the body (the link carries it in the
 * URL fragment), so it never appears in a URL that a proxy or access log could keep.
 */
export function invitePublicRoutes(app: AppInstance, rt: Runtime): void {
  app.post(
    '/api/v1/invites/lookup',
    { schema: { tags, summary: 'What an invite link is for', body: InviteTokenBody, response: responses({ 200: InvitePreview }) }, config: { rateLimit: LINK_RATE_LIMIT } },
    async (req) => previewInvite(publicCtx(rt, req), req.body.token),
  );
  app.post(
    '/api/v1/invites/accept',
    { schema: { tags, summary: 'Accept an invite: set a password (or use yours) and join', body: AcceptInviteBody, response: responses({ 200: SignInResult }) }, config: { rateLimit: LINK_RATE_LIMIT } },
    async (req, reply) => replyWithOutcome(rt, reply, await acceptInvite(publicCtx(rt, req), req.body)),
  );
}

/** Sending and revoking invites: owners and admins. */
export function inviteAdminRoutes(app: AppInstance, _rt: Runtime): void {
  app.get('/api/v1/invites', { schema: { tags, summary: 'Invites of this workspace', response: responses({ 200: InviteList }) } }, async (req) => ({
    items: await listWorkspaceInvites(ctxOf(req)),
  }));
  app.post(
    '/api/v1/invites',
    { schema: { tags, summary: 'Invite someone by email', body: CreateInviteBody, response: responses({ 201: InviteView }) }, config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (req, reply) => reply.code(201).send(await createInvite(ctxOf(req), req.body)),
  );
  app.delete('/api/v1/invites/:id', { schema: { tags, summary: 'Revoke an invite', params: IdParam, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await revokeWorkspaceInvite(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}
