import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Ctx } from '../../context.js';
import type { Capabilities } from '../../db/capabilities.js';
import type { Database } from '../../db/schema.js';
import { findRecordVisibility, listTeammates } from './visibility.repo.js';

/**
 * Which clients a member may see — one rule used by every list, search, export, count and single
 * read (issue: "the same rule everywhere"):
 * - owners, admins and executives see every client, and so does everyone when the workspace opens
 *   visibility;
 * - a manager sees the clients whose CSM or sponsor is in one of the manager's teams (or is the
 *   manager);
 * - a CSM or viewer sees the clients they are the CSM or sponsor of: their book.
 * Contacts, timeline entries and tasks follow their clients.
 */
export type ClientScope =
  | { readonly all: true }
  | {
      readonly all: false;
      readonly workspaceId: string;
      /** The members whose clients are visible: the CSM or sponsor is one of them. */
      readonly memberIds: readonly string[];
      /**
       * The same set as `contact_access` readers: a CSM's own id; a manager's teams (whose members
       * are `memberIds`), or their own id when they are in none.
       */
      readonly readerIds: readonly string[];
      /** The database's form of "in one member's book" (capabilities.inOneBook). */
      readonly inOneBook: Capabilities['inOneBook'];
    };

const ALL: ClientScope = { all: true };
const cache = new WeakMap<Ctx, Promise<ClientScope>>();

export function clientScope(ctx: Ctx): Promise<ClientScope> {
  let scope = cache.get(ctx);
  if (!scope) {
    scope = computeScope(ctx);
    cache.set(ctx, scope);
  }
  return scope;
}

async function computeScope(ctx: Ctx): Promise<ClientScope> {
  if (ctx.actor.kind === 'system') return ALL;
  const { role, membershipId } = ctx.actor;
  if (role === 'owner' || role === 'admin' || role === 'executive') return ALL;
  if ((await findRecordVisibility(ctx)) === 'open') return ALL;
  if (role === 'manager') {
    const { teamIds, memberIds } = await listTeammates(ctx, membershipId);
    return { all: false, workspaceId: ctx.workspaceId, memberIds, readerIds: teamIds.length > 0 ? teamIds : [membershipId], inOneBook: ctx.rt.caps.inOneBook };
  }
  return { all: false, workspaceId: ctx.workspaceId, memberIds: [membershipId], readerIds: [membershipId], inOneBook: ctx.rt.caps.inOneBook };
}

/**
 * "This client row is visible", for a `where` on a query that has the client table as `alias`.
 *
 * One member's book (a CSM's: 400 of 100k clients) takes the form each planner serves best
 * (capabilities.inOneBook). A team's book is a larger share, where the `or` plans well on both
 * databases.
 */
export function clientVisible<DB extends Database, TB extends keyof DB>(scope: ClientScope, alias = 'client') {
  return (eb: ExpressionBuilder<DB, TB>): Expression<SqlBool> => {
    if (scope.all) return sql<SqlBool>`1 = 1`;
    const ids = scope.memberIds.length > 0 ? scope.memberIds : ['none'];
    if (ids.length === 1) return scope.inOneBook(alias, scope.workspaceId, ids[0]!);
    return eb.or([
      eb(sql.ref(`${alias}.csm_membership_id`), 'in', ids),
      eb(sql.ref(`${alias}.sponsor_membership_id`), 'in', ids),
    ]);
  };
}
