import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';

type Scope = Pick<Ctx, 'db' | 'workspaceId'>;

/** The account ids that match no client, waiting or set aside, most recently seen first. */
export function listUnmatchedGroupRows(ctx: Scope, ignored: boolean, limit: number) {
  return scoped(ctx)
    .selectFrom('usage_unmatched_group')
    .select(['group_id', 'name', 'first_seen_at', 'last_seen_at', 'ignored_at'])
    .where('ignored_at', ignored ? 'is not' : 'is', null)
    .orderBy('last_seen_at', 'desc')
    .orderBy('group_id')
    .limit(limit)
    .execute();
}

/** How many are waiting to be linked, and how many were set aside. */
export async function countUnmatchedGroups(ctx: Scope): Promise<{ waiting: number; ignored: number }> {
  const rows = await scoped(ctx)
    .selectFrom('usage_unmatched_group')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('ignored_at').as('ignored')])
    .executeTakeFirst();
  const all = Number(rows?.n ?? 0);
  const ignored = Number(rows?.ignored ?? 0);
  return { waiting: all - ignored, ignored };
}

export async function setUnmatchedGroupIgnored(ctx: Scope, groupId: string, ignoredAt: number | null): Promise<boolean> {
  const res = await scoped(ctx).updateTable('usage_unmatched_group').set({ ignored_at: ignoredAt }).where('group_id', '=', groupId).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export function findUnmatchedGroup(ctx: Scope, groupId: string) {
  return scoped(ctx).selectFrom('usage_unmatched_group').select(['group_id', 'name']).where('group_id', '=', groupId).executeTakeFirst();
}

export async function deleteUnmatchedGroup(ctx: Scope, groupId: string): Promise<void> {
  await scoped(ctx).deleteFrom('usage_unmatched_group').where('group_id', '=', groupId).execute();
}

/** How many product people each account holds (through `usage_person.group_id`). */
export async function countPeopleOfGroups(ctx: Scope, groupIds: readonly string[]): Promise<Map<string, number>> {
  if (groupIds.length === 0) return new Map();
  const rows = await scoped(ctx)
    .selectFrom('usage_person')
    .select(['group_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('group_id', 'in', groupIds)
    .groupBy('group_id')
    .execute();
  return new Map(rows.map((r) => [r.group_id as string, Number(r.n)]));
}

/** One page of an account's people, in key order after `after`. */
export async function peopleOfGroup(ctx: Scope, groupId: string, after: string, limit: number): Promise<string[]> {
  const rows = await scoped(ctx).selectFrom('usage_person').select('person_key').where('group_id', '=', groupId).where('person_key', '>', after).orderBy('person_key').limit(limit).execute();
  return rows.map((r) => r.person_key);
}

/** The account's people now belong to the client, unless a newer group call moved them on meanwhile. */
export async function setClientOfPeople(ctx: Scope, personKeys: readonly string[], groupId: string, clientId: string): Promise<void> {
  await scoped(ctx).updateTable('usage_person').set({ client_id: clientId }).where('person_key', 'in', personKeys).where('group_id', '=', groupId).execute();
}

/** Their days without a client count for it; days already counted for another client stay there. */
export async function setClientOfPersonDays(ctx: Scope, personKeys: readonly string[], clientId: string): Promise<void> {
  await scoped(ctx).updateTable('usage_person_day').set({ client_id: clientId }).where('person_key', 'in', personKeys).where('client_id', 'is', null).execute();
}

/** Events of these people stored without a client: what a link attributes. */
export function eventsWithoutClient(ctx: Scope, personKeys: readonly string[], limit: number) {
  return scoped(ctx)
    .selectFrom('usage_event')
    .select(['id', 'type', 'event_name', 'occurred_at'])
    .where('person_key', 'in', personKeys)
    .where('client_id', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function setClientOfEvents(ctx: Scope, ids: readonly string[], clientId: string): Promise<void> {
  await scoped(ctx).updateTable('usage_event').set({ client_id: clientId }).where('id', 'in', ids).where('client_id', 'is', null).execute();
}

export async function findClientName(ctx: Scope, clientId: string): Promise<string | undefined> {
  const row = await scoped(ctx).selectFrom('client').select('name').where('id', '=', clientId).executeTakeFirst();
  return row?.name;
}

/** Names and external ids of the given clients, for saying which one an account matches and how. */
export function clientsByIds(ctx: Scope, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return scoped(ctx).selectFrom('client').select(['id', 'name', 'external_id']).where('id', 'in', ids).execute();
}
