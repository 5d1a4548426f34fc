import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';
import type { SegmentTable } from '../../db/schema.js';

export type SegmentRow = Selectable<SegmentTable> & { owner_name: string | null };

/** Global segments and the member's own personal ones. */
export function listSegmentsFor(ctx: Pick<Ctx, 'db' | 'workspaceId'>, membershipId: string): Promise<SegmentRow[]> {
  return scoped(ctx)
    .selectFrom('segment')
    .leftJoin('membership', (j) => j.onRef('membership.workspace_id', '=', 'segment.workspace_id').onRef('membership.id', '=', 'segment.owner_membership_id'))
    .leftJoin('user_account', 'user_account.id', 'membership.user_id')
    .selectAll('segment')
    .select('user_account.name as owner_name')
    .where((eb) => eb.or([eb('segment.scope', '=', 'global'), eb('segment.owner_membership_id', '=', membershipId)]))
    .orderBy('segment.scope')
    .orderBy('segment.name')
    .execute();
}

export async function findSegmentFor(ctx: Pick<Ctx, 'db' | 'workspaceId'>, membershipId: string, id: string): Promise<SegmentRow | undefined> {
  return (await listSegmentsFor(ctx, membershipId)).find((s) => s.id === id);
}

export async function insertSegment(ctx: Pick<Ctx, 'db' | 'workspaceId'>, row: Omit<Insertable<SegmentTable>, 'workspace_id'>): Promise<void> {
  await scoped(ctx).insertInto('segment', row).execute();
}

export async function updateSegmentRow(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string, patch: Omit<Updateable<SegmentTable>, 'workspace_id' | 'id'>): Promise<void> {
  await scoped(ctx).updateTable('segment').set(patch).where('id', '=', id).execute();
}

export async function deleteSegmentRow(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string): Promise<void> {
  await scoped(ctx).deleteFrom('segment').where('id', '=', id).execute();
}
