import { sql, type ExpressionBuilder, type Insertable, type Selectable, type SqlBool, type Updateable, type Expression } from 'kysely';
import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';
import type { ContactTable, Database } from '../../db/schema.js';
import type { ClientScope } from '../access/visibility.js';
import { searchTextContains } from '../../db/capabilities.js';

export type ContactRow = Selectable<ContactTable>;
type Scope = Pick<Ctx, 'db' | 'workspaceId'>;

/**
 * A contact is visible when it belongs to a client the caller may see, or (not yet linked to any
 * client) when the caller, or for a manager someone in their teams, created it; roles that see
 * every client see every contact.
 *
 * Who may read each contact is kept in `contact_access` by database triggers (migration
 * 20261130090000), one row per contact and reader, so the check is a range of one index: a CSM's
 * nine thousand contacts among a million, without reading their clients and links per request.
 */
export function contactVisible(ctx: Scope, scope: ClientScope) {
  return (eb: ExpressionBuilder<Database, 'contact'>): Expression<SqlBool> => {
    if (scope.all) return sql<SqlBool>`1 = 1`;
    return eb('contact.id', 'in', scoped(ctx).selectFrom('contact_access').select('contact_access.contact_id').where('contact_access.reader_id', 'in', readers(scope)));
  };
}

const readers = (scope: ClientScope & { all: false }) => (scope.readerIds.length > 0 ? scope.readerIds : ['none']);

export function findVisibleContact(ctx: Scope, scope: ClientScope, id: string): Promise<ContactRow | undefined> {
  return scoped(ctx).selectFrom('contact').selectAll().where('id', '=', id).where(contactVisible(ctx, scope)).executeTakeFirst();
}

/** The ids among `ids` that are contacts the scope may read. */
export async function filterVisibleContactIds(ctx: Scope, scope: ClientScope, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await scoped(ctx).selectFrom('contact').select('id').where('id', 'in', [...new Set(ids)]).where(contactVisible(ctx, scope)).execute();
  return new Set(rows.map((r) => r.id));
}

export async function insertContact(ctx: Scope, row: Omit<Insertable<ContactTable>, 'workspace_id'>): Promise<void> {
  await scoped(ctx).insertInto('contact', row).execute();
}

export async function updateContactRow(ctx: Scope, id: string, patch: Omit<Updateable<ContactTable>, 'workspace_id' | 'id'>): Promise<void> {
  await scoped(ctx).updateTable('contact').set(patch).where('id', '=', id).execute();
}

export async function deleteContactRow(ctx: Scope, id: string): Promise<void> {
  await scoped(ctx).deleteFrom('engagement_participant').where('participant_id', '=', id).execute();
  // The person's product usage stays (deleting a contact is not an erasure request); it is no
  // longer tied to a contact, and a later identify with their email may tie it to a new one.
  await scoped(ctx).updateTable('usage_person').set({ contact_id: null }).where('contact_id', '=', id).execute();
  await scoped(ctx).deleteFrom('contact').where('id', '=', id).execute();
}

export function listEmailsOf(ctx: Scope, contactIds: readonly string[]) {
  if (contactIds.length === 0) return Promise.resolve([]);
  return scoped(ctx).selectFrom('contact_email').select(['contact_id', 'email', 'is_primary']).where('contact_id', 'in', contactIds).orderBy('is_primary', 'desc').orderBy('email').execute();
}

export function listPhonesOf(ctx: Scope, contactId: string) {
  return scoped(ctx).selectFrom('contact_phone').select(['phone', 'label']).where('contact_id', '=', contactId).orderBy('position').execute();
}

/** Client links of contacts, with client names, limited to clients the scope may see. */
export function listLinksOf(ctx: Scope, scope: ClientScope, contactIds: readonly string[]) {
  if (contactIds.length === 0) return Promise.resolve([]);
  let q = scoped(ctx)
    .selectFrom('client_contact')
    .innerJoin('client', (j) => j.onRef('client.workspace_id', '=', 'client_contact.workspace_id').onRef('client.id', '=', 'client_contact.client_id'))
    .select(['client_contact.contact_id', 'client_contact.client_id', 'client_contact.roles', 'client.name'])
    .where('client_contact.contact_id', 'in', contactIds);
  if (!scope.all) {
    const ids = scope.memberIds.length > 0 ? scope.memberIds : ['none'];
    q = q.where((eb) => eb.or([eb('client.csm_membership_id', 'in', ids), eb('client.sponsor_membership_id', 'in', ids)]));
  }
  return q.orderBy('client.name').execute();
}

