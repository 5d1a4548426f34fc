import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
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

  // Every answer, errors and 429s included, may be read by the page that sent the request: the
  // write key, not a cookie, authenticates, so there is no ambient credential for CORS to protect,
  // and a tag that cannot read an error would take it for a network failure and retry.
  app.addHook('onSend', async (req, reply) => {
    if (typeof req.headers.origin === 'string') {
      reply.header('access-control-allow-origin', req.headers.origin);
      reply.header('access-control-expose-headers', 'Retry-After');
      reply.header('vary', 'Origin');
    }
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
        async (req) => {
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
          if (result.accepted === 0 && result.rejected.some((r) => !r.reason.startsWith('not stored:'))) {
            throw new AppError('validation_failed', result.rejected.map((r) => (type === 'batch' ? `batch[${r.index}] ${r.reason}` : r.reason)).join('; ').slice(0, 2000), { rejected: result.rejected });
          }
          return { success: true as const, accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected };
        },
      );
    }
  }
}

/**
 * The tracking tag as Candor serves it (`/tag/v1/candor.js`, the page-view build
 * `candor-lite.js`, the consent banner `candor-consent.js`), read once from the build. Cached for an hour, not forever: the file name
 * does not change when a new Candor version changes the tag.
 */
export function tagRoutes(app: AppInstance, trackerRoot: string): void {
  const files = new Map<string, Buffer>();
  for (const name of ['candor.js', 'candor-lite.js', 'candor-consent.js', 'candor.d.ts']) {
    const path = join(trackerRoot, name);
    if (existsSync(path)) files.set(name, readFileSync(path));
  }
  app.get('/tag/v1/:file', { schema: { tags, summary: 'The tracking tag script', params: z.object({ file: z.enum(['candor.js', 'candor-lite.js', 'candor-consent.js', 'candor.d.ts']) }) } }, async (req, reply) => {
    const body = files.get(req.params.file);
    if (!body) throw new AppError('not_found', 'The tracking tag is not built; run `npm run build`.');
    return reply
      .type(req.params.file.endsWith('.ts') ? 'text/plain; charset=utf-8' : 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(body);
  });
  // Global Privacy Control's well-known resource: Candor honours the signal (P18).
  app.get('/.well-known/gpc.json', { schema: { tags, summary: 'Global Privacy Control support', response: { 200: z.object({ gpc: z.literal(true), lastUpdate: z.string() }) } } }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=86400');
    return { gpc: true as const, lastUpdate: GPC_SUPPORT_SINCE };
  });
}

/** The day Candor began honouring GPC, as the GPC spec's `lastUpdate` asks. */
const GPC_SUPPORT_SINCE = '2026-11-29';
