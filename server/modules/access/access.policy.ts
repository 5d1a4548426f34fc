import { AppError } from '../../errors.js';
import type { Role } from '../../db/schema.js';
import { RoleLabels } from '../../../contract/common.js';

/** Every permission, `noun:verb`. A route or service names the one it needs; nothing else grants access. */
export const PERMISSIONS = [
  'workspace:administer',
  'workspace:read',
  'workspace:update',
  'member:read',
  'member:invite',
  'member:update',
  'member:remove',
  'member:revoke_sessions',
  'salesrep:read',
  'salesrep:write',
  'token:create',
  'token:manage',
  'audit:read',
  'outbox:read',
  'promise:read',
  'client:read',
  'client:write',
  'client:delete',
  'client:export',
  'contact:read',
  'contact:write',
  'contact:delete',
  'engagement:write',
  'task:read',
  'task:write',
  'segment:manage_global',
  'customfield:manage',
  'import:run',
  'team:manage',
  'sensitive:read',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES: readonly Role[] = ['owner', 'admin', 'manager', 'csm', 'executive', 'viewer'];

const everyone: Permission[] = ['workspace:read', 'member:read', 'salesrep:read', 'token:create', 'promise:read', 'client:read', 'contact:read', 'task:read'];
/** Working a book of clients: what a CSM does every day. */
const work: Permission[] = ['client:write', 'client:export', 'contact:write', 'engagement:write', 'task:write'];
const administer: Permission[] = [
  'workspace:administer',
  'workspace:update',
  'member:invite',
  'member:update',
  'member:remove',
  'member:revoke_sessions',
  'salesrep:write',
  'token:manage',
  'audit:read',
  'outbox:read',
  'client:delete',
  'contact:delete',
  'segment:manage_global',
  'customfield:manage',
  'import:run',
  'team:manage',
  'sensitive:read',
];

/**
 * What each role may do. Which clients a role sees (own book, team, all) is the visibility rule in
 * visibility.ts; Executive differs from Viewer there (reads every client), and can export.
 */
const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set([...everyone, ...work, ...administer]),
  admin: new Set([...everyone, ...work, ...administer]),
  manager: new Set([...everyone, ...work, 'salesrep:write', 'contact:delete', 'import:run']),
  csm: new Set([...everyone, ...work]),
  executive: new Set([...everyone, 'client:export']),
  viewer: new Set(everyone),
};

export function permissionsFor(role: Role): ReadonlySet<Permission> {
  return ROLE_PERMISSIONS[role];
}

/** Rank used where one member acts on another: you cannot change someone above you. */
const RANK: Record<Role, number> = { owner: 6, admin: 5, manager: 4, executive: 3, csm: 2, viewer: 1 };

/** True when `actor` may set `target`'s role to `next` (or remove them, with `next` undefined). */
export function canChangeRole(actor: Role, target: Role, next?: Role): boolean {
  if (actor === 'owner') return true;
  if (RANK[actor] < RANK.admin) return false;
  if (target === 'owner' || next === 'owner') return false;
  return true;
}

/** The permission check: deny by default. */
export function can(ctx: { permissions: ReadonlySet<Permission> }, permission: Permission): boolean {
  return ctx.permissions.has(permission);
}

/**
 * Throws unless the context holds the permission. The answer is 404 `not_found`, the same as for
 * a record that does not exist, so a lower role cannot map what is there.
 */
export function authorize(ctx: { permissions: ReadonlySet<Permission> }, permission: Permission): void {
  if (!can(ctx, permission)) throw new AppError('not_found', 'No such resource.');
}

/** Throws 403 when the actor's role is below what a visible action needs. */
export function requireRoleChange(actor: Role, target: Role, next?: Role): void {
  if (!canChangeRole(actor, target, next)) {
    const change = next && target !== 'owner' ? `make someone ${RoleLabels[next]}` : `change a member who is ${RoleLabels[target]}`;
    throw new AppError('role_too_low', `As ${RoleLabels[actor]} you cannot ${change}. Ask an owner.`);
  }
}
