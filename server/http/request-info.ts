import type { FastifyRequest } from 'fastify';
import type { PublicCtx, RequestInfo, Runtime } from '../context.js';
import { normaliseIp } from '../lib/ip.js';

/**
 * Who is calling, as far as the server can tell. `req.ip` honours `TRUST_PROXY` only: with the
 * default (trust nobody) a client cannot spoof its address with `X-Forwarded-For`.
 */
export function requestInfo(req: FastifyRequest): RequestInfo {
  const ua = req.headers['user-agent'];
  return { ip: normaliseIp(req.ip), userAgent: typeof ua === 'string' ? ua.slice(0, 512) : '', requestId: String(req.id) };
}

export function publicCtx(rt: Runtime, req: FastifyRequest): PublicCtx {
  return { rt, db: rt.database.db, request: requestInfo(req) };
}