/** Links of a contact to clients the scope cannot see: an update must keep them. */
export async function listHiddenLinkIds(ctx: Scope, scope: ClientScope, contactId: string): Promise<string[]> {
  if (scope.all) return [];
  const visible = new Set((await listLinksOf(ctx, scope, [contactId])).map((l) => l.client_id));
  const all = await scoped(ctx).selectFrom('client_contact').select('client_id').where('contact_id', '=', contactId).execute();
  return all.map((r) => r.client_id).filter((id) => !visible.has(id));
}

export async function replaceEmails(ctx: Scope, contactId: string, emails: readonly string[]): Promise<void> {
  await scoped(ctx).deleteFrom('contact_email').where('contact_id', '=', contactId).execute();
  if (emails.length > 0) await scoped(ctx).insertInto('contact_email', emails.map((email, i) => ({ email, contact_id: contactId, is_primary: i === 0 ? 1 : 0 }))).execute();
}

export async function replacePhones(ctx: Scope, contactId: string, phones: readonly { phone: string; label: string | null }[]): Promise<void> {
  await scoped(ctx).deleteFrom('contact_phone').where('contact_id', '=', contactId).execute();
  if (phones.length > 0) {
    await scoped(ctx)
      .insertInto('contact_phone', phones.map((p, i) => ({ contact_id: contactId, phone: p.phone, label: p.label, position: i })))
      .execute();
  }
}

export async function replaceLinks(ctx: Scope, contactId: string, links: readonly { clientId: string; roles: readonly string[] }[], keepClientIds: readonly string[], now: number): Promise<void> {
  let del = scoped(ctx).deleteFrom('client_contact').where('contact_id', '=', contactId);
  if (keepClientIds.length > 0) del = del.where('client_id', 'not in', keepClientIds);
  await del.execute();
  for (const link of links) await upsertLink(ctx, link.clientId, contactId, link.roles, now);
}

export async function upsertLink(ctx: Scope, clientId: string, contactId: string, roles: readonly string[], now: number): Promise<void> {
  await scoped(ctx)
    .insertInto('client_contact', { client_id: clientId, contact_id: contactId, roles: JSON.stringify([...new Set(roles)]), created_at: now })
    .onConflict((oc) => oc.columns(['workspace_id', 'client_id', 'contact_id']).doUpdateSet({ roles: JSON.stringify([...new Set(roles)]) }))
    .execute();
}

