import type { Executor } from '../../db/database.js';
import { hashToken } from '../../lib/crypto.js';
import { clearThrottle, findThrottle, saveThrottle } from './auth.repo.js';

/**
 * Failed sign-ins are counted per email, whether or not an account has it: an unknown email locks
 * exactly like a real one, so lockouts reveal nothing. Ten failures lock the email for 15 minutes,
 * doubling with each further lockout up to an hour, which keeps guessing far under ASVS 2.2.1's
 * ceiling of 100 attempts an hour. A success clears the count.
 */
export const MAX_FAILURES = 10;
const BASE_LOCK_MS = 15 * 60_000;
const MAX_LOCK_MS = 60 * 60_000;
/** Failures older than this no longer count towards a lockout. */
const FAILURE_WINDOW_MS = 60 * 60_000;

export function throttleKey(email: string): string {
  return hashToken(`login:${email}`);
}

/** Milliseconds until the email may try again, or 0 when it is not locked. */
export async function lockedForMs(db: Executor, key: string, now: number): Promise<number> {
  const row = await findThrottle(db, key);
  return row?.locked_until && row.locked_until > now ? row.locked_until - now : 0;
}

/** Counts one failure; returns the lock length when this failure locked the email. */
export async function registerFailure(db: Executor, key: string, now: number): Promise<number> {
  const row = await findThrottle(db, key);
  const stale = !row || now - row.updated_at > FAILURE_WINDOW_MS;
  const failures = (stale ? 0 : row.failures) + 1;
  const lockCount = row?.lock_count ?? 0;
  if (failures >= MAX_FAILURES) {
    const lockMs = Math.min(BASE_LOCK_MS * 2 ** lockCount, MAX_LOCK_MS);
    await saveThrottle(db, { key_hash: key, failures: 0, lock_count: lockCount + 1, locked_until: now + lockMs, updated_at: now });
    return lockMs;
  }
  await saveThrottle(db, { key_hash: key, failures, lock_count: lockCount, locked_until: row?.locked_until ?? null, updated_at: now });
  return 0;
}

export async function registerSuccess(db: Executor, key: string): Promise<void> {
  await clearThrottle(db, key);
}
