import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';

/** The workspace's visibility setting. */
export async function findRecordVisibility(ctx: Ctx): Promise<'by_role' | 'open'> {
  const row = await ctx.db.selectFrom('workspace').select('record_visibility').where('id', '=', ctx.workspaceId).executeTakeFirst();
  return row?.record_visibility ?? 'by_role';
}

/** Every member who shares a team with `membershipId`, the member included. */
export async function listTeammates(ctx: Ctx, membershipId: string): Promise<string[]> {
  const rows = await scoped(ctx)
    .selectFrom('team_member')
    .select('team_member.membership_id')
    .where('team_member.team_id', 'in', (eb) =>
      eb.selectFrom('team_member as mine').select('mine.team_id').where('mine.workspace_id', '=', ctx.workspaceId).where('mine.membership_id', '=', membershipId),
    )
    .execute();
  return [...new Set([membershipId, ...rows.map((r) => r.membership_id)])];
}
