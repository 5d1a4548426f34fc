import type { ConsentRecordList, ContactUsage, UsageSummary } from '../../../contract/usage.js';
import { inTransaction, type Ctx } from '../../context.js';
import { toIso, utcDay } from '../../lib/clock.js';
import { parseJsonObject } from '../../lib/json.js';
import { recordAudit } from '../audit/audit.service.js';
import { getVisibleClientRow } from '../clients/clients.service.js';
import { getVisibleContactRow } from '../contacts/contacts.service.js';
import { recordEvent } from '../events/events.service.js';
import { activeByDay, countActivePeople, countConsentRecords, deletePersonUsage, eventsByName, lastSeenOf, listConsentRecords, personKeysOfUser, productUsersOfContact, recentPeople, userIdsOfContact } from './usage.repo.js';
import { getUsageSettings } from './usage-settings.service.js';

const DAY = 86_400_000;
/** How views are named in the rollup, and how people read them. */
const VIEW_LABELS: Record<string, string> = { $page: 'Page views', $screen: 'Screen views' };


/** The product usage of one client the member can see, over the last `days` days (today included). */
export async function getClientUsage(ctx: Ctx, clientId: string, days: number): Promise<UsageSummary> {
  await getVisibleClientRow(ctx, clientId);
  return summarise(ctx, clientId, days);
}

/**
 * The workspace's product usage in total. Counts only (no client, person or event property), so
 * every member may read it whatever clients they see.
 */
export async function getWorkspaceUsage(ctx: Ctx, days: number): Promise<UsageSummary> {
  return summarise(ctx, null, days);
}

async function summarise(ctx: Ctx, clientId: string | null, days: number): Promise<UsageSummary> {
  const now = ctx.rt.clock.now();
  const to = utcDay(now);
  const from = utcDay(now - (days - 1) * DAY);
  const priorTo = utcDay(now - days * DAY);
  const priorFrom = utcDay(now - (2 * days - 1) * DAY);
  const settings = await getUsageSettings(ctx);
  const keyNames = new Set(settings.keyEvents);
  const [active, activePeople, priorActivePeople, wau, mau, names, priorNames] = await Promise.all([
    activeByDay(ctx, clientId, from, to),
    countActivePeople(ctx, clientId, from, to),
    countActivePeople(ctx, clientId, priorFrom, priorTo),
    countActivePeople(ctx, clientId, utcDay(now - 6 * DAY), to),
    countActivePeople(ctx, clientId, utcDay(now - 29 * DAY), to),
    eventsByName(ctx, clientId, from, to),
    eventsByName(ctx, clientId, priorFrom, priorTo),
  ]);
  const byDay = new Map(active.map((r) => [r.day, { people: Number(r.people), events: Number(r.events) }]));
  const keyByDay = new Map<string, number>();
  const totals = new Map<string, number>();
  for (const r of names) {
    totals.set(r.event_name, (totals.get(r.event_name) ?? 0) + Number(r.events));
    if (keyNames.has(r.event_name)) keyByDay.set(r.day, (keyByDay.get(r.day) ?? 0) + Number(r.events));
  }
  const priorTotals = new Map<string, number>();
  for (const r of priorNames) priorTotals.set(r.event_name, (priorTotals.get(r.event_name) ?? 0) + Number(r.events));
  const series = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = utcDay(now - i * DAY);
    series.push({ day, activePeople: byDay.get(day)?.people ?? 0, events: byDay.get(day)?.events ?? 0, keyEvents: keyByDay.get(day) ?? 0 });
  }
  const keyEvents = settings.keyEvents.map((name) => ({ name, count: totals.get(name) ?? 0, priorCount: priorTotals.get(name) ?? 0 }));
  const people = clientId === null ? [] : await recentPeople(ctx, clientId, from, to, 10);
  return {
    days,
    dau: Math.round((series.reduce((n, d) => n + d.activePeople, 0) / days) * 10) / 10,
    wau,
    mau,
    activePeople,
    priorActivePeople,
    events: sum(totals),
    priorEvents: sum(priorTotals),
    keyEvents,
    adoption: { used: keyEvents.filter((k) => k.count > 0).length, total: keyEvents.length },
    topEvents: [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([name, count]) => ({ name: VIEW_LABELS[name] ?? name, count })),
    series,
    lastSeenAt: clientId === null ? null : toIso(await lastSeenOf(ctx, clientId)),
    people: people.map((p) => ({
      personKey: p.person_key,
      userId: p.user_id,
      contactId: p.contact_id,
      name: p.first_name ? [p.first_name, p.last_name].filter(Boolean).join(' ') : nameTrait(p.traits),
      lastSeenAt: toIso(Number(p.last_seen_at)),
      events: Number(p.events ?? 0),
    })),
  };
}

