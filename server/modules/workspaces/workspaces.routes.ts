import type { FastifyRequest } from 'fastify';
import { SetupBody, SetupStatus, SignInResult } from '../../../contract/auth.js';
import { UpdateWorkspaceBody, WorkspaceView } from '../../../contract/workspace.js';
import type { Runtime } from '../../context.js';
import { isLoopback } from '../../lib/ip.js';
import { publicCtx } from '../../http/request-info.js';
import { responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { replyWithOutcome } from '../auth/auth.routes.js';
import { changeWorkspace, getSetupStatus, getWorkspace, runSetup, type SetupGate } from './workspaces.service.js';

const tags = ['workspace'];
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The browser is on the server itself: loopback socket, a local Host header and no forwarding
 * header. All three, because a reverse proxy on the same machine also connects from loopback.
 */
function isLocalRequest(req: FastifyRequest): boolean {
  const host = req.hostname.replace(/:\d+$/, '');
  return isLoopback(req.socket.remoteAddress) && LOCAL_HOSTS.has(host) && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}

/** First-run setup: open only until the first workspace exists. */
export function setupRoutes(app: AppInstance, rt: Runtime, setupCode: string): void {
  const gate = (req: FastifyRequest): SetupGate => ({ code: setupCode, fromLoopback: isLocalRequest(req) });
  app.get('/api/v1/setup', { schema: { tags, summary: 'Does this Candor still need its first workspace', response: responses({ 200: SetupStatus }) } }, async (req) =>
    getSetupStatus(publicCtx(rt, req), gate(req)),
  );
  app.post(
    '/api/v1/setup',
    {
      schema: { tags, summary: 'Create the first workspace and its owner', body: SetupBody, response: responses({ 200: SignInResult }) },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (req, reply) => replyWithOutcome(rt, reply, await runSetup(publicCtx(rt, req), req.body, gate(req))),
  );
}

export function workspaceRoutes(app: AppInstance, _rt: Runtime): void {
  app.get('/api/v1/workspace', { schema: { tags, summary: 'This workspace', response: responses({ 200: WorkspaceView }) } }, async (req) => getWorkspace(ctxOf(req)));
}

export function workspaceAdminRoutes(app: AppInstance, _rt: Runtime): void {
  app.patch(
    '/api/v1/workspace',
    { schema: { tags, summary: 'Rename the workspace or change its audit IP setting', body: UpdateWorkspaceBody, response: responses({ 200: WorkspaceView }) } },
    async (req) => changeWorkspace(ctxOf(req), req.body),
  );
}
