import { z } from 'zod';
import { ErrorBody, IdParam } from '../../../contract/common.js';
import { AppError } from '../../errors.js';
import { ImportList, ImportView, MappingBody, UploadImportQuery } from '../../../contract/imports.js';
import type { Runtime } from '../../context.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { MAX_UPLOAD_BYTES } from './imports.csv.js';
import { discardImport, dryRunImport, getImportView, listImportViews, runImport, setImportMapping, undoImport, uploadImport } from './imports.service.js';

const tags = ['imports'];

/** CSV imports. Registered in their own encapsulated plugin so only the upload route accepts `text/csv`. */
export async function importRoutes(app: AppInstance, _rt: Runtime): Promise<void> {
  await app.register(async (scope) => {
    const uploads = scope as unknown as AppInstance;
    // The body stays a stream: the service stores it piece by piece, never whole in memory.
    uploads.addContentTypeParser(['text/csv', 'application/csv'], (_req, payload, done) => done(null, payload));
    uploads.post(
      '/api/v1/imports',
      {
        schema: {
          tags,
          summary: 'Upload a CSV (raw text/csv body) to import clients or contacts',
          querystring: UploadImportQuery,
          body: z.any().describe('The CSV file itself, Content-Type: text/csv'),
          response: { ...responses({ 201: ImportView }), 413: ErrorBody, 415: ErrorBody },
        },
        bodyLimit: MAX_UPLOAD_BYTES + 1024,
      },
      async (req, reply) => {
        if (!req.body || typeof (req.body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') {
          throw new AppError('unsupported_media_type', 'Send the file as the request body with Content-Type: text/csv.');
        }
        const view = await uploadImport(ctxOf(req), req.query.entity, req.query.fileName, req.body as AsyncIterable<Buffer>);
        return reply.code(201).send(view);
      },
    );
  });
  app.get('/api/v1/imports', { schema: { tags, summary: 'Import history', response: responses({ 200: ImportList }) } }, async (req) => ({ items: await listImportViews(ctxOf(req)) }));
  app.get('/api/v1/imports/:id', { schema: { tags, summary: 'One import: mapping, progress, row errors', params: IdParam, response: responses({ 200: ImportView }) } }, async (req) =>
    getImportView(ctxOf(req), req.params.id),
  );
  app.put(
    '/api/v1/imports/:id/mapping',
    { schema: { tags, summary: 'Map CSV columns to fields and choose how rows match existing records', params: IdParam, body: MappingBody, response: responses({ 200: ImportView }) } },
    async (req) => setImportMapping(ctxOf(req), req.params.id, req.body),
  );
  app.post('/api/v1/imports/:id/dry-run', { schema: { tags, summary: 'Check every row without writing', params: IdParam, response: responses({ 202: ImportView }) } }, async (req, reply) =>
    reply.code(202).send(await dryRunImport(ctxOf(req), req.params.id)),
  );
  app.post('/api/v1/imports/:id/run', { schema: { tags, summary: 'Import the rows', params: IdParam, response: responses({ 202: ImportView }) } }, async (req, reply) =>
    reply.code(202).send(await runImport(ctxOf(req), req.params.id)),
  );
  app.post('/api/v1/imports/:id/undo', { schema: { tags, summary: 'Undo a whole import', params: IdParam, response: responses({ 202: ImportView }) } }, async (req, reply) =>
    reply.code(202).send(await undoImport(ctxOf(req), req.params.id)),
  );
  app.delete('/api/v1/imports/:id', { schema: { tags, summary: 'Discard an import that has not run', params: IdParam, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await discardImport(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}
