import { IdParam } from '../../../contract/common.js';
import { CreateEngagementBody, EngagementView, TimelinePage, TimelineQuery, UpdateEngagementBody } from '../../../contract/timeline.js';
import type { Runtime } from '../../context.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { deleteEngagement, editEngagement, listTimeline, logEngagement } from './timeline.service.js';

const tags = ['timeline'];

export function timelineRoutes(app: AppInstance, _rt: Runtime): void {
  app.get(
    '/api/v1/clients/:id/timeline',
    { schema: { tags, summary: 'A client’s engagement timeline', params: IdParam, querystring: TimelineQuery, response: responses({ 200: TimelinePage }) } },
    async (req) => listTimeline(ctxOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/v1/clients/:id/timeline',
    { schema: { tags, summary: 'Log a note, call, meeting or email', params: IdParam, body: CreateEngagementBody, response: responses({ 201: EngagementView }) } },
    async (req, reply) => reply.code(201).send(await logEngagement(ctxOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/api/v1/timeline/:id',
    { schema: { tags, summary: 'Edit a timeline entry (its author or an admin)', params: IdParam, body: UpdateEngagementBody, response: responses({ 200: EngagementView }) } },
    async (req) => editEngagement(ctxOf(req), req.params.id, req.body),
  );
  app.delete('/api/v1/timeline/:id', { schema: { tags, summary: 'Delete a timeline entry (its author or an admin)', params: IdParam, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await deleteEngagement(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
}
