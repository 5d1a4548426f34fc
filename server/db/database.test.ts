import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { openDatabase, type DatabaseHandle } from './database.js';

let database: TestDatabase;
let handle: DatabaseHandle;
const reported: { sql: string; ms: number }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  handle = await openDatabase(database.config, { slowQuery: { ms: 0, report: (text, ms) => reported.push({ sql: text, ms }) } });
});
afterAll(async () => {
  await handle.close();
  await database.drop();
});

describe('slow query log (SLOW_QUERY_MS)', () => {
  it('reports the SQL text of a slow query without its parameters, which can hold personal data', async () => {
    await sql`select ${'jane.doe@example.com'} as email`.execute(handle.db);
    const entry = reported.find((r) => r.sql.includes('as email'));
    expect(entry).toBeDefined();
    expect(entry?.sql).not.toContain('jane.doe');
    expect(entry?.ms).toBeGreaterThanOrEqual(0);
  });
});

describe('PostgreSQL session settings', () => {
  it.runIf(process.env.TEST_DATABASE_URL)('turns JIT off, which cost 100–250 ms of compiling on a scan of a big book', async () => {
    const { rows } = await sql<{ jit: string }>`show jit`.execute(handle.db);
    expect(rows[0]?.jit).toBe('off');
  });
});

describe('PostgreSQL connections', () => {
  it.runIf(process.env.TEST_DATABASE_URL)('survives the server closing an idle pooled connection (a restart, an administrator) and reconnects', async () => {
    const closed: Error[] = [];
    const own = await openDatabase(database.config, { poolSize: 1, onIdleConnectionError: (err) => closed.push(err) });
    try {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(own.db);
      // The connection is idle in the pool now; another session ends it.
      await sql`select pg_terminate_backend(${rows[0]?.pid})`.execute(handle.db);
      await expect.poll(() => closed.length).toBe(1);
      // Without the pool's error listener the process would have ended above; the next query gets a new connection.
      const again = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(own.db);
      expect(again.rows[0]?.pid).not.toBe(rows[0]?.pid);
    } finally {
      await own.close();
    }
  });
});

describe('SQLite settings', () => {
  it.runIf(!process.env.TEST_DATABASE_URL)('gives SQLite a 64 MiB page cache unless told otherwise (SQLITE_CACHE_MB)', async () => {
    const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(handle.db);
    expect(rows[0]?.cache_size).toBe(-65536);
    const small = await openDatabase(database.config, { sqliteCacheMb: 8 });
    const answer = await sql<{ cache_size: number }>`pragma cache_size`.execute(small.db);
    expect(answer.rows[0]?.cache_size).toBe(-8192);
    await small.close();
  });
});

describe('SQLite reader threads (SQLITE_READ_THREADS)', () => {
  const sqliteOnly = it.runIf(!process.env.TEST_DATABASE_URL);

  sqliteOnly('answers reads while a transaction is open, from what is committed, and sees the commit after it', async () => {
    await sql`create table reader_probe (id integer primary key, note text)`.execute(handle.db);
    const probe = () => handle.db.withoutPlugins().selectFrom('reader_probe' as never).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow() as Promise<{ n: number }>;
    await handle.db.withoutPlugins().transaction().execute(async (tx) => {
      await sql`insert into reader_probe (note) values ('uncommitted')`.execute(tx);
      // On one connection behind a lock, this read would wait for the transaction, which waits for it.
      expect((await probe()).n).toBe(0);
    });
    expect((await probe()).n).toBe(1);
  });

  sqliteOnly('carries errors (with their SQLite code) and BLOBs across the thread boundary', async () => {
    const db = handle.db.withoutPlugins();
    const error = await db.selectFrom('no_such_table' as never).selectAll().execute().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error & { code?: string }).code).toBe('SQLITE_ERROR');
    expect((error as Error).message).toMatch(/no such table/);
    const row = await db.selectNoFrom(sql<Buffer>`x'00ff10'`.as('b')).executeTakeFirstOrThrow();
    expect(Buffer.isBuffer(row.b)).toBe(true);
    expect([...row.b]).toEqual([0, 255, 16]);
  });

  sqliteOnly('runs everything on one connection when told to use no reader threads', async () => {
    const single = await openDatabase(database.config, { sqliteReadThreads: 0 });
    const row = await single.db.withoutPlugins().selectNoFrom(sql<number>`1`.as('one')).executeTakeFirstOrThrow();
    expect(row.one).toBe(1);
    await single.close();
  });
});
