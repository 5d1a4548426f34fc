import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Ctx } from '../context.js';

/** The Fastify instance every module registers its routes on: typed by the zod provider. */
export type AppInstance = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** Per-route options read by the hooks in this folder. */
export interface RouteConfig {
  /** 'session': browser sessions only; API tokens get 403 session_required (credential and session changes). */
  auth?: 'session';
  /** false: skip the cross-site write check (for endpoints meant to be called cross-site, such as ingestion). */
  csrf?: false;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the app scope's authentication hook; undefined in the public scope. */
    ctx: Ctx | undefined;
  }
  interface FastifyContextConfig {
    auth?: 'session';
    csrf?: false;
  }
}

/** The request's context, for handlers in the app scope (where the hook guarantees it). */
export function ctxOf(req: { ctx: Ctx | undefined }): Ctx {
  if (!req.ctx) throw new Error('ctxOf() called outside the authenticated scope');
  return req.ctx;
}
