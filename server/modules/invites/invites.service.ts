import type { z } from 'zod';
import type { AcceptInviteBody, CreateInviteBody, InvitePreview, InviteView } from '../../../contract/members.js';
import { RoleLabels } from '../../../contract/common.js';
import { inTransaction, memberOf, type Ctx, type PublicCtx } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import { toIso } from '../../lib/clock.js';
import { hashToken, newSecretToken } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { authorize, requireRoleChange } from '../access/access.policy.js';
import { recordAccountAudit, recordAudit } from '../audit/audit.service.js';
import { findUserByEmail, findUserById, insertUser } from '../auth/auth.repo.js';
import { completeFirstFactor, verifyCredentials, type SignInOutcome } from '../auth/auth.service.js';
import { assertPasswordPolicy, hashPassword } from '../auth/password.js';
import { recordEvent } from '../events/events.service.js';
import { inviteMail } from '../mail/mail.templates.js';
import { queueMail } from '../mail/mail.service.js';
import { findMemberByEmail, insertMembership } from '../members/members.repo.js';
import { findWorkspace } from '../workspaces/workspaces.repo.js';
import {
  findInvite,
  insertInvite,
  listInvites,
  markInviteAccepted,
  revokeInvite,
  revokeOpenInvitesFor,
  setInviteAcceptedUser,
  unsafeFindInviteByTokenHash,
  type InviteRow,
} from './invites.repo.js';

/** An invite link works once and for seven days (P02). */
export const INVITE_TTL_DAYS = 7;

function statusOf(row: { accepted_at: number | null; revoked_at: number | null; expires_at: number }, now: number): InviteView['status'] {
  if (row.accepted_at !== null) return 'accepted';
  if (row.revoked_at !== null) return 'revoked';
  return now >= row.expires_at ? 'expired' : 'pending';
}

function present(row: InviteRow, now: number): InviteView {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: statusOf(row, now),
    invitedBy: row.invited_by,
    createdAt: toIso(row.created_at),
    expiresAt: toIso(row.expires_at),
  };
}

export async function listWorkspaceInvites(ctx: Ctx): Promise<InviteView[]> {
  authorize(ctx, 'member:invite');
  const now = ctx.rt.clock.now();
  return (await listInvites(ctx)).map((r) => present(r, now));
}

/** Invites a person by email: a single-use, expiring link that lets them set a password (P02). */
export async function createInvite(ctx: Ctx, input: z.output<typeof CreateInviteBody>): Promise<InviteView> {
  authorize(ctx, 'member:invite');
  const actor = memberOf(ctx);
  requireRoleChange(actor.role, 'viewer', input.role);
  if (await findMemberByEmail(ctx, input.email)) {
    throw new AppError('already_member', `${input.email} is already a member of this workspace.`);
  }
  const workspace = await findWorkspace(ctx);
  const inviter = await findUserById(ctx.db, actor.userId);
  if (!workspace || !inviter) throw notFound('workspace');
  const token = newSecretToken();
  const now = ctx.rt.clock.now();
  const id = newId('invite');
  await inTransaction(ctx, async (tx) => {
    await revokeOpenInvitesFor(tx, input.email, now);
    await insertInvite(tx, {
      id,
      email: input.email,
      role: input.role,
      token_hash: hashToken(token),
      invited_by_user_id: actor.userId,
      accepted_user_id: null,
      created_at: now,
      expires_at: now + INVITE_TTL_DAYS * 86_400_000,
      accepted_at: null,
      revoked_at: null,
    });
    const mail = inviteMail({
      workspaceName: workspace.name,
      inviterName: inviter.name,
      roleLabel: RoleLabels[input.role],
      // The token travels in the fragment, which browsers never send to a server or put in logs.
      url: `${ctx.rt.config.publicUrl}/invite#${token}`,
      expiresInDays: INVITE_TTL_DAYS,
    });
    await queueMail(tx, { ...mail, to: input.email, workspaceId: ctx.workspaceId, recipientUserId: null });
    await recordEvent({ ...tx, actorUserId: actor.userId }, { type: 'invite.created', subjectType: 'invite', subjectId: id, payload: { role: input.role } });
    await recordAudit(tx, { action: 'member.invited', subjectType: 'invite', subjectId: id, details: { role: input.role } });
  });
  const [row] = await listInvites(ctx, id);
  if (!row) throw new Error('invite vanished after insert');
  return present(row, now);
}

