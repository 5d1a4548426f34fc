import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/database.js';
import { allowCrossWorkspace } from '../../db/tenant-guard.js';
import type {
  LoginChallengeTable,
  MembershipTable,
  PasswordResetTable,
  RememberDeviceTable,
  SessionTable,
  UserAccountTable,
} from '../../db/schema.js';

/**
 * Account-level rows: people, their sessions, devices, challenges and resets. These tables are
 * keyed by the person, not the workspace (one person can belong to several workspaces), so the
 * queries here filter by user id or by a credential hash; workspace data is never read here.
 */

export type UserRow = Selectable<UserAccountTable>;
export type SessionRow = Selectable<SessionTable>;
export type DeviceRow = Selectable<RememberDeviceTable>;
export type ChallengeRow = Selectable<LoginChallengeTable>;
export type MembershipRow = Selectable<MembershipTable>;

export function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('user_account').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('user_account').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Creates an account with no MFA, landing in `workspaceId` at first sign-in. */
export async function insertUser(
  db: Executor,
  user: { id: string; email: string; name: string; passwordHash: string; workspaceId: string; now: number },
): Promise<void> {
  const row: Insertable<UserAccountTable> = {
    id: user.id,
    email: user.email,
    name: user.name,
    password_hash: user.passwordHash,
    password_changed_at: user.now,
    totp_secret_enc: null,
    totp_pending_enc: null,
    totp_last_step: null,
    mfa_enabled_at: null,
    last_workspace_id: user.workspaceId,
    disabled_at: null,
    created_at: user.now,
    updated_at: user.now,
  };
  await db.insertInto('user_account').values(row).execute();
}

export async function updateUser(db: Executor, id: string, patch: Partial<Omit<UserRow, 'id'>>): Promise<void> {
  await db.updateTable('user_account').set(patch).where('id', '=', id).execute();
}

/**
 * Moves the TOTP step forward only if no other request used this or a later step first, so two
 * simultaneous submissions of one code cannot both succeed.
 */
export async function advanceTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('user_account')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Every membership of one person, across workspaces: what sign-in and the workspace switcher need.
 * Crosses the workspace wall on purpose and only ever for the person's own id.
 */
export function unsafeListMembershipsOfUser(db: Executor, userId: string) {
  return allowCrossWorkspace('a person’s own memberships', () => db
    .selectFrom('membership')
    .innerJoin('workspace', 'workspace.id', 'membership.workspace_id')
    .select([
      'membership.id as membershipId',
      'membership.workspace_id as workspaceId',
      'membership.role as role',
      'workspace.name as workspaceName',
      'membership.created_at as createdAt',
    ])
    .where('membership.user_id', '=', userId)
    .orderBy('membership.created_at')
    .orderBy('membership.workspace_id')
    .execute());
}