/** Who a contact is in the customer's product: their user ids, latest traits, when seen, how active. */
export async function getContactUsage(ctx: Ctx, contactId: string): Promise<ContactUsage> {
  await getVisibleContactRow(ctx, contactId);
  const now = ctx.rt.clock.now();
  const rows = await productUsersOfContact(ctx, contactId, utcDay(now - 29 * DAY), utcDay(now));
  return {
    users: rows.map((r) => ({
      userId: r.user_id,
      traits: parseJsonObject(r.traits),
      firstSeenAt: toIso(Number(r.first_seen_at)),
      lastSeenAt: toIso(Number(r.last_seen_at)),
      events30d: Number(r.events ?? 0),
    })),
  };
}

function sum(m: Map<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}

function nameTrait(traits: string | null): string | null {
  const t = parseJsonObject(traits);
  if (typeof t.name === 'string') return t.name;
  if (typeof t.firstName === 'string') return [t.firstName, typeof t.lastName === 'string' ? t.lastName : ''].join(' ').trim();
  return null;
}

/**
 * Erases a person's product usage: every event stored under their user id or an anonymous id
 * merged into it, their daily rows, aliases and person record. The per-client daily counts stay:
 * they hold no person. Used for an erasure request and when a contact is erased.
 */
export async function eraseUsageOfPerson(ctx: Ctx, who: { userId: string } | { contactId: string }): Promise<{ events: number }> {
  const keys: string[] = [];
  const users: string[] = [];
  if ('userId' in who) {
    users.push(who.userId);
    keys.push(...(await personKeysOfUser(ctx, who.userId)));
  } else {
    for (const p of await userIdsOfContact(ctx, who.contactId)) {
      keys.push(p.person_key);
      if (p.user_id) {
        users.push(p.user_id);
        keys.push(...(await personKeysOfUser(ctx, p.user_id)));
      }
    }
  }
  const unique = [...new Set(keys)];
  return inTransaction(ctx, async (tx) => {
    const events = await deletePersonUsage(tx, unique, [...new Set(users)]);
    if ('contactId' in who) await recordEvent(tx, { type: 'usage.person_erased', subjectType: 'contact', subjectId: who.contactId });
    await recordAudit(tx, { action: 'usage.person_erased', details: { events, keys: unique.length } });
    return { events };
  });
}

const CONSENT_DAYS = 30;
const CONSENT_RECORDS_SHOWN = 100;

/**
 * The consent choices the tag recorded (P14), for an admin who must show what a visitor agreed to
 * and when: the counts of the last 30 days, and the latest records, or one visitor's. A refusal
 * carries no id (the tag names the browser only after a grant), so it is counted but cannot be
 * found by visitor.
 */
export async function getConsentRecords(ctx: Ctx, person: string | undefined): Promise<ConsentRecordList> {
  const since = ctx.rt.clock.now() - CONSENT_DAYS * 86_400_000;
  const [rows, counts] = await Promise.all([listConsentRecords(ctx, person, CONSENT_RECORDS_SHOWN), countConsentRecords(ctx, since)]);
  const summary = { since: toIso(since), granted: 0, refused: 0, signals: 0 };
  for (const c of counts) {
    const n = Number(c.n);
    if (c.method === 'signal') summary.signals += n;
    else if (Number(c.functional) === 1) summary.granted += n;
    else summary.refused += n;
  }
  return {
    summary,
    items: rows.map((r) => {
      const p = parseJsonObject(r.properties);
      return {
        at: toIso(r.received_at),
        sourceId: r.source_id,
        visitor: r.user_id ?? r.anonymous_id,
        functional: p.functional === true,
        marketing: p.marketing === true,
        method: typeof p.method === 'string' ? p.method : 'api',
        version: typeof p.version === 'string' ? p.version : '',
      };
    }),
  };
}

