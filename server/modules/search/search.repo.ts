import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';
import { clientVisible, type ClientScope } from '../access/visibility.js';
import { findVisibleContactMatches, listContactRows, type ContactName } from '../contacts/contacts.repo.js';
import { searchTextContains } from '../../db/capabilities.js';

/**
 * The quick search reads matches in the order the index yields them and stops after `limit`,
 * rather than sorting every match: "okafor" among a million contacts is ten thousand matches,
 * and a box that answers as you type needs a few good ones and a rough count. The caller ranks
 * the few it got; the grid and the contact list sort everything when asked to.
 *
 * Which side drives depends on the scope. Roles that see everything read the trigram index and
 * stop at `limit`. A CSM or manager reads their own records and tests each for the term: their
 * book is a few hundred to a few thousand clients and up to tens of thousands of contacts, while
 * a common term matches ten thousand records of which they may see a few dozen, and testing
 * each match for visibility cost tens of milliseconds.
 */
export function findClientMatches(ctx: Ctx, scope: ClientScope, q: string, limit: number) {
  let rows = scoped(ctx).selectFrom('client').where(clientVisible(scope));
  rows = scope.all
    ? rows.innerJoin(ctx.rt.caps.searchMatches('client', ctx.workspaceId, q).as('m'), 'm.id', 'client.id')
    : rows.where(searchTextContains('client.search_text', q));
  return rows.select(['client.id', 'client.name', 'client.status', 'client.csm_membership_id']).limit(limit).execute();
}

/** Contacts: up to `limit` matches the caller may see, with the names they are ranked by. */
export async function findContactMatches(ctx: Ctx, scope: ClientScope, q: string, limit: number): Promise<ContactName[]> {
  if (!scope.all) return findVisibleContactMatches(ctx, scope, q, limit);
  // The derived table pins the workspace itself (capabilities.searchMatches).
  const ids = (await ctx.db.selectFrom(ctx.rt.caps.searchMatches('contact', ctx.workspaceId, q).as('m')).select('m.id').limit(limit).execute()).map((r) => r.id);
  return listContactRows(ctx, ids);
}
