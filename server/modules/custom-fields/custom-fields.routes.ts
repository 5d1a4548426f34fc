import { IdParam } from '../../../contract/common.js';
import { CreateCustomFieldBody, CustomFieldList, CustomFieldListQuery, CustomFieldView, UpdateCustomFieldBody } from '../../../contract/custom-fields.js';
import type { Runtime } from '../../context.js';
import { responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { changeField, createField, listFieldViews } from './custom-fields.service.js';

const tags = ['custom fields'];

export function customFieldRoutes(app: AppInstance, _rt: Runtime): void {
  app.get(
    '/api/v1/custom-fields',
    { schema: { tags, summary: 'Custom fields of clients or contacts', querystring: CustomFieldListQuery, response: responses({ 200: CustomFieldList }) } },
    async (req) => ({ items: await listFieldViews(ctxOf(req), req.query.entity, req.query.archived === 'include') }),
  );
}

/** Defining fields: owners and admins. */
export function customFieldAdminRoutes(app: AppInstance, _rt: Runtime): void {
  app.post('/api/v1/custom-fields', { schema: { tags, summary: 'Add a custom field', body: CreateCustomFieldBody, response: responses({ 201: CustomFieldView }) } }, async (req, reply) =>
    reply.code(201).send(await createField(ctxOf(req), req.body)),
  );
  app.patch(
    '/api/v1/custom-fields/:id',
    { schema: { tags, summary: 'Rename, reorder, change options, or archive a field', params: IdParam, body: UpdateCustomFieldBody, response: responses({ 200: CustomFieldView }) } },
    async (req) => changeField(ctxOf(req), req.params.id, req.body),
  );
}
