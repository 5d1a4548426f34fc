import type { Insertable } from 'kysely';
import type { Ctx } from '../../context.js';
import type { Executor } from '../../db/database.js';
import { scoped } from '../../db/scoped.js';
import { allowCrossWorkspace } from '../../db/tenant-guard.js';
import type { InviteTable } from '../../db/schema.js';

export async function insertInvite(ctx: Ctx, row: Omit<Insertable<InviteTable>, 'workspace_id'>): Promise<void> {
  await scoped(ctx).insertInto('invite', row).execute();
}

/** This workspace's invites (or the one with `id`), newest first, with the inviter's name. */
export function listInvites(ctx: Ctx, id?: string) {
  return scoped(ctx)
    .selectFrom('invite')
    .leftJoin('user_account', 'user_account.id', 'invite.invited_by_user_id')
    .select([
      'invite.id',
      'invite.email',
      'invite.role',
      'invite.created_at',
      'invite.expires_at',
      'invite.accepted_at',
      'invite.revoked_at',
      'user_account.name as invited_by',
    ])
    .$if(id !== undefined, (qb) => qb.where('invite.id', '=', id ?? ''))
    .orderBy('invite.created_at', 'desc')
    .orderBy('invite.id')
    .execute();
}

export type InviteRow = Awaited<ReturnType<typeof listInvites>>[number];

export function findInvite(ctx: Ctx, id: string) {
  return scoped(ctx).selectFrom('invite').select(['id', 'email', 'role', 'accepted_at', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}

/** Revokes every still-open invite for an email, so only the newest link works. */
export async function revokeOpenInvitesFor(ctx: Ctx, email: string, at: number): Promise<void> {
  await scoped(ctx)
    .updateTable('invite')
    .set({ revoked_at: at })
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeInvite(ctx: Ctx, id: string, at: number): Promise<void> {
  await scoped(ctx).updateTable('invite').set({ revoked_at: at }).where('id', '=', id).where('accepted_at', 'is', null).execute();
}

/**
 * Finds an invite by its link's hash, whatever its workspace: the link is what names the
 * workspace to a person who is not a member yet.
 */
export function unsafeFindInviteByTokenHash(db: Executor, tokenHash: string) {
  return allowCrossWorkspace('an invite link names its workspace', () => db
    .selectFrom('invite')
    .innerJoin('workspace', 'workspace.id', 'invite.workspace_id')
    .select([
      'invite.id',
      'invite.workspace_id',
      'invite.email',
      'invite.role',
      'invite.expires_at',
      'invite.accepted_at',
      'invite.revoked_at',
      'workspace.name as workspace_name',
    ])
    .where('invite.token_hash', '=', tokenHash)
    .executeTakeFirst());
}

/** Marks an invite used, only if it still was open: the link works once even under a double submit. */
export async function markInviteAccepted(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string, userId: string | null, at: number): Promise<boolean> {
  const r = await scoped(ctx)
    .updateTable('invite')
    .set({ accepted_at: at, accepted_user_id: userId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setInviteAcceptedUser(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string, userId: string): Promise<void> {
  await scoped(ctx).updateTable('invite').set({ accepted_user_id: userId }).where('id', '=', id).execute();
}