export function findMembershipOfUser(db: Executor, workspaceId: string, userId: string): Promise<MembershipRow | undefined> {
  return db
    .selectFrom('membership')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertSession(db: Executor, row: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('session').values(row).execute();
}

export function findSessionByTokenHash(db: Executor, tokenHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('session').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/**
 * Everything a request needs to know about its session in one round trip: the session, whether
 * its person is disabled, and their membership of the session's workspace (null when gone).
 */
export function findSessionForRequest(db: Executor, tokenHash: string) {
  return db
    .selectFrom('session')
    .innerJoin('user_account', 'user_account.id', 'session.user_id')
    .leftJoin('membership', (join) =>
      join.onRef('membership.workspace_id', '=', 'session.workspace_id').onRef('membership.user_id', '=', 'session.user_id'),
    )
    .select([
      'session.id',
      'session.user_id',
      'session.workspace_id',
      'session.last_seen_at',
      'session.expires_at',
      'user_account.disabled_at',
      'membership.id as membership_id',
      'membership.role',
    ])
    .where('session.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export function findSessionById(db: Executor, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: Executor, id: string, at: number): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function setSessionWorkspace(db: Executor, id: string, workspaceId: string): Promise<void> {
  await db.updateTable('session').set({ workspace_id: workspaceId }).where('id', '=', id).execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute();
}

/** Ends every session of a person except, optionally, one; returns how many ended. */
export async function deleteSessionsOfUser(db: Executor, userId: string, exceptSessionId?: string): Promise<number> {
  let q = db.deleteFrom('session').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function deleteDevicesOfUser(db: Executor, userId: string, exceptDeviceId?: string | null): Promise<number> {
  let q = db.deleteFrom('remember_device').where('user_id', '=', userId);
  if (exceptDeviceId) q = q.where('id', '!=', exceptDeviceId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export function listSessionsOfUser(db: Executor, userId: string) {
  return db
    .selectFrom('session')
    .leftJoin('workspace', 'workspace.id', 'session.workspace_id')
    .select([
      'session.id',
      'session.ip',
      'session.user_agent',
      'session.created_at',
      'session.last_seen_at',
      'session.expires_at',
      'session.remember_device_id',
      'workspace.name as workspace_name',
    ])
    .where('session.user_id', '=', userId)
    .orderBy('session.last_seen_at', 'desc')
    .execute();
}

export function listDevicesOfUser(db: Executor, userId: string) {
  return db
    .selectFrom('remember_device')
    .leftJoin('workspace', 'workspace.id', 'remember_device.workspace_id')
    .select([
      'remember_device.id',
      'remember_device.ip',
      'remember_device.user_agent',
      'remember_device.created_at',
      'remember_device.last_used_at',
      'remember_device.expires_at',
      'workspace.name as workspace_name',
    ])
    .where('remember_device.user_id', '=', userId)
    .orderBy('remember_device.last_used_at', 'desc')
    .execute();
}

export async function deleteSessionOfUser(db: Executor, userId: string, sessionId: string): Promise<boolean> {
  const r = await db.deleteFrom('session').where('user_id', '=', userId).where('id', '=', sessionId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function deleteDeviceOfUser(db: Executor, userId: string, deviceId: string): Promise<boolean> {
  await db.deleteFrom('session').where('user_id', '=', userId).where('remember_device_id', '=', deviceId).execute();
  const r = await db.deleteFrom('remember_device').where('user_id', '=', userId).where('id', '=', deviceId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function insertDevice(db: Executor, row: Insertable<RememberDeviceTable>): Promise<void> {
  await db.insertInto('remember_device').values(row).execute();
}

export function findDeviceBySelector(db: Executor, selector: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('remember_device').selectAll().where('selector', '=', selector).executeTakeFirst();
}

/**
 * Rotates a device's validator, but only from the value the caller saw: of two requests racing
 * with the same cookie, one rotates and the other learns it lost.
 */
export async function rotateDeviceValidator(
  db: Executor,
  id: string,
  fromHash: string,
  patch: { validator_hash: string; previous_validator_hash: string; rotated_at: number; last_used_at: number; expires_at: number; ip: string; user_agent: string; workspace_id: string },
): Promise<boolean> {
  const r = await db.updateTable('remember_device').set(patch).where('id', '=', id).where('validator_hash', '=', fromHash).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteDevice(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('session').where('remember_device_id', '=', id).execute();
  await db.deleteFrom('remember_device').where('id', '=', id).execute();
}

export async function insertChallenge(db: Executor, row: Insertable<LoginChallengeTable>): Promise<void> {
  await db.insertInto('login_challenge').values(row).execute();
}

export function findChallengeByTokenHash(db: Executor, tokenHash: string): Promise<ChallengeRow | undefined> {
  return db.selectFrom('login_challenge').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function countChallengeAttempt(db: Executor, id: string): Promise<void> {
  await db
    .updateTable('login_challenge')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function deleteChallenge(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('login_challenge').where('id', '=', id).execute();
}

export async function insertPasswordReset(db: Executor, row: Insertable<PasswordResetTable>): Promise<void> {
  await db.insertInto('password_reset').values(row).execute();
}

export function countRecentResets(db: Executor, userId: string, since: number): Promise<number> {
  return db
    .selectFrom('password_reset')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function findPasswordResetByTokenHash(db: Executor, tokenHash: string) {
  return db.selectFrom('password_reset').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a reset used only if it still was unused: a link works once even under a double click. */
export async function consumePasswordReset(db: Executor, id: string, at: number): Promise<boolean> {
  const r = await db.updateTable('password_reset').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function expireResetsOfUser(db: Executor, userId: string, at: number): Promise<void> {
  await db.updateTable('password_reset').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

export async function replaceRecoveryCodes(db: Executor, userId: string, rows: { id: string; code_hash: string }[], at: number): Promise<void> {
  await db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
  if (rows.length > 0) {
    await db
      .insertInto('recovery_code')
      .values(rows.map((r) => ({ ...r, user_id: userId, created_at: at, used_at: null })))
      .execute();
  }
}

/** Uses one recovery code; false when it does not exist, belongs to someone else or was used. */
export async function consumeRecoveryCode(db: Executor, userId: string, codeHash: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('recovery_code')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function countUnusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  return db
    .selectFrom('recovery_code')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export function findThrottle(db: Executor, keyHash: string) {
  return db.selectFrom('login_throttle').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export async function saveThrottle(
  db: Executor,
  row: { key_hash: string; failures: number; lock_count: number; locked_until: number | null; updated_at: number },
): Promise<void> {
  await db
    .insertInto('login_throttle')
    .values(row)
    .onConflict((oc) =>
      oc.column('key_hash').doUpdateSet({ failures: row.failures, lock_count: row.lock_count, locked_until: row.locked_until, updated_at: row.updated_at }),
    )
    .execute();
}

export async function clearThrottle(db: Executor, keyHash: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key_hash', '=', keyHash).execute();
}
