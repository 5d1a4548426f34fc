import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Runtime } from '../../context.js';
import { AppError } from '../../errors.js';
import type { AppInstance } from '../../http/types.js';
import { checkReadiness, metricsText } from './ops.service.js';

const Health = z.object({ status: z.literal('ok') });
const Ready = z.object({ status: z.enum(['ready', 'not_ready']), checks: z.object({ database: z.string(), migrations: z.string() }) });

function sameSecret(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Liveness, readiness and Prometheus metrics for operators and orchestrators. */
export function opsRoutes(app: AppInstance, rt: Runtime): void {
  app.get('/healthz', { schema: { tags: ['ops'], summary: 'The process is alive', response: { 200: Health } } }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', { schema: { tags: ['ops'], summary: 'The database answers and its schema is current', response: { 200: Ready, 503: Ready } } }, async (_req, reply) => {
    const { ready, checks } = await checkReadiness(rt);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });

  // Not public: /metrics answers only with the METRICS_TOKEN bearer, and does not exist without one.
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    const token = rt.config.metricsToken;
    if (!token) throw new AppError('not_found', 'Metrics are off. Set METRICS_TOKEN to serve them.');
    const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!sameSecret(given, token)) throw new AppError('unauthenticated', 'Send the METRICS_TOKEN as a bearer token.');
    return reply.type(rt.metrics.registry.contentType).send(await metricsText(rt));
  });
}
