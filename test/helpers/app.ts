import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import { buildApp } from '../../server/app.js';
import { parseConfig } from '../../server/config.js';
import type { Runtime } from '../../server/context.js';
import { migrateToLatest, openDatabase } from '../../server/db/database.js';
import { CRONS, JOBS } from '../../server/jobs/registry.js';
import { JobRunner } from '../../server/jobs/runner.js';
import { Scheduler } from '../../server/jobs/scheduler.js';
import { ManualClock } from '../../server/lib/clock.js';
import type { MailTransport } from '../../server/modules/mail/mail.transport.js';
import { createLogger, createRuntime } from '../../server/runtime.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_PUBLIC_URL = 'http://candor.test';
export const TEST_SETUP_CODE = 'test-code';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly rt: Runtime;
  readonly clock: ManualClock;
  readonly runner: JobRunner;
  readonly scheduler: Scheduler;
  readonly database: TestDatabase;
  /**
   * The database without the tenant guard, for assertions that look across workspaces ("no row
   * anywhere holds the password"). Application code under test always runs guarded.
   */
  readonly db: Kysely<Database>;
  /** Runs every due job (mail delivery, cleanup) to completion. */
  drainJobs(): Promise<number>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment for parseConfig, e.g. SMTP_URL or METRICS_TOKEN. */
  readonly env?: Record<string, string>;
  readonly mail?: MailTransport;
  /** Where log lines go; by default nowhere. */
  readonly logStream?: NodeJS.WritableStream;
  /**
   * Run on this database instead of a fresh one, e.g. one the CLI wrote to. The caller created it
   * and drops it; `close()` leaves it in place.
   */
  readonly database?: TestDatabase;
}

/**
 * The whole app on a fresh database with a hand-driven clock: what HTTP tests call through
 * `app.inject()`. Config comes through parseConfig like production, never through process.env.
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), 'candor-data-'));
  const config = parseConfig({
    DATABASE_URL: database.url,
    CANDOR_DATA_DIR: dataDir,
    CANDOR_SECRET_KEY: randomBytes(32).toString('base64'),
    PUBLIC_URL: TEST_PUBLIC_URL,
    LOG_LEVEL: options.logStream ? 'info' : 'silent',
    ...options.env,
  });
  const clock = new ManualClock(Date.UTC(2026, 10, 29, 9, 0, 0));
  const handle = await openDatabase(config.database, { poolSize: 4 });
  const rt = await createRuntime(config, {
    clock,
    database: handle,
    log: createLogger(config, options.logStream ?? devNull()),
    ...(options.mail ? { mail: options.mail } : {}),
  });
  await migrateToLatest(rt.database);
  const app = await buildApp(rt, { setupCode: TEST_SETUP_CODE, webRoot: join(dataDir, 'no-web'), trackerRoot: join(dataDir, 'no-tracker') });
  await app.ready();
  const runner = new JobRunner(rt, JOBS, { pollMs: 50 });
  const scheduler = new Scheduler(rt, CRONS);
  return {
    app,
    rt,
    clock,
    runner,
    scheduler,
    database,
    db: rt.database.db.withoutPlugins(),
    async drainJobs() {
      await rt.background.settle();
      return runner.drain();
    },
    async close() {
      await app.close();
      await rt.background.settle();
      await runner.stop();
      rt.mail?.close();
      await rt.database.close();
      if (!options.database) await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function devNull(): NodeJS.WritableStream {
  return { write: () => true } as unknown as NodeJS.WritableStream;
}

export interface Call {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  readonly url: string;
  readonly body?: unknown;
  /** Cookie header value, as `signInAs` returns it. */
  readonly cookie?: string;
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

export interface Answer {
  readonly status: number;
  readonly body: any;
  readonly headers: LightMyRequestResponse['headers'];
  readonly cookies: LightMyRequestResponse['cookies'];
  readonly raw: LightMyRequestResponse;
}

/**
 * One request the way the web app sends it: same-origin fetch metadata (browsers add it), JSON
 * body, the session cookie or a bearer token.
 */
export async function call(app: FastifyInstance, c: Call): Promise<Answer> {
  const headers: Record<string, string> = { 'sec-fetch-site': 'same-origin', ...c.headers };
  if (c.cookie) headers.cookie = c.cookie;
  if (c.token) headers.authorization = `Bearer ${c.token}`;
  const res = await app.inject({
    method: c.method,
    url: c.url,
    headers,
    ...(c.body !== undefined ? { payload: c.body as object } : {}),
  });
  let body: unknown = undefined;
  const type = String(res.headers['content-type'] ?? '');
  if (res.body && type.includes('json')) body = JSON.parse(res.body);
  else if (res.body) body = res.body;
  return { status: res.statusCode, body, headers: res.headers, cookies: res.cookies, raw: res };
}

/** `call` as a signed-in member: the method, their cookie, the URL and the JSON body, if any. */
export function send(t: TestApp, method: Call['method'], cookie: string, url: string, body?: unknown): Promise<Answer> {
  return call(t.app, { method, url, cookie, body });
}

/** The Cookie header a browser would send back after this response (ignores cleared cookies). */
export function cookieHeader(res: Answer, previous = ''): string {
  const jar = new Map<string, string>();
  for (const part of previous.split(';').map((p) => p.trim()).filter(Boolean)) {
    const i = part.indexOf('=');
    jar.set(part.slice(0, i), part.slice(i + 1));
  }
  for (const c of res.cookies) {
    if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0) || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}
