import { IdParam } from '../../../contract/common.js';
import { SalesRepBody, SalesRepList, SalesRepView, UpdateSalesRepBody } from '../../../contract/members.js';
import type { Runtime } from '../../context.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { changeSalesRep, createSalesRep, getSalesRep, listWorkspaceSalesReps, removeSalesRep } from './sales-reps.service.js';

const tags = ['sales reps'];

export function salesRepRoutes(app: AppInstance, _rt: Runtime): void {
  app.get('/api/v1/sales-reps', { schema: { tags, summary: 'Sales reps (people without a login)', response: responses({ 200: SalesRepList }) } }, async (req) => ({
    items: await listWorkspaceSalesReps(ctxOf(req)),
  }));
  app.get('/api/v1/sales-reps/:id', { schema: { tags, summary: 'One sales rep', params: IdParam, response: responses({ 200: SalesRepView }) } }, async (req) =>
    getSalesRep(ctxOf(req), req.params.id),
  );
  app.post('/api/v1/sales-reps', { schema: { tags, summary: 'Add a sales rep', body: SalesRepBody, response: responses({ 201: SalesRepView }) } }, async (req, reply) =>
    reply.code(201).send(await createSalesRep(ctxOf(req), req.body)),
  );
  app.patch(
    '/api/v1/sales-reps/:id',
    { schema: { tags, summary: 'Edit a sales rep', params: IdParam, body: UpdateSalesRepBody, response: responses({ 200: SalesRepView }) } },
    async (req) => changeSalesRep(ctxOf(req), req.params.id, req.body),
  );
  app.delete('/api/v1/sales-reps/:id', { schema: { tags, summary: 'Delete a sales rep', params: IdParam, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await removeSalesRep(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}
