/**
 * What every bench shares: a free loopback port, Candor started from the build as its own
 * process (so the load generator never shares its event loop), JSON calls, and sign-in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}

export interface Candor {
  readonly base: string;
  readonly child: ChildProcess;
  /** The process's data directory, for a CLI command that must act on the same install. */
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** CANDOR_ROLES; `web` unless given. */
  readonly roles?: string;
  /** Arguments for node before the entry script (`--cpu-prof`, `--import tsx`). */
  readonly nodeArgs?: readonly string[];
  /** The process entry; `dist/server/main.js` unless given (a bench's ceiling builds its own app). */
  readonly entry?: string;
  /** More environment for Candor (`INGEST_EVENTS_PER_SECOND`), over the defaults here. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * `node dist/server/main.js` on `databaseUrl`, with a throwaway data directory; resolves once
 * /readyz answers. `roles` defaults to the web role only: most benches measure requests, and a
 * job runner polling beside them would add noise.
 */
export async function startCandor(databaseUrl: string, options: StartOptions = {}): Promise<Candor> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-bench-data-'));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.entry ?? 'dist/server/main.js'], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://localhost:${port}`,
      DATABASE_URL: databaseUrl,
      CANDOR_DATA_DIR: dataDir,
      CANDOR_ROLES: options.roles ?? 'web',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  // Migrations on a large database can take a while on first boot.
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) return { base, child, dataDir, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  await stop();
  throw new Error('Candor did not become ready; run `npm run build:server` first');
}

/** A JSON call as the SPA makes it; throws with the answer unless it is 2xx. */
export async function call<T>(base: string, method: string, path: string, cookie?: string, body?: unknown): Promise<{ json: T; headers: Headers }> {
  const res = await fetch(`${base}${path}`, {
    method,
    // A JSON content type with no body is refused (400), so it goes only with a body.
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return { json: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

/** The session cookie (name=value) a sign-in or setup answer set. */
export function cookieOf(headers: Headers): string {
  return (headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}

export async function signIn(base: string, email: string, password: string): Promise<string> {
  return cookieOf((await call(base, 'POST', '/api/v1/session', undefined, { email, password })).headers);
}

/** A fresh install's first owner, through first-run setup; answers the session cookie. */
export async function setUp(base: string): Promise<string> {
  const { headers } = await call(base, 'POST', '/api/v1/setup', undefined, { workspaceName: 'Bench', name: 'Bench Owner', email: 'bench@example.test', password: 'a bench passphrase that is long' });
  return cookieOf(headers);
}

/** A new, empty PostgreSQL database next to `adminUrl`'s, and how to drop it. */
export async function scratchDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
