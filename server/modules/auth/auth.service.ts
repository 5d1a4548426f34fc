import { inTransaction, type PublicCtx } from '../../context.js';
import { AppError } from '../../errors.js';
import { hashToken, newSecretToken } from '../../lib/crypto.js';
import { toIso } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { recordAccountAudit } from '../audit/audit.service.js';
import { recordEvent } from '../events/events.service.js';
import { passwordResetMail, securityNoticeMail } from '../mail/mail.templates.js';
import { queueMail } from '../mail/mail.service.js';
import {
  consumePasswordReset,
  consumeRecoveryCode,
  countChallengeAttempt,
  countRecentResets,
  deleteChallenge,
  deleteDevice,
  deleteDevicesOfUser,
  deleteSession,
  deleteSessionsOfUser,
  expireResetsOfUser,
  findChallengeByTokenHash,
  findPasswordResetByTokenHash,
  findSessionById,
  findSessionByTokenHash,
  findUserByEmail,
  findUserById,
  insertChallenge,
  insertPasswordReset,
  advanceTotpStep,
  updateUser,
  type UserRow,
} from './auth.repo.js';
import { assertPasswordPolicy, hashPassword, verifyPassword } from './password.js';
import { chooseWorkspace, startSession, type IssuedDevice, type IssuedSession } from './session.service.js';
import { lockedForMs, registerFailure, registerSuccess, throttleKey } from './throttle.js';
import { hashRecoveryCode, verifyTotp } from './totp.js';

export type SignInOutcome =
  | { readonly status: 'signed_in'; readonly session: IssuedSession; readonly device: IssuedDevice | undefined }
  | { readonly status: 'mfa_required'; readonly challengeToken: string };

/** An MFA challenge lives five minutes and allows five guesses (ASVS 6.5: guessing is rate-limited). */
const CHALLENGE_TTL_MS = 5 * 60_000;
export const CHALLENGE_MAX_ATTEMPTS = 5;
const RESET_TTL_MS = 60 * 60_000;
/** At most this many reset mails per account an hour, so the form cannot be used to flood a mailbox. */
const RESETS_PER_HOUR = 3;

function tooManyAttempts(retryMs: number): AppError {
  const seconds = Math.ceil(retryMs / 1000);
  return new AppError(
    'too_many_attempts',
    `Too many failed sign-ins for this email. Try again in ${Math.ceil(seconds / 60)} minutes, or reset your password.`,
    { retryAfterSeconds: seconds },
    { 'retry-after': String(seconds) },
  );
}

const INVALID_CREDENTIALS = 'The email or password is not right.';

/**
 * Checks a password against the account of an email with the lockout applied. Unknown emails,
 * wrong passwords and disabled accounts get the same answer after the same work (one argon2
 * verification), so the response does not tell whether an account exists.
 */
export async function verifyCredentials(ctx: PublicCtx, email: string, password: string, purpose: string): Promise<UserRow> {
  const now = ctx.rt.clock.now();
  const key = throttleKey(email);
  const lockedMs = await lockedForMs(ctx.db, key, now);
  const user = await findUserByEmail(ctx.db, email);
  if (lockedMs > 0) {
    await recordAccountAudit(ctx, user?.id ?? null, { action: `${purpose}.locked_out`, outcome: 'failure' });
    throw tooManyAttempts(lockedMs);
  }
  const ok = await verifyPassword(user?.password_hash, password);
  if (!user || !ok || user.disabled_at !== null) {
    const lockMs = await registerFailure(ctx.db, key, now);
    await recordAccountAudit(ctx, user?.id ?? null, {
      action: `${purpose}.failed`,
      outcome: 'failure',
      details: { reason: !user ? 'unknown_email' : user.disabled_at !== null ? 'account_disabled' : 'wrong_password' },
    });
    if (lockMs > 0) {
      await recordAccountAudit(ctx, user?.id ?? null, { action: 'account.locked', outcome: 'failure', details: { minutes: lockMs / 60_000 } });
      throw tooManyAttempts(lockMs);
    }
    throw new AppError('invalid_credentials', INVALID_CREDENTIALS);
  }
  await registerSuccess(ctx.db, key);
  return user;
}

/**
 * Finishes a sign-in once the password (and any second factor) is proven: a session in the
 * person's workspace, or an MFA challenge when the account has MFA on.
 */