export async function deleteLink(ctx: Scope, clientId: string, contactId: string): Promise<boolean> {
  const r = await scoped(ctx).deleteFrom('client_contact').where('client_id', '=', clientId).where('contact_id', '=', contactId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Which emails belong to another contact already (emails are unique in a workspace). */
export function findEmailOwners(ctx: Scope, emails: readonly string[]) {
  if (emails.length === 0) return Promise.resolve([]);
  return scoped(ctx).selectFrom('contact_email').select(['email', 'contact_id']).where('email', 'in', [...new Set(emails)]).execute();
}

export interface ContactListFilter {
  readonly q?: string | undefined;
  readonly clientId?: string | undefined;
}

const clientLinks = (ctx: Ctx, clientId: string) =>
  ctx.db.selectFrom('client_contact as l').select('l.contact_id').where('l.workspace_id', '=', ctx.workspaceId).where('l.client_id', '=', clientId);

/** Every contact, for roles that see them all: the contact table and its name index. */
function everyContactQuery(ctx: Ctx, filter: ContactListFilter) {
  let q = scoped(ctx).selectFrom('contact');
  if (filter.q) q = q.where(ctx.rt.caps.searchContains('contact', 'contact', ctx.workspaceId, filter.q));
  // `in`, not a correlated `exists`: read the client's links, then each contact by key, rather
  // than test every contact of the workspace for a link (seconds at a million contacts).
  if (filter.clientId) q = q.where('contact.id', 'in', clientLinks(ctx, filter.clientId));
  return q;
}

/**
 * A restricted scope's contacts, from `contact_access`: the readers' range of its name index,
 * already in list order, carrying the search text (a CSM's search scans their nine thousand rows
 * instead of testing every match of a common name in the whole workspace). A CSM is one reader,
 * a manager their team; a manager of several teams reads several ranges, where a contact can
 * appear once per team.
 */
function accessQuery(ctx: Ctx, scope: ClientScope & { all: false }, filter: ContactListFilter) {
  let q = scoped(ctx).selectFrom('contact_access').where('contact_access.reader_id', 'in', readers(scope));
  if (filter.q) q = q.where(searchTextContains('contact_access.search_text', filter.q));
  if (filter.clientId) q = q.where('contact_access.contact_id', 'in', clientLinks(ctx, filter.clientId));
  return q;
}

const LIST_COLUMNS = ['contact.id', 'contact.first_name', 'contact.last_name', 'contact.title', 'contact.do_not_contact'] as const;

export async function listVisibleContacts(ctx: Ctx, scope: ClientScope, filter: ContactListFilter, page: { limit: number; offset: number }) {
  if (scope.all) {
    return everyContactQuery(ctx, filter).select(LIST_COLUMNS).orderBy('contact.last_name').orderBy('contact.first_name').orderBy('contact.id').limit(page.limit).offset(page.offset).execute();
  }
  return listContactRows(ctx, await pageOfReaders(ctx, scope, filter, page));
}

/** The list columns of these contacts, in the order of `ids` (what lists and search summarise). */
export async function listContactRows(ctx: Scope, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await scoped(ctx).selectFrom('contact').select(LIST_COLUMNS).where('contact.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * One page of contact ids in list order. One reader is one index range read in order. For
 * several (a manager of two teams) each range gives its first `offset + limit` rows, the database
 * orders their union (so the order is its collation's, as everywhere else) and a contact in two
 * ranges is kept once: grouping the whole ranges sorted every row of them (58k for a manager of
 * ten CSMs, 50 ms), where this sorts a page per range.
 */
async function pageOfReaders(ctx: Ctx, scope: ClientScope & { all: false }, filter: ContactListFilter, page: { limit: number; offset: number }): Promise<string[]> {
  const range = (reader: string, limit: number, offset: number) =>
    accessQuery(ctx, { ...scope, readerIds: [reader] }, filter)
      .select(['contact_access.contact_id', 'contact_access.last_name', 'contact_access.first_name'])
      .orderBy('contact_access.last_name')
      .orderBy('contact_access.first_name')
      .orderBy('contact_access.contact_id')
      .limit(limit)
      .offset(offset);
  const [first, ...more] = readers(scope);
  if (first === undefined) return [];
  if (more.length === 0) return (await range(first, page.limit, page.offset).execute()).map((r) => r.contact_id);
  const n = page.offset + page.limit;
  let union = ctx.db.selectFrom(range(first, n, 0).as('r0')).selectAll();
  more.forEach((reader, i) => {
    union = union.unionAll(ctx.db.selectFrom(range(reader, n, 0).as(`r${i + 1}`)).selectAll());
  });
  const rows = await union.orderBy('last_name').orderBy('first_name').orderBy('contact_id').execute();
  const ids = rows.map((r) => r.contact_id).filter((id, i) => i === 0 || rows[i - 1]?.contact_id !== id);
  return ids.slice(page.offset, page.offset + page.limit);
}

export async function countVisibleContacts(ctx: Ctx, scope: ClientScope, filter: ContactListFilter): Promise<number> {
  const q = scope.all
    ? everyContactQuery(ctx, filter).select((eb) => eb.fn.countAll<number>().as('n'))
    : accessQuery(ctx, scope, filter).select((eb) => (readers(scope).length > 1 ? eb.fn.count<number>('contact_access.contact_id').distinct() : eb.fn.countAll<number>()).as('n'));
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Up to `limit` contacts matching `q` that a restricted scope may see, with their names, from its
 * readers' rows in `contact_access` (a CSM's nine thousand) rather than every match in the
 * workspace. The names come from the same index entries, so ranking them reads no contact row.
 */
export async function findVisibleContactMatches(ctx: Ctx, scope: ClientScope & { all: false }, q: string, limit: number): Promise<ContactName[]> {
  let rows = accessQuery(ctx, scope, { q }).select(['contact_access.contact_id as id', 'contact_access.first_name', 'contact_access.last_name']);
  if (readers(scope).length > 1) rows = rows.distinct();
  return rows.limit(limit).execute();
}

export interface ContactName {
  readonly id: string;
  readonly first_name: string;
  readonly last_name: string | null;
}
