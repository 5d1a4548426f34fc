import { z } from 'zod';
import { SessionList } from '../../../contract/auth.js';
import { IdParam } from '../../../contract/common.js';
import { MemberList, MemberView, UpdateMemberBody } from '../../../contract/members.js';
import type { Runtime } from '../../context.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { changeMemberRole, getWorkspaceMember, listSessionsOfMember, listWorkspaceMembers, removeMember, revokeSessionsOfMember } from './members.service.js';

const tags = ['members'];

/** Reading the member list: every member may. */
export function memberRoutes(app: AppInstance, _rt: Runtime): void {
  app.get('/api/v1/members', { schema: { tags, summary: 'Members of this workspace', response: responses({ 200: MemberList }) } }, async (req) => ({
    items: await listWorkspaceMembers(ctxOf(req)),
  }));
  app.get('/api/v1/members/:id', { schema: { tags, summary: 'One member', params: IdParam, response: responses({ 200: MemberView }) } }, async (req) =>
    getWorkspaceMember(ctxOf(req), req.params.id),
  );
}

/** Changing members: owners and admins (the admin scope). */
export function memberAdminRoutes(app: AppInstance, _rt: Runtime): void {
  app.patch(
    '/api/v1/members/:id',
    { schema: { tags, summary: "Change a member's role", params: IdParam, body: UpdateMemberBody, response: responses({ 200: MemberView }) } },
    async (req) => changeMemberRole(ctxOf(req), req.params.id, req.body.role),
  );
  app.delete(
    '/api/v1/members/:id',
    { schema: { tags, summary: 'Remove a member from this workspace', params: IdParam, response: responses({ 204: NoContent }) } },
    async (req, reply) => {
      await removeMember(ctxOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/members/:id/sessions',
    { schema: { tags, summary: "A member's sessions in this workspace", params: IdParam, response: responses({ 200: SessionList }) } },
    async (req) => ({ items: await listSessionsOfMember(ctxOf(req), req.params.id) }),
  );
  app.delete(
    '/api/v1/members/:id/sessions',
    {
      schema: { tags, summary: 'Sign a member out of this workspace everywhere', params: IdParam, response: responses({ 200: z.object({ sessions: z.number().int(), devices: z.number().int() }) }) },
    },
    async (req) => revokeSessionsOfMember(ctxOf(req), req.params.id),
  );
}
