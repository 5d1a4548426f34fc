import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { base32 } from './ids.js';

/**
 * A bearer secret: 160 random bits (Copenhagen Book: at least 112) in base32, optionally with a
 * readable prefix so a leaked value is recognisable in a secret scanner (`cnd_…` for API tokens).
 */
export function newSecretToken(prefix = ''): string {
  return prefix + base32(randomBytes(20));
}

/** Secrets are stored as their SHA-256: the value is high-entropy, so a slow hash adds nothing. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests of equal length. */
export function sameDigest(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ab.length === bb.length && ab.length > 0 && timingSafeEqual(ab, bb);
}

/**
 * Holds the deployment secret and the keys derived from it for each purpose. Ciphertexts carry the
 * id of the key that made them (`v1.<kid>.<base64>`), so a rotated key can still be found.
 */
export class Keyring {
  readonly #encKey: Buffer;
  readonly #keyId: string;

  constructor(secret: Buffer) {
    if (secret.length !== 32) throw new Error('the secret key must be 32 bytes');
    this.#encKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'candor/field-encryption/v1', 32));
    this.#keyId = createHash('sha256').update(this.#encKey).digest('hex').slice(0, 8);
  }

  get keyId(): string {
    return this.#keyId;
  }

  /**
   * AES-256-GCM with a random 96-bit nonce. `aad` binds the ciphertext to its owner (a user id,
   * say), so a value copied into another row does not decrypt.
   */
  encrypt(plaintext: string, aad: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#encKey, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1.${this.#keyId}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')}`;
  }

  decrypt(ciphertext: string, aad: string): string {
    const [version, kid, payload] = ciphertext.split('.');
    if (version !== 'v1' || !payload) throw new Error('unknown ciphertext format');
    if (kid !== this.#keyId) throw new Error(`ciphertext made with key ${kid}, which this keyring does not hold`);
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.#encKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  }
}

/**
 * The secret from the environment, or from `<dataDir>/secret.key`, generated on first run with
 * mode 0600. The `wx` flag makes two processes racing on first boot agree on one key.
 */
export function loadSecretKey(envValue: string | undefined, dataDir: string): Buffer {
  if (envValue) return Buffer.from(envValue, 'base64');
  const file = join(dataDir, 'secret.key');
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}
