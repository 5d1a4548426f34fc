import { randomBytes } from 'node:crypto';
import type { PublicCtx } from '../../context.js';
import type { Role } from '../../db/schema.js';
import { hashToken, newSecretToken, sameDigest } from '../../lib/crypto.js';
import { base32, newId } from '../../lib/ids.js';
import { recordAccountAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import {
  deleteDevice,
  deleteSession,
  findDeviceBySelector,
  findSessionForRequest,
  findUserById,
  insertDevice,
  insertSession,
  rotateDeviceValidator,
  touchSession,
  unsafeListMembershipsOfUser,
  updateUser,
  type UserRow,
} from './auth.repo.js';

/** A session just issued: the cookie value goes to the browser once and is stored only hashed. */
export interface IssuedSession {
  readonly token: string;
  readonly sessionId: string;
  readonly userId: string;
  readonly workspaceId: string;
}

/** A "keep me signed in" cookie value (`selector.validator`), issued or rotated. */
export interface IssuedDevice {
  readonly cookie: string;
  readonly deviceId: string;
}

/** Writes to `last_seen_at` at most once a minute, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60_000;
/** After a rotation, the previous device cookie still restores a session for this long (parallel tabs). */
const ROTATION_GRACE_MS = 60_000;

/**
 * Starts a session for a person in one workspace and, when asked, remembers the device. The
 * token is 160 random bits (Copenhagen Book); only its SHA-256 is stored.
 */
export async function startSession(
  ctx: PublicCtx,
  input: { userId: string; workspaceId: string; remember: boolean; rememberDeviceId?: string | null },
): Promise<{ session: IssuedSession; device: IssuedDevice | undefined }> {
  const now = ctx.rt.clock.now();
  let device: IssuedDevice | undefined;
  let deviceId = input.rememberDeviceId ?? null;
  if (input.remember && !deviceId) {
    const selector = base32(randomBytes(12));
    const validator = newSecretToken();
    deviceId = newId('rememberDevice');
    await insertDevice(ctx.db, {
      id: deviceId,
      user_id: input.userId,
      workspace_id: input.workspaceId,
      selector,
      validator_hash: hashToken(validator),
      previous_validator_hash: null,
      rotated_at: null,
      user_agent: ctx.request.userAgent.slice(0, 256),
      ip: ctx.request.ip,
      created_at: now,
      last_used_at: now,
      expires_at: now + ctx.rt.config.session.rememberMs,
    });
    device = { cookie: `${selector}.${validator}`, deviceId };
  }
  const token = newSecretToken();
  const sessionId = newId('session');
  await insertSession(ctx.db, {
    id: sessionId,
    token_hash: hashToken(token),
    user_id: input.userId,
    workspace_id: input.workspaceId,
    remember_device_id: deviceId,
    ip: ctx.request.ip,
    user_agent: ctx.request.userAgent.slice(0, 256),
    created_at: now,
    last_seen_at: now,
    expires_at: now + ctx.rt.config.session.absoluteMs,
  });
  await updateUser(ctx.db, input.userId, { last_workspace_id: input.workspaceId });
  await recordEvent(
    { rt: ctx.rt, db: ctx.db, workspaceId: input.workspaceId, actorUserId: input.userId },
    { type: 'session.started', subjectType: 'session', subjectId: sessionId, payload: { remembered: deviceId !== null } },
  );
  return { session: { token, sessionId, userId: input.userId, workspaceId: input.workspaceId }, device };
}

export interface AuthenticatedSession {
  readonly sessionId: string;
  readonly userId: string;
  readonly workspaceId: string;
  readonly membershipId: string;
  readonly role: Role;
}

/**
 * The session a cookie names, if it is still good: not past its absolute end, not idle too
 * long, its person not disabled and still a member of the session's workspace. A session that
 * fails any of these is deleted, so a stolen cookie cannot be revived later.
 */
export async function authenticateSessionToken(ctx: PublicCtx, token: string): Promise<AuthenticatedSession | undefined> {
  const found = await findSessionForRequest(ctx.db, hashToken(token));
  if (!found) return undefined;
  const now = ctx.rt.clock.now();
  const idle = now >= found.last_seen_at + ctx.rt.config.session.idleMs;
  if (now >= found.expires_at || idle || found.disabled_at !== null || !found.membership_id || !found.role) {
    await deleteSession(ctx.db, found.id);
    return undefined;
  }
  if (now - found.last_seen_at >= TOUCH_EVERY_MS) await touchSession(ctx.db, found.id, now);
  return { sessionId: found.id, userId: found.user_id, workspaceId: found.workspace_id, membershipId: found.membership_id, role: found.role };
}

/** The workspace a person lands in: the one asked for, else the last one, else their first. */
export async function chooseWorkspace(ctx: PublicCtx, user: UserRow, preferred?: string | null): Promise<string | undefined> {
  const memberships = await unsafeListMembershipsOfUser(ctx.db, user.id);
  const ids = memberships.map((m) => m.workspaceId);
  if (preferred && ids.includes(preferred)) return preferred;
  if (user.last_workspace_id && ids.includes(user.last_workspace_id)) return user.last_workspace_id;
  return ids[0];
}

export type DeviceRestore =
  | { readonly kind: 'restored'; readonly session: IssuedSession; readonly device: IssuedDevice | undefined }
  | { readonly kind: 'rejected' };

/**
 * Turns a "keep me signed in" cookie into a new session after the browser was closed, rotating
 * the cookie (P13). A cookie whose selector matches but whose secret is stale was copied: the
 * legitimate browser already rotated it. The device and its sessions are then revoked and the
 * event goes into the security log. The previous secret stays good for a minute after a rotation,
 * because a page opening several tabs sends the same cookie in parallel.
 */
export async function restoreFromDevice(ctx: PublicCtx, cookie: string): Promise<DeviceRestore> {
  const [selector, validator] = cookie.split('.');
  if (!selector || !validator || selector.length > 40 || validator.length > 64) return { kind: 'rejected' };
  const device = await findDeviceBySelector(ctx.db, selector);
  if (!device) return { kind: 'rejected' };
  const now = ctx.rt.clock.now();
  if (now >= device.expires_at) {
    await deleteDevice(ctx.db, device.id);
    return { kind: 'rejected' };
  }
  const presented = hashToken(validator);
  const current = sameDigest(presented, device.validator_hash);
  const inGrace =
    !current &&
    device.previous_validator_hash !== null &&
    device.rotated_at !== null &&
    now - device.rotated_at < ROTATION_GRACE_MS &&
    sameDigest(presented, device.previous_validator_hash);
  if (!current && !inGrace) {
    await deleteDevice(ctx.db, device.id);
    await recordAccountAudit(ctx, device.user_id, {
      action: 'remember_device.reuse_detected',
      outcome: 'failure',
      subjectType: 'remember_device',
      subjectId: device.id,
      details: { reason: 'a rotated keep-me-signed-in cookie was presented again; the device was revoked' },
    });
    return { kind: 'rejected' };
  }
  const user = await findUserById(ctx.db, device.user_id);
  const workspaceId = user && user.disabled_at === null ? await chooseWorkspace(ctx, user, device.workspace_id) : undefined;
  if (!user || !workspaceId) {
    await deleteDevice(ctx.db, device.id);
    return { kind: 'rejected' };
  }
  let issuedDevice: IssuedDevice | undefined;
  if (current) {
    const nextValidator = newSecretToken();
    const rotated = await rotateDeviceValidator(ctx.db, device.id, device.validator_hash, {
      validator_hash: hashToken(nextValidator),
      previous_validator_hash: device.validator_hash,
      rotated_at: now,
      last_used_at: now,
      expires_at: now + ctx.rt.config.session.rememberMs,
      ip: ctx.request.ip,
      user_agent: ctx.request.userAgent.slice(0, 256),
      workspace_id: workspaceId,
    });
    if (rotated) issuedDevice = { cookie: `${selector}.${nextValidator}`, deviceId: device.id };
  }
  const { session } = await startSession(ctx, { userId: user.id, workspaceId, remember: false, rememberDeviceId: device.id });
  await recordAccountAudit(ctx, user.id, { action: 'session.restored', subjectType: 'remember_device', subjectId: device.id });
  return { kind: 'restored', session, device: issuedDevice };
}