export async function revokeWorkspaceInvite(ctx: Ctx, id: string): Promise<void> {
  authorize(ctx, 'member:invite');
  const invite = await findInvite(ctx, id);
  if (!invite) throw notFound('invite');
  if (invite.accepted_at !== null || invite.revoked_at !== null) return;
  await inTransaction(ctx, async (tx) => {
    await revokeInvite(tx, id, ctx.rt.clock.now());
    await recordEvent({ ...tx, actorUserId: memberOf(ctx).userId }, { type: 'invite.revoked', subjectType: 'invite', subjectId: id });
    await recordAudit(tx, { action: 'invite.revoked', subjectType: 'invite', subjectId: id });
  });
}

const INVALID = 'This invitation link is not valid any more. Ask the person who invited you for a new one.';

async function openInvite(ctx: PublicCtx, token: string) {
  const invite = await unsafeFindInviteByTokenHash(ctx.db, hashToken(token));
  if (!invite || statusOf(invite, ctx.rt.clock.now()) !== 'pending') throw new AppError('invite_invalid', INVALID);
  return invite;
}

/** What the invite page shows before the person accepts. */
export async function previewInvite(ctx: PublicCtx, token: string): Promise<z.infer<typeof InvitePreview>> {
  const invite = await openInvite(ctx, token);
  const user = await findUserByEmail(ctx.db, invite.email);
  return {
    workspaceName: invite.workspace_name,
    email: invite.email,
    role: invite.role,
    hasAccount: user !== undefined,
    expiresAt: toIso(invite.expires_at),
  };
}

/**
 * Accepts an invite. A new person sets their name and password here; a person who already has a
 * Candor account proves it with their password (and MFA, when on) instead. Either way the
 * membership and the link's use commit together, and the person is signed in to the workspace.
 */
export async function acceptInvite(ctx: PublicCtx, input: z.output<typeof AcceptInviteBody>): Promise<SignInOutcome> {
  const invite = await openInvite(ctx, input.token);
  const existing = await findUserByEmail(ctx.db, invite.email);
  const now = ctx.rt.clock.now();
  const wsCtx = { db: ctx.db, workspaceId: invite.workspace_id };
  if (existing) {
    const user = await verifyCredentials(ctx, invite.email, input.password, 'invite.accept');
    return inTransaction({ ...ctx, ...wsCtx }, async (tx) => {
      if (!(await markInviteAccepted(tx, invite.id, user.id, now))) throw new AppError('invite_invalid', INVALID);
      await insertMembership(tx, { id: newId('membership'), user_id: user.id, role: invite.role, created_at: now, updated_at: now });
      await recordEvent({ ...tx, actorUserId: user.id }, { type: 'member.joined', subjectType: 'user', subjectId: user.id, payload: { role: invite.role } });
      await recordAccountAudit(tx, user.id, { action: 'member.joined', subjectType: 'invite', subjectId: invite.id, details: { role: invite.role } });
      return completeFirstFactor(tx, user, { remember: input.remember, workspaceId: invite.workspace_id });
    });
  }
  if (!input.name) throw new AppError('validation_failed', 'body.name: is required to create your account.', { issues: [{ path: 'body.name', message: 'is required' }] });
  assertPasswordPolicy(input.password, { email: invite.email, name: input.name });
  const passwordHash = await hashPassword(input.password);
  const userId = newId('user');
  return inTransaction({ ...ctx, ...wsCtx }, async (tx) => {
    // Claim the link before creating the account, so a second submit of the same link stops here
    // (invite_invalid) instead of colliding on the email; the account id is filled in after.
    if (!(await markInviteAccepted(tx, invite.id, null, now))) throw new AppError('invite_invalid', INVALID);
    await insertUser(tx.db, { id: userId, email: invite.email, name: input.name ?? '', passwordHash, workspaceId: invite.workspace_id, now });
    await setInviteAcceptedUser(tx, invite.id, userId);
    await insertMembership(tx, { id: newId('membership'), user_id: userId, role: invite.role, created_at: now, updated_at: now });
    await recordEvent({ ...tx, actorUserId: userId }, { type: 'member.joined', subjectType: 'user', subjectId: userId, payload: { role: invite.role } });
    await recordAccountAudit(tx, userId, { action: 'member.joined', subjectType: 'invite', subjectId: invite.id, details: { role: invite.role, newAccount: true } });
    const user = await findUserById(tx.db, userId);
    if (!user) throw new Error('account vanished after insert');
    return completeFirstFactor(tx, user, { remember: input.remember, workspaceId: invite.workspace_id });
  });
}
