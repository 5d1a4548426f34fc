import { z } from 'zod';
import { IdParam } from '../../../contract/common.js';
import { ContactCount, ContactCountQuery, ContactList, ContactListQuery, ContactView, CreateContactBody, LinkContactBody, UpdateContactBody } from '../../../contract/contacts.js';
import type { Runtime } from '../../context.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { countContacts, createContact, deleteContact, getContact, linkContact, listContacts, unlinkContact, updateContact } from './contacts.service.js';

const tags = ['contacts'];
const LinkParams = z.object({ id: z.string().min(1).max(64), contactId: z.string().min(1).max(64) });

export function contactRoutes(app: AppInstance, _rt: Runtime): void {
  app.get('/api/v1/contacts', { schema: { tags, summary: 'Contacts you can see', querystring: ContactListQuery, response: responses({ 200: ContactList }) } }, async (req) =>
    listContacts(ctxOf(req), req.query),
  );
  app.get(
    '/api/v1/contacts/count',
    { schema: { tags, summary: 'How many contacts you can see, matching a search and/or of one client', querystring: ContactCountQuery, response: responses({ 200: ContactCount }) } },
    async (req) => countContacts(ctxOf(req), req.query),
  );
  app.post('/api/v1/contacts', { schema: { tags, summary: 'Add a contact', body: CreateContactBody, response: responses({ 201: ContactView }) } }, async (req, reply) =>
    reply.code(201).send(await createContact(ctxOf(req), req.body)),
  );
  app.get('/api/v1/contacts/:id', { schema: { tags, summary: 'A contact’s full record (the read is audited)', params: IdParam, response: responses({ 200: ContactView }) } }, async (req) =>
    getContact(ctxOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/contacts/:id',
    { schema: { tags, summary: 'Change a contact', params: IdParam, body: UpdateContactBody, response: responses({ 200: ContactView }) } },
    async (req) => updateContact(ctxOf(req), req.params.id, req.body),
  );
  app.delete('/api/v1/contacts/:id', { schema: { tags, summary: 'Delete a contact', params: IdParam, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await deleteContact(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
  app.put(
    '/api/v1/clients/:id/contacts/:contactId',
    { schema: { tags, summary: 'Link a contact to a client, with roles', params: LinkParams, body: LinkContactBody, response: responses({ 200: ContactView }) } },
    async (req) => linkContact(ctxOf(req), req.params.id, req.params.contactId, req.body),
  );
  app.delete(
    '/api/v1/clients/:id/contacts/:contactId',
    { schema: { tags, summary: 'Unlink a contact from a client', params: LinkParams, response: responses({ 204: NoContent }) } },
    async (req, reply) => {
      await unlinkContact(ctxOf(req), req.params.id, req.params.contactId);
      return reply.code(204).send(null);
    },
  );
}
