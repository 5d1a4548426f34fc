import { randomBytes } from 'node:crypto';

/**
 * Record ids are a short type prefix and 128 random bits in lowercase Crockford base32
 * (`ws_5n0…`): unguessable, URL-safe, sortable by nothing, and the prefix tells a human
 * (and a log reader) what kind of record an id names.
 */
export const ID_PREFIXES = {
  workspace: 'ws',
  user: 'usr',
  membership: 'mem',
  salesRep: 'rep',
  apiToken: 'tok',
  source: 'src',
  usageEvent: 'ue',
  invite: 'inv',
  passwordReset: 'pwr',
  rememberDevice: 'dev',
  loginChallenge: 'chl',
  recoveryCode: 'rec',
  auditEvent: 'aud',
  domainEvent: 'evt',
  job: 'job',
  mail: 'mail',
  session: 'ses',
  team: 'team',
  client: 'cl',
  contact: 'ct',
  engagement: 'eng',
  task: 'task',
  customField: 'cf',
  segment: 'seg',
  importJob: 'imp',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Encodes bytes as lowercase Crockford base32 without padding. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** A new random id for a record of the given kind. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${base32(randomBytes(16))}`;
}

/** True when `value` is shaped like an id of `kind` (used to answer 404 early for junk ids). */
export function isIdOf(kind: IdKind, value: string): boolean {
  return new RegExp(`^${ID_PREFIXES[kind]}_[0-9a-hjkmnp-tv-z]{26}$`).test(value);
}

/** `n` new ids from one draw of randomness: for bulk writers, where a system call per id shows. */
export function newIds(kind: IdKind, n: number): string[] {
  const bytes = randomBytes(16 * n);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`${ID_PREFIXES[kind]}_${base32(bytes.subarray(i * 16, i * 16 + 16))}`);
  return out;
}
