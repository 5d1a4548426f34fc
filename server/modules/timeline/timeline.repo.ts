import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';
import type { EngagementTable, EngagementType } from '../../db/schema.js';
import { memberNames } from '../members/members.repo.js';

export type EngagementRow = Selectable<EngagementTable>;

export async function insertEngagement(ctx: Pick<Ctx, 'db' | 'workspaceId'>, row: Omit<Insertable<EngagementTable>, 'workspace_id'>): Promise<void> {
  await scoped(ctx).insertInto('engagement', row).execute();
}

export async function updateEngagementRow(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string, patch: Omit<Updateable<EngagementTable>, 'workspace_id' | 'id'>): Promise<void> {
  await scoped(ctx).updateTable('engagement').set(patch).where('id', '=', id).execute();
}

export async function deleteEngagementRow(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string): Promise<void> {
  await scoped(ctx).deleteFrom('engagement').where('id', '=', id).execute();
}

export function findEngagement(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string): Promise<EngagementRow | undefined> {
  return scoped(ctx).selectFrom('engagement').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One page of a client's timeline, newest first, keyset-paginated on (occurred_at, id). */
export function listEngagements(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  clientId: string,
  filter: { types?: EngagementType[] | undefined; pinned?: boolean; before?: { at: number; id: string } | undefined; limit: number },
) {
  return scoped(ctx)
    .selectFrom('engagement')
    .selectAll()
    .where('client_id', '=', clientId)
    .$if(filter.types !== undefined && filter.types.length > 0, (qb) => qb.where('type', 'in', filter.types ?? []))
    .$if(filter.pinned !== undefined, (qb) => qb.where('pinned', '=', filter.pinned ? 1 : 0))
    .$if(filter.before !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([eb('occurred_at', '<', filter.before?.at ?? 0), eb.and([eb('occurred_at', '=', filter.before?.at ?? 0), eb('id', '<', filter.before?.id ?? '')])]),
      ),
    )
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}

export async function replaceParticipants(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  engagementId: string,
  participants: { participant_id: string; participant_type: 'contact' | 'member' }[],
): Promise<void> {
  await scoped(ctx).deleteFrom('engagement_participant').where('engagement_id', '=', engagementId).execute();
  if (participants.length > 0) {
    await scoped(ctx).insertInto('engagement_participant', participants.map((p) => ({ ...p, engagement_id: engagementId }))).execute();
  }
}

/** Participants of several entries with display names (members by their account name, contacts by theirs). */
export async function listParticipants(ctx: Pick<Ctx, 'db' | 'workspaceId'>, engagementIds: readonly string[]) {
  if (engagementIds.length === 0) return [];
  const rows = await scoped(ctx)
    .selectFrom('engagement_participant')
    .select(['engagement_id', 'participant_id', 'participant_type'])
    .where('engagement_id', 'in', engagementIds)
    .execute();
  const contactIds = rows.filter((r) => r.participant_type === 'contact').map((r) => r.participant_id);
  const memberIds = rows.filter((r) => r.participant_type === 'member').map((r) => r.participant_id);
  const contacts = contactIds.length
    ? await scoped(ctx).selectFrom('contact').select(['id', 'first_name', 'last_name']).where('id', 'in', contactIds).execute()
    : [];
  const members = memberIds.length ? await memberNames(ctx, memberIds) : new Map<string, string>();
  const contactNames = new Map(contacts.map((c) => [c.id, [c.first_name, c.last_name].filter(Boolean).join(' ')]));
  return rows.map((r) => ({
    engagementId: r.engagement_id,
    type: r.participant_type,
    id: r.participant_id,
    name: (r.participant_type === 'contact' ? contactNames.get(r.participant_id) : members.get(r.participant_id)) ?? 'Removed',
  }));
}

/** Moves a client's "last touch" forward (never back) when a call, meeting or email is logged. */
export async function bumpLastTouch(ctx: Pick<Ctx, 'db' | 'workspaceId'>, clientId: string, at: number): Promise<void> {
  await scoped(ctx)
    .updateTable('client')
    .set({ last_touch_at: at })
    .where('id', '=', clientId)
    .where((eb) => eb.or([eb('last_touch_at', 'is', null), eb('last_touch_at', '<', at)]))
    .execute();
}

/** Recomputes "last touch" from what is left (after an entry is deleted or moved). */
export async function recomputeLastTouch(ctx: Pick<Ctx, 'db' | 'workspaceId'>, clientId: string, touchTypes: readonly EngagementType[]): Promise<void> {
  const row = await scoped(ctx)
    .selectFrom('engagement')
    .select((eb) => eb.fn.max('occurred_at').as('at'))
    .where('client_id', '=', clientId)
    .where('type', 'in', [...touchTypes])
    .executeTakeFirst();
  await scoped(ctx).updateTable('client').set({ last_touch_at: row?.at == null ? null : Number(row.at) }).where('id', '=', clientId).execute();
}

export async function unsetAuthor(ctx: Pick<Ctx, 'db' | 'workspaceId'>, membershipId: string): Promise<void> {
  await scoped(ctx).updateTable('engagement').set({ author_membership_id: null }).where('author_membership_id', '=', membershipId).execute();
}
