import { IdParam } from '../../../contract/common.js';
import { BulkUpdateClientsBody, BulkUpdateResult, ClientView, CreateClientBody, UpdateClientBody } from '../../../contract/clients.js';
import type { Runtime } from '../../context.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { bulkUpdateClients, createClient, deleteClient, getClient, updateClient } from './clients.service.js';

const tags = ['clients'];

export function clientRoutes(app: AppInstance, _rt: Runtime): void {
  app.post('/api/v1/clients', { schema: { tags, summary: 'Add a client', body: CreateClientBody, response: responses({ 201: ClientView }) } }, async (req, reply) =>
    reply.code(201).send(await createClient(ctxOf(req), req.body)),
  );
  app.get('/api/v1/clients/:id', { schema: { tags, summary: 'One client: the header of its 360 page', params: IdParam, response: responses({ 200: ClientView }) } }, async (req) =>
    getClient(ctxOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/clients/:id',
    { schema: { tags, summary: 'Change a client', params: IdParam, body: UpdateClientBody, response: responses({ 200: ClientView }) } },
    async (req) => updateClient(ctxOf(req), req.params.id, req.body),
  );
  app.delete('/api/v1/clients/:id', { schema: { tags, summary: 'Delete a client with its timeline and tasks', params: IdParam, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await deleteClient(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
  app.post(
    '/api/v1/clients/bulk-update',
    { schema: { tags, summary: 'Change status, tier, CSM, sales rep or tags of many clients', body: BulkUpdateClientsBody, response: responses({ 200: BulkUpdateResult }) } },
    async (req) => bulkUpdateClients(ctxOf(req), req.body),
  );
}
