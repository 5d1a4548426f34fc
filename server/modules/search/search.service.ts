import type { z } from 'zod';
import type { ClientSummary, SearchResults } from '../../../contract/index.js';
import type { Ctx } from '../../context.js';
import { authorize } from '../access/access.policy.js';
import { listContacts } from '../contacts/contacts.service.js';
import { queryClientGrid } from '../grid/client-grid.service.js';

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
  });
  return {
    items: page.rows.map((r) => ({
      id: r.id,
      name: String(r.values.name),
      status: r.values.status as z.infer<typeof ClientSummary>['status'],
      csm: (r.values.csm as { id: string; name: string } | null) ?? null,
      domains: (r.values.domains as string[]) ?? [],
    })),
    total: page.total,
  };
}

/** One box, both kinds: clients by name or domain, contacts by name or email, each limited to what the caller may see. */
export async function searchEverything(ctx: Ctx, q: string, limit: number): Promise<z.infer<typeof SearchResults>> {
  const clients = await listClientSummaries(ctx, { q, limit, offset: 0 });
  const contacts = await listContacts(ctx, { q, limit, offset: 0 });
  return { clients: clients.items, contacts: contacts.items, totals: { clients: clients.total, contacts: contacts.total } };
}
