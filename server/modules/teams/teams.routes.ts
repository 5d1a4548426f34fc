import { IdParam } from '../../../contract/common.js';
import { SensitiveCounts, TeamBody, TeamList, TeamView, UpdateTeamBody } from '../../../contract/teams.js';
import type { Runtime } from '../../context.js';
import { NoContent, responses } from '../../http/responses.js';
import { ctxOf, type AppInstance } from '../../http/types.js';
import { sensitiveCounts } from '../../privacy/sensitive-guard.service.js';
import { createTeam, deleteTeam, listTeams, updateTeam } from './teams.service.js';

const tags = ['teams'];

export function teamRoutes(app: AppInstance, _rt: Runtime): void {
  app.get('/api/v1/teams', { schema: { tags, summary: 'Teams and their members', response: responses({ 200: TeamList }) } }, async (req) => ({ items: await listTeams(ctxOf(req)) }));
}

/** Team changes and the sensitive-data counters: owners and admins. */
export function teamAdminRoutes(app: AppInstance, _rt: Runtime): void {
  app.post('/api/v1/teams', { schema: { tags, summary: 'Create a team', body: TeamBody, response: responses({ 201: TeamView }) } }, async (req, reply) =>
    reply.code(201).send(await createTeam(ctxOf(req), req.body)),
  );
  app.patch('/api/v1/teams/:id', { schema: { tags, summary: 'Rename a team or set its members', params: IdParam, body: UpdateTeamBody, response: responses({ 200: TeamView }) } }, async (req) =>
    updateTeam(ctxOf(req), req.params.id, req.body),
  );
  app.delete('/api/v1/teams/:id', { schema: { tags, summary: 'Delete a team', params: IdParam, response: responses({ 204: NoContent }) } }, async (req, reply) => {
    await deleteTeam(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });
  app.get(
    '/api/v1/workspace/sensitive-data',
    { schema: { tags: ['workspace'], summary: 'What the sensitive-data guard refused or redacted, by category (P07)', response: responses({ 200: SensitiveCounts }) } },
    async (req) => sensitiveCounts(ctxOf(req)),
  );
}
