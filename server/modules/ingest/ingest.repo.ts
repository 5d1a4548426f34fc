import { sql, type Insertable } from 'kysely';
import type { Ctx } from '../../context.js';
import type { Capabilities } from '../../db/capabilities.js';
import { scoped } from '../../db/scoped.js';
import type { UsageClientDayTable, UsageEventTable, UsagePersonDayTable, UsagePersonTable, UsageUnmatchedGroupTable } from '../../db/schema.js';

type Scope = Pick<Ctx, 'db' | 'workspaceId'>;
/** The commit's writes insert many rows at once, in the form the database takes them best. */
export type WriteScope = Scope & { readonly caps: Pick<Capabilities, 'rowsFromJson'> };
type Row<T> = Omit<Insertable<T>, 'workspace_id'>;

/**
 * Rows per multi-row statement: the widest insert here (usage_event, 16 columns) stays under
 * SQLite's 32,766 bound parameters and PostgreSQL's 65,535.
 */
const CHUNK = 1000;

/** On conflict, the earlier (`<`) or later (`>`) of the stored and the new value: a seen range only widens. */
function widen(table: string, column: string, keep: '<' | '>') {
  const [stored, incoming] = [sql.ref(`${table}.${column}`), sql.ref(`excluded.${column}`)];
  return sql<number>`case when ${incoming} ${sql.raw(keep)} ${stored} then ${incoming} else ${stored} end`;
}

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Remembers each (source, messageId) and returns the ones that were new: the dedup step. The
 * conflict target is the primary key, so a message already seen within the window is skipped by
 * the database itself, also when two processes race.
 */
export async function insertNewMessages(ctx: WriteScope, rows: readonly { source_id: string; message_id: string; received_at: number }[]): Promise<Set<string>> {
  const fresh = new Set<string>();
  for (const part of chunks(rows)) {
    const inserted = await scoped(ctx)
      .insertMany(ctx.caps, 'usage_message', part)
      .onConflict((oc) => oc.columns(['workspace_id', 'source_id', 'message_id']).doNothing())
      .returning(['source_id', 'message_id'])
      .execute();
    for (const r of inserted) fresh.add(messageKey(r.source_id, r.message_id));
  }
  return fresh;
}

export function messageKey(sourceId: string, messageId: string): string {
  return `${sourceId}\n${messageId}`;
}

/** The users the given anonymous ids were merged into. */
export async function findAliases(ctx: Scope, anonymousIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(anonymousIds)) {
    const rows = await scoped(ctx).selectFrom('usage_alias').select(['anonymous_id', 'user_id']).where('anonymous_id', 'in', part).execute();
    for (const r of rows) out.set(r.anonymous_id, r.user_id);
  }
  return out;
}

/** Records merges; an anonymous id merges once (the first user wins). Returns the merges that are new. */
export async function insertAliases(ctx: WriteScope, rows: readonly { anonymous_id: string; user_id: string; created_at: number }[]): Promise<{ anonymous_id: string; user_id: string }[]> {
  const out: { anonymous_id: string; user_id: string }[] = [];
  for (const part of chunks(rows)) {
    out.push(
      ...(await scoped(ctx)
        .insertMany(ctx.caps, 'usage_alias', part)
        .onConflict((oc) => oc.columns(['workspace_id', 'anonymous_id']).doNothing())
        .returning(['anonymous_id', 'user_id'])
        .execute()),
    );
  }
  return out;
}

/**
 * Moves what was stored under one person key to another: the events, the daily rows (summed
 * where both have the day) and what the person row knew (client, contact, traits, first seen).
 */
export async function mergePersonKey(ctx: WriteScope, from: string, into: string, userId: string): Promise<void> {
  await scoped(ctx).updateTable('usage_event').set({ person_key: into, user_id: userId }).where('person_key', '=', from).execute();
  const days = await scoped(ctx).selectFrom('usage_person_day').select(['day', 'client_id', 'events']).where('person_key', '=', from).execute();
  if (days.length > 0) {
    await addPersonDays(ctx, days.map((d) => ({ person_key: into, day: d.day, client_id: d.client_id, events: d.events })));
    await scoped(ctx).deleteFrom('usage_person_day').where('person_key', '=', from).execute();
  }
  const old = await scoped(ctx).selectFrom('usage_person').selectAll().where('person_key', '=', from).executeTakeFirst();
  if (old) {
    await upsertPersons(ctx, [
      { person_key: into, user_id: userId, client_id: old.client_id, contact_id: old.contact_id, traits: old.traits, group_id: old.group_id, first_seen_at: old.first_seen_at, last_seen_at: old.last_seen_at },
    ]);
    await scoped(ctx).deleteFrom('usage_person').where('person_key', '=', from).execute();
  }
}

