import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Runtime } from './context.js';
import { AppError } from './errors.js';
import { authenticate } from './http/authenticate.js';
import { csrfGuard } from './http/csrf.js';
import { refuseNulInUrl, refuseUnreadableBody } from './http/body-guard.js';
import { openApiTransform } from './http/openapi.js';
import { bodyDeadline, httpServerOptions } from './http/timeouts.js';
import { registerErrorHandler, sendError } from './http/error-handler.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import type { AppInstance } from './http/types.js';
import { authorize } from './modules/access/access.policy.js';
import { accountRoutes } from './modules/account/account.routes.js';
import { auditAdminRoutes } from './modules/audit/audit.routes.js';
import { authAppRoutes, authPublicRoutes } from './modules/auth/auth.routes.js';
import { inviteAdminRoutes, invitePublicRoutes } from './modules/invites/invites.routes.js';
import { outboxAdminRoutes } from './modules/mail/mail.routes.js';
import { memberAdminRoutes, memberRoutes } from './modules/members/members.routes.js';
import { opsRoutes } from './modules/ops/ops.routes.js';
import { cookieDeclarationRoutes, promiseRoutes } from './modules/promises/promises.routes.js';
import { salesRepRoutes } from './modules/sales-reps/sales-reps.routes.js';
import { tokenRoutes } from './modules/tokens/tokens.routes.js';
import { setupRoutes, workspaceAdminRoutes, workspaceRoutes } from './modules/workspaces/workspaces.routes.js';
import { clientRoutes } from './modules/clients/clients.routes.js';
import { contactRoutes } from './modules/contacts/contacts.routes.js';
import { customFieldAdminRoutes, customFieldRoutes } from './modules/custom-fields/custom-fields.routes.js';
import { clientGridRoutes } from './modules/grid/client-grid.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { segmentRoutes } from './modules/segments/segments.routes.js';
import { taskRoutes } from './modules/tasks/tasks.routes.js';
import { teamAdminRoutes, teamRoutes } from './modules/teams/teams.routes.js';
import { timelineRoutes } from './modules/timeline/timeline.routes.js';
import { importRoutes } from './modules/imports/imports.routes.js';
import { ingestRoutes, tagRoutes } from './modules/ingest/ingest.routes.js';
import { usageAdminRoutes, usageRoutes } from './modules/usage/usage.routes.js';
import { usageColumns } from './modules/usage/usage.columns.js';
import { registerClientColumns } from './modules/grid/client-columns.repo.js';
import { ensureUsagePartitions } from './modules/ingest/ingest.partitions.js';
import { Ingestion } from './modules/ingest/ingest.service.js';
import type { EventSink } from './modules/ingest/ingest.writer.js';
import { repoRoot } from './privacy/promise-coverage.js';
import { ctxOf } from './http/types.js';

/** One registered route and the scope that protects it: what the route-inventory tests walk. */
export interface RouteInfo {
  readonly method: string;
  readonly url: string;
  /** 'unscoped': registered on the root (API docs, static files); the inventory test allow-lists these. */
  readonly scope: 'unscoped' | 'public' | 'app' | 'admin';
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its scope, recorded as routes are added. */
    candorRoutes: RouteInfo[];
  }
}

export interface AppOptions {
  /** The first-run setup code printed in the log; required for setup from another machine. */
  readonly setupCode: string;
  /** Where the built SPA lives; defaults to `dist/web` in the repository. */
  readonly webRoot?: string;
  /** Where the built tracking tag lives; defaults to `dist/tracker` in the repository. */
  readonly trackerRoot?: string;
  /** Where accepted usage events go; defaults to the group-commit writer (bench B1's HTTP ceiling passes one that stores nothing). */
  readonly eventSink?: EventSink;
}

