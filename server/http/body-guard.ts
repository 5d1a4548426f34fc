import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { jsonProblemAt, NUL_MESSAGE } from '../lib/json.js';

/**
 * Refuses what no route means to take, before any validator or service reads it, naming where:
 *
 * - A NUL character (U+0000) in the path, the query or a JSON body. No name, id or search term
 *   means to hold one, and PostgreSQL can neither store nor compare text that does: the driver's
 *   error would otherwise end as a 500 (found with a search for `a%00b`). SQLite would store it,
 *   and the data would then not move to PostgreSQL.
 * - A JSON body nested deeper than `MAX_JSON_DEPTH`. The JSON parser takes any depth, but the
 *   schemas and walkers after it recurse: a filter nested a hundred thousand levels overflowed the
 *   call stack as a 500. No body of this API nests more than a dozen levels.
 *
 * The ingestion routes check their own bodies with `jsonProblemAt`: each event is judged alone
 * there, and a NUL inside an event's properties is harmless (`storableJson` drops it).
 */
const NUL = NUL_MESSAGE;

/** onRequest: the path and the query string, before routing reads an id from them. */
export async function refuseNulInUrl(req: FastifyRequest): Promise<void> {
  // A NUL reaches a URL only as %00: HTTP parsing refuses a raw one.
  if (/%00/.test(req.url)) {
    const where = req.url.indexOf('?') >= 0 && req.url.indexOf('%00') > req.url.indexOf('?') ? 'query' : 'path';
    throw new AppError('validation_failed', `${where}: ${NUL}.`, { issues: [{ path: where, message: NUL }] });
  }
}

/** preValidation: every string, key and level of a parsed JSON body. */
export async function refuseUnreadableBody(req: FastifyRequest): Promise<void> {
  const problem = jsonProblemAt(req.body, 'body', { nul: true });
  if (problem) throw new AppError('validation_failed', `${problem.path}: ${problem.message}.`, { issues: [problem] });
}
