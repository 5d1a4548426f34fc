import { z } from 'zod';
import { ClientList, ClientListQuery } from '../../../contract/clients.js';
import { ExportBody, GridColumns, GridCount, GridCountBody, GridPage, GridQueryBody } from '../../../contract/grid.js';
import type { Runtime } from '../../context.js';
import { responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { listClientSummaries } from '../search/search.service.js';
import { countClientGrid, exportClientsCsv, listClientColumns, queryClientGrid } from './client-grid.service.js';

const tags = ['clients'];

export function clientGridRoutes(app: AppInstance, rt: Runtime): void {
  app.get('/api/v1/clients', { schema: { tags, summary: 'Clients you can see (simple list)', querystring: ClientListQuery, response: responses({ 200: ClientList }) } }, async (req) =>
    listClientSummaries(ctxOf(req), req.query),
  );
  app.get('/api/v1/clients/columns', { schema: { tags, summary: 'Every column of the client grid, with its filter operators', response: responses({ 200: GridColumns }) } }, async (req) => ({
    items: await listClientColumns(ctxOf(req)),
  }));
  // A read with a structured body (filter trees do not fit a query string); it changes nothing.
  app.post(
    '/api/v1/clients/query',
    { schema: { tags, summary: 'One page of the client grid: segment, filter, sort, columns', body: GridQueryBody, response: responses({ 200: GridPage }) } },
    async (req) => queryClientGrid(ctxOf(req), req.body),
  );
  app.post(
    '/api/v1/clients/count',
    { schema: { tags, summary: 'How many clients a segment and/or filter holds (the grid’s total, on its own)', body: GridCountBody, response: responses({ 200: GridCount }) } },
    async (req) => countClientGrid(ctxOf(req), req.body),
  );
  app.post(
    '/api/v1/clients/export',
    { schema: { tags, summary: 'The grid as CSV, every matching row (recorded in the audit log)', body: ExportBody, response: responses({ 200: z.string().describe('text/csv') }) } },
    async (req, reply) => {
      const csv = await exportClientsCsv(ctxOf(req), req.body);
      return reply
        .type('text/csv; charset=utf-8')
        // The day comes from the injected clock, like every other time the server writes.
        .header('content-disposition', `attachment; filename="candor-clients-${new Date(rt.clock.now()).toISOString().slice(0, 10)}.csv"`)
        .send(csv);
    },
  );
}
