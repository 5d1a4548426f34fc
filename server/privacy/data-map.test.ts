import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { DATA_MAP, personalColumns } from './data-map.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** Every table and its columns, read from the live database's catalogue. */
async function liveSchema(): Promise<Map<string, string[]>> {
  const db = t.db;
  const schema = new Map<string, string[]>();
  if (t.rt.caps.dialect === 'sqlite') {
    // FTS5 keeps its own shadow tables (search_client_fts_data, _idx, …) behind the virtual tables we map.
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not glob 'search_*_fts_*'`.execute(db);
    for (const { name } of tables.rows) {
      const cols = await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db);
      schema.set(name, cols.rows.map((c) => c.name));
    }
  } else {
    // A partition (usage_event's months) is the partitioned table's rows, mapped under its parent.
    const cols = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
      join pg_class r on r.relname = c.table_name and r.relnamespace = to_regnamespace(c.table_schema)
      where c.table_schema = current_schema() and not r.relispartition`.execute(db);
    for (const c of cols.rows) schema.set(c.table_name, [...(schema.get(c.table_name) ?? []), c.column_name]);
  }
  return schema;
}

describe('the data map', () => {
  it('[P03] lists every column of every table in the live schema, and nothing that is not there', async () => {
    const live = await liveSchema();
    // The full-text tables exist only on SQLite; PostgreSQL indexes search_text directly.
    if (t.rt.caps.dialect === 'postgres') {
      live.set('search_doc', ['id', 'workspace_id', 'entity', 'entity_id']);
      live.set('search_client_fts', ['text']);
      live.set('search_contact_fts', ['text']);
    }
    const missing: string[] = [];
    for (const [table, columns] of live) {
      for (const column of columns) if (!DATA_MAP[table]?.columns[column]) missing.push(`${table}.${column}`);
    }
    const stale: string[] = [];
    for (const [table, entry] of Object.entries(DATA_MAP)) {
      for (const column of Object.keys(entry.columns)) if (!live.get(table)?.includes(column)) stale.push(`${table}.${column}`);
    }
    expect(missing, 'columns in the database but not in server/privacy/data-map.ts').toEqual([]);
    expect(stale, 'columns in the data map that the database does not have').toEqual([]);
  });

  it('[P03] gives every personal column a category, a subject, purposes, a retention rule and its readers', () => {
    const columns = personalColumns();
    expect(columns.length).toBeGreaterThan(20);
    for (const { table, column, entry } of columns) {
      const where = `${table}.${column}`;
      expect(entry.purposes.length, where).toBeGreaterThan(0);
      expect(entry.retention.length, where).toBeGreaterThan(3);
      expect(entry.readableBy.length, where).toBeGreaterThan(3);
      expect(['agent', 'contact', 'visitor']).toContain(entry.subject);
    }
    for (const [table, entry] of Object.entries(DATA_MAP)) expect(entry.retention.length, table).toBeGreaterThan(3);
  });

  it('marks the columns that obviously hold personal data as personal', () => {
    for (const name of ['user_account.email', 'user_account.name', 'user_account.password_hash', 'session.ip', 'audit_event.ip', 'invite.email', 'mail_message.to_address']) {
      const [table = '', column = ''] = name.split('.');
      expect(DATA_MAP[table]?.columns[column]?.personal, name).toBe(true);
    }
  });

  it('[P05] counts contacts’ names, emails and phones and the communications with them as Customer Data', () => {
    for (const name of ['contact.first_name', 'contact.last_name', 'contact_email.email', 'contact_phone.phone', 'engagement.title', 'engagement.body_html', 'engagement.body_text']) {
      const [table = '', column = ''] = name.split('.');
      const entry = DATA_MAP[table]?.columns[column];
      expect(entry?.personal && entry.customerData, name).toBe(true);
    }
    // And nothing about Candor's own users is: their data follows the account promises instead.
    for (const { table, column, entry } of personalColumns()) if (entry.subject === 'agent') expect(entry.customerData, `${table}.${column}`).toBe(false);
  });
});
