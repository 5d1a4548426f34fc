import type { z } from 'zod';
import type { SessionView } from '../../../contract/auth.js';
import type { ChangePasswordBody, Me, MfaSetup, MfaStatus, UpdateProfileBody } from '../../../contract/account.js';
import { inTransaction, memberOf, type Ctx } from '../../context.js';
import { AppError, notFound } from '../../errors.js';
import { toIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { recordAccountAudit } from '../audit/audit.service.js';
import {
  countUnusedRecoveryCodes,
  deleteDeviceOfUser,
  deleteDevicesOfUser,
  deleteSessionOfUser,
  deleteSessionsOfUser,
  findUserByEmail,
  findUserById,
  listDevicesOfUser,
  listSessionsOfUser,
  replaceRecoveryCodes,
  setSessionWorkspace,
  unsafeListMembershipsOfUser,
  updateUser,
  type UserRow,
} from '../auth/auth.repo.js';
import { assertPasswordPolicy, hashPassword, verifyPassword } from '../auth/password.js';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpUri, verifyTotp } from '../auth/totp.js';
import { recordEvent } from '../events/events.service.js';
import { securityNoticeMail } from '../mail/mail.templates.js';
import { queueMail } from '../mail/mail.service.js';
import { findWorkspace } from '../workspaces/workspaces.repo.js';

async function currentUser(ctx: Ctx): Promise<UserRow> {
  const user = await findUserById(ctx.db, memberOf(ctx).userId);
  if (!user) throw notFound('account');
  return user;
}

/** Re-authentication for sensitive changes (ASVS 7.5.1): the current password, checked with argon2. */
async function requirePassword(user: UserRow, password: string | undefined): Promise<void> {
  if (!password || !(await verifyPassword(user.password_hash, password))) {
    throw new AppError('reauthentication_failed', 'Your current password is not right.', { field: 'currentPassword' });
  }
}

async function notify(ctx: Ctx, user: UserRow, what: string): Promise<void> {
  const mail = securityNoticeMail({ what, when: toIso(ctx.rt.clock.now()), signInUrl: `${ctx.rt.config.publicUrl}/sign-in` });
  await queueMail(ctx, { ...mail, to: user.email, workspaceId: null, recipientUserId: user.id });
}

/** `GET /api/v1/me`: the person, the workspace they are in, what they may do, and where else they belong. */
export async function getMe(ctx: Ctx): Promise<z.infer<typeof Me>> {
  const member = memberOf(ctx);
  const user = await currentUser(ctx);
  const workspace = await findWorkspace(ctx);
  if (!workspace) throw notFound('workspace');
  const memberships = await unsafeListMembershipsOfUser(ctx.db, user.id);
  return {
    user: { id: user.id, email: user.email, name: user.name, mfaEnabled: user.mfa_enabled_at !== null, createdAt: toIso(user.created_at) },
    workspace: { id: workspace.id, name: workspace.name },
    membership: { id: member.membershipId, role: member.role },
    permissions: [...ctx.permissions].sort(),
    workspaces: memberships.map((m) => ({ id: m.workspaceId, name: m.workspaceName, role: m.role })),
    via: member.via,
  };
}

/** Edits one's own name and email (P27). Changing the email needs the current password. */
export async function updateProfile(ctx: Ctx, input: z.output<typeof UpdateProfileBody>): Promise<void> {
  const user = await currentUser(ctx);
  const now = ctx.rt.clock.now();
  const patch: Partial<UserRow> = {};
  if (input.name !== undefined && input.name !== user.name) patch.name = input.name;
  if (input.email !== undefined && input.email !== user.email) {
    await requirePassword(user, input.currentPassword);
    const taken = await findUserByEmail(ctx.db, input.email);
    if (taken) throw new AppError('email_in_use', 'Another account already uses this email.');
    patch.email = input.email;
  }
  if (Object.keys(patch).length === 0) return;
  await inTransaction(ctx, async (tx) => {
    await updateUser(tx.db, user.id, { ...patch, updated_at: now });
    const changed = Object.keys(patch).sort().join(',');
    await recordEvent({ ...tx, workspaceId: null, actorUserId: user.id }, { type: 'user.profile_updated', subjectType: 'user', subjectId: user.id, payload: { fields: changed } });
    await recordAccountAudit(tx, user.id, { action: 'profile.updated', details: { fields: changed } });
    // The old address hears about an email change, so a hijacked session cannot move the account quietly.
    if (patch.email) await notify(tx, user, `The email of your account was changed to ${patch.email}`);
  });
}

