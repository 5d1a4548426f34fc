import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../../server/config.js';

/**
 * The database a test file runs on. Without TEST_DATABASE_URL: a fresh SQLite file. With it: a
 * fresh PostgreSQL database created next to the one the URL names and dropped afterwards, so test
 * files never share rows and can run in parallel.
 */
export interface TestDatabase {
  readonly url: string;
  readonly config: Config['database'];
  readonly dialect: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

export const TEST_PG_URL = process.env.TEST_DATABASE_URL;

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_PG_URL) {
    const dir = mkdtempSync(join(tmpdir(), 'candor-test-'));
    const file = join(dir, 'candor.db');
    return {
      url: `sqlite:${file}`,
      config: { dialect: 'sqlite', file },
      dialect: 'sqlite',
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `candor_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    config: { dialect: 'postgres', url: url.toString() },
    dialect: 'postgres',
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
