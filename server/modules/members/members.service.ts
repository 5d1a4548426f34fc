import type { MemberView } from '../../../contract/members.js';
import type { SessionView } from '../../../contract/auth.js';
import { RoleLabels } from '../../../contract/common.js';
import { inTransaction, memberOf, type Ctx } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import type { Role } from '../../db/schema.js';
import { toIso } from '../../lib/clock.js';
import { authorize, can, requireRoleChange } from '../access/access.policy.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import { releaseMemberFromClients } from '../clients/clients.service.js';
import { releaseMemberFromWork } from '../timeline/timeline.service.js';
import {
  countOwners,
  deleteMemberSessions,
  deleteMembership,
  findMember,
  listMemberDevices,
  listMemberSessions,
  listMembers,
  setMemberRole,
  type MemberRow,
} from './members.repo.js';

function present(row: MemberRow, showSecurity: boolean): MemberView {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    role: row.role,
    joinedAt: toIso(row.created_at),
    ...(showSecurity ? { mfaEnabled: row.mfa_enabled_at !== null, activeSessions: Number(row.active_sessions ?? 0) } : {}),
  };
}

export async function listWorkspaceMembers(ctx: Ctx): Promise<MemberView[]> {
  authorize(ctx, 'member:read');
  const rows = await listMembers(ctx, ctx.rt.clock.now());
  const showSecurity = can(ctx, 'member:update');
  return rows.map((r) => present(r, showSecurity));
}

export async function getWorkspaceMember(ctx: Ctx, id: string): Promise<MemberView> {
  authorize(ctx, 'member:read');
  const [row] = await listMembers(ctx, ctx.rt.clock.now(), id);
  if (!row) throw notFound('member');
  return present(row, can(ctx, 'member:update'));
}

/** Refuses a change that would leave the workspace with no owner. */
async function assertOwnerRemains(ctx: Ctx, target: { role: Role }, nextRole: Role | undefined): Promise<void> {
  if (target.role === 'owner' && nextRole !== 'owner' && (await countOwners(ctx)) <= 1) {
    throw new AppError('last_owner', 'This is the only owner. Make another member an owner first.');
  }
}

export async function changeMemberRole(ctx: Ctx, id: string, role: Role): Promise<MemberView> {
  authorize(ctx, 'member:update');
  const actor = memberOf(ctx);
  const target = await findMember(ctx, id);
  if (!target) throw notFound('member');
  if (target.role === role) return getWorkspaceMember(ctx, id);
  requireRoleChange(actor.role, target.role, role);
  await inTransaction(ctx, async (tx) => {
    await assertOwnerRemains(tx, target, role);
    await setMemberRole(tx, id, role, ctx.rt.clock.now());
    await recordEvent({ ...tx, actorUserId: actor.userId }, { type: 'member.role_changed', subjectType: 'membership', subjectId: id, payload: { from: target.role, to: role } });
    await recordAudit(tx, { action: 'member.role_changed', subjectType: 'membership', subjectId: id, details: { from: target.role, to: role } });
  });
  return getWorkspaceMember(ctx, id);
}

/** Removes a member (or lets a member leave): their tokens go with the membership, their sessions here end. */
export async function removeMember(ctx: Ctx, id: string): Promise<void> {
  const actor = memberOf(ctx);
  const target = await findMember(ctx, id);
  const leaving = target?.id === actor.membershipId;
  if (!leaving) authorize(ctx, 'member:remove');
  if (!target) throw notFound('member');
  if (!leaving) requireRoleChange(actor.role, target.role);
  await inTransaction(ctx, async (tx) => {
    await assertOwnerRemains(tx, target, undefined);
    const ended = await deleteMemberSessions(tx, target.user_id);
    // Their clients, tasks and notes stay; references to them are cleared first (no ON DELETE actions on composite keys).
    await releaseMemberFromClients(tx, id);
    await releaseMemberFromWork(tx, id);
    await deleteMembership(tx, id);
    await recordEvent({ ...tx, actorUserId: actor.userId }, { type: 'member.removed', subjectType: 'membership', subjectId: id, payload: { role: target.role } });
    await recordAudit(tx, {
      action: leaving ? 'member.left' : 'member.removed',
      subjectType: 'user',
      subjectId: target.user_id,
      details: { role: target.role, sessionsEnded: ended.sessions },
    });
  });
}

export async function listSessionsOfMember(ctx: Ctx, id: string): Promise<SessionView[]> {
  authorize(ctx, 'member:revoke_sessions');
  const target = await findMember(ctx, id);
  if (!target) throw notFound('member');
  const sessions = await listMemberSessions(ctx, target.user_id);
  const devices = await listMemberDevices(ctx, target.user_id);
  const current = memberOf(ctx).sessionId;
  return [
    ...sessions.map((r) => ({
      id: r.id,
      kind: 'session' as const,
      current: r.id === current,
      userAgent: r.user_agent,
      ip: r.ip,
      workspaceName: null,
      createdAt: toIso(r.created_at),
      lastSeenAt: toIso(r.last_seen_at),
      expiresAt: toIso(r.expires_at),
    })),
    ...devices.map((d) => ({
      id: d.id,
      kind: 'device' as const,
      current: false,
      userAgent: d.user_agent,
      ip: d.ip,
      workspaceName: null,
      createdAt: toIso(d.created_at),
      lastSeenAt: toIso(d.last_used_at),
      expiresAt: toIso(d.expires_at),
    })),
  ];
}

/** Signs a member out of this workspace everywhere: sessions end and remembered devices are forgotten. */
export async function revokeSessionsOfMember(ctx: Ctx, id: string): Promise<{ sessions: number; devices: number }> {
  authorize(ctx, 'member:revoke_sessions');
  const actor = memberOf(ctx);
  const target = await findMember(ctx, id);
  if (!target) throw notFound('member');
  if (target.id !== actor.membershipId) requireRoleChange(actor.role, target.role);
  return inTransaction(ctx, async (tx) => {
    const ended = await deleteMemberSessions(tx, target.user_id);
    await recordEvent({ ...tx, actorUserId: actor.userId }, { type: 'member.sessions_revoked', subjectType: 'membership', subjectId: id, payload: ended });
    await recordAudit(tx, { action: 'member.sessions_revoked', subjectType: 'user', subjectId: target.user_id, details: { ...ended } });
    return ended;
  });
}

export function roleLabel(role: Role): string {
  return RoleLabels[role];
}
