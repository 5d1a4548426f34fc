import { createGunzip } from 'node:zlib';
import { IngestResponse } from '../../../contract/ingest.js';
import type { UsageEventType } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { responses } from '../../http/responses.js';
import type { AppInstance } from '../../http/types.js';
import { MAX_BATCH_BYTES } from './ingest.parse.js';
import type { Ingestion } from './ingest.service.js';

const tags = ['ingestion'];

/** Segment's paths, and the one-letter aliases its browser library uses. */
const ROUTES: readonly [UsageEventType | 'batch', string][] = [
  ['identify', 'i'],
  ['track', 't'],
  ['page', 'p'],
  ['screen', 's'],
  ['group', 'g'],
  ['alias', 'a'],
  ['batch', 'b'],
];

/**
 * The Segment-compatible ingestion API: an SDK pointed at Candor's host works unchanged. Called
 * cross-site by design (a write key, not a cookie, authenticates it), so the CSRF check is off and
 * CORS answers for the source's allowed origins. Bodies may be `application/json` or `text/plain`
 * (what browser libraries send to avoid a preflight), optionally gzip-compressed; the 500 KB limit
 * applies to the decompressed body.
 */
export function ingestRoutes(app: AppInstance, ingestion: Ingestion): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string', bodyLimit: MAX_BATCH_BYTES }, parseJson);
  app.addHook('preParsing', async (req, _reply, payload) => {
    const encoding = req.headers['content-encoding']?.toLowerCase();
    if (encoding === undefined || encoding === 'identity') return payload;
    if (encoding !== 'gzip') throw new AppError('unsupported_media_type', `Content-Encoding ${encoding.slice(0, 40)} is not supported; send gzip or no encoding.`);
    const gunzip = createGunzip();
    // Fastify counts the decompressed bytes against the body limit (a zip bomb stops at 500 KB).
    Object.defineProperty(gunzip, 'receivedEncodedLength', { get: () => gunzip.bytesWritten });
    gunzip.on('error', () => gunzip.destroy(new AppError('validation_failed', 'body: the gzip stream is corrupt.')));
    payload.pipe(gunzip);
    return gunzip;
  });

  app.options('/v1/*', { schema: { hide: true }, config: { csrf: false } }, async (req, reply) => {
    const origin = req.headers.origin;
    if (origin) {
      // The preflight cannot know the key (it travels in the body or the Authorization header the
      // preflight leaves out); the real request is checked against the source's origins.
      reply.headers({
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'Content-Type, Authorization, Content-Encoding',
        'access-control-max-age': '86400',
        vary: 'Origin',
      });
    }
    return reply.code(204).send();
  });

  for (const [type, alias] of ROUTES) {
    for (const url of [`/v1/${type}`, `/v1/${alias}`]) {
      app.post(
        url,
        {
          schema: {
            tags,
            summary: url.length > 5 ? `Segment ${type} call` : `Segment ${type} call (short path of the browser library)`,
            hide: url.length <= 5,
            response: responses({ 200: IngestResponse }),
          },
          config: { csrf: false },
          bodyLimit: MAX_BATCH_BYTES,
        },
        async (req, reply) => {
          const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
          const result = await ingestion.ingest({
            route: type,
            body: req.body,
            authorization: req.headers.authorization,
            origin,
            userAgent: String(req.headers['user-agent'] ?? ''),
            ip: req.ip,
            doNotTrack: req.headers.dnt === '1',
            globalPrivacyControl: req.headers['sec-gpc'] === '1',
            requestId: req.id,
          });
          if (result.allowOrigin) reply.headers({ 'access-control-allow-origin': result.allowOrigin, vary: 'Origin' });
          if (result.accepted === 0 && result.rejected.some((r) => !r.reason.startsWith('not stored:'))) {
            throw new AppError('validation_failed', result.rejected.map((r) => (type === 'batch' ? `batch[${r.index}] ${r.reason}` : r.reason)).join('; ').slice(0, 2000), { rejected: result.rejected }, result.allowOrigin ? { 'access-control-allow-origin': result.allowOrigin, vary: 'Origin' } : undefined);
          }
          return { success: true as const, accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected };
        },
      );
    }
  }
}
