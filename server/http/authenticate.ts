import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ctx, RequestInfo, Runtime } from '../context.js';
import { AppError } from '../errors.js';
import { permissionsFor } from '../modules/access/access.policy.js';
import { authenticateSessionToken, restoreFromDevice, type AuthenticatedSession } from '../modules/auth/session.service.js';
import { authenticateApiToken } from '../modules/tokens/tokens.service.js';
import { clearCookie, cookieNames, setRememberCookie, setSessionCookie } from './cookies.js';
import { publicCtx } from './request-info.js';

function sessionCtx(rt: Runtime, request: RequestInfo, found: AuthenticatedSession): Ctx {
  return {
    rt,
    db: rt.database.db,
    workspaceId: found.workspaceId,
    request,
    permissions: permissionsFor(found.role),
    actor: {
      kind: 'member',
      userId: found.userId,
      membershipId: found.membershipId,
      role: found.role,
      via: 'session',
      sessionId: found.sessionId,
      tokenId: undefined,
    },
  };
}

function bearerOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <token>".');
  return match[1];
}

/**
 * The app scope's `onRequest` hook: every route registered under it has a signed-in context or
 * never runs. A bearer token wins over cookies; otherwise the session cookie, and when that is
 * gone (browser restarted) the "keep me signed in" cookie starts a fresh session.
 */
export function authenticate(rt: Runtime) {
  const names = cookieNames(rt.config);
  return async function authenticateHook(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const pctx = publicCtx(rt, req);
    const bearer = bearerOf(req);
    if (bearer !== undefined) {
      if (req.routeOptions.config.auth === 'session') {
        throw new AppError('session_required', 'API tokens cannot change sign-in credentials or sessions; use the web app.');
      }
      req.ctx = await authenticateApiToken(pctx, bearer);
      return;
    }
    const sessionToken = req.cookies[names.session];
    const found = sessionToken ? await authenticateSessionToken(pctx, sessionToken) : undefined;
    if (found) {
      req.ctx = sessionCtx(rt, pctx.request, found);
      return;
    }
    if (sessionToken) clearCookie(reply, rt.config, 'session');
    const rememberCookie = req.cookies[names.remember];
    if (rememberCookie) {
      const restored = await restoreFromDevice(pctx, rememberCookie);
      if (restored.kind === 'restored') {
        setSessionCookie(reply, rt.config, restored.session.token);
        if (restored.device) setRememberCookie(reply, rt.config, restored.device.cookie);
        const again = await authenticateSessionToken(pctx, restored.session.token);
        if (again) {
          req.ctx = sessionCtx(rt, pctx.request, again);
          return;
        }
      } else {
        clearCookie(reply, rt.config, 'remember');
      }
    }
    throw new AppError('unauthenticated', 'Sign in to continue.');
  };
}
