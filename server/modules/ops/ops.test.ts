import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/database.js';
import { buildTestApp, call, type TestApp } from '../../../test/helpers/app.js';
import { makeWorkspace, signInAs } from '../../../test/helpers/factories.js';
import { parseConfig } from '../../config.js';
import { openDatabase, readDurabilitySettings } from '../../db/database.js';
import { createLogger, createRuntime } from '../../runtime.js';
import { startServer } from '../../server.js';
import { checkReadiness } from './ops.service.js';

const METRICS_TOKEN = 'a-metrics-token-that-is-long-enough';
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ env: { METRICS_TOKEN } });
});
afterAll(() => t.close());

describe('health and readiness', () => {
  it('answers /healthz and /readyz when the database is up and migrated', async () => {
    expect((await call(t.app, { method: 'GET', url: '/healthz' })).body).toEqual({ status: 'ok' });
    expect((await call(t.app, { method: 'GET', url: '/readyz' })).body).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'current' } });
  });

  it('is not ready while migrations are pending', async () => {
    const db = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-ready-'));
    const config = parseConfig({ DATABASE_URL: db.url, CANDOR_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const rt = await createRuntime(config, { log: createLogger(config) });
    try {
      const readiness = await checkReadiness(rt);
      expect(readiness.ready).toBe(false);
      expect(readiness.checks.migrations).toMatch(/^pending: 20261129100000_create_foundation/);
    } finally {
      await rt.database.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('runs with the durability settings it asserts at boot', async () => {
    const settings = await readDurabilitySettings(t.rt.database);
    if (t.rt.caps.dialect === 'sqlite') {
      expect(settings).toMatchObject({ journal_mode: 'wal', foreign_keys: 1, synchronous: 2 });
      expect(Number(settings.busy_timeout)).toBeGreaterThan(0);
    } else {
      expect(settings).toEqual({ synchronous_commit: 'on', fsync: 'on' });
    }
  });
});

describe('/metrics', () => {
  it('is not public: no token, wrong token → refused; the right token → Prometheus text with route patterns, not ids', async () => {
    const ws = await makeWorkspace(t);
    await call(t.app, { method: 'GET', url: `/api/v1/members/${ws.owner.membershipId}`, cookie: await signInAs(t, ws.owner) });
    expect((await call(t.app, { method: 'GET', url: '/metrics' })).status).toBe(401);
    expect((await call(t.app, { method: 'GET', url: '/metrics', token: 'x'.repeat(40) })).status).toBe(401);
    const res = await call(t.app, { method: 'GET', url: '/metrics', token: METRICS_TOKEN });
    expect(res.status).toBe(200);
    expect(res.body).toContain('candor_http_requests_total{method="GET",route="/api/v1/members/:id",status="200"}');
    expect(res.body).toContain('candor_process_cpu_user_seconds_total');
    expect(res.body).not.toContain(ws.owner.membershipId);
  });

  it('does not exist when no METRICS_TOKEN is configured', async () => {
    const plain = await buildTestApp();
    try {
      expect((await call(plain.app, { method: 'GET', url: '/metrics' })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish, then stops accepting and closes', async () => {
    const db = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'candor-stop-'));
    const config = parseConfig({
      DATABASE_URL: db.url,
      CANDOR_DATA_DIR: dataDir,
      CANDOR_SECRET_KEY: randomBytes(32).toString('base64'),
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    const server = await startServer(config);
    try {
      const url = server.url ?? '';
      // A sign-in costs one argon2 verification, so it is still running when stop() begins.
      const arrived = new Promise((resolve) => server.app?.server.once('request', resolve));
      const inFlight = fetch(`${url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
        body: JSON.stringify({ email: 'someone@example.test', password: 'a wrong password' }),
      });
      await arrived;
      const stopped = server.stop();
      expect((await inFlight).status).toBe(401);
      await stopped;
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      await server.stop();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('HTTPS', () => {
  it('[P43] serves HTTPS itself with TLS_CERT and TLS_KEY: HSTS and __Host- Secure cookies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'candor-tls-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const db = await createTestDatabase();
    const config = parseConfig({
      DATABASE_URL: db.url,
      CANDOR_DATA_DIR: dir,
      PORT: '0',
      TLS_CERT: cert,
      TLS_KEY: key,
      CANDOR_ROLES: 'web',
      LOG_LEVEL: 'silent',
    });
    expect(config.isSecure).toBe(true);
    const server = await startServer(config);
    try {
      expect(server.url).toMatch(/^https:\/\//);
      const res = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
        const req = httpsRequest(
          `${server.url}/api/v1/setup`,
          { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' } },
          (r) => {
            r.resume();
            r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ workspaceName: 'Secure', name: 'Sam Secure', email: 'sam@example.test', password: 'a long passphrase for tls' }));
      });
      expect(res.status).toBe(200);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const cookie = String(res.headers['set-cookie'] ?? '');
      expect(cookie).toMatch(/^__Host-candor_session=[0-9a-z]{32}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    } finally {
      await server.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('boot', () => {
  it('fails fast, with the reason, when the database cannot be opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'candor-boot-'));
    const notADirectory = join(dir, 'file');
    writeFileSync(notADirectory, 'x');
    try {
      await expect(openDatabase({ dialect: 'sqlite', file: join(notADirectory, 'candor.db') })).rejects.toThrow(/EEXIST|ENOTDIR/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
