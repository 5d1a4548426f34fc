import type { z } from 'zod';
import type { ClientSummary, SearchResults } from '../../../contract/index.js';
import { authorize } from '../access/access.policy.js';
import type { Ctx } from '../../context.js';
import { clientScope } from '../access/visibility.js';
import { listDomainsOf } from '../clients/clients.repo.js';
import { listContactRows } from '../contacts/contacts.repo.js';
import { fullName, summariseContacts } from '../contacts/contacts.service.js';
import { queryClientGrid } from '../grid/client-grid.service.js';
import { memberNames, memberRef } from '../members/members.repo.js';
import { findClientMatches, findContactMatches } from './search.repo.js';

/** Clients by name or domain, matching as the grid's quick search does (same visibility). */
export async function listClientSummaries(
  ctx: Ctx,
  query: { q?: string | undefined; status?: string | undefined; csmMembershipId?: string | undefined; limit: number; offset: number },
): Promise<{ items: z.infer<typeof ClientSummary>[]; total: number }> {
  authorize(ctx, 'client:read');
  const conditions = [
    ...(query.status ? [{ column: 'status', op: 'in' as const, value: [query.status] }] : []),
    ...(query.csmMembershipId ? [{ column: 'csm', op: 'in' as const, value: [query.csmMembershipId] }] : []),
  ];
  const page = await queryClientGrid(ctx, {
    q: query.q,
    ...(conditions.length > 0 ? { filter: { op: 'and' as const, conditions } } : {}),
    columns: ['name', 'status', 'csm', 'domains'],
    sort: [{ column: 'name', dir: 'asc' }],
    limit: query.limit,
    offset: query.offset,
    total: true,
  });
  return {
    items: page.rows.map((r) => ({
      id: r.id,
      name: String(r.values.name),
      status: r.values.status as z.infer<typeof ClientSummary>['status'],
      csm: (r.values.csm as { id: string; name: string } | null) ?? null,
      domains: (r.values.domains as string[]) ?? [],
    })),
    total: page.total ?? page.rows.length,
  };
}

/** Matches counted per kind before the box says "more than this" instead of a number. */
export const SEARCH_COUNT_CAP = 100;

/**
 * Closer matches first: the whole name, then a name that starts with the term, then a word of
 * it that does, then anything else (an email or a domain), alphabetically within each.
 */
function rankByName<T>(items: readonly T[], nameOf: (item: T) => string, q: string): T[] {
  const term = q.toLowerCase();
  const rank = (name: string) => {
    const n = name.toLowerCase();
    if (n === term) return 0;
    if (n.startsWith(term)) return 1;
    if (n.split(/[\s\-.,&]+/).some((w) => w.startsWith(term))) return 2;
    return 3;
  };
  return items
    .map((item) => ({ item, name: nameOf(item), rank: rank(nameOf(item)) }))
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name))
    .map((r) => r.item);
}

/**
 * One box, both kinds: clients by name or domain, contacts by name or email, each limited to what
 * the caller may see. Reads at most `SEARCH_COUNT_CAP` + 1 matches per kind and ranks those, so a
 * common surname answers as fast as a rare one; past the cap it says "more" and the grid or the
 * contact list (which sort every match) take over.
 */
export async function searchEverything(ctx: Ctx, q: string, limit: number): Promise<z.infer<typeof SearchResults>> {
  authorize(ctx, 'client:read');
  authorize(ctx, 'contact:read');
  const scope = await clientScope(ctx);
  const clientRows = await findClientMatches(ctx, scope, q, SEARCH_COUNT_CAP + 1);
  const contactRows = await findContactMatches(ctx, scope, q, SEARCH_COUNT_CAP + 1);
  const clients = rankByName(clientRows, (r) => r.name, q).slice(0, limit);
  const contacts = await listContactRows(ctx, rankByName(contactRows, (r) => fullName(r.first_name, r.last_name), q).slice(0, limit).map((r) => r.id));
  const csmNames = await memberNames(ctx, clients.map((c) => c.csm_membership_id).filter((id): id is string => id !== null));
  const domains = await listDomainsOf(ctx, clients.map((c) => c.id));
  return {
    clients: clients.map((c) => ({
      id: c.id,
      name: c.name,
      status: c.status as z.infer<typeof ClientSummary>['status'],
      csm: memberRef(csmNames, c.csm_membership_id),
      domains: domains.filter((d) => d.client_id === c.id).map((d) => d.domain),
    })),
    contacts: await summariseContacts(ctx, scope, contacts),
    totals: { clients: Math.min(clientRows.length, SEARCH_COUNT_CAP), contacts: Math.min(contactRows.length, SEARCH_COUNT_CAP) },
    more: { clients: clientRows.length > SEARCH_COUNT_CAP, contacts: contactRows.length > SEARCH_COUNT_CAP },
  };
}
