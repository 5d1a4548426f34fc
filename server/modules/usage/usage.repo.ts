import { sql, type ExpressionBuilder } from 'kysely';
import type { Ctx } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { scoped } from '../../db/scoped.js';

type Scope = Pick<Ctx, 'db' | 'workspaceId'>;

/** A person row's events on the days [from, to], from the daily rollup, as a column named `events`. */
function personEvents(eb: ExpressionBuilder<Database, 'usage_person'>, from: string, to: string) {
  return eb
    .selectFrom('usage_person_day')
    .select((e) => e.fn.coalesce(e.fn.sum<number>('usage_person_day.events'), e.lit(0)).as('n'))
    .whereRef('usage_person_day.workspace_id', '=', 'usage_person.workspace_id')
    .whereRef('usage_person_day.person_key', '=', 'usage_person.person_key')
    .where('usage_person_day.day', '>=', from)
    .where('usage_person_day.day', '<=', to)
    .as('events');
}

/** People among `keys` with traits and no contact yet. */
export function findPeopleToLink(ctx: Scope, keys: readonly string[]) {
  return scoped(ctx)
    .selectFrom('usage_person')
    .select(['person_key', 'client_id', 'traits'])
    .where('person_key', 'in', keys)
    .where('contact_id', 'is', null)
    .where('traits', 'is not', null)
    .execute();
}

export async function setPersonContact(ctx: Scope, personKey: string, contactId: string): Promise<void> {
  await scoped(ctx).updateTable('usage_person').set({ contact_id: contactId }).where('person_key', '=', personKey).execute();
}

