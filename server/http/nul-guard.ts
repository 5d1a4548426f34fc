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
  // A NUL reaches a URL only as %00: HTTP parsing refuses a raw one.
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

/**
 * The path of the first string or key holding a NUL in parsed JSON; undefined when there is none.
 * Only arrays and plain objects are walked (a route whose body is a stream, as the CSV upload's,
 * has nothing to check here), with a stack of its own, since a body may nest deeper than the call
 * stack goes.
 */
export function nulAt(value: unknown, path: string): string | undefined {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [v, at] = stack.pop() as [unknown, string];
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return at;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}.${i}`]);
    } else if (isPlainObject(v)) {
      const entries = Object.entries(v);
      for (const [key] of entries) if (key.includes('\u0000')) return `${at} (a key)`;
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        stack.push([child, `${at}.${key}`]);
      }
    }
  }
  return undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
