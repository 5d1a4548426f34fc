import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Refuses a request whose path, query or JSON body holds a NUL character (U+0000), naming where.
 * No name, id or search term means to hold one, and PostgreSQL can neither store nor compare text
 * that does: the driver's error would otherwise end as a 500 (found with a search for `a%00b`).
 * SQLite would store it, and the data would then not move to PostgreSQL.
 *
 * The ingestion routes check their own bodies: each event is judged alone there, and a NUL inside
 * an event's properties is harmless (stored as JSON, where it is escaped).
 */
const MESSAGE = 'must not contain a NUL character (\\u0000)';

/** onRequest: the path and the query string, before routing reads an id from them. */
export async function refuseNulInUrl(req: FastifyRequest): Promise<void> {
  // %00 in any case of hex digits is the same byte; a raw NUL cannot reach here through HTTP parsing.
  if (/%00/.test(req.url)) {
    const where = req.url.indexOf('?') >= 0 && req.url.indexOf('%00') > req.url.indexOf('?') ? 'query' : 'path';
    throw new AppError('validation_failed', `${where}: ${MESSAGE}.`, { issues: [{ path: where, message: MESSAGE }] });
  }
}

/** preValidation: every string and key of a parsed JSON body. */
export async function refuseNulInBody(req: FastifyRequest): Promise<void> {
  const path = nulAt(req.body, 'body');
  if (path !== undefined) throw new AppError('validation_failed', `${path}: ${MESSAGE}.`, { issues: [{ path, message: MESSAGE }] });
}

/** The path of the first string or key holding a NUL, depth first; undefined when there is none. */
export function nulAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulAt(value[i], `${path}.${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, v] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path} (a key)`;
    const found = nulAt(v, `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
