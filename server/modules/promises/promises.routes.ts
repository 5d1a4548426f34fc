import { CookieDeclaration, PromiseList } from '../../../contract/promises.js';
import type { Runtime } from '../../context.js';
import { responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { authorize } from '../access/access.policy.js';
import { cookieDeclaration } from '../../privacy/cookies.js';
import { promiseCoverage } from '../../privacy/promise-coverage.js';

/** The promise registry with the tests that prove each promise (scanned once per process). */
export function promiseRoutes(app: AppInstance, _rt: Runtime): void {
  let cached: ReturnType<typeof promiseCoverage> | undefined;
  app.get('/api/v1/promises', { schema: { tags: ['privacy'], summary: 'Which privacy promises Candor keeps, and the tests that prove it', response: responses({ 200: PromiseList }) } }, async (req) => {
    authorize(ctxOf(req), 'promise:read');
    cached ??= promiseCoverage();
    return cached;
  });
}

/**
 * The cookie declaration (P16), public: a customer links to it from their own policy, and a
 * security reviewer reads it before anyone has an account.
 */
export function cookieDeclarationRoutes(app: AppInstance, rt: Runtime): void {
  const declaration = cookieDeclaration(rt.config);
  app.get(
    '/api/v1/cookies',
    { schema: { tags: ['privacy'], summary: 'Every cookie Candor sets and every key its tag stores: category, purpose, lifetime, party', response: responses({ 200: CookieDeclaration }) } },
    async () => declaration,
  );
}
