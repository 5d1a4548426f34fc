import { IdParam } from '../../../contract/common.js';
import { CreateSegmentBody, SegmentList, SegmentView, UpdateSegmentBody } from '../../../contract/grid.js';
import type { Runtime } from '../../context.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { createSegment, deleteSegment, getSegment, listSegments, updateSegment } from './segments.service.js';

const tags = ['segments'];

export function segmentRoutes(app: AppInstance, _rt: Runtime): void {
  app.get('/api/v1/segments', { schema: { tags, summary: 'Standard, global and your personal segments', response: responses({ 200: SegmentList }) } }, async (req) => ({
    items: await listSegments(ctxOf(req)),
  }));
  app.get('/api/v1/segments/:id', { schema: { tags, summary: 'One segment', params: IdParam, response: responses({ 200: SegmentView }) } }, async (req) => getSegment(ctxOf(req), req.params.id));
  app.post('/api/v1/segments', { schema: { tags, summary: 'Save a segment (global ones: owners and admins)', body: CreateSegmentBody, response: responses({ 201: SegmentView }) } }, async (req, reply) =>
    reply.code(201).send(await createSegment(ctxOf(req), req.body)),
  );
  app.patch(
    '/api/v1/segments/:id',
    { schema: { tags, summary: 'Rename or change a segment', params: IdParam, body: UpdateSegmentBody, response: responses({ 200: SegmentView }) } },
    async (req) => updateSegment(ctxOf(req), req.params.id, req.body),
  );
  app.delete('/api/v1/segments/:id', { schema: { tags, summary: 'Delete a segment', params: IdParam, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await deleteSegment(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}