/** Changes the password after checking the current one; by default every other session ends. */
export async function changePassword(ctx: Ctx, input: z.output<typeof ChangePasswordBody>): Promise<{ sessionsEnded: number }> {
  const member = memberOf(ctx);
  const user = await currentUser(ctx);
  await requirePassword(user, input.currentPassword);
  assertPasswordPolicy(input.newPassword, { email: user.email, name: user.name });
  const hash = await hashPassword(input.newPassword);
  const now = ctx.rt.clock.now();
  return inTransaction(ctx, async (tx) => {
    await updateUser(tx.db, user.id, { password_hash: hash, password_changed_at: now, updated_at: now });
    let ended = 0;
    if (input.signOutOtherSessions) {
      ended = await deleteSessionsOfUser(tx.db, user.id, member.sessionId);
      await deleteDevicesOfUser(tx.db, user.id, null);
    }
    await recordEvent({ ...tx, workspaceId: null, actorUserId: user.id }, { type: 'user.password_changed', subjectType: 'user', subjectId: user.id });
    await recordAccountAudit(tx, user.id, { action: 'password.changed', details: { otherSessionsEnded: ended } });
    await notify(tx, user, 'The password of your account was changed');
    return { sessionsEnded: ended };
  });
}

/** Moves the current session to another workspace the person belongs to (P47: never one they do not). */
export async function switchWorkspace(ctx: Ctx, workspaceId: string): Promise<void> {
  const member = memberOf(ctx);
  if (member.via !== 'session' || !member.sessionId) throw new AppError('session_required', 'Only a browser session can switch workspace.');
  const memberships = await unsafeListMembershipsOfUser(ctx.db, member.userId);
  if (!memberships.some((m) => m.workspaceId === workspaceId)) throw notFound('workspace');
  await inTransaction(ctx, async (tx) => {
    await setSessionWorkspace(tx.db, member.sessionId ?? '', workspaceId);
    await updateUser(tx.db, member.userId, { last_workspace_id: workspaceId });
    await recordEvent({ ...tx, workspaceId, actorUserId: member.userId }, { type: 'session.workspace_switched', subjectType: 'session', subjectId: member.sessionId ?? '' });
  });
}

/** The person's own sessions and remembered devices, across their workspaces. */
export async function listOwnSessions(ctx: Ctx): Promise<SessionView[]> {
  const member = memberOf(ctx);
  const sessions = await listSessionsOfUser(ctx.db, member.userId);
  const devices = await listDevicesOfUser(ctx.db, member.userId);
  return [
    ...sessions.map((s) => ({
      id: s.id,
      kind: 'session' as const,
      current: s.id === member.sessionId,
      userAgent: s.user_agent,
      ip: s.ip,
      workspaceName: s.workspace_name ?? null,
      createdAt: toIso(s.created_at),
      lastSeenAt: toIso(s.last_seen_at),
      expiresAt: toIso(Math.min(s.expires_at, s.last_seen_at + ctx.rt.config.session.idleMs)),
    })),
    ...devices.map((d) => ({
      id: d.id,
      kind: 'device' as const,
      current: sessions.some((s) => s.id === member.sessionId && s.remember_device_id === d.id),
      userAgent: d.user_agent,
      ip: d.ip,
      workspaceName: d.workspace_name ?? null,
      createdAt: toIso(d.created_at),
      lastSeenAt: toIso(d.last_used_at),
      expiresAt: toIso(d.expires_at),
    })),
  ];
}

/** Ends one of the person's own sessions, or forgets one remembered device (and its sessions). */
export async function revokeOwnSession(ctx: Ctx, id: string): Promise<void> {
  const member = memberOf(ctx);
  const isDevice = id.startsWith('dev_');
  await inTransaction(ctx, async (tx) => {
    const done = isDevice ? await deleteDeviceOfUser(tx.db, member.userId, id) : await deleteSessionOfUser(tx.db, member.userId, id);
    if (!done) throw notFound('session');
    const subjectType = isDevice ? 'remember_device' : 'session';
    await recordEvent({ ...tx, workspaceId: null, actorUserId: member.userId }, { type: `${subjectType}.revoked`, subjectType, subjectId: id });
    await recordAccountAudit(tx, member.userId, { action: `${subjectType}.revoked`, subjectType, subjectId: id });
  });
}

