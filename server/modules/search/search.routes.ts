import { SearchQuery, SearchResults } from '../../../contract/search.js';
import type { Runtime } from '../../context.js';
import { responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { searchEverything } from './search.service.js';

export function searchRoutes(app: AppInstance, _rt: Runtime): void {
  app.get('/api/v1/search', { schema: { tags: ['search'], summary: 'Clients and contacts matching a name, email or domain', querystring: SearchQuery, response: responses({ 200: SearchResults }) } }, async (req) =>
    searchEverything(ctxOf(req), req.query.q, req.query.limit),
  );
}
