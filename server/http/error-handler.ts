import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, ERROR_CODES, type ErrorCode } from '../errors.js';

/** Answers `{ error: { code, message, details? } }` with the code's status: the API's one error shape. */
export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details?: Record<string, unknown>, headers?: Record<string, string>) {
  return send(reply, code, message, details, headers);
}

function send(reply: FastifyReply, code: ErrorCode, message: string, details?: Record<string, unknown>, headers?: Record<string, string>) {
  if (headers) reply.headers(headers);
  return reply.code(ERROR_CODES[code].status).type('application/json; charset=utf-8').send({ error: { code, message, ...(details ? { details } : {}) } });
}

interface Issue {
  path: string;
  message: string;
}

/**
 * `body.email: must be an email address` — the place and the reason, for a person to act on. A
 * field the request does not take is named at its own path (`body.nmae: is not a field …`), so a
 * typo is not silently ignored and the message says which.
 */
function issuesOf(err: FastifyError): Issue[] {
  const where = err.validationContext ?? 'request';
  return (err.validation ?? []).flatMap((v) => {
    // fastify-type-provider-zod hands each zod issue over as an Ajv-shaped error: its code as
    // `keyword`, its path as `instancePath`, the rest of it (`keys`, …) as `params`.
    const raw = v as unknown as { keyword?: string; instancePath?: string; message?: string; params?: { keys?: string[] } };
    const path = (raw.instancePath ?? '').split('/').filter(Boolean);
    if (raw.keyword === 'unrecognized_keys' && raw.params?.keys) {
      return raw.params.keys.map((key) => ({ path: [where, ...path, key].join('.'), message: `is not a field ${where === 'body' ? 'this request takes' : 'of this request'}; remove it (or check its spelling)` }));
    }
    return [{ path: [where, ...path].join('.'), message: raw.message ?? 'is not valid' }];
  });
}

/**
 * The one error handler: an AppError answers with its registry status; validation and parser
 * errors become 400/413/415 with the reason; anything else is a bug and answers a fixed 500 body
 * (no stack, no SQL) while the log keeps the details under the request id.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) return send(reply, err.code, err.message, err.details, err.headers);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = issuesOf(err);
      return send(reply, 'validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return send(reply, 'internal_error', `Something went wrong on our side. Quote request id ${req.id} when reporting it.`);
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, 'unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 'payload_too_large', 'The request body is too large for this endpoint.');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, 'validation_failed', 'body: is empty; send a JSON object.');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        // Also what secure-json-parse answers for __proto__ and constructor.prototype keys.
        return send(reply, 'validation_failed', 'body: is not valid JSON, or uses a forbidden key (__proto__, constructor).');
      case 'FST_ERR_VALIDATION':
        return send(reply, 'validation_failed', err.message);
    }
    if (err.statusCode === 429) return send(reply, 'rate_limited', 'Too many requests. Wait a moment and try again.');
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return send(reply, 'validation_failed', err.message);
    req.log.error({ err }, 'unhandled error');
    return send(reply, 'internal_error', `Something went wrong on our side. Quote request id ${req.id} when reporting it.`);
  });

  app.setNotFoundHandler((req, reply) => send(reply, 'not_found', `No route ${req.method} ${req.url.split('?')[0]}.`));
}
