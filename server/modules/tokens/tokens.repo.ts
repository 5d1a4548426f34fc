import type { Insertable } from 'kysely';
import type { Ctx } from '../../context.js';
import type { Executor } from '../../db/database.js';
import { scoped } from '../../db/scoped.js';
import { allowCrossWorkspace } from '../../db/tenant-guard.js';
import type { ApiTokenTable } from '../../db/schema.js';

export async function insertToken(ctx: Ctx, row: Omit<Insertable<ApiTokenTable>, 'workspace_id'>): Promise<void> {
  await scoped(ctx).insertInto('api_token', row).execute();
}

/**
 * Finds a bearer token by its hash, whatever its workspace: the token is what tells us the
 * workspace. Returns the member and person behind it, for building the request context.
 */
export function unsafeFindTokenByHash(db: Executor, tokenHash: string) {
  return allowCrossWorkspace('a bearer token names its workspace', () => db
    .selectFrom('api_token')
    .innerJoin('membership', (join) =>
      join.onRef('membership.workspace_id', '=', 'api_token.workspace_id').onRef('membership.id', '=', 'api_token.membership_id'),
    )
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select([
      'api_token.id',
      'api_token.workspace_id',
      'api_token.expires_at',
      'api_token.revoked_at',
      'api_token.last_used_at',
      'membership.id as membership_id',
      'membership.role',
      'user_account.id as user_id',
      'user_account.disabled_at',
    ])
    .where('api_token.token_hash', '=', tokenHash)
    .executeTakeFirst());
}

export async function markTokenUsed(db: Executor, workspaceId: string, id: string, at: number, ip: string): Promise<void> {
  await db
    .updateTable('api_token')
    .set({ last_used_at: at, last_used_ip: ip })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

/** Tokens of this workspace, optionally only one member's or one token, with the owner's name. */
export function listTokens(ctx: Ctx, filter: { membershipId?: string; id?: string } = {}) {
  let q = scoped(ctx)
    .selectFrom('api_token')
    .innerJoin('membership', (join) =>
      join.onRef('membership.workspace_id', '=', 'api_token.workspace_id').onRef('membership.id', '=', 'api_token.membership_id'),
    )
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select([
      'api_token.id',
      'api_token.name',
      'api_token.token_hint',
      'api_token.membership_id',
      'api_token.created_at',
      'api_token.expires_at',
      'api_token.last_used_at',
      'api_token.revoked_at',
      'user_account.name as owner_name',
    ]);
  if (filter.membershipId) q = q.where('api_token.membership_id', '=', filter.membershipId);
  if (filter.id) q = q.where('api_token.id', '=', filter.id);
  return q.orderBy('api_token.created_at', 'desc').orderBy('api_token.id').execute();
}

export function findToken(ctx: Ctx, id: string) {
  return scoped(ctx).selectFrom('api_token').select(['id', 'membership_id', 'revoked_at', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function revokeToken(ctx: Ctx, id: string, at: number): Promise<void> {
  await scoped(ctx).updateTable('api_token').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}
