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
