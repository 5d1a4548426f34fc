import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../errors.js';

/**
 * argon2id at the OWASP minimum (m = 19 MiB, t = 2, p = 1), which ASVS 5 Appendix C approves.
 * `Algorithm.Argon2id` is 2 in @node-rs/argon2; spelled out because the enum is a const enum.
 */
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

// A real hash to verify against when the email has no account, so both answers cost one argon2 run.
let dummyHash: Promise<string> | undefined;

/** Verifies a password; with no stored hash it still spends the same time and answers false. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (stored === undefined) {
    dummyHash ??= hashPassword('candor-no-such-account-placeholder');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/**
 * The reason a password is refused, or undefined when it is acceptable. Rules (ASVS 6.2): at least
 * 12 characters, no composition rules, no truncation, not on the offline common-password list, and
 * not a common password or the email padded with digits and symbols ("password1234").
 */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'This password is on the list of commonly used passwords; choose another.';
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (core.length === 0 && new Set(lower).size <= 4) return 'Use more than a few repeated digits or symbols.';
  if (core.length > 0 && core.length < lower.length && COMMON.has(core)) {
    return 'A common password with digits or symbols around it is easy to guess; choose another.';
  }
  if (/^(.)\1+$/.test(lower)) return 'A single repeated character is easy to guess.';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && (core === local || lower === context.email?.toLowerCase())) {
    return 'Do not use your email address as your password.';
  }
  if (context.name && context.name.trim().length >= 4 && core === context.name.trim().toLowerCase().replace(/\s+/g, '')) {
    return 'Do not use your name as your password.';
  }
  return undefined;
}

/** Throws `weak_password` with the reason when the password breaks the policy. */
export function assertPasswordPolicy(password: string, context: { email?: string; name?: string } = {}): void {
  const problem = passwordProblem(password, context);
  if (problem) throw new AppError('weak_password', problem, { field: 'password' });
}
