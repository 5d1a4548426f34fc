import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';
import { clientVisible, type ClientScope } from '../access/visibility.js';
import { visibleContactIds } from '../contacts/contacts.repo.js';

/**
 * The quick search reads matches in the order the index yields them and stops after `limit`,
 * rather than sorting every match: "okafor" among a million contacts is ten thousand matches,
 * and a box that answers as you type needs a few good ones and a rough count. The caller ranks
 * the few it got; the grid and the contact list sort everything when asked to.
 */
export function findClientMatches(ctx: Ctx, scope: ClientScope, q: string, limit: number) {
  return scoped(ctx)
    .selectFrom('client')
    .where(clientVisible(scope))
    .innerJoin(ctx.rt.caps.searchMatches('client', ctx.workspaceId, q).as('m'), 'm.id', 'client.id')
    .select(['client.id', 'client.name', 'client.status', 'client.csm_membership_id'])
    .limit(limit)
    .execute();
}

/**
 * Contacts in two steps: first up to `limit` matching ids the caller may see, checked on the
 * index's own ids (a CSM's visible contacts are read once, from their clients' indexes), then
 * those few rows. Joining contact rows first loaded every match, 10k rows for a common surname.
 */
export async function findContactMatches(ctx: Ctx, scope: ClientScope, me: string, q: string, limit: number) {
  // The derived table pins the workspace itself (capabilities.searchMatches), as do the subqueries.
  let matches = ctx.db.selectFrom(ctx.rt.caps.searchMatches('contact', ctx.workspaceId, q).as('m')).select('m.id');
  if (!scope.all) {
    matches = matches.where('m.id', 'in', visibleContactIds(ctx, scope, me));
  }
  const ids = (await matches.limit(limit).execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  const rows = await scoped(ctx).selectFrom('contact').select(['contact.id', 'contact.first_name', 'contact.last_name', 'contact.title', 'contact.do_not_contact']).where('contact.id', 'in', ids).execute();
  return rows;
}