export async function completeFirstFactor(
  ctx: PublicCtx,
  user: UserRow,
  options: { remember: boolean; workspaceId?: string | null },
): Promise<SignInOutcome> {
  const workspaceId = await chooseWorkspace(ctx, user, options.workspaceId);
  if (!workspaceId) throw new AppError('invalid_credentials', 'This account is not a member of any workspace any more. Ask an admin for a new invitation.');
  if (user.mfa_enabled_at !== null && user.totp_secret_enc !== null) {
    const token = newSecretToken();
    const now = ctx.rt.clock.now();
    await insertChallenge(ctx.db, {
      id: newId('loginChallenge'),
      token_hash: hashToken(token),
      user_id: user.id,
      workspace_id: workspaceId,
      remember: options.remember ? 1 : 0,
      attempts: 0,
      ip: ctx.request.ip,
      created_at: now,
      expires_at: now + CHALLENGE_TTL_MS,
    });
    await recordAccountAudit(ctx, user.id, { action: 'session.mfa_challenged' });
    return { status: 'mfa_required', challengeToken: token };
  }
  const { session, device } = await startSession(ctx, { userId: user.id, workspaceId, remember: options.remember });
  await recordAccountAudit(ctx, user.id, { action: 'session.signed_in', details: { remember: options.remember, mfa: false } });
  return { status: 'signed_in', session, device };
}

/**
 * `POST /api/v1/session`: email and password, then a session or an MFA challenge. A session
 * the browser still holds is ended first, so a sign-in always issues a new token (no fixation).
 */
export async function signIn(
  ctx: PublicCtx,
  input: { email: string; password: string; remember: boolean },
  previousSessionToken?: string,
): Promise<SignInOutcome> {
  if (previousSessionToken) {
    const previous = await findSessionByTokenHash(ctx.db, hashToken(previousSessionToken));
    if (previous) await deleteSession(ctx.db, previous.id);
  }
  const user = await verifyCredentials(ctx, input.email, input.password, 'session.sign_in');
  return inTransaction(ctx, (tx) => completeFirstFactor(tx, user, { remember: input.remember }));
}

/**
 * `POST /api/v1/session/mfa`: the second factor for a pending challenge, as a TOTP code (each
 * time step accepted once) or a recovery code (each accepted once).
 */
export async function completeMfa(
  ctx: PublicCtx,
  challengeToken: string | undefined,
  input: { code?: string | undefined; recoveryCode?: string | undefined },
): Promise<{ session: IssuedSession; device: IssuedDevice | undefined }> {
  const invalid = new AppError('mfa_challenge_invalid', 'The sign-in step has expired. Sign in with your email and password again.');
  if (!challengeToken) throw invalid;
  const challenge = await findChallengeByTokenHash(ctx.db, hashToken(challengeToken));
  const now = ctx.rt.clock.now();
  if (!challenge || now >= challenge.expires_at || challenge.attempts >= CHALLENGE_MAX_ATTEMPTS) {
    if (challenge) await deleteChallenge(ctx.db, challenge.id);
    throw invalid;
  }
  const user = await findUserById(ctx.db, challenge.user_id);
  if (!user || user.disabled_at !== null || !user.totp_secret_enc) {
    await deleteChallenge(ctx.db, challenge.id);
    throw invalid;
  }
  let accepted = false;
  let method: 'totp' | 'recovery_code' = 'totp';
  if (input.code) {
    const secret = ctx.rt.keys.decrypt(user.totp_secret_enc, user.id);
    const step = await verifyTotp(secret, input.code, now, user.totp_last_step);
    accepted = step !== undefined && (await advanceTotpStep(ctx.db, user.id, step));
  } else if (input.recoveryCode) {
    method = 'recovery_code';
    accepted = await consumeRecoveryCode(ctx.db, user.id, hashRecoveryCode(input.recoveryCode), now);
  }
  if (!accepted) {
    await countChallengeAttempt(ctx.db, challenge.id);
    await recordAccountAudit(ctx, user.id, { action: 'session.mfa_failed', outcome: 'failure', details: { method } });
    const left = CHALLENGE_MAX_ATTEMPTS - challenge.attempts - 1;
    throw new AppError(
      'mfa_code_invalid',
      left > 0 ? `That code is not right or was already used. ${left} tries left.` : 'That code is not right. Sign in again to get new tries.',
      { triesLeft: left },
    );
  }
  return inTransaction(ctx, async (tx) => {
    await deleteChallenge(tx.db, challenge.id);
    const started = await startSession(tx, { userId: user.id, workspaceId: challenge.workspace_id, remember: challenge.remember === 1 });
    await recordAccountAudit(tx, user.id, { action: 'session.signed_in', details: { remember: challenge.remember === 1, mfa: true, method } });
    return started;
  });
}

/** `DELETE /api/v1/session`: ends this session and forgets this device, if it was remembered. */
export async function signOut(ctx: PublicCtx, sessionId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const session = await findSessionById(tx.db, sessionId);
    if (!session) return;
    await deleteSession(tx.db, session.id);
    if (session.remember_device_id) await deleteDevice(tx.db, session.remember_device_id);
    await recordEvent({ ...tx, workspaceId: session.workspace_id, actorUserId: session.user_id }, { type: 'session.ended', subjectType: 'session', subjectId: session.id });
    await recordAccountAudit(tx, session.user_id, { action: 'session.signed_out', subjectType: 'session', subjectId: session.id });
  });
}

