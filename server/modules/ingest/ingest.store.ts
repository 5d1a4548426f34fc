import type { Insertable } from 'kysely';
import type { UsageEventTable, UsagePersonTable, UsageUnmatchedGroupTable } from '../../db/schema.js';
import { utcDay } from '../../lib/clock.js';
import { newIds } from '../../lib/ids.js';
import { parseJsonObject, storableJson } from '../../lib/json.js';
import { plainText } from '../../lib/text.js';
import { isConsentRecord, type PrivateEvent } from './ingest.privacy.js';
import {
  addClientDays,
  addPersonDays,
  findAliases,
  findClientsForGroups,
  findPersons,
  insertAliases,
  insertEvents,
  insertNewMessages,
  mergePersonKey,
  messageKey,
  upsertPersons,
  upsertUnmatchedGroups,
  type WriteScope,
} from './ingest.repo.js';

/** An event ready to store: checked, privacy applied, and for id-less views the day's visitor key. */
export interface StorableEvent extends PrivateEvent {
  readonly sourceId: string;
  readonly visitorKey: string | null;
}

export type StoreOutcome = 'stored' | 'duplicate';

export interface StoreResult {
  readonly outcomes: StoreOutcome[];
  /** People whose identify call this group stored: the contact-linking job looks at them. */
  readonly identified: string[];
}

/** Views count under these names in the per-client rollup, so no track event can collide with them. */
const VIEW_NAMES = { page: '$page', screen: '$screen' } as const;

/**
 * Stores one workspace's share of a commit group, inside the caller's transaction: drop what was
 * already seen (messageId per source), merge anonymous ids that identify or alias tie to a user,
 * resolve each event's person and client, insert the events and add them to the daily rollups.
 * Returns, in input order, whether each event was stored or was a duplicate.
 */
export async function storeEvents(ctx: WriteScope, events: readonly StorableEvent[], now: number): Promise<StoreResult> {
  const outcomes: StoreOutcome[] = events.map(() => 'duplicate');
  // Within one group the first copy of a message wins; the database decides against earlier groups.
  const firstIndex = new Map<string, number>();
  events.forEach((e, i) => {
    const key = messageKey(e.sourceId, e.messageId);
    if (!firstIndex.has(key)) firstIndex.set(key, i);
  });
  const fresh = await insertNewMessages(
    ctx,
    [...firstIndex.keys()].map((key) => {
      const e = events[firstIndex.get(key) as number] as StorableEvent;
      return { source_id: e.sourceId, message_id: e.messageId, received_at: e.receivedAt };
    }),
  );
  const kept: StorableEvent[] = [];
  for (const [key, i] of firstIndex) {
    if (!fresh.has(key)) continue;
    outcomes[i] = 'stored';
    kept.push(events[i] as StorableEvent);
  }
  if (kept.length === 0) return { outcomes, identified: [] };

  const aliases = await mergeIdentities(ctx, kept, now);
  const personOf = (e: StorableEvent): string => {
    if (e.userId !== null) return `u:${e.userId}`;
    if (e.anonymousId !== null) {
      const user = aliases.get(e.anonymousId);
      return user === undefined ? `a:${e.anonymousId}` : `u:${user}`;
    }
    return e.visitorKey ?? 'v:unknown';
  };

  const groupIds = [...new Set(kept.map((e) => e.groupId).filter((g): g is string => g !== null))];
  const clientOfGroup = groupIds.length > 0 ? await findClientsForGroups(ctx, groupIds) : new Map<string, string>();
  const personKeys = [...new Set(kept.map(personOf))];
  const known = await findPersons(ctx, personKeys.filter((k) => !k.startsWith('v:')));

  // Person rows: the latest client a group call (or an event's context.groupId) named, the merged
  // traits of identify calls, the seen range. The account id is kept beside the client, matched or
  // not, so an account linked to a client later finds its people.
  const persons = new Map<string, Omit<Insertable<UsagePersonTable>, 'workspace_id'>>();
  const clientOfPerson = new Map<string, string | null>([...known].map(([k, p]) => [k, p.client_id]));
  const groupOfPerson = new Map<string, string | null>([...known].map(([k, p]) => [k, p.group_id]));
  const unmatched = new Map<string, Omit<Insertable<UsageUnmatchedGroupTable>, 'workspace_id'>>();
  const eventRows: Omit<Insertable<UsageEventTable>, 'workspace_id'>[] = [];
  const ids = newIds('usageEvent', kept.length);
  const personDays = new Map<string, { person_key: string; day: string; client_id: string | null; events: number }>();
  const clientDays: ClientDayCounts = new Map();
  for (const [n, e] of kept.entries()) {
    const personKey = personOf(e);
    const groupClient = e.groupId === null ? undefined : clientOfGroup.get(e.groupId);
    if (groupClient !== undefined && (e.type === 'group' || !clientOfPerson.get(personKey))) clientOfPerson.set(personKey, groupClient);
    if (e.groupId !== null && (e.type === 'group' || !groupOfPerson.get(personKey))) groupOfPerson.set(personKey, e.groupId);
    if (e.groupId !== null && groupClient === undefined) noteUnmatched(unmatched, e);
    const clientId = groupClient ?? clientOfPerson.get(personKey) ?? null;
    if (!personKey.startsWith('v:')) {
      const previous = persons.get(personKey);
      const traits = e.type === 'identify' ? mergeTraits(previous?.traits ?? known.get(personKey)?.traits ?? null, e.properties) : (previous?.traits ?? null);
      persons.set(personKey, {
        person_key: personKey,
        user_id: e.userId ?? previous?.user_id ?? null,
        client_id: clientOfPerson.get(personKey) ?? null,
        contact_id: null,
        traits,
        group_id: groupOfPerson.get(personKey) ?? null,
        first_seen_at: Math.min(previous?.first_seen_at ?? e.occurredAt, e.occurredAt),
        last_seen_at: Math.max(previous?.last_seen_at ?? e.occurredAt, e.occurredAt),
      });
    }
    eventRows.push({
      id: ids[n] as string,
      source_id: e.sourceId,
      message_id: e.messageId,
      type: e.type,
      event_name: e.eventName,
      user_id: e.userId,
      anonymous_id: e.anonymousId,
      person_key: personKey,
      client_id: clientId,
      properties: storableJson(e.properties),
      context: storableJson(e.context),
      original_timestamp: e.originalTimestamp,
      sent_at: e.sentAt,
      received_at: e.receivedAt,
      occurred_at: e.occurredAt,
    });
    // Merges and consent records are not activity.
    if (e.type === 'alias' || isConsentRecord(e)) continue;
    const day = utcDay(e.occurredAt);
    const pd = personDays.get(`${personKey}\n${day}`);
    if (pd) {
      pd.events += 1;
      pd.client_id = clientId ?? pd.client_id;
    } else personDays.set(`${personKey}\n${day}`, { person_key: personKey, day, client_id: clientId, events: 1 });
    if (clientId !== null) countClientDay(clientDays, clientId, e);
  }
  // The events first: they are new rows nobody else touches. The person and daily rows are shared
  // with other commits (on PostgreSQL several run at once), so they are written last, and their
  // row locks are held only for the last statements instead of across the biggest insert.
  await insertEvents(ctx, eventRows);
  await upsertPersons(ctx, [...persons.values()]);
  await addPersonDays(ctx, [...personDays.values()]);
  if (clientDays.size > 0) await addClientDays(ctx, [...clientDays.values()]);
  if (unmatched.size > 0) await upsertUnmatchedGroups(ctx, [...unmatched.values()]);
  const identified = [...new Set(kept.filter((e) => e.type === 'identify' || e.type === 'group').map(personOf))].filter((k) => k.startsWith('u:'));
  return { outcomes, identified };
}