export async function findPersons(ctx: Scope, keys: readonly string[]) {
  const out = new Map<string, { client_id: string | null; contact_id: string | null; traits: string | null; group_id: string | null }>();
  for (const part of chunks(keys)) {
    const rows = await scoped(ctx).selectFrom('usage_person').select(['person_key', 'client_id', 'contact_id', 'traits', 'group_id']).where('person_key', 'in', part).execute();
    for (const r of rows) out.set(r.person_key, r);
  }
  return out;
}

/**
 * Inserts or widens person rows: the seen range grows, and a client, contact or traits given here
 * replace the stored ones (kept when null). Rows must be one per key: PostgreSQL refuses to
 * update a row twice in one statement.
 */
export async function upsertPersons(ctx: WriteScope, rows: readonly Row<UsagePersonTable>[]): Promise<void> {
  for (const part of chunks([...rows].sort((a, b) => (a.person_key < b.person_key ? -1 : 1)))) {
    await scoped(ctx)
      .insertMany(ctx.caps, 'usage_person', part)
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'person_key']).doUpdateSet({
          user_id: sql`coalesce(excluded.user_id, usage_person.user_id)`,
          client_id: sql`coalesce(excluded.client_id, usage_person.client_id)`,
          contact_id: sql`coalesce(excluded.contact_id, usage_person.contact_id)`,
          traits: sql`coalesce(excluded.traits, usage_person.traits)`,
          group_id: sql`coalesce(excluded.group_id, usage_person.group_id)`,
          first_seen_at: widen('usage_person', 'first_seen_at', '<'),
          last_seen_at: widen('usage_person', 'last_seen_at', '>'),
        }),
      )
      .execute();
  }
}

/**
 * Lists account ids that matched no client, or widens their seen range and takes a newer name.
 * Sorted, like the other shared rows, so PostgreSQL's concurrent commits lock them in one order.
 */
export async function upsertUnmatchedGroups(ctx: WriteScope, rows: readonly Row<UsageUnmatchedGroupTable>[]): Promise<void> {
  for (const part of chunks([...rows].sort((a, b) => (a.group_id < b.group_id ? -1 : 1)))) {
    await scoped(ctx)
      .insertMany(ctx.caps, 'usage_unmatched_group', part)
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'group_id']).doUpdateSet({
          name: sql`coalesce(excluded.name, usage_unmatched_group.name)`,
          first_seen_at: widen('usage_unmatched_group', 'first_seen_at', '<'),
          last_seen_at: widen('usage_unmatched_group', 'last_seen_at', '>'),
        }),
      )
      .execute();
  }
}

/** Client ids for account ids a source sends (`groupId`): the client's external id first, then one of its domains. */
export async function findClientsForGroups(ctx: Scope, groupIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(groupIds)) {
    const byExternal = await scoped(ctx).selectFrom('client').select(['id', 'external_id']).where('external_id', 'in', part).execute();
    for (const r of byExternal) if (r.external_id !== null) out.set(r.external_id, r.id);
    const rest = part.filter((g) => !out.has(g));
    const domains = rest.map((g) => g.toLowerCase());
    if (domains.length === 0) continue;
    const byDomain = await scoped(ctx).selectFrom('client_domain').select(['client_id', 'domain']).where('domain', 'in', domains).execute();
    const clientByDomain = new Map(byDomain.map((r) => [r.domain, r.client_id]));
    for (const g of rest) {
      const id = clientByDomain.get(g.toLowerCase());
      if (id) out.set(g, id);
    }
  }
  return out;
}

export async function insertEvents(ctx: WriteScope, rows: readonly Row<UsageEventTable>[]): Promise<void> {
  for (const part of chunks(rows)) await scoped(ctx).insertMany(ctx.caps, 'usage_event', part).execute();
}

/** Adds to the per-person daily counts (one row per key and day in `rows`). */
export async function addPersonDays(ctx: WriteScope, rows: readonly Row<UsagePersonDayTable>[]): Promise<void> {
  const sorted = [...rows].sort((a, b) => (a.person_key + a.day < b.person_key + b.day ? -1 : 1));
  for (const part of chunks(sorted)) {
    await scoped(ctx)
      .insertMany(ctx.caps, 'usage_person_day', part)
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'person_key', 'day']).doUpdateSet({
          events: sql`usage_person_day.events + excluded.events`,
          client_id: sql`coalesce(excluded.client_id, usage_person_day.client_id)`,
        }),
      )
      .execute();
  }
}

/** Adds to the per-client daily counts by event name (one row per client, day and name in `rows`). */
export async function addClientDays(ctx: WriteScope, rows: readonly Row<UsageClientDayTable>[]): Promise<void> {
  const sorted = [...rows].sort((a, b) => (a.client_id + a.day + a.event_name < b.client_id + b.day + b.event_name ? -1 : 1));
  for (const part of chunks(sorted)) {
    await scoped(ctx)
      .insertMany(ctx.caps, 'usage_client_day', part)
      .onConflict((oc) => oc.columns(['workspace_id', 'client_id', 'day', 'event_name']).doUpdateSet({ events: sql`usage_client_day.events + excluded.events` }))
      .execute();
  }
}