/** Per day of [from, to]: active people and their events, for one client or (null) the workspace. */
export function activeByDay(ctx: Scope, clientId: string | null, from: string, to: string) {
  let q = scoped(ctx)
    .selectFrom('usage_person_day')
    .select((eb) => ['day', eb.fn.countAll<number>().as('people'), eb.fn.sum<number>('events').as('events')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('day');
  // The workspace's total counts people of its clients, not site visitors no client claims.
  q = clientId === null ? q.where('client_id', 'is not', null) : q.where('client_id', '=', clientId);
  return q.execute();
}

/** Distinct active people in [from, to]. */
export async function countActivePeople(ctx: Scope, clientId: string | null, from: string, to: string): Promise<number> {
  let q = scoped(ctx)
    .selectFrom('usage_person_day')
    .select((eb) => eb.fn.count<number>('person_key').distinct().as('n'))
    .where('day', '>=', from)
    .where('day', '<=', to);
  q = clientId === null ? q.where('client_id', 'is not', null) : q.where('client_id', '=', clientId);
  const row = await q.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Event counts by name in [from, to], and per day for the names asked for. */
export function eventsByName(ctx: Scope, clientId: string | null, from: string, to: string) {
  let q = scoped(ctx)
    .selectFrom('usage_client_day')
    .select((eb) => ['event_name', 'day', eb.fn.sum<number>('events').as('events')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['event_name', 'day']);
  if (clientId !== null) q = q.where('client_id', '=', clientId);
  return q.execute();
}

/** The client's most recently active people, with their events in [from, to]. */
export function recentPeople(ctx: Scope, clientId: string, from: string, to: string, limit: number) {
  return scoped(ctx)
    .selectFrom('usage_person')
    .leftJoin('contact', (j) => j.onRef('contact.workspace_id', '=', 'usage_person.workspace_id').onRef('contact.id', '=', 'usage_person.contact_id'))
    .select((eb) => [
      'usage_person.person_key',
      'usage_person.user_id',
      // Through the join: a contact deleted by a path that did not unlink it shows as no contact.
      'contact.id as contact_id',
      'usage_person.traits',
      'usage_person.last_seen_at',
      'contact.first_name',
      'contact.last_name',
      personEvents(eb, from, to),
    ])
    .where('usage_person.client_id', '=', clientId)
    .orderBy('usage_person.last_seen_at', 'desc')
    .limit(limit)
    .execute();
}

export async function lastSeenOf(ctx: Scope, clientId: string): Promise<number | null> {
  const row = await scoped(ctx)
    .selectFrom('usage_person')
    .select((eb) => eb.fn.max('last_seen_at').as('at'))
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
}

/** Everything stored under the given person keys, gone: events, daily rows, aliases, person rows. */
export async function deletePersonUsage(ctx: Scope, personKeys: readonly string[], userIds: readonly string[]): Promise<number> {
  if (personKeys.length === 0) return 0;
  const events = await scoped(ctx).deleteFrom('usage_event').where('person_key', 'in', personKeys).executeTakeFirst();
  await scoped(ctx).deleteFrom('usage_person_day').where('person_key', 'in', personKeys).execute();
  if (userIds.length > 0) await scoped(ctx).deleteFrom('usage_alias').where('user_id', 'in', userIds).execute();
  await scoped(ctx).deleteFrom('usage_person').where('person_key', 'in', personKeys).execute();
  return Number(events.numDeletedRows);
}

/** The person keys of a user id and of the anonymous ids merged into it. */
export async function personKeysOfUser(ctx: Scope, userId: string): Promise<string[]> {
  const aliases = await scoped(ctx).selectFrom('usage_alias').select('anonymous_id').where('user_id', '=', userId).execute();
  return [`u:${userId}`, ...aliases.map((a) => `a:${a.anonymous_id}`)];
}

export function userIdsOfContact(ctx: Scope, contactId: string) {
  return scoped(ctx).selectFrom('usage_person').select(['person_key', 'user_id']).where('contact_id', '=', contactId).execute();
}

/** The product users tied to a contact, with their events on the days [from, to]. */
export function productUsersOfContact(ctx: Scope, contactId: string, from: string, to: string) {
  return scoped(ctx)
    .selectFrom('usage_person')
    .select((eb) => [
      'usage_person.user_id',
      'usage_person.traits',
      'usage_person.first_seen_at',
      'usage_person.last_seen_at',
      personEvents(eb, from, to),
    ])
    .where('usage_person.contact_id', '=', contactId)
    .orderBy('usage_person.last_seen_at', 'desc')
    .limit(20)
    .execute();
}

/**
 * The partial index's own condition, written with literals: SQLite uses a partial index only when
 * the query's terms match it, and a bound parameter matches nothing at planning time.
 */
const isConsentRecord = sql<boolean>`usage_event.type = 'track' and usage_event.event_name = '$consent'`;

/**
 * Consent records (`$consent` events, P14), newest first: all of them, or one visitor's, named by
 * user id or anonymous id. The partial index `usage_event_consent_idx` holds only these rows.
 */
export function listConsentRecords(ctx: Scope, person: string | undefined, limit: number) {
  let q = scoped(ctx)
    .selectFrom('usage_event')
    .select(['received_at', 'source_id', 'user_id', 'anonymous_id', 'properties'])
    .where(isConsentRecord);
  // An anonymous id merged into a user has its records under the user's key, and keeps its own column.
  if (person !== undefined) q = q.where((eb) => eb.or([eb('person_key', 'in', [`u:${person}`, `a:${person}`]), eb('user_id', '=', person), eb('anonymous_id', '=', person)]));
  return q.orderBy('received_at', 'desc').limit(limit).execute();
}

/** Consent records received since `since`, counted by what they allowed and how they were made. */
export function countConsentRecords(ctx: Scope & Pick<Ctx, 'rt'>, since: number) {
  const functional = ctx.rt.caps.jsonMember('usage_event.properties', 'functional', 'boolean');
  const method = ctx.rt.caps.jsonMember('usage_event.properties', 'method', 'text');
  return scoped(ctx)
    .selectFrom('usage_event')
    .select((eb) => [functional.as('functional'), method.as('method'), eb.fn.countAll<number>().as('n')])
    .where(isConsentRecord)
    .where('received_at', '>=', since)
    // By position: the JSON keys are bound parameters, so PostgreSQL would not see the grouped
    // expressions as the selected ones.
    .groupBy([sql`1`, sql`2`])
    .execute();
}

