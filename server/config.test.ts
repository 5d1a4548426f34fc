import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

describe('configuration', () => {
  it('runs on defaults: port 3000, loopback, embedded SQLite under ./data, every role', () => {
    const c = parseConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.database).toEqual({ dialect: 'sqlite', file: './data/candor.db' });
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect([...c.roles]).toEqual(['web', 'worker', 'scheduler']);
    expect(c.smtpUrl).toBeUndefined();
    expect(c.isSecure).toBe(false);
    expect(c.session).toEqual({ idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000, rememberMs: 30 * 86_400_000 });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads PostgreSQL, roles, a public HTTPS URL and TLS files', () => {
    const c = parseConfig({
      DATABASE_URL: 'postgres://candor@db/candor',
      CANDOR_ROLES: 'worker, scheduler',
      PUBLIC_URL: 'https://cs.example.com/',
      TLS_CERT: '/etc/cert.pem',
      TLS_KEY: '/etc/key.pem',
    });
    expect(c.database).toEqual({ dialect: 'postgres', url: 'postgres://candor@db/candor' });
    expect([...c.roles]).toEqual(['worker', 'scheduler']);
    expect(c.publicUrl).toBe('https://cs.example.com');
    expect(c.isSecure).toBe(true);
    expect(c.tls).toEqual({ certFile: '/etc/cert.pem', keyFile: '/etc/key.pem' });
  });

  it('fails fast with every problem listed at once', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', CANDOR_ROLES: 'web,cron', CANDOR_SECRET_KEY: 'short', SMTP_URL: 'http://mail' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of ['PORT', 'DATABASE_URL', 'CANDOR_ROLES', 'CANDOR_SECRET_KEY', 'SMTP_URL']) expect(problems).toContain(key);
  });

  it('wants both TLS files or neither', () => {
    expect(() => parseConfig({ TLS_CERT: '/etc/cert.pem' })).toThrow(/TLS_CERT and TLS_KEY/);
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ SMTP_URL: '', PORT: '' }).port).toBe(3000);
  });
});