export async function getMfaStatus(ctx: Ctx): Promise<z.infer<typeof MfaStatus>> {
  const user = await currentUser(ctx);
  return {
    enabled: user.mfa_enabled_at !== null,
    enabledAt: toIso(user.mfa_enabled_at),
    recoveryCodesLeft: user.mfa_enabled_at !== null ? await countUnusedRecoveryCodes(ctx.db, user.id) : 0,
  };
}

/** Starts MFA setup: a new seed, kept encrypted as pending until a code from the app confirms it. */
export async function beginMfaSetup(ctx: Ctx): Promise<z.infer<typeof MfaSetup>> {
  const user = await currentUser(ctx);
  if (user.mfa_enabled_at !== null) throw new AppError('mfa_state_conflict', 'Two-factor sign-in is already on. Turn it off first to set up a new app.');
  const secret = newTotpSecret();
  await updateUser(ctx.db, user.id, { totp_pending_enc: ctx.rt.keys.encrypt(secret, user.id), updated_at: ctx.rt.clock.now() });
  return { secret, otpauthUrl: totpUri(secret, user.email, 'Candor') };
}

/** Confirms setup with a code and the password; returns the recovery codes, shown this once (P44). */
export async function enableMfa(ctx: Ctx, input: { code: string; currentPassword: string }): Promise<string[]> {
  const user = await currentUser(ctx);
  if (user.mfa_enabled_at !== null) throw new AppError('mfa_state_conflict', 'Two-factor sign-in is already on.');
  if (!user.totp_pending_enc) throw new AppError('mfa_state_conflict', 'Start the setup first: no authenticator app is waiting to be confirmed.');
  await requirePassword(user, input.currentPassword);
  const secret = ctx.rt.keys.decrypt(user.totp_pending_enc, user.id);
  const now = ctx.rt.clock.now();
  const step = await verifyTotp(secret, input.code, now, null);
  if (step === undefined) {
    throw new AppError('mfa_setup_code_invalid', 'That code is not right. Check the time on your phone and try the newest code.', { field: 'code' });
  }
  const codes = newRecoveryCodes();
  await inTransaction(ctx, async (tx) => {
    await updateUser(tx.db, user.id, {
      totp_secret_enc: user.totp_pending_enc,
      totp_pending_enc: null,
      totp_last_step: step,
      mfa_enabled_at: now,
      updated_at: now,
    });
    await replaceRecoveryCodes(tx.db, user.id, codes.map((c) => ({ id: newId('recoveryCode'), code_hash: hashRecoveryCode(c) })), now);
    await recordEvent({ ...tx, workspaceId: null, actorUserId: user.id }, { type: 'user.mfa_enabled', subjectType: 'user', subjectId: user.id });
    await recordAccountAudit(tx, user.id, { action: 'mfa.enabled' });
    await notify(tx, user, 'Two-factor sign-in was turned on for your account');
  });
  return codes;
}

export async function disableMfa(ctx: Ctx, currentPassword: string): Promise<void> {
  const user = await currentUser(ctx);
  if (user.mfa_enabled_at === null) throw new AppError('mfa_state_conflict', 'Two-factor sign-in is not on.');
  await requirePassword(user, currentPassword);
  const now = ctx.rt.clock.now();
  await inTransaction(ctx, async (tx) => {
    await updateUser(tx.db, user.id, { totp_secret_enc: null, totp_pending_enc: null, totp_last_step: null, mfa_enabled_at: null, updated_at: now });
    await replaceRecoveryCodes(tx.db, user.id, [], now);
    await recordEvent({ ...tx, workspaceId: null, actorUserId: user.id }, { type: 'user.mfa_disabled', subjectType: 'user', subjectId: user.id });
    await recordAccountAudit(tx, user.id, { action: 'mfa.disabled' });
    await notify(tx, user, 'Two-factor sign-in was turned off for your account');
  });
}

export async function regenerateRecoveryCodes(ctx: Ctx, currentPassword: string): Promise<string[]> {
  const user = await currentUser(ctx);
  if (user.mfa_enabled_at === null) throw new AppError('mfa_state_conflict', 'Turn on two-factor sign-in first.');
  await requirePassword(user, currentPassword);
  const codes = newRecoveryCodes();
  const now = ctx.rt.clock.now();
  await inTransaction(ctx, async (tx) => {
    await replaceRecoveryCodes(tx.db, user.id, codes.map((c) => ({ id: newId('recoveryCode'), code_hash: hashRecoveryCode(c) })), now);
    await recordAccountAudit(tx, user.id, { action: 'mfa.recovery_codes_regenerated' });
  });
  return codes;
}