/** Per-client daily counts being gathered for `addClientDays`, by client, day and event name. */
export type ClientDayCounts = Map<string, { client_id: string; day: string; event_name: string; events: number }>;

/**
 * Counts an event of a client in the per-client daily rollup, under its own name for a track event
 * or `$page` / `$screen` for views; identify, group, merges and consent records are not counted
 * there. The commit and the job that attributes a linked account's past events both count this way.
 */
export function countClientDay(counts: ClientDayCounts, clientId: string, e: Pick<StorableEvent, 'type' | 'eventName' | 'occurredAt'>): void {
  if (isConsentRecord(e)) return;
  const name = e.type === 'track' ? e.eventName : e.type === 'page' || e.type === 'screen' ? VIEW_NAMES[e.type] : null;
  if (name === null) return;
  const day = utcDay(e.occurredAt);
  const key = `${clientId}\n${day}\n${name}`;
  const counted = counts.get(key);
  if (counted) counted.events += 1;
  else counts.set(key, { client_id: clientId, day, event_name: name, events: 1 });
}

/**
 * Ties anonymous ids to users: alias (previousId → userId) and identify with both ids. A merge that
 * is new moves what the anonymous id had stored onto the user. Returns every anonymous id of the
 * group that belongs to a user, old merges included.
 */
async function mergeIdentities(ctx: WriteScope, events: readonly StorableEvent[], now: number): Promise<Map<string, string>> {
  const wanted = new Map<string, string>();
  for (const e of events) {
    if (e.type === 'alias' && e.previousId !== null && e.userId !== null && e.previousId !== e.userId) {
      if (!wanted.has(e.previousId)) wanted.set(e.previousId, e.userId);
    } else if (e.type === 'identify' && e.userId !== null && e.anonymousId !== null && !wanted.has(e.anonymousId)) {
      wanted.set(e.anonymousId, e.userId);
    }
  }
  if (wanted.size > 0) {
    const merged = await insertAliases(
      ctx,
      [...wanted].map(([anonymous_id, user_id]) => ({ anonymous_id, user_id, created_at: now })),
    );
    for (const m of merged) {
      await mergePersonKey(ctx, `a:${m.anonymous_id}`, `u:${m.user_id}`, m.user_id);
      // alias may name a former user id as previousId: that person merges too.
      if (events.some((e) => e.type === 'alias' && e.previousId === m.anonymous_id)) await mergePersonKey(ctx, `u:${m.anonymous_id}`, `u:${m.user_id}`, m.user_id);
    }
  }
  const anonymous = [...new Set(events.map((e) => e.anonymousId).filter((a): a is string => a !== null))];
  return anonymous.length > 0 ? findAliases(ctx, anonymous) : new Map();
}

/** An account id no client matches, with the name its group call gives (Segment's `name` trait). */
function noteUnmatched(unmatched: Map<string, Omit<Insertable<UsageUnmatchedGroupTable>, 'workspace_id'>>, e: StorableEvent): void {
  const groupId = e.groupId as string;
  const named = e.type === 'group' ? (plainText(e.properties.name, 200) ?? null) : null;
  const previous = unmatched.get(groupId);
  unmatched.set(groupId, {
    group_id: groupId,
    name: named ?? previous?.name ?? null,
    first_seen_at: Math.min(previous?.first_seen_at ?? e.occurredAt, e.occurredAt),
    last_seen_at: Math.max(previous?.last_seen_at ?? e.occurredAt, e.occurredAt),
  });
}

/** The traits an identify call adds, over what the person had: Segment traits are cumulative. */
function mergeTraits(stored: string | null, incoming: Record<string, unknown>): string {
  return storableJson({ ...parseJsonObject(stored), ...incoming });
}
