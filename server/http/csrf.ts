import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery defence for every write that a browser could send with ambient
 * cookies (OWASP CSRF cheat sheet, "Fetch Metadata" then "Origin" fallback). Requests with a bearer
 * token carry no ambient credential and pass. No route mutates state on GET (a test walks the
 * route table to prove it), so safe methods need no check.
 */
export function csrfGuard(config: Config) {
  return async function csrfHook(req: FastifyRequest): Promise<void> {
    if (SAFE_METHODS.has(req.method)) return;
    if (req.routeOptions.config?.csrf === false) return;
    if (req.headers.authorization !== undefined) return;
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string') {
      if (site === 'same-origin' || site === 'none') return;
      throw new AppError('csrf_rejected', 'This request came from another site and was refused. Use Candor from its own address.');
    }
    const origin = req.headers.origin;
    if (typeof origin === 'string') {
      if (origin === config.publicUrl || origin === `${req.protocol}://${req.host}`) return;
      throw new AppError('csrf_rejected', `Requests from ${origin.slice(0, 100)} are refused. Use Candor from ${config.publicUrl}.`);
    }
    throw new AppError(
      'csrf_rejected',
      'A write from a browser must carry Sec-Fetch-Site or Origin. Scripts should use an API token (Authorization: Bearer).',
    );
  };
}
