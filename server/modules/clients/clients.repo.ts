import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';
import type { ClientTable } from '../../db/schema.js';
import { clientVisible, type ClientScope } from '../access/visibility.js';
import { memberNames, memberRef } from '../members/members.repo.js';

export type ClientRow = Selectable<ClientTable>;

export async function insertClient(ctx: Pick<Ctx, 'db' | 'workspaceId'>, row: Omit<Insertable<ClientTable>, 'workspace_id'>): Promise<void> {
  await scoped(ctx).insertInto('client', row).execute();
}

export async function updateClientRow(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string, patch: Omit<Updateable<ClientTable>, 'workspace_id' | 'id'>): Promise<void> {
  await scoped(ctx).updateTable('client').set(patch).where('id', '=', id).execute();
}

export async function deleteClientRow(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string): Promise<void> {
  await scoped(ctx).updateTable('client').set({ parent_client_id: null }).where('parent_client_id', '=', id).execute();
  await scoped(ctx).deleteFrom('client').where('id', '=', id).execute();
}

/** One client row if it exists and the scope may see it. */
export function findVisibleClient(ctx: Pick<Ctx, 'db' | 'workspaceId'>, scope: ClientScope, id: string): Promise<ClientRow | undefined> {
  return scoped(ctx).selectFrom('client').selectAll().where('id', '=', id).where(clientVisible(scope)).executeTakeFirst();
}

/** Which of `ids` exist and are visible (for bulk actions and references). */
export async function filterVisibleClientIds(ctx: Pick<Ctx, 'db' | 'workspaceId'>, scope: ClientScope, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await scoped(ctx).selectFrom('client').select('id').where('id', 'in', ids.slice(i, i + 500)).where(clientVisible(scope)).execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

/** The display names the 360 page needs: CSM, sponsor, sales rep, parent, children. */
export async function findClientRefs(ctx: Pick<Ctx, 'db' | 'workspaceId'>, scope: ClientScope, row: ClientRow) {
  const members = [row.csm_membership_id, row.sponsor_membership_id].filter((v): v is string => v !== null);
  const names = await memberNames(ctx, members);
  const rep = row.sales_rep_id ? await scoped(ctx).selectFrom('sales_rep').select(['id', 'name']).where('id', '=', row.sales_rep_id).executeTakeFirst() : undefined;
  const parent = row.parent_client_id
    ? await scoped(ctx).selectFrom('client').select(['id', 'name']).where('id', '=', row.parent_client_id).where(clientVisible(scope)).executeTakeFirst()
    : undefined;
  const children = await scoped(ctx).selectFrom('client').select(['id', 'name']).where('parent_client_id', '=', row.id).where(clientVisible(scope)).orderBy('name').execute();
  const domains = await scoped(ctx).selectFrom('client_domain').select('domain').where('client_id', '=', row.id).orderBy('domain').execute();
  const tags = await scoped(ctx).selectFrom('client_tag').select('tag').where('client_id', '=', row.id).orderBy('tag').execute();
  const nameOf = (id: string | null) => memberRef(names, id);
  return {
    csm: nameOf(row.csm_membership_id),
    sponsor: nameOf(row.sponsor_membership_id),
    salesRep: rep ?? null,
    parent: parent ?? null,
    children,
    domains: domains.map((d) => d.domain),
    tags: tags.map((t) => t.tag),
  };
}

/** Which of `domains` belong to another client already (domains are unique in a workspace). */
export async function findDomainOwners(ctx: Pick<Ctx, 'db' | 'workspaceId'>, domains: readonly string[]) {
  if (domains.length === 0) return [];
  return scoped(ctx)
    .selectFrom('client_domain')
    .innerJoin('client', (j) => j.onRef('client.workspace_id', '=', 'client_domain.workspace_id').onRef('client.id', '=', 'client_domain.client_id'))
    .select(['client_domain.domain', 'client_domain.client_id', 'client.name'])
    .where('client_domain.domain', 'in', [...new Set(domains)])
    .execute();
}

export async function replaceDomains(ctx: Pick<Ctx, 'db' | 'workspaceId'>, clientId: string, domains: readonly string[]): Promise<void> {
  await scoped(ctx).deleteFrom('client_domain').where('client_id', '=', clientId).execute();
  if (domains.length > 0) await scoped(ctx).insertInto('client_domain', domains.map((domain) => ({ domain, client_id: clientId }))).execute();
}

export async function replaceTags(ctx: Pick<Ctx, 'db' | 'workspaceId'>, clientId: string, tags: readonly string[]): Promise<void> {
  await scoped(ctx).deleteFrom('client_tag').where('client_id', '=', clientId).execute();
  if (tags.length > 0) await scoped(ctx).insertInto('client_tag', tags.map((tag) => ({ tag, client_id: clientId }))).execute();
}

export async function addTags(ctx: Pick<Ctx, 'db' | 'workspaceId'>, clientId: string, tags: readonly string[]): Promise<void> {
  if (tags.length === 0) return;
  await scoped(ctx)
    .insertInto('client_tag', tags.map((tag) => ({ tag, client_id: clientId })))
    .onConflict((oc) => oc.columns(['workspace_id', 'client_id', 'tag']).doNothing())
    .execute();
}

export async function removeTags(ctx: Pick<Ctx, 'db' | 'workspaceId'>, clientId: string, tags: readonly string[]): Promise<void> {
  if (tags.length === 0) return;
  await scoped(ctx).deleteFrom('client_tag').where('client_id', '=', clientId).where('tag', 'in', tags).execute();
}

export function listDomainsOf(ctx: Pick<Ctx, 'db' | 'workspaceId'>, clientIds: readonly string[]) {
  if (clientIds.length === 0) return Promise.resolve([]);
  return scoped(ctx).selectFrom('client_domain').select(['client_id', 'domain']).where('client_id', 'in', clientIds).orderBy('domain').execute();
}

/** The ancestors of a client, nearest first, to refuse a parent that would make a cycle. */
export async function listAncestorIds(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string, limit = 50): Promise<string[]> {
  const out: string[] = [];
  let current: string | null = id;
  while (current && out.length < limit) {
    const row: { parent_client_id: string | null } | undefined = await scoped(ctx).selectFrom('client').select('parent_client_id').where('id', '=', current).executeTakeFirst();
    current = row?.parent_client_id ?? null;
    if (current) out.push(current);
  }
  return out;
}

/** Members and sales reps named on a client must belong to this workspace. */
export async function existingMemberIds(ctx: Pick<Ctx, 'db' | 'workspaceId'>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await scoped(ctx).selectFrom('membership').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export async function existingSalesRepIds(ctx: Pick<Ctx, 'db' | 'workspaceId'>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await scoped(ctx).selectFrom('sales_rep').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** A departing member's clients become unassigned (the foreign keys have no ON DELETE action; see the migration). */
export async function unassignMember(ctx: Pick<Ctx, 'db' | 'workspaceId'>, membershipId: string): Promise<void> {
  await scoped(ctx).updateTable('client').set({ csm_membership_id: null }).where('csm_membership_id', '=', membershipId).execute();
  await scoped(ctx).updateTable('client').set({ sponsor_membership_id: null }).where('sponsor_membership_id', '=', membershipId).execute();
}

export async function unassignSalesRep(ctx: Pick<Ctx, 'db' | 'workspaceId'>, salesRepId: string): Promise<void> {
  await scoped(ctx).updateTable('client').set({ sales_rep_id: null }).where('sales_rep_id', '=', salesRepId).execute();
}
