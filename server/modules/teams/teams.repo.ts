import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';

type Scope = Pick<Ctx, 'db' | 'workspaceId'>;

export function listTeamRows(ctx: Scope) {
  return scoped(ctx).selectFrom('team').select(['id', 'name']).orderBy('name').execute();
}

export function listTeamMembers(ctx: Scope) {
  return scoped(ctx)
    .selectFrom('team_member')
    .innerJoin('membership', (j) => j.onRef('membership.workspace_id', '=', 'team_member.workspace_id').onRef('membership.id', '=', 'team_member.membership_id'))
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select(['team_member.team_id', 'membership.id', 'membership.role', 'user_account.name'])
    .orderBy('user_account.name')
    .execute();
}

export function findTeam(ctx: Scope, id: string) {
  return scoped(ctx).selectFrom('team').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function insertTeam(ctx: Scope, id: string, name: string, now: number): Promise<void> {
  await scoped(ctx).insertInto('team', { id, name, created_at: now, updated_at: now }).execute();
}

export async function renameTeam(ctx: Scope, id: string, name: string, now: number): Promise<void> {
  await scoped(ctx).updateTable('team').set({ name, updated_at: now }).where('id', '=', id).execute();
}

export async function deleteTeamRow(ctx: Scope, id: string): Promise<void> {
  await scoped(ctx).deleteFrom('team').where('id', '=', id).execute();
}

export async function replaceTeamMembers(ctx: Scope, teamId: string, membershipIds: readonly string[]): Promise<void> {
  await scoped(ctx).deleteFrom('team_member').where('team_id', '=', teamId).execute();
  if (membershipIds.length > 0) await scoped(ctx).insertInto('team_member', membershipIds.map((membership_id) => ({ team_id: teamId, membership_id }))).execute();
}
