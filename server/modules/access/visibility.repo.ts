import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';

/** The workspace's visibility setting. */
export async function findRecordVisibility(ctx: Ctx): Promise<'by_role' | 'open'> {
  const row = await ctx.db.selectFrom('workspace').select('record_visibility').where('id', '=', ctx.workspaceId).executeTakeFirst();
  return row?.record_visibility ?? 'by_role';
}

/** The teams of `membershipId`, and every member who shares one with them, the member included. */
export async function listTeammates(ctx: Ctx, membershipId: string): Promise<{ teamIds: string[]; memberIds: string[] }> {
  const teams = await scoped(ctx).selectFrom('team_member').select('team_member.team_id').where('team_member.membership_id', '=', membershipId).execute();
  const teamIds = teams.map((t) => t.team_id);
  const rows = teamIds.length > 0 ? await scoped(ctx).selectFrom('team_member').select('team_member.membership_id').where('team_member.team_id', 'in', teamIds).execute() : [];
  return { teamIds, memberIds: [...new Set([membershipId, ...rows.map((r) => r.membership_id)])] };
}
