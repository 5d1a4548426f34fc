import type { Insertable } from 'kysely';
import type { Ctx } from '../../context.js';
import { scoped } from '../../db/scoped.js';
import type { MembershipTable, Role } from '../../db/schema.js';

/** Members of this workspace (or the one with `id`) with name, email, MFA state and live session count. */
export function listMembers(ctx: Ctx, now: number, id?: string) {
  return scoped(ctx)
    .selectFrom('membership')
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select((eb) => [
      'membership.id',
      'membership.user_id',
      'membership.role',
      'membership.created_at',
      'user_account.name',
      'user_account.email',
      'user_account.mfa_enabled_at',
      eb
        .selectFrom('session')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('session.user_id', '=', 'membership.user_id')
        .whereRef('session.workspace_id', '=', 'membership.workspace_id')
        .where('session.expires_at', '>', now)
        .as('active_sessions'),
    ])
    .$if(id !== undefined, (qb) => qb.where('membership.id', '=', id ?? ''))
    .orderBy('user_account.name')
    .orderBy('membership.id')
    .execute();
}

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];

export function findMember(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string) {
  return scoped(ctx)
    .selectFrom('membership')
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select(['membership.id', 'membership.user_id', 'membership.role', 'membership.created_at', 'user_account.name', 'user_account.email'])
    .where('membership.id', '=', id)
    .executeTakeFirst();
}

export function findMemberByEmail(ctx: Ctx, email: string) {
  return scoped(ctx)
    .selectFrom('membership')
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select(['membership.id', 'membership.role'])
    .where('user_account.email', '=', email)
    .executeTakeFirst();
}

export async function insertMembership(ctx: Pick<Ctx, 'db' | 'workspaceId'>, row: Omit<Insertable<MembershipTable>, 'workspace_id'>): Promise<void> {
  await scoped(ctx).insertInto('membership', row).execute();
}

export async function setMemberRole(ctx: Ctx, id: string, role: Role, at: number): Promise<void> {
  await scoped(ctx).updateTable('membership').set({ role, updated_at: at }).where('id', '=', id).execute();
}

export async function deleteMembership(ctx: Ctx, id: string): Promise<void> {
  await scoped(ctx).deleteFrom('membership').where('id', '=', id).execute();
}

export async function countOwners(ctx: Ctx): Promise<number> {
  const row = await scoped(ctx)
    .selectFrom('membership')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sessions of one person in this workspace (never their sessions elsewhere). */
export function listMemberSessions(ctx: Ctx, userId: string) {
  return scoped(ctx)
    .selectFrom('session')
    .select(['id', 'ip', 'user_agent', 'created_at', 'last_seen_at', 'expires_at', 'remember_device_id'])
    .where('user_id', '=', userId)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/** Remembered ("keep me signed in") devices of one person in this workspace. */
export function listMemberDevices(ctx: Ctx, userId: string) {
  return scoped(ctx)
    .selectFrom('remember_device')
    .select(['id', 'ip', 'user_agent', 'created_at', 'last_used_at', 'expires_at'])
    .where('user_id', '=', userId)
    .orderBy('last_used_at', 'desc')
    .execute();
}

/** Ends a person's sessions and forgets their remembered devices in this workspace; returns the counts. */
export async function deleteMemberSessions(ctx: Ctx, userId: string): Promise<{ sessions: number; devices: number }> {
  const s = await scoped(ctx).deleteFrom('session').where('user_id', '=', userId).executeTakeFirst();
  const d = await scoped(ctx).deleteFrom('remember_device').where('user_id', '=', userId).executeTakeFirst();
  return { sessions: Number(s.numDeletedRows), devices: Number(d.numDeletedRows) };
}

/** Display names of memberships, by id (for cells, headers and search results that show who). */
export async function memberNames(ctx: Pick<Ctx, 'db' | 'workspaceId'>, membershipIds: readonly string[]): Promise<Map<string, string>> {
  if (membershipIds.length === 0) return new Map();
  const rows = await scoped(ctx)
    .selectFrom('membership')
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select(['membership.id', 'user_account.name'])
    .where('membership.id', 'in', [...new Set(membershipIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** `{ id, name }` of a membership found by `memberNames`, or null (none set, or no longer a member). */
export function memberRef(names: ReadonlyMap<string, string>, id: string | null): { id: string; name: string } | null {
  const name = id === null ? undefined : names.get(id);
  return id !== null && name !== undefined ? { id, name } : null;
}
