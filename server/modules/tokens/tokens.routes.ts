import { IdParam } from '../../../contract/common.js';
import { CreatedToken, CreateTokenBody, TokenList, TokenListQuery } from '../../../contract/tokens.js';
import type { Runtime } from '../../context.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { createApiToken, listApiTokens, revokeApiToken } from './tokens.service.js';

const tags = ['tokens'];

/** API tokens. Creating one needs a browser session: a token cannot mint more tokens. */
export function tokenRoutes(app: AppInstance, _rt: Runtime): void {
  app.get('/api/v1/tokens', { schema: { tags, summary: 'My API tokens (or all, for admins)', querystring: TokenListQuery, response: responses({ 200: TokenList }) } }, async (req) => ({
    items: await listApiTokens(ctxOf(req), req.query.scope),
  }));
  app.post(
    '/api/v1/tokens',
    { schema: { tags, summary: 'Create an API token (shown once)', body: CreateTokenBody, response: responses({ 201: CreatedToken }) }, config: { auth: 'session' } },
    async (req, reply) => reply.code(201).send(await createApiToken(ctxOf(req), req.body)),
  );
  app.delete('/api/v1/tokens/:id', { schema: { tags, summary: 'Revoke an API token', params: IdParam, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await revokeApiToken(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}
