import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../test/helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../test/helpers/database.js';
import { openDatabase, type Db } from './db/database.js';
import { migrations } from './db/migrations/index.js';
import { ROLES } from './modules/access/access.policy.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'server', 'cli.ts');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let database: TestDatabase;
let dataDir: string;
let backupDir: string;
const secretKey = randomBytes(32).toString('base64');

/**
 * `candor <args>` as an operator runs it: a separate process whose whole environment is what we
 * pass (no inherited DATABASE_URL can point it elsewhere). Node runs tsx directly, so no PATH is needed.
 */
function candor(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, CLI, ...args], {
      cwd: ROOT,
      env: { DATABASE_URL: database.url, CANDOR_DATA_DIR: dataDir, CANDOR_SECRET_KEY: secretKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Reads the database the CLI wrote, between runs, through a connection of our own. */
async function inspect<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const handle = await openDatabase(database.config, { poolSize: 1 });
  try {
    return await fn(handle.db.withoutPlugins());
  } finally {
    await handle.close();
  }
}

const PASSWORD = 'correct horse battery staple';
const OWNER_EMAIL = 'olga.owner@example.test';
let created: { workspaceId: string; ownerId: string } | undefined;
let app: TestApp | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'candor-cli-data-'));
  backupDir = mkdtempSync(join(tmpdir(), 'candor-cli-backup-'));
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
  for (const dir of [dataDir, backupDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

// One database for the whole file, commands in the order an operator would run them: each
// spawn costs over a second, so later tests use the workspace the create test made.
describe('candor CLI', { timeout: 90_000 }, () => {
  it('migrate applies the pending migrations, then reports the schema current', async () => {
    const first = await candor('migrate');
    expect(first).toMatchObject({ code: 0, stdout: `Applied: ${Object.keys(migrations).join(', ')}\n` });
    const second = await candor('migrate');
    expect(second).toMatchObject({ code: 0, stdout: 'The schema is current.\n' });
  });

  it('workspace create --json prints exactly the ids of the workspace and owner it created', async () => {
    const run = await candor('workspace', 'create', '--name', 'Globex CS', '--owner-email', 'Olga.Owner@Example.test', '--owner-password', PASSWORD, '--json');
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(printed).sort()).toEqual(['ownerId', 'workspaceId']);
    expect(printed.workspaceId).toMatch(/^ws_/);
    expect(printed.ownerId).toMatch(/^usr_/);
    created = printed as typeof created;

    const rows = await inspect(async (db) => ({
      workspace: await db.selectFrom('workspace').select(['id', 'name']).where('id', '=', String(printed.workspaceId)).execute(),
      owner: await db.selectFrom('user_account').select(['id', 'email']).where('id', '=', String(printed.ownerId)).execute(),
      membership: await db.selectFrom('membership').select(['workspace_id', 'user_id', 'role']).where('user_id', '=', String(printed.ownerId)).execute(),
    }));
    expect(rows).toEqual({
      workspace: [{ id: printed.workspaceId, name: 'Globex CS' }],
      owner: [{ id: printed.ownerId, email: OWNER_EMAIL }],
      membership: [{ workspace_id: printed.workspaceId, user_id: printed.ownerId, role: 'owner' }],
    });
  });

  it('workspace create refuses a weak password with the policy reason and writes nothing', async () => {
    const run = await candor('workspace', 'create', '--name', 'Weak Co', '--owner-email', 'weak@example.test', '--owner-password', 'short', '--json');
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('candor: Use at least 12 characters.\n');
    const left = await inspect(async (db) => ({
      workspaces: await db.selectFrom('workspace').select('id').where('name', '=', 'Weak Co').execute(),
      users: await db.selectFrom('user_account').select('id').where('email', '=', 'weak@example.test').execute(),
    }));
    expect(left).toEqual({ workspaces: [], users: [] });
  });

  it('token create --json prints a token that authenticates the API as that member', async () => {
    const run = await candor('token', 'create', '--workspace', created!.workspaceId, '--email', OWNER_EMAIL, '--json');
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(['token']);
    expect(printed.token).toMatch(/^cnd_/);

    app = await buildTestApp({ database, env: { CANDOR_SECRET_KEY: secretKey } });
    // The CLI stamped the token with the wall clock; the app must judge its 90-day expiry on the same one.
    app.clock.set(Date.now());
    const me = await call(app.app, { method: 'GET', url: '/api/v1/me', token: String(printed.token) });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: created!.ownerId, email: OWNER_EMAIL });
    expect(me.body.workspace.name).toBe('Globex CS');
    expect(me.body.membership.role).toBe('owner');
    const forged = await call(app.app, { method: 'GET', url: '/api/v1/me', token: `cnd_${'a'.repeat(32)}` });
    expect(forged.status).toBe(401);
  });

  it('token create for someone who is not a member fails with a clear message and creates no token', async () => {
    const tokensBefore = await inspect((db) => db.selectFrom('api_token').select('id').execute());
    const run = await candor('token', 'create', '--workspace', created!.workspaceId, '--email', 'stranger@example.test', '--json');
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`candor: stranger@example.test is not a member of workspace ${created!.workspaceId}.\n`);
    expect(await inspect((db) => db.selectFrom('api_token').select('id').execute())).toEqual(tokensBefore);
  });

  it('source create --json prints a write key that names its workspace; a server key is kept only as its hash', async () => {
    const server = await candor('source', 'create', '--workspace', created!.workspaceId, '--name', 'Billing service', '--json');
    expect(server.code, server.stderr).toBe(0);
    const { writeKey } = JSON.parse(server.stdout) as { writeKey: string };
    expect(Object.keys(JSON.parse(server.stdout))).toEqual(['writeKey']);
    expect(writeKey).toMatch(/^csk_[0-9a-z]{32}$/);
    const browser = await candor('source', 'create', '--workspace', created!.workspaceId, '--name', 'Web app', '--browser', '--origin', 'https://App.Example.com/', '--origin', 'http://localhost:5173', '--json');
    expect(browser.code, browser.stderr).toBe(0);
    const browserKey = (JSON.parse(browser.stdout) as { writeKey: string }).writeKey;
    expect(browserKey).toMatch(/^cpk_/);

    const { findSourceByWriteKey } = await import('./modules/sources/sources.service.js');
    const found = await inspect(async (db) => ({ server: await findSourceByWriteKey(db, writeKey), browser: await findSourceByWriteKey(db, browserKey), forged: await findSourceByWriteKey(db, `csk_${'a'.repeat(32)}`) }));
    expect(found.server).toMatchObject({ workspaceId: created!.workspaceId, kind: 'server', allowedOrigins: [] });
    expect(found.browser).toMatchObject({ workspaceId: created!.workspaceId, kind: 'browser', allowedOrigins: ['https://app.example.com', 'http://localhost:5173'] });
    expect(found.forged).toBeUndefined();
    const rows = await inspect((db) => db.selectFrom('source').select(['name', 'write_key_hash', 'public_write_key']).orderBy('name').execute());
    expect(rows.map((r) => r.name)).toEqual(['Billing service', 'Web app']);
    // The secret server key is nowhere in the database; the public browser key is, for its snippet.
    expect(JSON.stringify(rows)).not.toContain(writeKey);
    expect(rows[1]?.public_write_key).toBe(browserKey);
  });

  it('source create refuses a browser key without an origin, or an origin with a path, with the reason, and creates nothing', async () => {
    const before = await inspect((db) => db.selectFrom('source').select('id').execute());
    const bare = await candor('source', 'create', '--workspace', created!.workspaceId, '--name', 'Site', '--browser', '--json');
    expect(bare.code).not.toBe(0);
    expect(bare.stderr).toContain('name at least one site origin');
    const withPath = await candor('source', 'create', '--workspace', created!.workspaceId, '--name', 'Site', '--browser', '--origin', 'https://example.com/app', '--json');
    expect(withPath.code).not.toBe(0);
    expect(withPath.stderr).toContain('keep only scheme, host and port (https://example.com)');
    expect(await inspect((db) => db.selectFrom('source').select('id').execute())).toEqual(before);
  });

  it('user reset-link prints a one-time link that sets a new password, and records it in the security log', async () => {
    const run = await candor('user', 'reset-link', '--email', OWNER_EMAIL, '--json');
    expect(run.code, run.stderr).toBe(0);
    const { url } = JSON.parse(run.stdout) as { url: string };
    const token = /\/reset-password#([0-9a-z]+)$/.exec(url)?.[1];
    expect(token).toBeDefined();
    app!.clock.set(Date.now());
    const reset = await call(app!.app, { method: 'POST', url: '/api/v1/password-resets/complete', body: { token, password: 'a new passphrase from the operator link' } });
    expect(reset.body).toEqual({ status: 'signed_in' });
    const logged = await inspect((db) => db.selectFrom('audit_event').select('action').where('subject_id', '=', created!.ownerId).execute());
    expect(logged.map((r) => r.action)).toContain('password_reset.link_created_by_operator');
  });

  it('backup writes one consistent, self-contained copy of the database', async () => {
    const target = join(backupDir, database.dialect === 'sqlite' ? 'candor-backup.db' : 'candor-backup.dump');
    const run = await candor('backup', '--to', target);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Backup written to .*candor-backup/);
    // Nothing else next to it: no `.partial` file, no orphaned -wal or -shm.
    expect(readdirSync(backupDir)).toEqual([target.slice(backupDir.length + 1)]);

    if (database.dialect === 'sqlite') {
      const copy = new SQLite(target, { readonly: true, fileMustExist: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.prepare('select id, name from workspace').all()).toContainEqual({ id: created!.workspaceId, name: 'Globex CS' });
      } finally {
        copy.close();
      }
    } else {
      expect(readFileSync(target).subarray(0, 5).toString('latin1')).toBe('PGDMP');
      // The archive's table of contents must list the rows, not only the schema.
      const list = spawnSync(findPgRestore(), ['--list', target], { encoding: 'utf8', env: {} });
      expect(list.status, list.stderr).toBe(0);
      expect(list.stdout).toMatch(/TABLE DATA public workspace /);
    }
  });

  it('seed-demo --json creates a demo workspace with a member of every role and a consistent book of business', async () => {
    const run = await candor('seed-demo', '--clients', '120', '--contacts', '500', '--json');
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { workspaceId: string; password: string; people: { email: string; role: string }[]; book: Record<string, number> };
    expect(printed.workspaceId).toMatch(/^ws_/);
    const members = await inspect((db) =>
      db
        .selectFrom('membership')
        .innerJoin('user_account', 'user_account.id', 'membership.user_id')
        .select(['user_account.email', 'membership.role'])
        .where('membership.workspace_id', '=', printed.workspaceId)
        .execute(),
    );
    expect(new Set(members.map((m) => m.role))).toEqual(new Set(ROLES));
    expect(members.map((m) => ({ email: m.email, role: m.role })).sort((a, b) => a.email.localeCompare(b.email))).toEqual(
      printed.people.map((p) => ({ email: p.email, role: p.role })).sort((a, b) => a.email.localeCompare(b.email)),
    );

    const ws = printed.workspaceId;
    const book = await inspect(async (db) => {
      const count = async (table: 'client' | 'contact' | 'engagement' | 'task') =>
        Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', ws).executeTakeFirstOrThrow()).n);
      const linked = await db.selectFrom('client_contact').select((eb) => eb.fn.count('client_id').distinct().as('n')).where('workspace_id', '=', ws).executeTakeFirstOrThrow();
      // Last touch must be what the timeline says: the latest call, meeting or email.
      const clients = await db.selectFrom('client').select(['id', 'last_touch_at', 'status', 'terminated_on', 'termination_reason']).where('workspace_id', '=', ws).execute();
      const touches = await db
        .selectFrom('engagement')
        .select(['client_id', (eb) => eb.fn.max('occurred_at').as('at')])
        .where('workspace_id', '=', ws)
        .where('type', '!=', 'note')
        .groupBy('client_id')
        .execute();
      const emails = await db
        .selectFrom('contact_email')
        .innerJoin('client_contact', (j) => j.onRef('client_contact.workspace_id', '=', 'contact_email.workspace_id').onRef('client_contact.contact_id', '=', 'contact_email.contact_id'))
        .innerJoin('client_domain', (j) => j.onRef('client_domain.workspace_id', '=', 'client_contact.workspace_id').onRef('client_domain.client_id', '=', 'client_contact.client_id'))
        .select(['contact_email.email', 'client_domain.domain'])
        .where('contact_email.workspace_id', '=', ws)
        .execute();
      return { clients: await count('client'), contacts: await count('contact'), engagements: await count('engagement'), tasks: await count('task'), linked: Number(linked.n), rows: clients, touches, emails };
    });
    expect(printed.book).toMatchObject({ clients: 120, contacts: 500, engagements: book.engagements, tasks: book.tasks });
    expect([book.clients, book.contacts, book.linked]).toEqual([120, 500, 120]);
    const touchOf = new Map(book.touches.map((t) => [t.client_id, Number(t.at)]));
    for (const c of book.rows) expect(c.last_touch_at === null ? null : Number(c.last_touch_at)).toBe(touchOf.get(c.id) ?? null);
    for (const c of book.rows.filter((r) => r.status === 'terminated')) expect([c.terminated_on, c.termination_reason]).not.toContain(null);
    for (const e of book.emails) expect(e.email.endsWith(`@${e.domain}`)).toBe(true);
  });
});

/** pg_restore ships with pg_dump in the PostgreSQL client tools, which `backup` already needs. */
function findPgRestore(): string {
  const candidates = ['/usr/bin/pg_restore'];
  if (existsSync('/usr/lib/postgresql')) {
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(join('/usr/lib/postgresql', v, 'bin', 'pg_restore'));
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error('pg_restore was not found; install the PostgreSQL client tools');
  return found;
}