/**
 * Builds the HTTP app with its three encapsulated scopes. A route's protection is where it is
 * registered: `public` (sign-in, setup, health), `app` (any signed-in member; the authentication
 * hook runs before every route in it) and `admin` (owners and admins; a second hook checks the
 * permission). Nothing else grants access.
 */
export async function buildApp(rt: Runtime, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: rt.log as FastifyBaseLogger,
    trustProxy: rt.config.trustProxy === false ? false : rt.config.trustProxy,
    bodyLimit: 256 * 1024,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200 },
    // The router refuses a malformed path (a bad %-escape, invalid UTF-8) or an over-long part of
    // one before any hook runs; answered here in the API's one error shape rather than Fastify's.
    frameworkErrors: (err, _req, reply) => {
      const message =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'is longer than 200 characters in one part; ids are at most 64'
          : 'is not a valid URL: a %-escape is malformed or does not decode to UTF-8';
      return sendError(reply, 'validation_failed', `path: ${message}.`, { issues: [{ path: 'path', message }] });
    },
    requestIdHeader: false,
    // Fastify sets these two on the server itself, overriding what the server options say.
    requestTimeout: rt.config.http.requestTimeoutMs,
    keepAliveTimeout: rt.config.http.keepAliveTimeoutMs,
    ...(rt.config.tls
      ? { https: { cert: readFileSync(rt.config.tls.certFile), key: readFileSync(rt.config.tls.keyFile), ...httpServerOptions(rt.config) } }
      : { http: httpServerOptions(rt.config) }),
  }).withTypeProvider<ZodTypeProvider>();

  // A route in the admin scope also passes the app scope's hook (hooks are inherited), so the
  // innermost scope wins by rank whatever order the hooks run in.
  const routes = new Map<string, RouteInfo>();
  const rank = { unscoped: 0, public: 1, app: 2, admin: 3 } as const;
  app.decorate('candorRoutes', { getter: () => [...routes.values()] });
  const record = (scope: RouteInfo['scope']) => (route: { method: string | string[]; url: string }) => {
    for (const method of [route.method].flat()) {
      const key = `${method} ${route.url}`;
      const known = routes.get(key);
      if (method !== 'HEAD' && (!known || rank[known.scope] < rank[scope])) routes.set(key, { method, url: route.url, scope });
    }
  };

  app.addHook('onRoute', record('unscoped'));
  // JSON only: a text/plain body is what a cross-site HTML form can send without a preflight.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  await registerSecurityHeaders(app, rt.config);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) =>
      new AppError('rate_limited', `Too many requests. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`, { retryAfterSeconds: Math.ceil(context.ttl / 1000) }),
  });
  await app.register(swagger, {
    openapi: {
      // 3.1: its schemas are JSON Schema 2020-12, which can say "a string, a number or null";
      // 3.0's `nullable` cannot stand beside `anyOf` (a filter value, a custom field's value).
      openapi: '3.1.0',
      info: {
        title: 'Candor API',
        version: '1',
        description: 'Self-hostable customer success platform. Authenticate with a session cookie (the web app) or `Authorization: Bearer <API token>`.',
        license: { name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' },
      },
      servers: [{ url: rt.config.publicUrl, description: 'This deployment' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: openApiTransform,
    // Schemas with an id in zod's registry (the recursive filter group) become components that
    // the operations refer to; without this the references pointed at nothing.
    transformObject: jsonSchemaTransformObject,
  });
  // Graceful shutdown: once close() begins, answers in flight tell keep-alive clients to hang up,
  // so the server can finish them and stop without cutting anyone off mid-response.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_req, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  bodyDeadline(app, rt.config.http.bodyTimeoutMs);
  app.addHook('onRequest', csrfGuard(rt.config));
  app.addHook('onRequest', refuseNulInUrl);
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    rt.metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    rt.metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  await app.register(async (pub) => {
    const scope = pub.withTypeProvider<ZodTypeProvider>() as AppInstance;
    scope.addHook('onRoute', record('public'));
    scope.addHook('preValidation', refuseUnreadableBody);
    opsRoutes(scope, rt);
    setupRoutes(scope, rt, options.setupCode);
    authPublicRoutes(scope, rt);
    invitePublicRoutes(scope, rt);
    cookieDeclarationRoutes(scope, rt);
    scope.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  });

  // Product-usage ingestion, in its own scope: it reads text/plain and gzip bodies, which the
  // rest of the API refuses. Accepted events still queued at shutdown are committed first.
  registerClientColumns(usageColumns);
  const ingestion = new Ingestion(rt, options.eventSink);
  await ensureUsagePartitions(rt.database.db, rt.clock.now(), (msg, err) => rt.log.warn({ err }, msg));
  app.addHook('onClose', async () => ingestion.close());
  await app.register(async (ingest) => {
    const scope = ingest.withTypeProvider<ZodTypeProvider>() as AppInstance;
    scope.addHook('onRoute', record('public'));
    ingestRoutes(scope, ingestion);
    tagRoutes(scope, options.trackerRoot ?? join(repoRoot(), 'dist', 'tracker'));
  });

  await app.register(async (appScope) => {
    const scope = appScope.withTypeProvider<ZodTypeProvider>() as AppInstance;
    scope.addHook('onRoute', record('app'));
    scope.addHook('onRequest', authenticate(rt));
    scope.addHook('preValidation', refuseUnreadableBody);
    authAppRoutes(scope, rt);
    accountRoutes(scope, rt);
    memberRoutes(scope, rt);
    salesRepRoutes(scope, rt);
    tokenRoutes(scope, rt);
    workspaceRoutes(scope, rt);
    promiseRoutes(scope, rt);
    // Grid routes first: /api/v1/clients/columns and /query must not be read as client ids.
    clientGridRoutes(scope, rt);
    clientRoutes(scope, rt);
    contactRoutes(scope, rt);
    timelineRoutes(scope, rt);
    taskRoutes(scope, rt);
    segmentRoutes(scope, rt);
    searchRoutes(scope, rt);
    customFieldRoutes(scope, rt);
    teamRoutes(scope, rt);
    await importRoutes(scope, rt);
    usageRoutes(scope, rt);

    await scope.register(async (adminScope) => {
      const admin = adminScope.withTypeProvider<ZodTypeProvider>() as AppInstance;
      admin.addHook('onRoute', record('admin'));
      // onRequest, after the parent's authentication hook and before body validation, so a lower role learns nothing.
      admin.addHook('onRequest', async (req) => authorize(ctxOf(req), 'workspace:administer'));
      memberAdminRoutes(admin, rt);
      inviteAdminRoutes(admin, rt);
      workspaceAdminRoutes(admin, rt);
      auditAdminRoutes(admin, rt);
      outboxAdminRoutes(admin, rt);
      customFieldAdminRoutes(admin, rt);
      teamAdminRoutes(admin, rt);
      usageAdminRoutes(admin, ingestion);
    });
  });

  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false, uiConfig: { docExpansion: 'list', deepLinking: true } });
  await registerWeb(app, options.webRoot ?? join(repoRoot(), 'dist', 'web'));
  return app;
}

/**
 * Serves the built SPA; any other GET that is not an API path gets index.html so client-side
 * routes load. Hashed assets are cached for a year; index.html never.
 */
async function registerWeb(app: FastifyInstance, webRoot: string): Promise<void> {
  const index = join(webRoot, 'index.html');
  if (!existsSync(index)) {
    app.log.warn({ webRoot }, 'the web app is not built; run `npm run build`');
    return;
  }
  await app.register(fastifyStatic, {
    root: webRoot,
    wildcard: false,
    index: false,
    setHeaders: (res, path) => {
      res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const html = readFileSync(index, 'utf8');
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || /\.[a-z0-9]+$/i.test(path)) throw new AppError('not_found', `No route GET ${path}.`);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
}
