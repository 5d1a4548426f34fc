import type { z } from 'zod';
import type { TeamBody, TeamView, UpdateTeamBody } from '../../../contract/teams.js';
import { inTransaction, memberOf, type Ctx } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { hasChanges } from '../../lib/patch.js';
import { authorize } from '../access/access.policy.js';
import { existingMemberIds } from '../clients/clients.repo.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import { deleteTeamRow, findTeam, insertTeam, listTeamMembers, listTeamRows, renameTeam, replaceTeamMembers } from './teams.repo.js';

/** Teams decide what managers see: a manager sees the clients of every member of their teams. */
export async function listTeams(ctx: Ctx): Promise<TeamView[]> {
  authorize(ctx, 'member:read');
  const teams = await listTeamRows(ctx);
  const members = await listTeamMembers(ctx);
  return teams.map((t) => ({ ...t, members: members.filter((m) => m.team_id === t.id).map(({ id, name, role }) => ({ id, name, role })) }));
}

async function checkMembers(ctx: Ctx, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const known = await existingMemberIds(ctx, unique);
  const missing = unique.filter((id) => !known.has(id));
  if (missing.length > 0) throw new AppError('validation_failed', `body.membershipIds: ${missing.join(', ')} ${missing.length === 1 ? 'is not a member' : 'are not members'} of this workspace`);
  return unique;
}

export async function createTeam(ctx: Ctx, body: z.output<typeof TeamBody>): Promise<TeamView> {
  authorize(ctx, 'team:manage');
  const members = await checkMembers(ctx, body.membershipIds);
  const id = newId('team');
  await inTransaction(ctx, async (tx) => {
    await insertTeam(tx, id, body.name, ctx.rt.clock.now());
    await replaceTeamMembers(tx, id, members);
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'team.created', subjectType: 'team', subjectId: id });
    await recordAudit(tx, { action: 'team.created', subjectType: 'team', subjectId: id, details: { members: members.length } });
  });
  const team = (await listTeams(ctx)).find((t) => t.id === id);
  if (!team) throw new Error('team vanished after insert');
  return team;
}

export async function updateTeam(ctx: Ctx, id: string, body: z.output<typeof UpdateTeamBody>): Promise<TeamView> {
  authorize(ctx, 'team:manage');
  if (!(await findTeam(ctx, id))) throw notFound('team');
  if (!hasChanges(body)) return getTeam(ctx, id);
  const members = body.membershipIds ? await checkMembers(ctx, body.membershipIds) : undefined;
  await inTransaction(ctx, async (tx) => {
    if (body.name !== undefined) await renameTeam(tx, id, body.name, ctx.rt.clock.now());
    if (members) await replaceTeamMembers(tx, id, members);
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'team.updated', subjectType: 'team', subjectId: id, payload: { fields: Object.keys(body).sort().join(',') } });
    await recordAudit(tx, { action: 'team.updated', subjectType: 'team', subjectId: id, details: { fields: Object.keys(body).sort().join(',') } });
  });
  return getTeam(ctx, id);
}

async function getTeam(ctx: Ctx, id: string): Promise<TeamView> {
  const team = (await listTeams(ctx)).find((t) => t.id === id);
  if (!team) throw notFound('team');
  return team;
}

export async function deleteTeam(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx, 'team:manage');
  if (!(await findTeam(ctx, id))) throw notFound('team');
  await inTransaction(ctx, async (tx) => {
    await deleteTeamRow(tx, id);
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'team.deleted', subjectType: 'team', subjectId: id });
    await recordAudit(tx, { action: 'team.deleted', subjectType: 'team', subjectId: id });
  });
}