/**
 * `POST /api/v1/password-resets`: mails a single-use link when the email has an account. The
 * answer is the same either way and no faster for unknown emails than the mail queueing costs.
 */
export async function requestPasswordReset(ctx: PublicCtx, email: string): Promise<void> {
  const user = await findUserByEmail(ctx.db, email);
  const now = ctx.rt.clock.now();
  if (!user || user.disabled_at !== null) {
    await recordAccountAudit(ctx, null, { action: 'password_reset.requested', outcome: 'failure', details: { reason: 'unknown_email' } });
    return;
  }
  if ((await countRecentResets(ctx.db, user.id, now - 3_600_000)) >= RESETS_PER_HOUR) {
    await recordAccountAudit(ctx, user.id, { action: 'password_reset.requested', outcome: 'failure', details: { reason: 'rate_limited' } });
    return;
  }
  await inTransaction(ctx, async (tx) => {
    const url = await issuePasswordReset(tx, user.id);
    const mail = passwordResetMail({ url, expiresInMinutes: RESET_TTL_MS / 60_000 });
    await queueMail(tx, { ...mail, to: user.email, workspaceId: null, recipientUserId: user.id });
    await recordAccountAudit(tx, user.id, { action: 'password_reset.requested' });
  });
}

/** Stores a single-use reset link for a person, valid one hour, and returns its URL. */
async function issuePasswordReset(ctx: PublicCtx, userId: string): Promise<string> {
  const token = newSecretToken();
  const now = ctx.rt.clock.now();
  await insertPasswordReset(ctx.db, {
    id: newId('passwordReset'),
    user_id: userId,
    token_hash: hashToken(token),
    ip: ctx.request.ip,
    created_at: now,
    expires_at: now + RESET_TTL_MS,
    used_at: null,
  });
  return `${ctx.rt.config.publicUrl}/reset-password#${token}`;
}

/**
 * The operator's way to help someone who cannot receive the reset mail (no SMTP, and an account in
 * several workspaces, whose reset mail no single workspace's outbox shows): a reset link printed
 * by `candor user reset-link`, recorded in the person's security log.
 */
export async function createResetLinkForOperator(ctx: PublicCtx, email: string): Promise<string> {
  const user = await findUserByEmail(ctx.db, email);
  if (!user || user.disabled_at !== null) throw new AppError('not_found', `No active account uses ${email}.`);
  return inTransaction(ctx, async (tx) => {
    const url = await issuePasswordReset(tx, user.id);
    await recordAccountAudit(tx, user.id, { action: 'password_reset.link_created_by_operator' }, null);
    return url;
  });
}

/**
 * `POST /api/v1/password-resets/complete`: sets the new password, ends every session and
 * remembered device of the account, and signs in through the usual path, so an account with MFA
 * still has to pass its second factor (a reset never bypasses MFA).
 */
export async function completePasswordReset(ctx: PublicCtx, input: { token: string; password: string }): Promise<SignInOutcome> {
  const reset = await findPasswordResetByTokenHash(ctx.db, hashToken(input.token));
  const now = ctx.rt.clock.now();
  const invalid = new AppError('reset_invalid', 'This reset link is not valid any more. Ask for a new one from the sign-in page.');
  if (!reset || reset.used_at !== null || now >= reset.expires_at) throw invalid;
  const user = await findUserById(ctx.db, reset.user_id);
  if (!user || user.disabled_at !== null) throw invalid;
  assertPasswordPolicy(input.password, { email: user.email, name: user.name });
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, async (tx) => {
    if (!(await consumePasswordReset(tx.db, reset.id, now))) throw invalid;
    await expireResetsOfUser(tx.db, user.id, now);
    await updateUser(tx.db, user.id, { password_hash: passwordHash, password_changed_at: now, updated_at: now });
    const sessions = await deleteSessionsOfUser(tx.db, user.id);
    const devices = await deleteDevicesOfUser(tx.db, user.id);
    await registerSuccess(tx.db, throttleKey(user.email));
    await recordEvent({ ...tx, actorUserId: user.id }, { type: 'user.password_reset', subjectType: 'user', subjectId: user.id });
    await recordAccountAudit(tx, user.id, { action: 'password_reset.completed', details: { sessionsEnded: sessions, devicesForgotten: devices } });
    const notice = securityNoticeMail({ what: 'Your password was reset', when: toIso(now), signInUrl: `${ctx.rt.config.publicUrl}/sign-in` });
    await queueMail(tx, { ...notice, to: user.email, workspaceId: null, recipientUserId: user.id });
    return completeFirstFactor(tx, { ...user, password_hash: passwordHash }, { remember: false });
  });
}
