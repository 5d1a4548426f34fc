import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Keyring, loadSecretKey, newSecretToken } from './crypto.js';
import { isIdOf, newId } from './ids.js';

describe('field encryption', () => {
  const keys = new Keyring(randomBytes(32));

  it('[P46] round-trips, with a fresh nonce every time and the key id in the format', () => {
    const a = keys.encrypt('JBSWY3DPEHPK3PXP', 'usr_1');
    const b = keys.encrypt('JBSWY3DPEHPK3PXP', 'usr_1');
    expect(a).not.toBe(b);
    expect(a.startsWith(`v1.${keys.keyId}.`)).toBe(true);
    expect(keys.decrypt(a, 'usr_1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('[P46] refuses a tampered ciphertext, another owner, or another key', () => {
    const c = keys.encrypt('secret', 'usr_1');
    const raw = Buffer.from(c.split('.')[2] ?? '', 'base64');
    for (const i of [0, 12, raw.length - 1]) {
      const flipped = Buffer.from(raw);
      flipped[i] = (flipped[i] ?? 0) ^ 1;
      expect(() => keys.decrypt(`v1.${keys.keyId}.${flipped.toString('base64')}`, 'usr_1')).toThrow();
    }
    expect(() => keys.decrypt(c, 'usr_2')).toThrow();
    expect(() => new Keyring(randomBytes(32)).decrypt(c, 'usr_1')).toThrow(/key/);
  });

  it('never repeats a nonce over ten thousand encryptions', () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 10_000; i++) nonces.add(Buffer.from(keys.encrypt('x', 'a').split('.')[2] ?? '', 'base64').subarray(0, 12).toString('hex'));
    expect(nonces.size).toBe(10_000);
  });
});

describe('the secret key', () => {
  it('is generated once into the data dir with mode 0600, then reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'candor-key-'));
    try {
      const first = loadSecretKey(undefined, dir);
      const second = loadSecretKey(undefined, dir);
      expect(first.equals(second)).toBe(true);
      expect(first).toHaveLength(32);
      expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toBe(first.toString('base64'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('comes from the environment when given, without touching the data dir', () => {
    const value = randomBytes(32).toString('base64');
    expect(loadSecretKey(value, '/nonexistent/never-created').toString('base64')).toBe(value);
  });
});

describe('ids and tokens', () => {
  it('gives prefixed 128-bit ids and 160-bit tokens that do not repeat and are not UUIDs', () => {
    const id = newId('workspace');
    expect(isIdOf('workspace', id)).toBe(true);
    expect(isIdOf('user', id)).toBe(false);
    const tokens = new Set(Array.from({ length: 10_000 }, () => newSecretToken()));
    expect(tokens.size).toBe(10_000);
    for (const token of [...tokens].slice(0, 10)) {
      expect(token).toMatch(/^[0-9a-z]{32}$/);
      expect(token).not.toMatch(/^[0-9a-f]{8}-/);
    }
  });
});
