import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, type KyselyConfig, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { capabilitiesFor, type Capabilities } from './capabilities.js';
import { migrations } from './migrations/index.js';
import { SqliteServerDialect } from './sqlite-driver.js';
import { TenantGuardPlugin } from './tenant-guard.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the pool or an open transaction: repos accept both. */
export type Executor = Db | Tx;

export interface DatabaseHandle {
  readonly db: Db;
  readonly caps: Capabilities;
  /** The SQLite file path, for the online backup; undefined on PostgreSQL. */
  readonly sqliteFile: string | undefined;
  readonly pgUrl: string | undefined;
  close(): Promise<void>;
}

// int8 (bigint) columns hold epoch milliseconds and counts, both far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/**
 * Opens the database named by the config and checks the settings durability depends on. On
 * SQLite: WAL, foreign keys, a busy timeout and synchronous=FULL (a committed write survives power
 * loss, not only a process crash); the boot fails if the file refuses any of them.
 */
export interface DatabaseOptions {
  readonly poolSize?: number;
  /**
   * SQLite's page cache in MiB. SQLite's default of 2 MiB re-reads index pages through the OS for
   * every lookup: a CSM's contact list at 1M contacts (9,000 key lookups) took 2.2× longer with it.
   */
  readonly sqliteCacheMb?: number;
  /** How long an SQLite write waits for another connection's write lock; 5 s unless set. */
  readonly sqliteBusyTimeoutMs?: number;
  /** Reader threads for SQLite (see sqlite-driver.ts); 2 unless set. */
  readonly sqliteReadThreads?: number;
  /** Called with the SQL text (no parameters) of each query that took at least `ms`. */
  readonly slowQuery?: { readonly ms: number; report(sql: string, ms: number): void };
  /** PostgreSQL closed a connection the pool held idle (a restart, an administrator); the pool opens a new one when needed. */
  readonly onIdleConnectionError?: (err: Error) => void;
}

export async function openDatabase(database: Config['database'], options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  const slow = options.slowQuery;
  const log: KyselyConfig['log'] = slow
    ? (event) => {
        if (event.queryDurationMillis >= slow.ms) slow.report(event.query.sql, Math.round(event.queryDurationMillis));
      }
    : undefined;
  if (database.dialect === 'sqlite') {
    const file = database.file === ':memory:' ? ':memory:' : resolve(database.file);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const raw = new SQLite(file);
    applySqlitePragmas(raw, file === ':memory:', options.sqliteBusyTimeoutMs ?? 5000);
    const cacheSize = -Math.round((options.sqliteCacheMb ?? 64) * 1024);
    raw.pragma(`cache_size = ${cacheSize}`);
    const dialect = new SqliteServerDialect({
      database: raw,
      file: file === ':memory:' ? undefined : file,
      readers: options.sqliteReadThreads ?? 2,
      cacheSize,
    });
    const db = new Kysely<Database>({ dialect, plugins: [new TenantGuardPlugin()], ...(log ? { log } : {}) });
    return {
      db,
      caps: capabilitiesFor('sqlite'),
      sqliteFile: file === ':memory:' ? undefined : file,
      pgUrl: undefined,
      close: () => db.destroy(),
    };
  }
  // JIT off: Candor's queries are short and indexed, but a scan over a big book crosses the JIT cost
  // threshold and then spent 100–250 ms compiling before it ran (measured at 1M contacts).
  const pool = new pg.Pool({ connectionString: database.url, max: options.poolSize ?? 10, options: '-c jit=off' });
  // An idle connection that the server closes makes the pool emit 'error'; with no listener Node
  // would end the process over a connection nobody was using. The pool drops it and reconnects.
  pool.on('error', (err) => options.onIdleConnectionError?.(err));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new TenantGuardPlugin()], ...(log ? { log } : {}) });
  const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db);
  if (rows[0]?.synchronous_commit === 'off') {
    await db.destroy();
    throw new Error('PostgreSQL synchronous_commit is off: acknowledged writes could be lost; turn it on');
  }
  return { db, caps: capabilitiesFor('postgres'), sqliteFile: undefined, pgUrl: database.url, close: () => db.destroy() };
}

function applySqlitePragmas(raw: SQLite.Database, inMemory: boolean, busyTimeoutMs: number): void {
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  raw.pragma('synchronous = FULL');
  const actual = {
    journal_mode: raw.pragma('journal_mode', { simple: true }),
    foreign_keys: raw.pragma('foreign_keys', { simple: true }),
    busy_timeout: raw.pragma('busy_timeout', { simple: true }),
    synchronous: raw.pragma('synchronous', { simple: true }),
  };
  const wrong: string[] = [];
  // An in-memory database has no WAL; everything else must hold there too.
  if (!inMemory && actual.journal_mode !== 'wal') wrong.push(`journal_mode=${String(actual.journal_mode)} (want wal)`);
  if (actual.foreign_keys !== 1) wrong.push(`foreign_keys=${String(actual.foreign_keys)} (want 1)`);
  if (Number(actual.busy_timeout) <= 0) wrong.push(`busy_timeout=${String(actual.busy_timeout)} (want > 0)`);
  if (actual.synchronous !== 2) wrong.push(`synchronous=${String(actual.synchronous)} (want 2, FULL)`);
  if (wrong.length > 0) throw new Error(`SQLite refused required settings: ${wrong.join(', ')}`);
}

/** Reads back the durability settings, for `/readyz` and the tests that assert them. */
export async function readDurabilitySettings(handle: DatabaseHandle): Promise<Record<string, string | number>> {
  if (handle.caps.dialect === 'sqlite') {
    const row = async (name: string) => {
      const { rows } = await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(handle.db);
      return Object.values(rows[0] ?? {})[0] as string | number;
    };
    return {
      journal_mode: await row('journal_mode'),
      foreign_keys: await row('foreign_keys'),
      busy_timeout: await row('busy_timeout'),
      synchronous: await row('synchronous'),
    };
  }
  const show = async (name: string) => {
    const { rows } = await sql.raw<Record<string, string>>(`show ${name}`).execute(handle.db);
    return Object.values(rows[0] ?? {})[0] ?? '';
  };
  return { synchronous_commit: await show('synchronous_commit'), fsync: await show('fsync') };
}

/** Migrations create and alter tables, so they run without the tenant guard. */
function newMigrator(db: Db): Migrator {
  return new Migrator({ db: db.withoutPlugins(), provider: { getMigrations: async () => migrations } });
}

/**
 * Applies every pending migration. PostgreSQL serialises concurrent runs with Kysely's advisory
 * lock. On SQLite the whole run is one transaction; a second process that collides gets
 * SQLITE_BUSY, and retrying is correct because the failed run rolled back and the retry re-reads
 * which migrations are done.
 */
export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await newMigrator(handle.db).migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    const code = (error as { code?: string }).code ?? '';
    if (handle.caps.dialect === 'sqlite' && code.startsWith('SQLITE_BUSY') && attempt < 10) {
      await new Promise((r) => setTimeout(r, 200 * attempt));
      continue;
    }
    throw error instanceof Error ? error : new Error(String(error));
  }
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(handle: DatabaseHandle): Promise<string[]> {
  const infos = await newMigrator(handle.db).getMigrations();
  return infos.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
