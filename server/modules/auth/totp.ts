import { randomBytes } from 'node:crypto';
import { generate, generateSecret, generateURI, verify } from 'otplib';
import { hashToken } from '../../lib/crypto.js';
import { base32 } from '../../lib/ids.js';

/** A new 160-bit TOTP seed (RFC 4226 recommends 160), base32 for authenticator apps. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(secret: string, accountLabel: string, issuer: string): string {
  return generateURI({ issuer, label: accountLabel, secret });
}

/**
 * Checks a 6-digit code at `nowMs`, accepting one 30-second step either side for clock drift,
 * and refusing any step at or before `afterStep` (a code is good once: RFC 6238 §5.2).
 * Returns the matched time step, or undefined.
 */
export async function verifyTotp(secret: string, code: string, nowMs: number, afterStep: number | null): Promise<number | undefined> {
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: 30,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  // The TOTP strategy's result carries the matched step; the union type also covers HOTP.
  return result.valid ? (result as { timeStep: number }).timeStep : undefined;
}

/** The current code for a seed; tests and the demo seeder use it, the server never sends codes. */
export function currentTotp(secret: string, nowMs: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(nowMs / 1000) });
}

export const RECOVERY_CODE_COUNT = 10;

/** Ten single-use recovery codes of 60 random bits each, grouped for reading: `k3f9q-2mz8w-x7c1a`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = base32(randomBytes(10)).slice(0, 15);
    return `${raw.slice(0, 5)}-${raw.slice(5, 10)}-${raw.slice(10, 15)}`;
  });
}

/** Recovery codes are compared without case, spaces or dashes, so a hand-typed code still matches. */
export function hashRecoveryCode(code: string): string {
  return hashToken(`recovery:${code.toLowerCase().replace(/[^0-9a-z]/g, '')}`);
}
